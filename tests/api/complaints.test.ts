/**
 * Complaints over the API, every path: a challenge and its work, filing, the public list, one
 * complaint, its CSV, the organization's answer, its counts, the private words for the
 * organization and the complainant, the complainant's say, moderation; and every refusal —
 * forged, expired, unworked or reused challenges, bad and oversized bodies, too many complaints
 * from one address — writing nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportAll } from '../../api/store/exports/bulk-export.ts';
import { moderatorRecorder } from '../../api/domain/complaints.ts';
import { at, cny, testApp, testSigningKey } from '../support/test-app.ts';
import { challenge, complaint, file, filed, json, words } from '../support/complaint-filing.ts';

type App = Awaited<ReturnType<typeof testApp>>;

const list = async (t: App, query = '') =>
  (await (await t.get(`/api/v1/complaints${query}`)).json()) as {
    asOf: string;
    data: Array<Record<string, unknown>>;
    nextCursor: string | null;
  };

const answer = (t: App, as: 'charity' | 'huanggang-hospital', id: string, resolved = true) =>
  t.post(as, {
    type: 'complaint_answer',
    occurredAt: at,
    complaint: id,
    answer: '已于三月补发，请查收。',
    resolved,
  });

describe('filing a complaint', () => {
  it('files without an account, hands back a follow-up code and a due date, and lists only the public part', async () => {
    const t = await testApp();
    const c = await filed(t);
    expect(c.followUpCode).toMatch(/^AT-/);
    // Filed on Sunday 1 March 2026 (Beijing): the 7th working day after is Tuesday 10 March.
    expect(c.dueOn).toBe('2026-03-10');
    const { data } = await list(t);
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      id: c.id,
      aboutKind: 'organization',
      about: 'charity',
      organization: 'charity',
      organizationName: '爱心基金会',
      category: 'not_received',
      summary: '承诺的胰岛素没有送到',
      status: 'open',
      dueOn: '2026-03-10',
      overdue: false,
      answer: null,
    });
    const everything = JSON.stringify([data, await (await t.get(`/api/v1/complaints/${c.id}`)).json()]);
    const log = await (await t.get('/api/v1/log/entries?start=0&end=1')).text();
    const events = JSON.stringify(await (await t.get('/api/v1/events')).json());
    for (const out of [everything, log, events]) {
      expect(out).not.toContain(words.text);
      expect(out).not.toContain(words.contact);
      expect(out).not.toContain(c.followUpCode);
    }
    // The leaf holds neither the summary: it is published beside the log, so moderation can take it down.
    expect(log).not.toContain('承诺的胰岛素没有送到');
    expect(JSON.parse(log.trim())).toMatchObject({
      recordedBy: 'public',
      event: { type: 'complaint', about: 'charity' },
    });
  });

  it('files about an event or a need, answerable by the organization that recorded it', async () => {
    const t = await testApp();
    const gift = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: cny(50_000),
    });
    const need = await t.record('xishui-clinic', {
      type: 'need',
      occurredAt: at,
      facility: 'xishui-clinic',
      item: 'insulin-glargine',
      quantity: 20,
      urgency: '72h',
      importance: 'life',
    });
    await filed(t, gift.id, { category: 'misallocation' });
    await filed(t, need.id, { category: 'wrong_figures' });
    const { data } = await list(t);
    expect(data.map((r) => [r.aboutKind, r.organization])).toEqual([
      ['event', 'charity'],
      ['need', 'xishui-clinic'],
    ]);
    expect((await list(t, `?about=${need.id}`)).data).toHaveLength(1);
    expect((await list(t, '?organization=charity')).data).toHaveLength(1);
  });

  it('refuses bad bodies with the field, writing nothing', async () => {
    const t = await testApp();
    const refused = async (body: Record<string, unknown>, status: number, path: string) => {
      const res = await file(t, body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const p = (await res.json()) as { errors?: Array<{ path: string }> };
      expect(p.errors?.map((e) => e.path)).toContain(path);
    };
    await refused(complaint('nobody-at-all'), 422, 'about');
    await refused(complaint('evt_999'), 422, 'about');
    await refused(complaint('charity', { category: 'rude' }), 422, 'category');
    await refused(complaint('charity', { summary: '   ' }), 422, 'summary');
    await refused(complaint('charity', { summary: '长'.repeat(281) }), 422, 'summary');
    await refused(complaint('charity', { contact: 'x'.repeat(201) }), 422, 'contact');
    await refused(complaint('charity', { text: 'x'.repeat(4001) }), 422, 'text');
    await refused(complaint('charity', { extra: 1 }), 422, '(body)');
    await refused(complaint('charity', { text: 'bad \ud800 text' }), 422, 'text');
    const big = await t.app.request(
      '/api/v1/complaints',
      json({ ...complaint('charity'), text: 'x'.repeat(20_000) }),
    );
    expect(big.status).toBe(413);
    expect((await list(t)).data).toEqual([]);
    expect((await t.get('/api/v1/log/checkpoint')).status).toBe(404);
  });
});

describe('the challenge', () => {
  it('refuses a forged, unworked, expired or reused challenge with 403, writing nothing', async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const t = await testApp({ challengeNow: () => now });
    const good = await challenge(t);
    const send = (c: Record<string, unknown>) =>
      t.app.request('/api/v1/complaints', json({ ...complaint('charity'), ...c }));
    const reason = async (res: Response) => {
      expect(res.status).toBe(403);
      return (await res.json()) as { type: string; errors: Array<{ path: string; message: string }> };
    };
    const forged = good.challenge.replace(/\.(\d+)\.([0-9a-f]{64})$/, '.0.$2');
    expect((await reason(await send({ challenge: forged, solution: '0' }))).errors[0]!.message).toBe(
      'invalid',
    );
    expect((await reason(await send({ challenge: 'nonsense' }))).type).toMatch(/challenge-refused$/);
    const unworked = (await reason(await send({ challenge: good.challenge }))).errors[0]!;
    expect(unworked).toEqual({ path: 'solution', message: 'no_work' });
    expect((await send(good)).status).toBe(201);
    expect((await reason(await send(good))).errors[0]!.message).toBe('already used');
    const late = await challenge(t);
    now += 600_000;
    expect((await reason(await send(late))).errors[0]!.message).toBe('expired');
    expect((await list(t)).data).toHaveLength(1);
  });

  it('asks the default 18 bits of work of API clients', async () => {
    const t = await testApp({ challengeTerms: undefined });
    const c = (await (await t.get('/api/v1/complaints/challenge')).json()) as { bits: number; rule: string };
    expect(c.bits).toBe(18);
    expect(c.rule).toContain('SHA-256');
  });
});

describe('limits per address', () => {
  it('refuses the complaint beyond the limit with 429 and Retry-After, per address, and counts sayings apart', async () => {
    let now = Date.parse('2026-03-01T00:10:00Z');
    const t = await testApp({
      complaintLimit: { limit: 2, windowMs: 3_600_000 },
      rateNow: () => now,
      clientAddress: (c) => c.req.header('x-test-client') ?? 'local',
    });
    const from = (who: string) => ({ 'x-test-client': who });
    expect((await file(t, complaint('charity'), from('a'))).status).toBe(201);
    expect((await file(t, complaint('charity'), from('a'))).status).toBe(201);
    const third = await file(t, complaint('charity'), from('a'));
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await third.json()) as { type: string }).type).toMatch(/rate-limited$/);
    // Invalid attempts count too: the limit is on trying, not on succeeding.
    expect((await file(t, complaint('charity'), from('b'))).status).toBe(201);
    expect((await file(t, { nonsense: true }, from('b'))).status).toBe(422);
    expect((await file(t, complaint('charity'), from('b'))).status).toBe(429);
    now += 3_600_000;
    expect((await file(t, complaint('charity'), from('a'))).status).toBe(201);
    expect((await list(t)).data).toHaveLength(4);
  });
});

describe('answers, counts and the complainant', () => {
  it('takes the answer of the organization complained about only, times it in working days, and counts it', async () => {
    const t = await testApp();
    const c = await filed(t);
    expect((await answer(t, 'huanggang-hospital', c.id)).status).toBe(403);
    // A complaint is never filed with an organization's token.
    const asOrg = await t.post('charity', {
      type: 'complaint',
      occurredAt: at,
      about: 'huanggang-hospital',
      category: 'other',
      summary: 'x',
    });
    expect(asOrg.status).toBe(403);
    expect((await answer(t, 'charity', c.id, false)).status).toBe(201);
    const [row] = (await list(t)).data;
    expect(row).toMatchObject({
      status: 'answered',
      answers: 1,
      answerWorkingDays: 0,
      answeredLate: false,
      overdue: false,
    });
    expect(row!.answer).toMatchObject({ text: '已于三月补发，请查收。', resolved: false });
    const detail = (await (await t.get(`/api/v1/complaints/${c.id}`)).json()) as { answerHistory: unknown[] };
    expect(detail.answerHistory).toHaveLength(1);
    const org = (await (await t.get('/api/v1/organizations/charity')).json()) as {
      complaints: Record<string, unknown>;
    };
    expect(org.complaints).toMatchObject({
      filed: 1,
      open: 0,
      answered: 1,
      answeredInTime: 1,
      overdue: 0,
      answerWorkingDaysMedian: 0,
    });
  });

  it('shows an unanswered complaint as overdue after 7 working days, and filters by it', async () => {
    const t = await testApp();
    const c = await filed(t);
    await filed(t, 'redcross-hubei');
    expect((await list(t, '?asOf=2026-03-10T20:00:00%2B08:00')).data[0]).toMatchObject({
      workingDaysOpen: 7,
      overdue: false,
    });
    const late = await list(t, '?asOf=2026-03-11T09:00:00%2B08:00');
    expect(late.data[0]).toMatchObject({ id: c.id, workingDaysOpen: 8, overdue: true });
    expect((await list(t, '?overdue=true&asOf=2026-03-11T09:00:00%2B08:00')).data).toHaveLength(2);
    expect((await list(t, '?overdue=true')).data).toHaveLength(0);
    const page = await list(t, '?limit=1');
    expect(page.nextCursor).not.toBeNull();
    expect((await list(t, `?limit=1&cursor=${page.nextCursor}`)).data[0]!.about).toBe('redcross-hubei');
    expect((await t.get('/api/v1/complaints?cursor=bogus')).status).toBe(422);
    expect((await t.get('/api/v1/complaints?status=lost')).status).toBe(422);
    expect((await t.get('/api/v1/complaints/evt_404')).status).toBe(404);
  });

  it('lets the organization complained about read the words, and the complainant read them back with the code', async () => {
    const t = await testApp();
    const c = await filed(t);
    const read = (headers: Record<string, string>) =>
      t.app.request(`/api/v1/complaints/${c.id}/private`, { headers });
    const asCharity = await read({ authorization: `Bearer ${t.tokens.charity}` });
    expect(asCharity.status).toBe(200);
    expect(asCharity.headers.get('cache-control')).toBe('private, no-store');
    const words_ = (await asCharity.json()) as Record<string, unknown>;
    expect(words_).toMatchObject(words);
    expect(JSON.stringify(words_)).not.toContain(c.followUpCode);
    expect((await read({ authorization: `Bearer ${t.tokens['huanggang-hospital']}` })).status).toBe(403);
    expect((await read({ authorization: 'Bearer nope' })).status).toBe(401);
    expect((await read({})).status).toBe(401);
    const own = await read({ 'follow-up-code': c.followUpCode.toLowerCase() });
    expect(own.status).toBe(200);
    expect(
      ((await own.json()) as { private: { withheld: Record<string, string> } }).private.withheld[
        '/receiptCode'
      ],
    ).toBe(c.followUpCode);
    expect((await read({ 'follow-up-code': 'AT-0000-0000-0000' })).status).toBe(403);
    const other = await t.app.request('/api/v1/complaints/evt_999/private', {
      headers: { authorization: `Bearer ${t.tokens.charity}` },
    });
    expect(other.status).toBe(404);
  });

  it("records the complainant's say with the follow-up code, once answered", async () => {
    const t = await testApp();
    const c = await filed(t);
    const say = (code: string, resolved: boolean) =>
      t.app.request(`/api/v1/complaints/${c.id}/feedback`, json({ code, resolved, text: '还是没收到' }));
    expect((await say(c.followUpCode, true)).status).toBe(409);
    await answer(t, 'charity', c.id, true);
    expect((await say('AT-0000-0000-0000', true)).status).toBe(403);
    expect((await say(c.followUpCode, false)).status).toBe(201);
    expect((await list(t)).data[0]).toMatchObject({ status: 'disputed', complainantSays: 'not_resolved' });
    await answer(t, 'charity', c.id, true);
    expect((await list(t)).data[0]).toMatchObject({ status: 'answered', complainantSays: null, answers: 2 });
    expect((await say(c.followUpCode, true)).status).toBe(201);
    expect((await list(t)).data[0]).toMatchObject({ status: 'resolved' });
    const all = JSON.stringify(await (await t.get('/api/v1/events')).json());
    expect(all).not.toContain('还是没收到');
  });

  it('hides an abusive summary with a public reason and still counts the complaint; lists it as CSV', async () => {
    const t = await testApp();
    const c = await filed(t, 'charity', { summary: '=HYPERLINK("http://evil") 骂人' });
    await t.writer.record({
      recordedBy: moderatorRecorder,
      body: { type: 'complaint_hide', occurredAt: at, complaint: c.id, reason: '含有辱骂' },
    });
    const [row] = (await list(t)).data;
    expect(row).toMatchObject({ summary: null, hidden: { reason: '含有辱骂' } });
    const org = (await (await t.get('/api/v1/organizations/charity')).json()) as {
      complaints: { filed: number; hidden: number };
    };
    expect(org.complaints).toMatchObject({ filed: 1, hidden: 1 });
    const bytes = new Uint8Array(await (await t.get('/api/v1/complaints.csv')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    const [header, first] = csv.trim().split('\n');
    expect(header).toContain('id,seq,filed_at,about_kind');
    expect(first).toContain('含有辱骂');
    expect(csv).not.toContain('HYPERLINK');
    expect(csv).not.toContain(words.contact);
  });
});

describe('the complaints table of the bulk export', () => {
  it('holds every complaint with its standing judged as of the latest event, and nothing private', async () => {
    const t = await testApp();
    const c = await filed(t);
    await filed(t, 'redcross-hubei');
    await answer(t, 'charity', c.id, true);
    const dir = mkdtempSync(join(tmpdir(), 'aidtrail-complaints-'));
    try {
      const tx = await t.database.client.transaction('read');
      try {
        await exportAll(tx, dir, testSigningKey);
      } finally {
        tx.close();
      }
      const rows = readFileSync(join(dir, 'complaints.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(rows.map((r) => [r.id, r.status, r.answer_working_days, r.overdue, r.due_on])).toEqual([
        [c.id, 'answered', 0, false, '2026-03-10'],
        [expect.any(String), 'open', null, false, '2026-03-10'],
      ]);
      const api = (await list(t, `?asOf=${encodeURIComponent(String(rows[0]!.filed_at))}`)).data;
      expect(api[0]).toMatchObject({ status: 'answered', answerWorkingDays: 0 });
      const csv = readFileSync(join(dir, 'complaints.csv'), 'utf8');
      expect(csv.split('\n')[0]).toContain('answer_working_days');
      for (const f of ['complaints.csv', 'complaints.ndjson'])
        expect(readFileSync(join(dir, f), 'utf8')).not.toContain(words.contact);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
