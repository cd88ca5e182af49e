import { describe, expect, it } from 'vitest';
import { projectionDigest, rebuildProjections } from '../../api/store/rebuild.ts';
import { reserveWorld } from '../support/reserve-world.ts';

describe('reserve projections', () => {
  it('are recreated byte for byte from the log by a rebuild', async () => {
    const t = await reserveWorld();
    const rows = await t.database.client.execute('SELECT id, status FROM dispatch_requests ORDER BY seq');
    expect(rows.rows.map((r) => String(r.status))).toEqual([
      'settled',
      'received',
      'refused',
      'awaiting_review',
    ]);
    const reviews = await t.database.client.execute('SELECT count(*) AS n FROM dispatch_reviews');
    expect(Number(reviews.rows[0]!.n)).toBe(4);
    const before = await projectionDigest(t.database);
    await t.database.client.execute("UPDATE dispatch_requests SET status = 'approved'");
    expect(await projectionDigest(t.database)).not.toBe(before);
    await rebuildProjections(t.database, t.catalog, () => {}, 2);
    expect(await projectionDigest(t.database)).toBe(before);
    // The write path continues from the rebuilt workflow: the waiting request can be reviewed.
    const res = await t.post('hubei-health', {
      type: 'dispatch_review',
      occurredAt: '2026-02-21T10:00:00+08:00',
      request: t.ids.r4,
      reviewer: 'handler-1',
      decision: 'approved',
      reason: 'within the plan',
    });
    expect(res.status).toBe(201);
  });

  it('answers a step out of order with a 409 problem naming the step, and writes nothing', async () => {
    const t = await reserveWorld();
    const before = await projectionDigest(t.database);
    const res = await t.post('wuhan-depot', {
      type: 'transfer',
      occurredAt: '2026-02-21T10:00:00+08:00',
      to: 'yichang-clinic',
      goods: { item: 'n95-respirator', quantity: 50 },
      request: t.ids.r4,
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { type: string; title: string; detail: string };
    expect(problem.title).toBe('dispatch out of order');
    expect(problem.detail).toContain('awaiting its review');
    expect(await projectionDigest(t.database)).toBe(before);
  });
});
