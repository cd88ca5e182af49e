/**
 * The complaint form without JavaScript, served by the API server into the built site's frame:
 * the form with a fresh challenge and what it is about filled in, the time lock, the
 * confirmation with the follow-up code, the form again with what was typed and what to fix,
 * a spent challenge, the address limit; and the complainant's say through its own form.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  complaintFrameMarks,
  complaintFramePath,
  complaintPages,
} from '../../site/server/complaint-pages.ts';
import { at, testApp } from '../support/test-app.ts';

const site = mkdtempSync(join(tmpdir(), 'aidtrail-frame-'));
for (const locale of ['zh-CN', 'en'] as const) {
  const path = join(site, complaintFramePath(locale));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(
    path,
    `<!doctype html><html lang="${locale}"><head><title>${complaintFrameMarks.title}</title></head><body><main>${complaintFrameMarks.body}</main></body></html>`,
  );
}
afterAll(() => rmSync(site, { recursive: true, force: true }));

async function world(extra: Parameters<typeof testApp>[0] = {}) {
  let now = Date.parse('2026-03-01T00:00:00Z');
  const t = await testApp({ complaintPages: complaintPages(() => site), challengeNow: () => now, ...extra });
  return { ...t, wait: (ms: number) => (now += ms) };
}

const challengeOf = (html: string) => /name="challenge" value="([^"]+)"/.exec(html)![1]!;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const complaint = {
  about: 'charity',
  category: 'expired',
  summary: '收到的口罩已经过期',
  text: '二月收到的一箱口罩，有效期到去年十二月。',
  contact: '卫生室 王医生',
};

describe('the complaint form, without JavaScript', () => {
  it('serves the form with a fresh challenge and what it is about, files it after the time lock, and confirms with the follow-up code', async () => {
    const t = await world();
    const page = await t.get('/complaints/new/?about=charity');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('<title>我要投诉</title>');
    expect(html).toContain('name="about"');
    expect(html).toMatch(/value="charity"/);
    // Sent at once: refused, with everything typed kept.
    const quick = await t.app.request(
      '/complaints/new/',
      form({ ...complaint, challenge: challengeOf(html) }),
    );
    expect(quick.status).toBe(403);
    const again = await quick.text();
    expect(again).toContain('提交得太快了');
    expect(again).toContain(complaint.text);
    t.wait(3_000);
    const sent = await t.app.request(
      '/complaints/new/',
      form({ ...complaint, challenge: challengeOf(again) }),
    );
    expect(sent.status).toBe(201);
    expect(sent.headers.get('cache-control')).toBe('private, no-store');
    const done = await sent.text();
    const code = /id="follow-up-code">([^<]+)</.exec(done)![1]!;
    expect(code).toMatch(/^AT-/);
    const listed = (await (await t.get('/api/v1/complaints')).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({
      about: 'charity',
      category: 'expired',
      summary: complaint.summary,
    });
    // The same challenge files nothing twice.
    const twice = await t.app.request(
      '/complaints/new/',
      form({ ...complaint, challenge: challengeOf(again) }),
    );
    expect(twice.status).toBe(403);
    expect(await twice.text()).toContain('此表单已提交过一次');
  });

  it('comes back with what to fix, in English under /en/', async () => {
    const t = await world();
    const html = await (await t.get('/en/complaints/new/')).text();
    expect(html).toContain('<title>File a complaint</title>');
    t.wait(5_000);
    const missing = await t.app.request(
      '/en/complaints/new/',
      form({ about: 'charity', category: 'other', summary: ' ', challenge: challengeOf(html) }),
    );
    expect(missing.status).toBe(422);
    const fix = await missing.text();
    expect(fix).toContain('Please fill this in.');
    expect(fix).toContain('aria-invalid="true"');
    t.wait(5_000);
    const unknown = await t.app.request(
      '/en/complaints/new/',
      form({ ...complaint, about: 'no-such-org', challenge: challengeOf(fix) }),
    );
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('No organization or event has this id');
    const bad = await t.app.request(
      '/en/complaints/new/',
      form({ ...complaint, category: 'rude', challenge: challengeOf(fix) }),
    );
    expect(bad.status).toBe(422);
    const big = await t.app.request(
      '/en/complaints/new/',
      form({ ...complaint, text: 'x'.repeat(20_000), challenge: 'x' }),
    );
    expect(big.status).toBe(413);
    expect(((await (await t.get('/api/v1/complaints')).json()) as { data: unknown[] }).data).toEqual([]);
  });

  it('refuses beyond the limit per address, saying so, and keeps what was typed', async () => {
    const t = await world({ complaintLimit: { limit: 1, windowMs: 3_600_000 }, rateNow: () => 0 });
    const html = await (await t.get('/complaints/new/')).text();
    t.wait(5_000);
    expect(
      (await t.app.request('/complaints/new/', form({ ...complaint, challenge: challengeOf(html) }))).status,
    ).toBe(201);
    const html2 = await (await t.get('/complaints/new/')).text();
    t.wait(5_000);
    const limited = await t.app.request(
      '/complaints/new/',
      form({ ...complaint, challenge: challengeOf(html2) }),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(await limited.text()).toContain(complaint.text);
  });

  it("takes the complainant's say with the id and follow-up code, once answered", async () => {
    const t = await world();
    const html = await (await t.get('/complaints/new/')).text();
    t.wait(5_000);
    const done = await (
      await t.app.request('/complaints/new/', form({ ...complaint, challenge: challengeOf(html) }))
    ).text();
    const code = /id="follow-up-code">([^<]+)</.exec(done)![1]!;
    const id = /evt_\d+/.exec(done)![0];
    const page = await t.get(`/en/complaints/follow-up/?id=${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${id}"`);
    const say = (fields: Record<string, string>) => t.app.request('/en/complaints/follow-up/', form(fields));
    expect((await say({ id, code, resolved: 'yes' })).status).toBe(409);
    await t.record('charity', {
      type: 'complaint_answer',
      occurredAt: at,
      complaint: id,
      answer: '已更换',
      resolved: true,
    });
    expect((await say({ id, code: 'AT-0000-0000-0000', resolved: 'yes' })).status).toBe(403);
    const missing = await say({ id, code });
    expect(missing.status).toBe(422);
    const ok = await say({ id, code, resolved: 'yes', text: '已收到新的' });
    expect(ok.status).toBe(201);
    expect(await ok.text()).toContain('is recorded');
    const listed = (await (await t.get('/api/v1/complaints')).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(listed.data[0]).toMatchObject({ status: 'resolved' });
  });
});
