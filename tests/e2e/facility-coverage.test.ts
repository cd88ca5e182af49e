/**
 * Coverage by facility on a 360 px phone, in a real headless Chromium against a site built from
 * the fixture ledger: each facility's card shows its need lines, lines met, line coverage and
 * per-item quantities without a tap; the page fits the screen; the English page names no
 * facility in Chinese; and the CSV holds the same facilities as the API's answer.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDatabase } from './fixtures/fixture-db.ts';
import { launchBrowser } from './support/browser.ts';
import { buildSite } from './support/build-site.ts';
import { startSiteServer, type SiteServer } from './support/site-server.ts';

let dir: string;
let site: string;
let server: SiteServer;
let browser: Browser;

const keyColumns = {
  'zh-CN': ['需求条数', '已满足条数', '需求满足比例', '逐项物资：已送达 / 需要'],
  en: ['Need lines', 'Lines met', 'Line coverage', 'Delivered of needed, item by item'],
};

describe('coverage by facility on a phone', { timeout: 600_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aidtrail-facilities-'));
    const url = `file:${join(dir, 'site.db')}`;
    expect((await buildFixtureDatabase(url)).refused).toEqual([]);
    site = join(dir, 'dist');
    await buildSite(url, site);
    server = await startSiteServer(url, site);
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const [locale, path] of [
    ['zh-CN', '/coverage/facilities/'],
    ['en', '/en/coverage/facilities/'],
  ] as const) {
    it(`shows the key columns on every card at 360 px (${locale})`, async () => {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      await page.goto(server.url + path);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      const rows = page.locator('.phone-cards tbody tr');
      expect(await rows.count()).toBeGreaterThan(3);
      for (const label of keyColumns[locale])
        expect(await rows.first().locator(`td[data-label="${label}"]`).isVisible(), label).toBe(true);
      // Least covered first: line coverage never falls down the list.
      const shares = await page
        .locator(`.phone-cards tbody td[data-label="${keyColumns[locale][2]}"]`)
        .allTextContents();
      const values = shares.map((s) => Number.parseFloat(s));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      if (locale === 'en') {
        const names = await page.locator('.phone-cards tbody th').allTextContents();
        expect(names.filter((n) => /\p{Script=Han}/u.test(n))).toEqual([]);
        expect(await page.locator('main').innerText()).not.toMatch(/\p{Script=Han}/u);
      }
      await page.close();
    });
  }

  it('offers every facility in the CSV, as the API answers them', async () => {
    const csv = await readFile(join(site, 'csv', 'coverage-facilities.csv'), 'utf8');
    const ids = csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    const api = (await (await fetch(`${server.url}/api/v1/coverage?groupBy=facility`)).json()).data as Array<{
      facility: string;
    }>;
    expect(new Set(ids)).toEqual(new Set(api.map((r) => r.facility)));
  });
});
