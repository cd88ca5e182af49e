/**
 * The demo dataset shows what the portal exists to reveal: every generated event is accepted
 * by the real write path, and a small dataset already has restriction breaches, stock close
 * to expiry at the end of the year, gifts six hops or more from their donor, short receipts,
 * corrections, pledges, open needs and cold-chain goods, all labelled synthetic.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoResult } from '../../api/cli/commands/demo.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { privateSaltsFor, receiptCodesFor, type Context } from '../../api/cli/context.ts';
import { memoryDatabase } from '../../api/store/database.ts';
import { readDatasetInfo } from '../../api/store/dataset-info.ts';
import { planDemo } from '../../data/demo/generate.ts';
import { syntheticMark } from '../../data/demo/names.ts';
import { testCatalog, testSigningKey } from '../support/test-app.ts';
import { forecasts } from '../../api/store/answers/forecasts.ts';
import { reserves } from '../../api/store/answers/reserves.ts';

const events = 5_000;
let ctx: Context;
let result: DemoResult;
const one = async (sql: string, args: Array<string | number> = []) =>
  Number(Object.values((await ctx.database.client.execute({ sql, args })).rows[0]!)[0]);

beforeAll(async () => {
  ctx = {
    config: configFromEnv({}),
    database: await memoryDatabase(),
    catalog: await testCatalog(),
    signingKey: testSigningKey,
    receiptCodes: receiptCodesFor(testSigningKey),
    privateSalts: privateSaltsFor(testSigningKey),
    clock: () => new Date(),
  };
  result = await generateDemo(ctx, { events, seed: 'dataset' });
});
afterAll(() => ctx.database.close());

describe('demo dataset', () => {
  it('records exactly the events asked for, every one accepted, in time order', async () => {
    expect(result.events).toBe(events);
    expect(await one('SELECT count(*) FROM events')).toBe(events);
    expect(
      await one(
        'SELECT count(*) FROM events a JOIN events b ON b.seq = a.seq + 1 WHERE b.occurred_at < a.occurred_at',
      ),
    ).toBe(0);
    expect(
      await one('SELECT count(*) FROM events WHERE julianday(recorded_at) < julianday(occurred_at)'),
    ).toBe(0);
  });

  it('is labelled synthetic, and so is every organization name', async () => {
    const info = await readDatasetInfo(ctx.database.db);
    expect(info).toMatchObject({ synthetic: true, seed: 'dataset' });
    expect(info.description).toMatch(/Synthetic/);
    expect(await one('SELECT count(*) FROM organizations')).toBe(result.organizations);
    expect(await one('SELECT count(*) FROM organizations WHERE name NOT LIKE ?', [`%${syntheticMark}`])).toBe(
      0,
    );
  });

  it('has restriction breaches, and only the deliberate ones', async () => {
    expect(await one('SELECT count(*) FROM event_state WHERE breach = 1')).toBeGreaterThanOrEqual(1);
    expect(await one('SELECT count(DISTINCT seq) FROM flows WHERE breach = 1')).toBe(
      result.stats.deliberateBreaches,
    );
  });

  it('leaves stock that expires within 90 days of the end of the year, and writes off expired stock', async () => {
    expect(
      await one(
        "SELECT count(*) FROM lots WHERE state = 'held' AND expires_on BETWEEN '2026-03-31' AND '2026-06-29'",
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await one(
        'SELECT count(*) FROM events WHERE type = \'write_off\' AND leaf LIKE \'%"reason":"expired"%\'',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('carries some gifts six hops or more from the donor', async () => {
    const hops = await one(
      "SELECT max(n) FROM (SELECT donation, count(DISTINCT seq) AS n FROM flows WHERE kind = 'transferred' AND undo = 0 GROUP BY donation)",
    );
    expect(hops).toBeGreaterThanOrEqual(6);
  });

  it('has short receipts recorded as lost, reversals and replacements, pledges and returns', async () => {
    expect(
      await one("SELECT count(*) FROM flows WHERE kind = 'lost' AND reason = 'shortfall on receipt'"),
    ).toBeGreaterThanOrEqual(1);
    expect(await one("SELECT count(*) FROM event_state WHERE status = 'reversed'")).toBeGreaterThanOrEqual(1);
    expect(
      await one("SELECT count(*) FROM events WHERE type = 'correction' AND leaf LIKE '%\"replacement\"%'"),
    ).toBeGreaterThanOrEqual(1);
    expect(await one("SELECT count(*) FROM donations WHERE kind = 'pledge'")).toBeGreaterThanOrEqual(1);
    expect(await one("SELECT count(*) FROM events WHERE type = 'return'")).toBeGreaterThanOrEqual(1);
  });

  it('has anonymous and named donors, money and goods, cold-chain goods and appeals', async () => {
    expect(await one('SELECT count(*) FROM donations WHERE anonymous = 1')).toBeGreaterThan(
      (await one('SELECT count(*) FROM donations WHERE anonymous = 0')) / 2,
    );
    expect(
      await one("SELECT count(*) FROM donations WHERE asset LIKE 'goods:%' AND lot_code <> ''"),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await one(
        "SELECT count(*) FROM lots l JOIN items i ON 'goods:' || i.id = l.asset WHERE i.cold_chain = 1",
      ),
    ).toBeGreaterThanOrEqual(0);
    expect(await one("SELECT count(*) FROM events WHERE leaf LIKE '%冷链%'")).toBeGreaterThanOrEqual(1);
    expect(await one('SELECT count(*) FROM appeals')).toBe(5);
  });

  it('has a cold chain: handovers, logger records, an excursion quarantined then released and used, one written off, gaps and unlogged receipts', async () => {
    expect(await one("SELECT count(*) FROM events WHERE type = 'custody_handover'")).toBeGreaterThanOrEqual(
      4,
    );
    expect(await one('SELECT count(*) FROM temperature_logs WHERE excursion = 0')).toBeGreaterThanOrEqual(1);
    expect(await one('SELECT count(*) FROM temperature_logs WHERE excursion = 1 AND quarantined > 0')).toBe(
      2,
    );
    expect(await one('SELECT count(*) FROM lot_releases WHERE quantity > 0')).toBe(1);
    expect(
      await one("SELECT count(*) FROM flows WHERE kind = 'used' AND excursion IS NOT NULL"),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await one(
        "SELECT count(*) FROM events e WHERE e.type = 'write_off' AND json_extract(e.leaf, '$.event.goods.lot') = 'HB2509A'",
      ),
    ).toBe(1);
    // Nothing is left quarantined by the story.
    expect(await one('SELECT count(*) FROM lots WHERE quarantine IS NOT NULL')).toBe(0);
  });

  it('opens with stock of unknown provenance that travels on beside gifts', async () => {
    expect(await one("SELECT count(*) FROM events WHERE type = 'opening_balance'")).toBe(2);
    // Units that carry no gift, held or on their way somewhere other than where they were stated.
    expect(
      await one(`SELECT count(*) FROM lots l WHERE l.amount > 0
        AND NOT EXISTS (SELECT 1 FROM lot_shares s WHERE s.lot = l.id AND s.amount <> 0)
        AND l.holder NOT IN (SELECT recorded_by FROM events WHERE type = 'opening_balance')`),
    ).toBeGreaterThan(0);
  });

  it('has needs: met, still open and closed', async () => {
    expect(await one("SELECT count(*) FROM needs WHERE status = 'met'")).toBeGreaterThanOrEqual(1);
    expect(await one("SELECT count(*) FROM needs WHERE status = 'open'")).toBeGreaterThanOrEqual(1);
    expect(await one("SELECT count(*) FROM needs WHERE status = 'closed'")).toBeGreaterThanOrEqual(1);
  });
});

describe('demo world', () => {
  it('places every organization on a catalogued region, every facility under its supplier, and scales with the events', async () => {
    const catalog = await testCatalog();
    const small = planDemo(catalog, { events: 3_000 });
    const large = planDemo(catalog, { events: 1_000_000 });
    for (const o of large.world.orgs) expect(catalog.hasRegion(o.region), o.id).toBe(true);
    for (const f of large.world.facilities)
      if (f.parent) expect(large.world.org(f.parent).province, f.id).toBe(f.province);
    expect(new Set(large.world.orgs.map((o) => o.id)).size).toBe(large.world.orgs.length);
    expect(large.world.facilities.length).toBeGreaterThan(4 * small.world.facilities.length);
    expect(small.scenarios.map((s) => s.id)).toEqual([
      'routine',
      'henan-flood-2025',
      'respiratory-wave-2025',
      'winter-respiratory-2025',
      'rare-disease-2025',
      'rural-chronic-2025',
    ]);
  });

  it('has reserves with plans, dispatches at every step, a failed rotation and seasonal demand the forecast finds', async () => {
    const statuses = (
      await ctx.database.client.execute('SELECT status, count(*) AS n FROM dispatch_requests GROUP BY status')
    ).rows.map((r) => String(r.status));
    expect(statuses).toEqual(expect.arrayContaining(['settled', 'received', 'refused', 'awaiting_review']));
    expect(await one("SELECT count(*) FROM dispatch_reviews WHERE reviewer = 'reviewer-02'")).toBeGreaterThan(
      0,
    );
    expect(await one('SELECT count(*) FROM dispatch_requests WHERE waived = 1')).toBe(1);
    const { data } = await reserves(ctx.database.client, ctx.catalog);
    expect(data.map((r) => r.holder)).toContain('hubei-medical-reserve');
    expect(data.some((r) => r.rotationFailed)).toBe(true);
    expect(data.some((r) => r.rotationDue.length > 0)).toBe(true);
    const county = data.find((r) => r.holder.startsWith('county-reserve-'))!;
    const f = (
      await forecasts(ctx.database.client, ctx.catalog, {
        region: county.region,
        item: county.item,
        horizon: 6,
      })
    ).data[0]!;
    expect(f.history).toHaveLength(36);
    expect(f.method.name).toBe('seasonal');
    expect(f.backtest).toMatchObject({ method: 'seasonal', trainMonths: 24, testMonths: 12 });
    // Winter above summer in the index: January's over July's.
    expect(f.seasonalIndex![0]!).toBeGreaterThan(f.seasonalIndex![6]! * 1.5);
  });
});

describe('demo complaints', () => {
  it('shows every state: answered in time across the Spring Festival, late, overdue, hidden for abuse, resolved, waiting', async () => {
    const { allComplaints } = await import('../../api/store/answers/complaints.ts');
    const { latestOccurredAt } = await import('../../api/store/queries/signals.ts');
    const { asOf } = await latestOccurredAt(ctx.database.client);
    const rows = await allComplaints(ctx.database.client, { asOf: asOf! });
    expect(rows.length).toBe(6);
    const by = (p: (r: (typeof rows)[number]) => boolean) => rows.filter(p);
    // Filed 12 February 2026, answered 27 February: fifteen days, six working days.
    expect(by((r) => r.filedAt.startsWith('2026-02-12'))[0]).toMatchObject({
      answerWorkingDays: 6,
      answeredLate: false,
      status: 'resolved',
    });
    expect(by((r) => r.answeredLate)[0]).toMatchObject({ status: 'disputed' });
    expect(by((r) => r.overdue)[0]).toMatchObject({ aboutKind: 'need', status: 'open' });
    expect(by((r) => r.hidden !== null)[0]).toMatchObject({ summary: null, status: 'answered' });
    expect(by((r) => r.status === 'open' && !r.overdue)).toHaveLength(1);
    // Recorded on the day they happened: the answer time counts the ledger's own days.
    for (const r of rows) expect(r.filedAt.slice(0, 10) <= r.dueOn).toBe(true);
  });
});
