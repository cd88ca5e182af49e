import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipmentFrameMarks } from '../../site/server/shipment-frame.ts';
import { ledgerShipmentPages } from '../../site/server/shipment-page.ts';
import { coldChainWorld, hour, vaccine } from '../support/cold-chain.ts';
import { at, testApp } from '../support/test-app.ts';

/** A built site reduced to what shipment pages take from it: the frame and the name tables. */
async function siteWithFrame(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aidtrail-shipment-pages-'));
  for (const [prefix, lang] of [
    ['', 'zh-CN'],
    ['en', 'en'],
  ] as const) {
    await mkdir(join(dir, prefix, 'shipments', 'frame'), { recursive: true });
    await writeFile(
      join(dir, prefix, 'shipments', 'frame', 'index.html'),
      `<html lang="${lang}"><title>${shipmentFrameMarks.title}</title><meta name="description" content="${shipmentFrameMarks.description}"><main>${shipmentFrameMarks.body}</main><footer><p id="data-as-of">as of the build</p></footer></html>`,
    );
  }
  await mkdir(join(dir, 'site-data'), { recursive: true });
  await writeFile(
    join(dir, 'site-data', 'names.zh-CN.json'),
    JSON.stringify({
      regions: {},
      diseases: {},
      items: { 'hepatitis-b-vaccine': ['重组乙型肝炎疫苗', '剂', 'dose'] },
    }),
  );
  await writeFile(
    join(dir, 'site-data', 'names.en.json'),
    JSON.stringify({
      regions: {},
      diseases: {},
      items: { 'hepatitis-b-vaccine': ['Hepatitis B vaccine', '剂', 'dose'] },
    }),
  );
  return dir;
}

let dir: string;
beforeAll(async () => {
  dir = await siteWithFrame();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('shipment pages rendered on request', () => {
  it('renders the shipment a label opens, in both languages, from the custody answer', async () => {
    const t = await testApp({ siteDir: () => dir });
    const pages = ledgerShipmentPages(t.database, t.catalog, () => dir);
    const w = await coldChainWorld(t);
    const zh = await pages.render(w.shipment.id, 'zh-CN');
    expect(zh).toContain(`<title>运单 ${w.shipment.id} 的冷链记录</title>`);
    expect(zh).toContain('曾超温，已解除隔离');
    expect(zh).toContain('爱心基金会 交给 武汉储备仓库');
    expect(zh).toContain('HB2026A');
    expect(zh).toContain('13.1 °C');
    expect(zh).not.toContain('<script');
    expect(zh).not.toContain('as of the build');
    const en = await pages.render(w.shipment.id, 'en');
    expect(en).toContain('Released after a temperature excursion');
    expect(en).toContain('Every handover is recorded');
    const gapped = await pages.render(w.gapped.id, 'en');
    expect(gapped).toContain('The custody chain has a gap');
    expect(gapped).toContain('Missing handover: from 武汉储备仓库 to 浠水县某村卫生室');
    expect(gapped).toContain('No temperature record');
    expect(await pages.render('evt_999', 'en')).toBeNull();
    expect(await pages.render('../etc', 'en')).toBeNull();
  });
});

describe('GET /shipments/{id}/', () => {
  it('serves the page, redirects the bare address, and answers 404 for what is not a shipment', async () => {
    let pages: ReturnType<typeof ledgerShipmentPages> | undefined;
    const t = await testApp({
      siteDir: () => dir,
      withDatabase: (database) => ({ shipmentPage: (id, locale) => pages!.render(id, locale) }),
    });
    pages = ledgerShipmentPages(t.database, t.catalog, () => dir);
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: vaccine(40),
    });
    const s = await t.record('charity', {
      type: 'transfer',
      occurredAt: hour(1),
      to: 'xishui-clinic',
      goods: vaccine(40),
    });
    await t.record('xishui-clinic', {
      type: 'temperature_log',
      occurredAt: hour(3),
      shipment: s.id,
      min: 3,
      max: 19,
      outsideMinutes: 300,
      range: [2, 8],
    });
    const res = await t.get(`/shipments/${s.id}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('已隔离：请勿使用');
    expect(html).toContain('300 分钟超出 2～8 °C');
    const en = await t.get(`/en/shipments/${s.id}/`);
    expect(await en.text()).toContain('Quarantined: do not use');
    const bare = await t.get(`/shipments/${s.id}`);
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe(`/shipments/${s.id}/`);
    for (const id of ['evt_999', 'evt_1', 'nothing'])
      expect((await t.get(`/shipments/${id}/`)).status, id).toBe(404);
  });
});
