/**
 * Filing a complaint on a 360 px phone with JavaScript off, end to end in a real headless
 * Chromium: from an organization's page to the form (rendered by the server with a fresh
 * challenge, what it is about filled in), back with what to fix, sent, confirmed with the
 * follow-up code; then, once the site is rebuilt from the grown ledger (as the live site is),
 * listed on the complaints page and counted on the organization's page, with the complainant's
 * own words and contact in no built page. Every page fits 360 px without sideways scrolling.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChallengeTerms } from '../../api/domain/complaint-challenge.ts';
import { buildFixtureDatabase } from './fixtures/fixture-db.ts';
import { launchBrowser } from './support/browser.ts';
import { buildSite } from './support/build-site.ts';
import { startSiteServer, type SiteServer } from './support/site-server.ts';

let dir: string;
let url: string;
let site: string;
let server: SiteServer;
let browser: Browser;

const words = {
  summary: '说好的胰岛素三个月没有送到',
  text: '浠水县某村卫生室：公示说二月已调拨胰岛素二十支，至今一支未到。E2E-PRIVATE-TEXT',
  contact: 'e2e-private-contact@example.org',
};

async function htmlFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith('.html')) out.push(join(e.parentPath, e.name));
  return out;
}

const fits360 = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('a complaint filed without JavaScript, on a phone', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aidtrail-complaints-'));
    url = `file:${join(dir, 'site.db')}`;
    expect((await buildFixtureDatabase(url)).refused).toEqual([]);
    site = join(dir, 'dist-1');
    await buildSite(url, site);
    // The form's time lock is tested with a controlled clock in the API tests; a browser is not kept waiting here.
    server = await startSiteServer(url, () => site, undefined, {
      challengeTerms: { ...defaultChallengeTerms, formDelayMs: 0 },
    });
    browser = await launchBrowser();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('files from the organization page, is confirmed with a follow-up code, and is listed once the site follows the ledger', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/organizations/huanggang-hospital/`);
    // The footer links the form from every page; the organization's own link fills in what it is about.
    expect(await page.locator('footer a[href="/complaints/new/"]').count()).toBe(1);
    await page.locator('a[href="/complaints/new/?about=huanggang-hospital"]').click();
    await page.waitForURL(/\/complaints\/new\/\?about=huanggang-hospital$/);
    expect(await page.locator('h1').textContent()).toBe('我要投诉');
    expect(await page.locator('#cf-about').inputValue()).toBe('huanggang-hospital');
    expect(await fits360(page)).toBeLessThanOrEqual(360);
    // Large type: the form's text is larger than the body's.
    const size = await page
      .locator('#cf-summary')
      .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(18);

    // Sent without the summary: back with what was typed and what to fix.
    await page.locator('input[name="category"][value="not_received"]').check();
    await page.locator('#cf-text').fill(words.text);
    await page.locator('#cf-contact').fill(words.contact);
    await page.locator('#cf-summary').evaluate((e) => e.removeAttribute('required'));
    await page.locator('form.complaint-form button[type="submit"]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('#cf-summary-error').textContent()).toBe('请填写此项。');
    expect(await page.locator('#cf-text').inputValue()).toBe(words.text);

    await page.locator('#cf-summary').fill(words.summary);
    await page.locator('form.complaint-form button[type="submit"]').click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toBe('投诉已登记');
    const code = (await page.locator('#follow-up-code').textContent())!;
    expect(code).toMatch(/^AT-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await fits360(page)).toBeLessThanOrEqual(360);
    await context.close();

    // The site follows the ledger: rebuilt from it, the complaint is on the list and the organization's page.
    const next = join(dir, 'dist-2');
    await buildSite(url, next);
    site = next;
    const reader = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const list = await reader.newPage();
    await list.goto(`${server.url}/complaints/`);
    const table = await list.locator('main table').first().textContent();
    expect(table).toContain(words.summary);
    expect(table).toContain('黄冈市中心医院');
    expect(table).toMatch(/已等待 \d+ 个工作日/);
    expect(await fits360(list)).toBeLessThanOrEqual(360);
    await list.goto(`${server.url}/en/organizations/huanggang-hospital/`);
    expect(await list.locator('#complaints .stats').textContent()).toContain('filed in all');
    expect(await list.locator('#complaints').textContent()).toContain(words.summary);
    await list.goto(`${server.url}/en/complaints/new/`);
    expect(await list.locator('h1').textContent()).toBe('File a complaint');
    expect(await fits360(list)).toBeLessThanOrEqual(360);
    await reader.close();

    // The complainant's words, contact and code are in no built page.
    const leaks: string[] = [];
    for (const f of await htmlFiles(next)) {
      const html = await readFile(f, 'utf8');
      for (const secret of [words.text, words.contact, code])
        if (html.includes(secret)) leaks.push(`${f}: ${secret}`);
    }
    expect(leaks).toEqual([]);
  });
});
