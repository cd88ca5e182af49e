import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerGiftPages } from '../../site/server/gift-page.ts';
import { giftFrameMarks } from '../../site/server/gift-frame.ts';
import { at, cny, testApp } from '../support/test-app.ts';

/** A built site reduced to what on-request gift pages take from it: the frame and the name tables. */
async function siteWithFrame(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aidtrail-gift-pages-'));
  for (const [prefix, lang] of [
    ['', 'zh-CN'],
    ['en', 'en'],
  ] as const) {
    await mkdir(join(dir, prefix, 'gifts', 'frame'), { recursive: true });
    await writeFile(
      join(dir, prefix, 'gifts', 'frame', 'index.html'),
      `<html lang="${lang}"><title>${giftFrameMarks.title}</title><meta name="description" content="${giftFrameMarks.description}"><main>${giftFrameMarks.body}</main><footer><p id="data-as-of">as of the build</p></footer></html>`,
    );
  }
  await mkdir(join(dir, 'site-data'), { recursive: true });
  for (const lang of ['zh-CN', 'en'])
    await writeFile(
      join(dir, 'site-data', `names.${lang}.json`),
      JSON.stringify({ regions: {}, diseases: {}, items: {} }),
    );
  return dir;
}

let dir: string;
beforeAll(async () => {
  dir = await siteWithFrame();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function world() {
  const t = await testApp({
    siteDir: () => dir,
    withDatabase: (database) => ({ giftPage: ledgerGiftPages(database, () => dir).render }),
  });
  const gift = await t.record('charity', {
    type: 'donation',
    occurredAt: at,
    anonymous: true,
    donorKind: 'individual',
    recipient: 'charity',
    money: cny(50_000),
  });
  await t.record('charity', {
    type: 'transfer',
    occurredAt: at,
    to: 'huanggang-hospital',
    money: cny(20_000),
  });
  return { t, gift };
}

describe('gift pages rendered on request', () => {
  it("renders the donor's page for any receipt code, from the same answer the API gives", async () => {
    const { t, gift } = await world();
    const res = await t.get(`/gifts/${gift.receiptCode}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const api = await (await t.get(`/api/v1/donations/${gift.receiptCode}`)).json();
    expect(html).toContain(`<title>捐赠 ${gift.receiptCode}</title>`);
    expect(html).toContain(`<h1>捐赠 ${gift.receiptCode}</h1>`);
    expect(html).not.toContain(giftFrameMarks.body);
    // The page states the checkpoint of its answer, in the body and the footer alike.
    expect(html.match(new RegExp(`第 ${api.log.treeSize} 号签名检查点`, 'g'))?.length).toBe(2);
    expect(html).not.toContain('as of the build');
    // The donor's page is private to whoever holds the code.
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(res.headers.get('x-robots-tag')).toBe('noindex');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('forgives the case and spacing of a typed code, and renders the English page under /en/', async () => {
    const { t, gift } = await world();
    const typed = gift.receiptCode!.toLowerCase();
    const res = await t.get(`/en/gifts/${typed}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<h1>Gift ${gift.receiptCode}</h1>`);
  });

  it('renders a public page by event id: the public form, without receipt code or private part', async () => {
    const { t, gift } = await world();
    const res = await t.get(`/en/gifts/${gift.id}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<h1>Gift ${gift.id}</h1>`);
    const embedded = JSON.parse(
      html
        .match(/data-verify="([^"]*)"/)![1]!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
    expect(embedded.gift).toEqual({ id: gift.id });
    expect(html).not.toContain(gift.receiptCode!);
    expect(html).not.toContain(gift.receiptCode!.slice(3));
    expect(html).not.toContain('"salt"');
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  });

  it('follows the ledger: a page rendered again after the log grows shows the new size', async () => {
    const { t, gift } = await world();
    const before = await (await t.get(`/gifts/${gift.receiptCode}/`)).text();
    await t.record('charity', {
      type: 'use',
      occurredAt: at,
      money: cny(5_000),
      beneficiaries: 12,
    });
    const after = await (await t.get(`/gifts/${gift.receiptCode}/`)).text();
    expect(before).toContain('第 2 号签名检查点');
    expect(after).toContain('第 3 号签名检查点');
  });

  it("answers unknown gifts, malformed codes and the frame itself with the site's 404", async () => {
    const { t } = await world();
    for (const path of [
      '/gifts/AT-0000-0000-0000/',
      '/gifts/evt_999/',
      '/gifts/not-a-code/',
      '/gifts/frame/',
    ])
      expect((await t.get(path)).status, path).toBe(404);
    const slashless = await t.get('/gifts/evt_1');
    expect(slashless.status).toBe(301);
    expect(slashless.headers.get('location')).toBe('/gifts/evt_1/');
  });
});
