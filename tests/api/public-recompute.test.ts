/**
 * Every public number recomputes from the public leaves alone. A journalist holding only
 * `/log/entries`, the public organization list and the catalogue replays the leaves through
 * the published ledger rules: what a leaf withholds changes no amount (a count of people
 * "<5" moves no unit; an anonymous party is a party all the same), so the totals come out
 * exactly as the API gives them — money given by currency, goods given by item, and the
 * quantities needed and delivered against need.
 *
 * Counts of people are the one figure the leaves give only in part: a count below 5 reads
 * "<5". No public output sums them; a total of people, where one is ever shown, is the exact
 * sum of the counts from 5 up plus the number of rows reading "<5", which the leaves give.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { complaintStanding, isComplaintEvent } from '../../api/domain/complaints.ts';
import { workingCalendar } from '../../api/domain/working-days.ts';
import { generateDemo } from '../../api/cli/commands/demo.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { privateSaltsFor, receiptCodesFor } from '../../api/cli/context.ts';
import type { AnonymousParty, PublicLeaf } from '../../api/contract/privacy.ts';
import { EventBody } from '../../api/domain/events.ts';
import { MemoryLedger } from '../../api/domain/memory-ledger.ts';
import { createApp } from '../../api/http/app.ts';
import { memoryDatabase } from '../../api/store/database.ts';
import { testCatalog, testOrigin, testSigningKey } from '../support/test-app.ts';

type Get = (path: string) => Promise<Response>;
const partyFields = ['donor', 'recipient', 'to', 'supplier', 'facility', 'reportedBy', 'holder'];
const isParty = (v: unknown): v is AnonymousParty => typeof v === 'object' && v !== null && 'anonymous' in v;

let get: Get;
let catalog: Awaited<ReturnType<typeof testCatalog>>;

beforeAll(async () => {
  const database = await memoryDatabase();
  catalog = await testCatalog();
  const ctx = {
    config: configFromEnv({}),
    database,
    catalog,
    signingKey: testSigningKey,
    receiptCodes: receiptCodesFor(testSigningKey),
    privateSalts: privateSaltsFor(testSigningKey),
    clock: () => new Date('2026-12-01T00:00:00Z'),
  };
  await generateDemo(ctx, { events: 3_000, seed: 'recompute' });
  const { app } = createApp({
    ...ctx,
    origin: testOrigin,
    log: () => undefined,
    readLimit: { limit: 1_000_000, windowMs: 60_000 },
    cacheFreshMs: 0,
  });
  get = async (path) => app.request(path);
});

async function allPages<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  for (let cursor: string | null = ''; cursor !== null; ) {
    const page = (await (
      await get(`${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${cursor}` : ''}`)
    ).json()) as {
      data: T[];
      nextCursor: string | null;
    };
    out.push(...page.data);
    cursor = page.nextCursor;
  }
  return out;
}

/** The public leaves replayed through the ledger rules, with nothing but public data. */
async function publicLeaves(): Promise<PublicLeaf[]> {
  const size = Number((await (await get('/api/v1/log/checkpoint')).text()).split('\n')[1]);
  const leaves: PublicLeaf[] = [];
  for (let start = 0; start < size; start += 1000) {
    const text = await (
      await get(`/api/v1/log/entries?start=${start}&end=${Math.min(size, start + 1000)}`)
    ).text();
    leaves.push(
      ...text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as PublicLeaf),
    );
  }
  return leaves;
}

async function replayPublicLeaves(): Promise<MemoryLedger> {
  const leaves = await publicLeaves();
  const ledger = new MemoryLedger(catalog);
  const orgs = await allPages<{ id: string; name: string; kind: string; region: string }>(
    '/api/v1/organizations',
  );
  for (const o of orgs) ledger.organizations.set(o.id, { ...o, anonymous: false } as never);
  // An organization registered anonymous holds nothing the public can follow by name: one
  // stand-in per kind does for the replay.
  const standIn = (p: AnonymousParty) => {
    const id = `anonymous-${p.kind}`;
    if (!ledger.organizations.has(id))
      ledger.organizations.set(id, {
        id,
        name: id,
        kind: p.kind,
        region: '110000',
        anonymous: true,
      } as never);
    return id;
  };
  const publicBody = (raw: Record<string, unknown>): Record<string, unknown> => {
    const b = { ...raw };
    if (b.beneficiaries === '<5') b.beneficiaries = 0;
    if ((b.type === 'donation' || b.type === 'pledge') && isParty(b.donor)) {
      b.donorKind = b.donor.kind;
      b.anonymous = true;
      delete b.donor;
    }
    for (const f of partyFields) if (isParty(b[f])) b[f] = standIn(b[f] as AnonymousParty);
    if (b.replacement) b.replacement = publicBody(b.replacement as Record<string, unknown>);
    return b;
  };
  for (const leaf of leaves) {
    // Complaints move nothing (their counts are checked from the leaves below); their summary
    // is withheld from the leaf, so their bodies do not parse whole.
    if (isComplaintEvent(leaf.event as { type: string })) continue;
    const body = EventBody.parse(publicBody(leaf.event));
    // Consent names a donor; it moves nothing.
    if (body.type === 'donation_confirm') continue;
    ledger.record({
      body,
      recordedBy: isParty(leaf.recordedBy) ? standIn(leaf.recordedBy) : leaf.recordedBy,
      seq: leaf.seq,
      recordedAt: leaf.recordedAt,
      receiptCode: () => 'not-in-the-log',
    });
  }
  return ledger;
}

describe('public numbers from public leaves alone', () => {
  it('money and goods given, and quantities needed and delivered, equal what the API answers', async () => {
    const ledger = await replayPublicLeaves();
    const given = new Map<string, number>();
    for (const d of ledger.donations.values())
      if (d.kind === 'donation' && d.status === 'active')
        given.set(d.asset, (given.get(d.asset) ?? 0) + d.amount);

    const listed = new Map<string, number>();
    for (const d of await allPages<{
      kind: string;
      status: string;
      gift: { money?: { currency: string; amount: number }; goods?: { item: string; quantity: number } };
    }>('/api/v1/donations?kind=donation')) {
      if (d.status !== 'active') continue;
      const asset = d.gift.money ? `money:${d.gift.money.currency}` : `goods:${d.gift.goods!.item}`;
      listed.set(asset, (listed.get(asset) ?? 0) + (d.gift.money?.amount ?? d.gift.goods!.quantity));
    }
    expect(given.size).toBeGreaterThan(5);
    expect(Object.fromEntries(given)).toEqual(Object.fromEntries(listed));

    // Quantities are in each item's unit, so they are compared item by item, never summed across.
    const fromLeaves = new Map<string, { needed: number; delivered: number }>();
    for (const n of ledger.needs.values()) {
      if (n.status === 'withdrawn' || !n.quantityStated) continue;
      const key = n.item ?? `category:${n.category}`;
      const q = fromLeaves.get(key) ?? { needed: 0, delivered: 0 };
      q.needed += n.quantity;
      q.delivered += n.allocations.reduce((s, a) => s + a.quantity, 0);
      fromLeaves.set(key, q);
    }
    const cells = (await (await get('/api/v1/coverage?groupBy=region&level=province')).json()).data as Array<{
      byItem: Array<{ item: string | null; category: string; needed: number; delivered: number }>;
    }>;
    const answered = new Map<string, { needed: number; delivered: number }>();
    for (const row of cells)
      for (const i of row.byItem) {
        const key = i.item ?? `category:${i.category}`;
        const q = answered.get(key) ?? { needed: 0, delivered: 0 };
        q.needed += i.needed;
        q.delivered += i.delivered;
        answered.set(key, q);
      }
    expect(fromLeaves.size).toBeGreaterThan(1);
    expect(Object.fromEntries(fromLeaves)).toEqual(
      Object.fromEntries([...answered].filter(([, q]) => q.needed > 0 || q.delivered > 0)),
    );
  });

  it('units of unknown provenance (opening balances and what they became), holder by holder, equal the holdings the API answers', async () => {
    const ledger = await replayPublicLeaves();
    const key = (holder: string, state: string, asset: string) => `${holder} ${state} ${asset}`;
    const replayed = new Map<string, number>();
    for (let id = 1; id < ledger.book.nextLotId; id++) {
      const lot = ledger.book.get(id);
      if (!lot || lot.amount === 0 || lot.shares.size > 0 || lot.holder.startsWith('anonymous-')) continue;
      const k = key(lot.holder, lot.state, lot.asset);
      replayed.set(k, (replayed.get(k) ?? 0) + lot.amount);
    }
    const answered = new Map<string, number>();
    for (const o of await allPages<{ id: string }>('/api/v1/organizations')) {
      const { holdings } = (await (await get(`/api/v1/organizations/${o.id}`)).json()) as {
        holdings: Array<{
          state: string;
          provenanceUnknown: boolean;
          asset: { money?: { currency: string; amount: number }; goods?: { item: string; quantity: number } };
        }>;
      };
      for (const h of holdings) {
        if (!h.provenanceUnknown) continue;
        const a = h.asset.money
          ? { asset: `money:${h.asset.money.currency}`, amount: h.asset.money.amount }
          : { asset: `goods:${h.asset.goods!.item}`, amount: h.asset.goods!.quantity };
        const k = key(o.id, h.state, a.asset);
        answered.set(k, (answered.get(k) ?? 0) + a.amount);
      }
    }
    expect([...ledger.events.values()].filter((e) => e.type === 'opening_balance').length).toBe(2);
    expect(replayed.size).toBeGreaterThan(0);
    expect(Object.fromEntries(answered)).toEqual(Object.fromEntries(replayed));
  });

  it('complaints: answer times in working days, lateness, overdue and status, from the leaves alone', async () => {
    const asOf = '2026-04-01T00:00:00Z';
    const calendar = workingCalendar();
    const byId = new Map<
      string,
      {
        filedAt: string;
        firstAnsweredAt: string | null;
        answers: number;
        feedback: 'resolved' | 'not_resolved' | null;
      }
    >();
    for (const leaf of await publicLeaves()) {
      const e = leaf.event as { type: string; complaint?: string; resolved?: boolean };
      if (e.type === 'complaint')
        byId.set(leaf.id, { filedAt: leaf.recordedAt, firstAnsweredAt: null, answers: 0, feedback: null });
      const c = e.complaint ? byId.get(e.complaint) : undefined;
      if (!c) continue;
      if (e.type === 'complaint_answer') {
        c.firstAnsweredAt ??= leaf.recordedAt;
        c.answers += 1;
        c.feedback = null;
      }
      if (e.type === 'complaint_feedback') c.feedback = e.resolved ? 'resolved' : 'not_resolved';
    }
    expect(byId.size).toBeGreaterThan(3);
    const api = await allPages<Record<string, unknown> & { id: string }>(`/api/v1/complaints?asOf=${asOf}`);
    const pick = ({
      status,
      answerWorkingDays,
      answeredLate,
      overdue,
      workingDaysOpen,
      dueOn,
    }: Record<string, unknown>) => ({
      status,
      answerWorkingDays,
      answeredLate,
      overdue,
      workingDaysOpen,
      dueOn,
    });
    expect(Object.fromEntries(api.map((r) => [r.id, pick(r)]))).toEqual(
      Object.fromEntries([...byId].map(([id, c]) => [id, pick({ ...complaintStanding(c, asOf, calendar) })])),
    );
  });
});
