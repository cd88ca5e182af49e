/**
 * The page a custody label's QR code opens, in a real headless Chromium at phone width: the
 * fixture ledger plus a cold-chain shipment (handed through a depot, logged warm, quarantined),
 * the site built from it and served with the API, then the label's own URL opened at 360 px,
 * in both languages and with JavaScript off. Checked: the verdict comes first, type is large,
 * nothing scrolls sideways, and axe-core finds no serious accessibility problem.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSigningKey } from '../../api/domain/merkle/index.ts';
import { privateSaltsFor, receiptCodesFor } from '../../api/cli/context.ts';
import { labelSvg, shipmentUrl } from '../../api/label/custody-label.ts';
import { qrcodeEncoder } from '../../api/label/qr.ts';
import { custodyAnswer } from '../../api/store/answers/custody.ts';
import { loadCatalog } from '../../api/store/catalog-files.ts';
import { openDatabase } from '../../api/store/database.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';
import { buildFixtureDatabase, fixtureOrigin, fixtureSigningKeyText } from './fixtures/fixture-db.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser } from './support/browser.ts';
import { buildSite } from './support/build-site.ts';
import { startSiteServer, type SiteServer } from './support/site-server.ts';
import { artifacts, shotName } from './shoot.ts';

const at = (h: number) => new Date(Date.parse('2026-03-10T08:00:00+08:00') + h * 3_600_000).toISOString();

let dir: string;
let server: SiteServer;
let browser: Browser;
let shipment: string;
let label: string;

/** Adds a cold-chain shipment to the fixture ledger: depot handovers and a warm logger record. */
async function addColdChain(url: string): Promise<string> {
  const database = await openDatabase(url);
  try {
    const catalog = await loadCatalog();
    const signingKey = parseSigningKey(fixtureSigningKeyText);
    let tick = Date.parse('2026-03-20T12:00:00Z');
    const writer = new LedgerWriter({
      database,
      catalog,
      clock: () => new Date((tick += 1000)),
      signingKey,
      origin: fixtureOrigin,
      receiptCodes: receiptCodesFor(signingKey),
      privateSalts: privateSaltsFor(signingKey),
    });
    const goods = { item: 'hepatitis-b-vaccine', quantity: 120, lot: 'HB2603C', expiresOn: '2028-02-29' };
    const gift = await writer.record({
      recordedBy: 'redcross-hubei',
      body: { type: 'donation', occurredAt: at(0), donor: 'acme-pharma', recipient: 'redcross-hubei', goods },
    });
    const sent = await writer.record({
      recordedBy: 'redcross-hubei',
      body: { type: 'transfer', occurredAt: at(1), to: 'xishui-clinic', goods },
    });
    const id = sent.answer.id;
    const steps = [
      [
        'redcross-hubei',
        {
          type: 'custody_handover',
          occurredAt: at(2),
          shipment: id,
          from: 'redcross-hubei',
          to: 'wuhan-reserve',
          at: at(2),
          place: '武汉医药储备中心 冷库 2',
        },
      ],
      [
        'xishui-clinic',
        {
          type: 'custody_handover',
          occurredAt: at(20),
          shipment: id,
          from: 'wuhan-reserve',
          to: 'xishui-clinic',
          at: at(20),
        },
      ],
      [
        'xishui-clinic',
        {
          type: 'temperature_log',
          occurredAt: at(21),
          shipment: id,
          min: 2.9,
          max: 14.2,
          outsideMinutes: 130,
          range: [2, 8],
          readings: 115,
          logger: 'TL-0099',
        },
      ],
      ['xishui-clinic', { type: 'receipt', occurredAt: at(21), transfer: id, goods }],
    ] as const;
    for (const [by, body] of steps) await writer.record({ recordedBy: by, body: body as never });
    expect(gift.answer.id).toBeTruthy();
    return id;
  } finally {
    database.close();
  }
}

describe('the shipment page a custody label opens', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aidtrail-custody-'));
    const url = `file:${join(dir, 'site.db')}`;
    const fixture = await buildFixtureDatabase(url);
    expect(fixture.refused).toEqual([]);
    shipment = await addColdChain(url);
    const database = await openDatabase(url);
    try {
      const custody = (await custodyAnswer(database.db, await loadCatalog(), shipment))!;
      label = labelSvg(
        {
          custody,
          item: { nameZh: '乙肝疫苗', nameEn: 'Hepatitis B vaccine', unitZh: '剂', unitEn: 'dose' },
          url: 'x',
        },
        qrcodeEncoder('x'),
      );
    } finally {
      database.close();
    }
    await buildSite(url, join(dir, 'dist'));
    server = await startSiteServer(url, join(dir, 'dist'));
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("opens the label's URL at 360 px: the verdict first, large type, no sideways scrolling, no serious axe finding", async () => {
    expect(label).toContain('HB2603C');
    const problems: string[] = [];
    for (const [locale, verdict] of [
      ['zh-CN', '已隔离：请勿使用'],
      ['en', 'Quarantined: do not use'],
    ] as const) {
      const context = await browser.newContext({
        viewport: { width: 360, height: 800 },
        javaScriptEnabled: locale === 'en',
      });
      const page = await context.newPage();
      const path = new URL(shipmentUrl(server.url, shipment)).pathname;
      const res = await page.goto(`${server.url}${locale === 'en' ? `/en${path}` : path}`, {
        waitUntil: 'networkidle',
      });
      expect(res?.status()).toBe(200);
      // The first thing under the title is the verdict, in words.
      const first = page.locator('.custody-verdict-title').first();
      await expect.poll(() => first.textContent()).toContain(verdict);
      // Large type: body text at least 20 px, the verdict at least 28 px, at phone width.
      const sizes = await page.evaluate(() => {
        const px = (sel: string) =>
          Number.parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize);
        return {
          body: px('.custody-facts dd'),
          verdict: px('.custody-verdict-title'),
          chain: px('.custody-chain li'),
        };
      });
      expect(sizes.body).toBeGreaterThanOrEqual(20);
      expect(sizes.chain).toBeGreaterThanOrEqual(20);
      expect(sizes.verdict).toBeGreaterThanOrEqual(28);
      expect(await page.locator('.custody-chain li').count()).toBe(4);
      expect(await page.locator('table.custody-table').count()).toBe(2);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${locale} page is ${width}px wide`).toBeLessThanOrEqual(360);
      await page.screenshot({
        path: join(artifacts, shotName(`${locale === 'en' ? '/en' : ''}/shipments/custody`, 360)),
        fullPage: true,
      });
      if (locale === 'en') {
        for (const v of await seriousViolations(page)) problems.push(`${v}`);
      }
      await context.close();
    }
    expect(problems).toEqual([]);
  });
});
