/**
 * Group commit: write requests that arrive together share one transaction and one signed
 * checkpoint, yet each is judged and answered alone — a refused gift or overdraft never fails
 * its neighbours, a replayed Idempotency-Key inside the group answers the first answer, and a
 * storage failure fails the whole group with the same problem.
 */
import { describe, expect, it } from 'vitest';
import { LedgerWriter, type Submission } from '../../api/store/ledger-writer.ts';
import { at, cny, testApp, testLogSecrets } from '../support/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;

const gift = (amount: number) => ({
  type: 'donation',
  occurredAt: at,
  anonymous: true,
  donorKind: 'individual',
  recipient: 'charity',
  money: cny(amount),
});
const transfer = (amount: number) => ({
  type: 'transfer',
  occurredAt: at,
  to: 'redcross-hubei',
  money: cny(amount),
});

const health = async (t: T) => (await (await t.get('/api/v1/health')).json()) as { events: number };
const checkpoints = async (t: T) =>
  ((await (await t.get('/api/v1/log/checkpoints?limit=500')).json()) as { data: Array<{ size: number }> })
    .data;

/** A writer on the test's database whose commits are counted. */
function countingWriter(t: T, extra: { groupLimit?: number } = {}) {
  let commits = 0;
  const writer = new LedgerWriter({
    database: t.database,
    catalog: t.catalog,
    clock: t.clock,
    ...testLogSecrets(),
    onCommit: () => commits++,
    ...extra,
  });
  return { writer, commits: () => commits };
}

describe('group commit of concurrent writes', () => {
  it('answers every concurrent post alone, with one checkpoint per group', async () => {
    const t = await testApp();
    await t.record('charity', gift(10_000));
    const requests: Array<{ expect: number | 'one-of'; res: Response | Promise<Response> }> = [];
    const post = (body: unknown, status: number | 'one-of', key?: string) =>
      requests.push({
        expect: status,
        res: t.post('charity', body, key ? { 'idempotency-key': key } : {}),
      });
    for (let i = 0; i < 24; i++) post(gift(100 + i), 201, i % 3 === 0 ? `gift-${i}` : undefined);
    post(transfer(1_000_000), 409); // more than the charity will ever hold
    post(gift(-5), 422); // refused by the schema before it reaches the ledger
    post({ ...gift(1), recipient: 'redcross-hubei' }, 403);
    post(transfer(5_000), 201);
    post({ type: 'receipt', occurredAt: at, transfer: 'evt_999', money: cny(1) }, 422); // no such transfer
    post(gift(77), 'one-of', 'twice');
    post(gift(77), 'one-of', 'twice');
    post(gift(55), 'one-of', 'clash');
    post(gift(56), 'one-of', 'clash');
    for (let i = 0; i < 12; i++) post(transfer(1), 201);
    const answers = await Promise.all(
      requests.map(async (r) => {
        const res = await r.res;
        return { expect: r.expect, status: res.status, body: await res.json() };
      }),
    );

    for (const a of answers.filter((x) => x.expect !== 'one-of'))
      expect(a.status, JSON.stringify(a.body)).toBe(a.expect);
    const [twiceA, twiceB, clashA, clashB] = answers.filter((a) => a.expect === 'one-of');
    // The same key twice: whichever came first is recorded, the other is its replay.
    expect([twiceA!.status, twiceB!.status].sort()).toEqual([200, 201]);
    expect(twiceA!.body).toEqual(twiceB!.body);
    // The same key with another body: the later one is refused, the earlier stands.
    expect([clashA!.status, clashB!.status].sort()).toEqual([201, 422]);
    expect([clashA!, clashB!].find((r) => r.status === 422)!.body.type).toMatch(/idempotency-key-reuse$/);

    const written = answers
      .filter((a) => a.status === 201)
      .map((a) => a.body as { leafIndex: number; recordedAt: string });
    // 1 first gift + 24 gifts + 1 transfer + the 'twice' gift + one 'clash' gift + 12 transfers.
    expect(written.length).toBe(39);
    expect((await health(t)).events).toBe(40);
    expect(written.map((w) => w.leafIndex).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 39 }, (_, i) => i + 1),
    );
    // Events of one group share a recording time and one checkpoint at the group's end.
    const groups = new Map<string, number>();
    for (const w of written)
      groups.set(w.recordedAt, Math.max(groups.get(w.recordedAt) ?? 0, w.leafIndex + 1));
    const sizes = (await checkpoints(t)).map((c) => c.size);
    expect(sizes).toEqual([1, ...[...groups.values()].sort((x, y) => x - y)]);
    expect(sizes.length).toBeLessThan(written.length + 1);

    const org = await (await t.get('/api/v1/organizations/charity')).json();
    const held = org.holdings.filter((h: { state: string }) => h.state === 'held');
    const gifts =
      10_000 + Array.from({ length: 24 }, (_, i) => 100 + i).reduce((x, y) => x + y) + 77 + 55 + 56;
    const kept = held.reduce(
      (n: number, h: { asset: { money: { amount: number } } }) => n + h.asset.money.amount,
      0,
    );
    // Which of the two 'clash' gifts stood decides the last unit.
    expect([gifts - 55 - 5_012, gifts - 56 - 5_012]).toContain(kept);
  });

  it('bounds a group by size and tells the witnesses once per group', async () => {
    const t = await testApp();
    const { writer, commits } = countingWriter(t, { groupLimit: 100 });
    const submissions: Submission[] = Array.from({ length: 250 }, (_, i) => ({
      recordedBy: 'charity',
      body: gift(i + 1) as Submission['body'],
    }));
    const answers = await Promise.all(submissions.map((s) => writer.record(s)));
    expect(answers.map((a) => a.answer.leafIndex)).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect((await checkpoints(t)).map((c) => c.size)).toEqual([100, 200, 250]);
    expect(commits()).toBe(3);
  });

  it('answers a refused event alone and leaves its group intact', async () => {
    const t = await testApp();
    const { writer, commits } = countingWriter(t);
    const results = await Promise.allSettled([
      writer.record({ recordedBy: 'charity', body: gift(10) as Submission['body'], idempotencyKey: 'a' }),
      writer.record({ recordedBy: 'charity', body: transfer(11) as Submission['body'], idempotencyKey: 'b' }),
      writer.record({ recordedBy: 'charity', body: transfer(10) as Submission['body'], idempotencyKey: 'c' }),
      writer.record({ recordedBy: 'charity', body: gift(10) as Submission['body'], idempotencyKey: 'a' }),
      writer.record({ recordedBy: 'charity', body: transfer(1) as Submission['body'], idempotencyKey: 'b' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    const value = (i: number) =>
      (results[i] as PromiseFulfilledResult<Awaited<ReturnType<LedgerWriter['record']>>>).value;
    expect(value(0)).toMatchObject({ replay: false, answer: { seq: 1 } });
    expect(value(2)).toMatchObject({ replay: false, answer: { seq: 2 } });
    expect(value(3)).toEqual({ ...value(0), replay: true });
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ type: 'insufficient-holdings' });
    // Key "b" was never stored (its event was refused), so the second "b" is judged afresh: nothing left to send.
    expect((results[4] as PromiseRejectedResult).reason).toMatchObject({ type: 'insufficient-holdings' });
    expect((await checkpoints(t)).map((c) => c.size)).toEqual([2]);
    expect(commits()).toBe(1);
  });

  it('fails the whole group with the same storage problem, and writes nothing', async () => {
    const t = await testApp();
    const { writer } = countingWriter(t);
    await writer.record({ recordedBy: 'charity', body: gift(10) as Submission['body'] });
    await t.database.client.execute('PRAGMA query_only = ON');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        writer.record({ recordedBy: 'charity', body: gift(i + 1) as Submission['body'] }),
      ),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const reasons = results.map((r) => (r as PromiseRejectedResult).reason);
    for (const r of reasons) expect(r).toBe(reasons[0]);
    await t.database.client.execute('PRAGMA query_only = OFF');
    expect((await health(t)).events).toBe(1);
    // The writer recovers: the next group reads the state back from the database.
    await writer.record({ recordedBy: 'charity', body: transfer(10) as Submission['body'] });
    expect((await health(t)).events).toBe(2);
  });
});
