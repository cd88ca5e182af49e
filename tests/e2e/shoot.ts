/**
 * Screenshots of pages at a phone's and a desktop's width, into tests/.artifacts/, for a
 * person to look at:  npx tsx tests/e2e/shoot.ts DATABASE_URL /path ...
 * (SITE_DIR names the built site when it is not dist/.)
 */
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './support/browser.ts';
import { startSiteServer } from './support/site-server.ts';

export const artifacts = fileURLToPath(new URL('../.artifacts/', import.meta.url));
export const widths = [360, 1280] as const;
export const shotName = (path: string, width: number) =>
  `${path.replace(/^\/|\/$/g, '').replace(/[^a-zA-Z0-9-]+/g, '_') || 'home'}-${width}.png`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [db = 'file:/tmp/site.db', ...paths] = process.argv.slice(2);
  const segment = Number(process.env.SEGMENT ?? 0);
  await mkdir(artifacts, { recursive: true });
  const key = process.env.AIDTRAIL_SIGNING_KEY
    ? (await readFile(process.env.AIDTRAIL_SIGNING_KEY, 'utf8')).trim()
    : undefined;
  const server = await startSiteServer(
    db,
    process.env.SITE_DIR ?? fileURLToPath(new URL('../../dist/', import.meta.url)),
    key,
  );
  const browser = await launchBrowser();
  try {
    for (const width of widths) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      if (process.env.CONTRAST === 'high')
        await page.addInitScript(() => localStorage.setItem('aidtrail:contrast', 'high'));
      for (const arg of paths.length ? paths : ['/']) {
        // `/path@css selector` shoots one element instead of the whole page.
        const [p, selector] = arg.split('@') as [string, string | undefined];
        await page.goto(server.url + p, { waitUntil: 'networkidle' });
        await page.waitForTimeout(200);
        const base = selector ? shotName(`${p}-${selector}`, width) : shotName(p, width);
        const name = process.env.CONTRAST === 'high' ? base.replace(/\.png$/, '-contrast.png') : base;
        if (selector)
          await page
            .locator(selector)
            .first()
            .screenshot({ path: `${artifacts}${name}` });
        else if (segment) {
          // Tall pages in viewport-sized parts, which are easier to look at than one long strip.
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = 0, i = 0; y < height; y += segment, i++) {
            const part = name.replace(/\.png$/, `.part${i}.png`);
            await page.screenshot({
              path: `${artifacts}${part}`,
              fullPage: true,
              clip: { x: 0, y, width, height: Math.min(segment, height - y) },
            });
            console.error(part);
          }
        } else await page.screenshot({ path: `${artifacts}${name}`, fullPage: true });
        if (!segment || selector) console.error(name);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
