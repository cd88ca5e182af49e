/**
 * The public site, end to end, in a real headless Chromium: a fixture ledger is written to a
 * fresh database, the site is built from it with `astro build`, and the API and the built
 * pages are served together on an ephemeral port. A new visitor then reads the overview,
 * switches language and text size, downloads a chart's numbers, tracks gifts by receipt code
 * (malformed, unknown, real), watches the verification badge turn to verified, opens an
 * organization (with its response times and idle share), sees where a gift went on a map,
 * lists the bulk downloads with their checksums, follows a flow to a region's coverage,
 * filters the needs board without JavaScript, and reads pages with JavaScript off. Every page template is checked with
 * axe-core, for sideways scrolling at 360 px, and photographed at 360 and 1280 px.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateNeeds } from '../../api/domain/outcomes.ts';
import { loadCatalog } from '../../api/store/catalog-files.ts';
import { openDatabase } from '../../api/store/database.ts';
import { publicTables } from '../../api/store/exports/public-tables.ts';
import { idleByHolder, latestOccurredAt } from '../../api/store/queries/signals.ts';
import { facilityNeedTimings } from '../../api/store/queries/site-timeliness.ts';
import { formatMinutes } from '../../site/lib/timeliness.ts';
import { coverage } from '../../api/store/queries/coverage.ts';
import { listNeeds } from '../../api/store/queries/needs.ts';
import { mostTravelledGifts } from '../../api/store/queries/site-gifts.ts';
import { overviewTotals } from '../../api/store/queries/site-overview.ts';
import { buildFixtureDatabase } from './fixtures/fixture-db.ts';
import { byTemplate, pageWeights } from './page-weight.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser } from './support/browser.ts';
import { buildSite } from './support/build-site.ts';
import { startSiteServer, type SiteServer } from './support/site-server.ts';
import { artifacts, shotName } from './shoot.ts';

let dir: string;
let dist: string;
let server: SiteServer;
let browser: Browser;
let buildMs = 0;
/** The pre-built gift page's event id, and that gift's receipt code (its donor's, never listed). */
let travelled: string;
let travelledCode: string;
let anonymousCode: string;
/** What no built page may hold: every receipt code, hidden organization, private note. */
const privateData = { texts: [] as string[], ids: [] as string[] };
let moneyGiven = 0;
let openNeeds = 0;
const hubei = { coverage: 0, prefectures: 0 };
/** The Huanggang hospital's median response and idle share, as the API's rules compute them. */
const huanggang = { p50: null as number | null, idleShare: null as number | null, needs: 0 };

// Generous limits: on a loaded machine a browser step can take long; what is checked never depends on time.
describe('the public site in a browser', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aidtrail-site-'));
    dist = join(dir, 'dist');
    const url = `file:${join(dir, 'site.db')}`;
    const fixture = await buildFixtureDatabase(url);
    expect(fixture.refused).toEqual([]);
    const database = await openDatabase(url);
    try {
      travelled = (await mostTravelledGifts(database.db, 1))[0]!.key;
      travelledCode = (
        await database.client.execute({
          sql: 'SELECT receipt_code FROM donations WHERE key = ?',
          args: [travelled],
        })
      ).rows[0]!.receipt_code as string;
      anonymousCode = (
        await database.client.execute(
          "SELECT receipt_code FROM donations WHERE anonymous = 1 AND kind = 'donation' ORDER BY seq LIMIT 1",
        )
      ).rows[0]!.receipt_code as string;
      const column = async (sql: string) =>
        (await database.client.execute(sql)).rows.map((r) => String(Object.values(r)[0]));
      privateData.texts = [
        ...(await column('SELECT receipt_code FROM donations')),
        ...(await column('SELECT name FROM organizations WHERE anonymous = 1')),
        ...(await column(
          "SELECT DISTINCT w.value FROM event_private, json_each(event_private.withheld) AS w WHERE w.key LIKE '%/note'",
        )),
      ];
      privateData.ids = await column('SELECT id FROM organizations WHERE anonymous = 1');
      moneyGiven = (await overviewTotals(database.db)).assets.find((a) => a.asset === 'money:CNY')!.donated;
      openNeeds = (await listNeeds(database.db, { status: 'open' }, null, 1000)).length;
      const [province] = await coverage(database, {
        groupBy: ['region'],
        level: 'province',
        period: 'month',
        regions: ['420000'],
      });
      // Across items a region's coverage is the share of its needs met, never a sum of units.
      hubei.coverage = Math.round((province!.met / province!.needs) * 100);
      hubei.prefectures = (
        await coverage(database, {
          groupBy: ['region'],
          level: 'prefecture',
          period: 'month',
          regions: ['420100', '421100'],
        })
      ).filter((r) => r.needs > 0).length;
      const { asOf } = await latestOccurredAt(database.client);
      const needs = (await facilityNeedTimings(database.db)).filter(
        (n) => n.facility === 'huanggang-hospital',
      );
      huanggang.needs = needs.length;
      huanggang.p50 = evaluateNeeds(needs, asOf!).responseMinutesP50;
      huanggang.idleShare =
        (await idleByHolder(database.client, await loadCatalog(), { asOf: asOf! })).find(
          (h) => h.holder === 'huanggang-hospital',
        )?.idleShare ?? null;
    } finally {
      database.close();
    }
    buildMs = (await buildSite(url, dist)).ms;
    server = await startSiteServer(url, dist);
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const newPage = async (
    width = 1280,
    opts: Parameters<Browser['newContext']>[0] = {},
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      acceptDownloads: true,
      ...opts,
    });
    return { context, page: await context.newPage() };
  };

  // The build time is reported, not asserted: it depends on the machine's load (see npm run bench).
  it('keeps text pages light', () => {
    const weights = byTemplate(pageWeights(dist));
    const report = Object.fromEntries(weights.map((w) => [w.template, Math.round(w.jsGzip / 102.4) / 10]));
    console.info(
      `site build ${(buildMs / 1000).toFixed(1)} s; first-load JS per template, KB gzip: ${JSON.stringify(report)}`,
    );
    // The track page too: its gift view loads only when a gift is found.
    for (const w of weights) expect(w.jsGzip, w.template).toBeLessThanOrEqual(60 * 1024);
  });

  it('shows the overview in Chinese, switches to English, and remembers large type', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-Hans-CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('医疗慈善的去向');
    expect(await page.locator('.banner').textContent()).toContain('合成数据');
    expect(await page.locator('#data-as-of').textContent()).toMatch(/树大小 \d+，根哈希 [A-Za-z0-9+/]{43}=/);
    expect(await page.locator('#flows svg path.sankey-link').count()).toBeGreaterThan(5);

    await page.getByRole('link', { name: 'Read in English' }).click();
    await page.waitForURL(`${server.url}/en/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Where medical charity goes');

    const toggle = page.getByRole('button', { name: 'Large text, high contrast' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await page.getAttribute('html', 'data-contrast')).toBe('high');
    await page.goto(`${server.url}/en/organizations/`);
    expect(await page.getAttribute('html', 'data-contrast')).toBe('high');
    expect(
      await page.getByRole('button', { name: 'Large text, high contrast' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await context.close();
  });

  it('downloads exactly the numbers the flows chart draws', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/en/`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#flows ~ .table-block a.csv').click(),
    ]);
    const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
    const [header, ...rows] = parseCsv(csv);
    expect(header!.join(',')).toBe('step,from,to,amount_minor,from_code,to_code,currency,amount');
    // Each column of the diagram adds up to everything given in yuan.
    for (const step of ['1-2', '2-3', '3-4']) {
      expect(rows.filter((r) => r[0] === step).reduce((s, r) => s + Number(r[3]), 0)).toBe(moneyGiven);
    }
    // And the CSV is the table under the chart, row for row.
    const tableRows = await page.locator('#flows ~ .table-block tbody tr').count();
    expect(tableRows).toBe(rows.length);
    await context.close();
  });

  it('tracks a gift by its code, with clear messages for malformed and unknown codes', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/en/track/`);
    const input = page.getByLabel('Receipt code');
    await input.fill('AT-12');
    await page.getByRole('button', { name: 'Track' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('is not a receipt code');

    await input.fill('AT-0000-0000-0000');
    await page.getByRole('button', { name: 'Track' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('No gift has the receipt code AT-0000-0000-0000');

    // Lower case and spaces are forgiven.
    await input.fill(anonymousCode.toLowerCase().replace(/-/g, ' '));
    await page.getByRole('button', { name: 'Track' }).click();
    await expect.poll(() => page.locator('.result h2').textContent()).toBe(`Gift ${anonymousCode}`);
    expect(await page.locator('.facts').textContent()).toContain('Anonymous donor (Individual)');
    await expect.poll(() => page.locator('.verify .badge').textContent()).toBe('Verified');
    expect(page.url()).toContain(`code=${anonymousCode}`);
    // The fate's parts add up to the gift.
    const gift = await page.locator('.facts dd strong').first().textContent();
    expect(await page.locator('#fate-h ~ .table-block tfoot td.num').first().textContent()).toBe(gift);
    // Switching language keeps the gift on screen.
    await page.getByRole('link', { name: '阅读中文版' }).click();
    await page.waitForURL(`${server.url}/track/?code=${anonymousCode}`);
    await expect.poll(() => page.locator('.result h2').textContent()).toBe(`捐赠 ${anonymousCode}`);
    await context.close();
  });

  it('opens a pre-built gift page whose badge verifies in the browser', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/track/`);
    await page.getByRole('link', { name: travelled }).click();
    await page.waitForURL(`${server.url}/gifts/${travelled}/`);
    await expect.poll(() => page.locator('.verify .badge').textContent()).toBe('已验证');
    // The keys are the ones pinned at build time; the quorum of both witnesses is shown by name.
    // Signature, record, inclusion, every other event of the travelled gift's trail proven in
    // the same checkpoint, what was computed from them, and the witnesses.
    const steps = await page.locator('.verify-steps li').allTextContents();
    expect(steps).toHaveLength(6);
    expect(steps[3]).toContain('均在同一个已签名检查点中');
    expect(steps[4]).toContain('计算结果而非签名内容');
    const witnessed = await page.locator('.verify-steps li').last().textContent();
    expect(witnessed).toContain('witness-1.fixture.test, witness-2.fixture.test');
    expect(witnessed).toContain('需 2 个中的 2 个');
    expect(await page.locator('#trail-svg, svg[aria-labelledby^="trail-svg"]').count()).toBe(1);
    await context.close();
  });

  it('builds no page or data file holding a receipt code, a hidden organization, a private note or a count below 5', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = (await readdir(dist, { recursive: true, withFileTypes: true }))
      .filter((f) => f.isFile() && /\.(html|json|js|csv|txt|xml)$/.test(f.name))
      .map((f) => join(f.parentPath, f.name));
    expect(files.length).toBeGreaterThan(100);
    expect(privateData.texts.length).toBeGreaterThan(10);
    expect(privateData.ids.length).toBeGreaterThan(0);
    const ids = privateData.ids.map(
      (id) => new RegExp(`(?<![A-Za-z0-9_.:-])${id.replace(/[.]/g, '\\.')}(?![A-Za-z0-9_:-])`),
    );
    const found: string[] = [];
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      for (const s of privateData.texts) if (text.includes(s)) found.push(`${f}: ${s}`);
      for (const re of ids) if (re.test(text)) found.push(`${f}: ${re.source}`);
      const small = text.match(/"beneficiaries"\s*:\s*"?[0-4]"?\s*[,}\]]/);
      if (small) found.push(`${f}: ${small[0]}`);
    }
    expect(found).toEqual([]);
  });

  it('opens the page of any gift by its receipt code, rendered on request, whose badge verifies', async () => {
    const { context, page } = await newPage(360);
    const res = await page.goto(`${server.url}/gifts/${anonymousCode}/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['referrer-policy']).toBe('no-referrer');
    expect(await page.locator('h1').textContent()).toBe(`捐赠 ${anonymousCode}`);
    await expect.poll(() => page.locator('.verify .badge').textContent()).toBe('已验证');
    expect(await page.locator('#fate-h').count()).toBe(1);
    // The built site never lists it: only the donor's code opens it.
    expect((await page.goto(`${server.url}/gifts/frame/`))?.status()).toBe(404);
    await context.close();
  });

  it('maps where a gift went, with a table and CSV of exactly the mapped numbers', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/en/gifts/${travelled}/`);
    expect(await page.locator('#places-h').textContent()).toBe('Where the gift went');
    expect(await page.locator('#gift-map svg .regions path').count()).toBeGreaterThan(30);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#places-h ~ .table-block a.csv').click(),
    ]);
    const [header, ...rows] = parseCsv(
      (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, ''),
    );
    expect(header).toEqual([
      'province',
      'amount',
      'share_permille',
      'holders',
      'passed_through',
      'gift_asset',
      'map_class',
    ]);
    expect(rows.length).toBe(await page.locator('#places-h ~ .table-block tbody tr').count());
    expect(rows.reduce((s, r) => s + Number(r[2]), 0)).toBe(1000);
    // The rows add up to the gift, as its fate table does.
    const fateTotal = await page.locator('#fate-h ~ .table-block tfoot td.num').first().textContent();
    const placesTotal = rows.reduce((s, r) => s + Number(r[1]), 0);
    expect(placesTotal).toBeGreaterThan(0);
    expect(fateTotal!.replace(/[^0-9]/g, '')).toBe(String(placesTotal));
    // Every province in the table is shaded by its class on the map, and no other is.
    for (const r of rows.filter((x) => x[0])) {
      expect(
        await page.locator(`#gift-map svg .regions path[data-code="${r[0]}"]`).getAttribute('class'),
      ).toContain(`place-${r[6]}`);
    }
    expect(await page.locator('#gift-map svg .regions path:not(.place-none)').count()).toBe(
      rows.filter((x) => x[0]).length,
    );

    // The lookup shows the same table (without the map, which stays off the island's script).
    await page.goto(`${server.url}/en/track/?code=${travelledCode}`);
    await expect.poll(() => page.locator('#places-h ~ .table-block tbody tr').count()).toBe(rows.length);
    expect(await page.locator('#gift-map').count()).toBe(0);
    await context.close();
  });

  it('shows a hospital how quickly its needs were answered and how much of its goods sit idle', async () => {
    expect(huanggang.needs).toBeGreaterThan(0);
    const { context, page } = await newPage();
    await page.goto(`${server.url}/en/organizations/huanggang-hospital/`);
    expect(await page.locator('#timeliness-h').textContent()).toBe('How quickly its needs were answered');
    expect(await page.locator('#timeliness .stats li').first().textContent()).toContain(
      formatMinutes(huanggang.p50, 'en'),
    );
    expect(await page.locator('#timeliness .rule').textContent()).toContain('Rule: response time runs from');
    if (huanggang.idleShare === null) expect(await page.locator('#idle').count()).toBe(0);
    else {
      expect(await page.locator('#idle .stats li').first().textContent()).toContain(
        `${Math.round(huanggang.idleShare * 100)}%`,
      );
      expect(await page.locator('#idle .idle-flag').textContent()).toMatch(
        huanggang.idleShare > 0.3 ? /^Flagged/ : /^Not flagged/,
      );
      expect(await page.locator('#idle .rule').textContent()).toContain('Holders above 30% are flagged');
    }
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#timeliness .table-block a.csv').click(),
    ]);
    const [header, ...rows] = parseCsv(
      (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, ''),
    );
    expect(header).toEqual(['line', 'value', 'unit', 'as_of']);
    expect(rows.find((r) => r[0] === 'needs')![1]).toBe(String(huanggang.needs));
    expect(rows.find((r) => r[0] === 'p50')![1]).toBe(
      huanggang.p50 === null ? '' : String(Math.round(huanggang.p50)),
    );
    // The list carries both as columns.
    await page.goto(`${server.url}/en/organizations/`);
    const headers = await page.locator('#orgs-h ~ .table-wrap thead th').allTextContents();
    expect(headers.slice(-2)).toEqual(['Median response', 'Idle share']);
    const row = page.locator('#orgs-h ~ .table-wrap tbody tr', {
      has: page.getByRole('link', { name: 'Huanggang Central Hospital' }),
    });
    const cells = await row.locator('td').allTextContents();
    expect(cells.at(-2)).toBe(formatMinutes(huanggang.p50, 'en'));
    await context.close();
  });

  it('lists every bulk download and fills in checksums that equal the API listing', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/en/data/`);
    for (const spec of publicTables) {
      for (const ext of ['csv', 'ndjson'])
        expect(
          await page.locator(`#dl-files a[href="/api/v1/downloads/${spec.name}.${ext}"]`).count(),
          `${spec.name}.${ext}`,
        ).toBe(1);
    }
    for (const name of ['events.ndjson', 'aidtrail.sqlite', 'datapackage.json', 'SHA256SUMS'])
      expect(await page.locator(`#dl-files a[href="/api/v1/downloads/${name}"]`).count(), name).toBe(1);
    expect(await page.locator('main').textContent()).toContain('npx aidtrail verify DIR');
    await expect
      .poll(() => page.locator('#dl-status').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('filled');
    const listing = (await page.evaluate(async () => (await fetch('/api/v1/downloads')).json())) as {
      files: Array<{ name: string; sha256: string }>;
      checkpoint: { size: number };
    };
    const shown = await page
      .locator('#dl-files [data-file]')
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-file'), e.querySelector('.dl-sha')?.textContent ?? null]),
      );
    const listed = new Map(listing.files.map((f) => [f.name, f.sha256]));
    for (const [name, sha] of shown) expect(sha, name!).toBe(listed.get(name!));
    // Every listed file is on the page.
    expect(new Set(shown.map(([n]) => n))).toEqual(new Set(listed.keys()));
    expect(await page.locator('#dl-status').textContent()).toContain(`checkpoint ${listing.checkpoint.size}`);
    await context.close();

    // Without JavaScript, the listing is one link away.
    const off = await newPage(1280, { javaScriptEnabled: false });
    await off.page.goto(`${server.url}/data/`);
    expect(await off.page.locator('#dl-status a[href="/api/v1/downloads"]').count()).toBe(1);
    expect(await off.page.locator('#dl-files .dl-sha').count()).toBe(0);
    await off.context.close();
  });

  it('opens an organization and downloads its flows', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/en/organizations/`);
    await page.getByRole('link', { name: 'Hubei Red Cross Society' }).click();
    await page.waitForURL(`${server.url}/en/organizations/redcross-hubei/`);
    // Its opening balance is held as stock of unknown provenance, labelled so.
    expect(
      await page.locator('td.col-provenance', { hasText: 'Provenance unknown' }).count(),
    ).toBeGreaterThan(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download CSV: Where it sent/ }).click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFcounterpart,amount_minor,currency,amount');
    await context.close();
  });

  it('follows a flow from the overview to a region, and sees what was needed there and how much was met', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/`);
    // The province nodes of the flows diagram link to the region pages.
    await page.locator('#flows svg a[href="/regions/420000/"]').click();
    await page.waitForURL(`${server.url}/regions/420000/`);
    expect(await page.locator('h1').textContent()).toBe('湖北省');
    expect(await page.locator('#province-stats').textContent()).toContain(`${hubei.coverage}%`);
    // Its prefectures are on the map, coloured where needs were reported and hatched elsewhere.
    expect(await page.locator('#coverage-map svg path.region').count()).toBeGreaterThan(10);
    expect(await page.locator('#coverage-map svg path.region:not(.cov-none)').count()).toBe(
      hubei.prefectures,
    );
    await page.getByRole('link', { name: '地区', exact: true }).click();
    await page.waitForURL(`${server.url}/regions/`);
    // The national map: four provinces reported needs, coloured by the share met (0 % is not "no need").
    expect(await page.locator('#coverage-map svg path.region:not(.cov-none)').count()).toBe(4);
    expect(await page.locator('#coverage-map svg a').count()).toBe(31);
    await context.close();
  });

  it('downloads exactly the numbers the coverage map shows', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.url}/en/regions/`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#coverage-map ~ .table-block a.csv').click(),
    ]);
    const [header, ...rows] = parseCsv(
      (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, ''),
    );
    // Provinces span items: their needs are counted as needs, never by adding unlike units.
    expect(header!.slice(0, 8)).toEqual([
      'region',
      'needs',
      'open_needs',
      'needs_met',
      'needs_met_share',
      'mean_line_coverage',
      'response_minutes_p50',
      'needs_per_million',
    ]);
    expect(header).not.toContain('needed');
    expect(header).not.toContain('delivered');
    expect(rows.length).toBe(await page.locator('#coverage-map ~ .table-block tbody tr').count());
    for (const r of rows) {
      const cls = await page
        .locator(`#coverage-map svg a[href="/en/regions/${r[0]}/"] path`)
        .getAttribute('class');
      const coverage = Number(r[4]);
      expect(coverage).toBeLessThanOrEqual(1);
      expect(cls).toContain(`cov-c${Math.min(4, Math.floor(coverage * 5))}`);
    }
    await context.close();
  });

  it('opens the needs board, filters it without JavaScript, and switches language', async () => {
    const { context, page } = await newPage(1280, { javaScriptEnabled: false });
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: '需求', exact: true }).click();
    await page.waitForURL(`${server.url}/needs/`);
    expect(await page.locator('#board-h ~ .table-block tbody tr').count()).toBe(openNeeds);
    expect(await page.locator('main').textContent()).toContain('<5');
    await page.getByRole('link', { name: /^1 紧急重要/ }).click();
    await page.waitForURL(`${server.url}/needs/priority-1/`);
    const priorities = await page.locator('#board-h ~ .table-block tbody th').allTextContents();
    expect(priorities.length).toBeGreaterThan(0);
    expect(priorities.every((p) => p.startsWith('1 '))).toBe(true);
    await page.getByRole('link', { name: 'Read in English' }).click();
    await page.waitForURL(`${server.url}/en/needs/priority-1/`);
    expect(await page.locator('h1').textContent()).toBe('Needs board: 1 Urgent, important');
    await page.getByRole('link', { name: /^Sichuan/ }).click();
    await page.waitForURL(`${server.url}/en/needs/510000/`);
    expect(await page.locator('#board-h ~ .table-block tbody tr').count()).toBe(2);
    await context.close();
  });

  it('reads well with JavaScript off', async () => {
    const { context, page } = await newPage(1280, { javaScriptEnabled: false });
    await page.goto(`${server.url}/en/`);
    expect(await page.locator('#flows svg').count()).toBe(1);
    expect(await page.locator('table').count()).toBeGreaterThan(2);
    await page.goto(`${server.url}/en/gifts/${travelled}/`);
    expect(await page.locator('.verify-msg').textContent()).toContain('needs JavaScript');
    expect(await page.locator('#fate-h').count()).toBe(1);
    await page.goto(`${server.url}/en/track/`);
    expect(await page.locator('main').textContent()).toContain('/api/v1/donations/YOUR-CODE');
    await context.close();
  });

  const templates = () => [
    '/',
    '/en/',
    `/track/?code=${travelledCode}`,
    `/en/track/?code=${anonymousCode}`,
    `/gifts/${travelled}/`,
    `/en/gifts/${travelled}/`,
    `/gifts/${anonymousCode}/`,
    '/organizations/',
    '/en/organizations/',
    '/en/organizations/redcross-hubei/',
    '/organizations/huanggang-hospital/',
    '/en/organizations/huanggang-hospital/',
    '/data/',
    '/en/data/',
    '/en/methodology/',
    '/methodology/',
    '/regions/',
    '/en/regions/',
    '/regions/510000/',
    '/en/regions/420000/',
    '/diseases/',
    '/en/diseases/',
    '/needs/',
    '/en/needs/priority-1/',
    '/appeals/',
    '/en/appeals/',
    '/appeals/jiuzhaigou-quake-2026/',
    '/en/appeals/jiuzhaigou-quake-2026/',
  ];

  it('has no serious accessibility violations on any page template', async () => {
    const { context, page } = await newPage();
    const problems: string[] = [];
    for (const path of templates()) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      if (path.includes('track')) await page.locator('.verify .badge').waitFor();
      for (const v of await seriousViolations(page)) problems.push(`${path}: ${v}`);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows on a 360 px phone the columns a reader needs first, without scrolling sideways', async () => {
    const { context, page } = await newPage(360);
    /** Whether every cell matched is inside the phone's width (none needs a sideways scroll). */
    const inView = async (selector: string) => {
      const boxes = await page.locator(selector).evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width };
        }),
      );
      expect(boxes.length, selector).toBeGreaterThan(0);
      for (const b of boxes) {
        expect(b.width, selector).toBeGreaterThan(0);
        expect(b.left, selector).toBeGreaterThanOrEqual(0);
        expect(b.right, selector).toBeLessThanOrEqual(360);
      }
    };
    await page.goto(`${server.url}/needs/`);
    for (const col of ['item', 'still_needed', 'urgency', 'reported_at'])
      await inView(`#board-h ~ .table-block tbody tr:first-child td.col-${col}`);
    // The rest of a row is one tap away, and works without JavaScript (a native disclosure).
    const more = page.locator('#board-h ~ .table-block tbody tr:first-child .row-more summary');
    await more.click();
    await inView('#board-h ~ .table-block tbody tr:first-child .row-more dd');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // A gift: the summary by holder and by province comes before the detail tables.
    await page.goto(`${server.url}/en/gifts/${travelled}/`);
    const order = await page.locator('main h2').allTextContents();
    expect(order.indexOf('Where the gift is now')).toBeLessThan(order.indexOf('Every part of the gift'));
    expect(order.indexOf('Where the gift went')).toBeLessThan(order.indexOf('Every part of the gift'));
    for (const col of ['amount', 'share_permille'])
      await inView(`#fate-h ~ .table-block tbody td.col-${col}`);
    await inView(`#places-h ~ .table-block tbody td.col-amount`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // An organization's holdings: each lot's provenance and amount; an audit's needs: what was
    // needed, delivered and is still unmet.
    await page.goto(`${server.url}/en/organizations/redcross-hubei/`);
    for (const col of ['asset', 'provenance', 'amount'])
      await inView(`#holdings-h ~ .table-block tbody tr:first-child .col-${col}`);
    await page.goto(`${server.url}/en/audits/jiuzhaigou-quake-2026/`);
    for (const col of ['item', 'needed', 'delivered', 'unmet'])
      await inView(`#audit-needs-h ~ .table-block tbody tr:first-child .col-${col}`);
    await context.close();
  });

  it('pages the needs board and links every page, without JavaScript', async () => {
    const { context, page } = await newPage(1280, { javaScriptEnabled: false });
    await page.goto(`${server.url}/en/needs/`);
    const rows = await page.locator('#board-h ~ .table-block tbody tr').count();
    expect(rows).toBe(Math.min(50, openNeeds));
    expect(await page.locator('nav.pager').count()).toBe(openNeeds > 50 ? 1 : 0);
    await context.close();
  });

  it('names no organization in Chinese on an English page', async () => {
    const database = await openDatabase(`file:${join(dir, 'site.db')}`);
    const names = (
      await database.client.execute('SELECT name FROM organizations WHERE anonymous = 0')
    ).rows.map((r) => String(r.name));
    database.close();
    const { context, page } = await newPage();
    const found: string[] = [];
    for (const path of [
      ...templates().filter((p) => p.startsWith('/en/')),
      '/en/needs/priority-1/',
      `/en/gifts/${anonymousCode}/`,
    ]) {
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      if (path.includes('track?') || path.includes('track/?')) await page.locator('.result h2').waitFor();
      const text = await page.locator('body').textContent();
      for (const n of names) if (text!.includes(n)) found.push(`${path}: ${n}`);
    }
    expect(found).toEqual([]);
    await context.close();
  });

  it('clips no chart label: each ends before the next column and inside the chart', async () => {
    const { context, page } = await newPage();
    const clipped: string[] = [];
    for (const path of ['/', '/en/', `/gifts/${travelled}/`, `/en/gifts/${travelled}/`]) {
      await page.goto(`${server.url}${path}`);
      const found = await page.evaluate(() => {
        const out: string[] = [];
        for (const svg of Array.from(document.querySelectorAll('svg.wide-chart')) as SVGSVGElement[]) {
          const width = svg.viewBox.baseVal.width;
          const rects = Array.from(svg.querySelectorAll('rect')).map((r) => r.getBBox());
          for (const t of Array.from(
            svg.querySelectorAll('text.node-label, text.node-value'),
          ) as SVGTextElement[]) {
            const b = t.getBBox();
            if (b.x + b.width > width + 1) out.push(`${t.textContent} runs off the chart`);
            for (const r of rects)
              if (r.x > b.x && r.x < b.x + b.width - 1 && r.y < b.y + b.height && r.y + r.height > b.y)
                out.push(`${t.textContent} runs into the next column`);
          }
        }
        return out;
      });
      clipped.push(...found.map((f) => `${path}: ${f}`));
    }
    expect(clipped).toEqual([]);
    await context.close();
  });

  it('has a page for a gift that was not pre-built, by its event id', async () => {
    const database = await openDatabase(`file:${join(dir, 'site.db')}`);
    const built = new Set(
      (await readdir(join(dist, 'gifts'), { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name),
    );
    const gifts = (
      await database.client.execute(
        "SELECT key FROM donations WHERE kind = 'donation' AND status = 'active' ORDER BY seq",
      )
    ).rows.map((r) => String(r.key));
    database.close();
    const notBuilt = gifts.filter((g) => !built.has(g));
    expect(notBuilt.length).toBeGreaterThan(0);
    // Any of them, picked without a random source: the one in the middle.
    const gift = notBuilt[Math.floor(notBuilt.length / 2)]!;
    const { context, page } = await newPage();
    const res = await page.goto(`${server.url}/en/gifts/${gift}/`);
    expect(res?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toContain(gift);
    expect(await page.locator('#fate-h').count()).toBe(1);
    await context.close();
  });

  it('fits a 360 px phone without sideways scrolling, and is photographed at 360 and 1280 px', async () => {
    const overflow: string[] = [];
    for (const width of [360, 1280]) {
      const { context, page } = await newPage(width);
      for (const path of templates()) {
        await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
        if (path.includes('track') || path.includes('gifts'))
          await expect.poll(() => page.locator('.verify .badge').textContent()).toMatch(/Verified|已验证/);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) overflow.push(`${path} at ${width}px is ${scrollWidth}px wide`);
        await page.screenshot({
          path: join(artifacts, shotName(path.replace(/\?code=.*/, '-result'), width)),
          fullPage: true,
        });
      }
      await context.close();
    }
    expect(overflow).toEqual([]);
  });
});

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}
