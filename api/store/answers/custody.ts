/**
 * The custody answer, built once: GET /api/v1/shipments/{id}/custody and the shipment page a
 * custody label's QR code opens both show what this returns. Only events that stand count: a
 * handover, temperature record or release reversed by a correction is left out.
 */
import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { CustodyParty, ShipmentCustody } from '../../contract/custody.ts';
import { publicName } from '../../contract/privacy.ts';
import { custodyChain } from '../../domain/custody.ts';
import type { Of } from '../../domain/events.ts';
import { goodsAsset } from '../../domain/lots.ts';
import type { Db } from '../database.ts';
import { decodeDeltas } from '../delta-codec.ts';
import { readStanding } from '../event-body.ts';
import {
  custodyHandovers,
  eventState,
  events,
  flows,
  lotReleases,
  lots,
  organizations,
  temperatureLogs,
} from '../schema.ts';
import { excursionUses, viaDb } from '../queries/custody-signals.ts';

type Read = Pick<Db, 'select' | 'all'>;

export interface CustodyCatalog {
  item(
    id: string,
  ): { coldChain?: boolean; storage?: { lowC: number; highC: number; excursionMinutes: number } } | undefined;
}

const active = (seq: SQLiteColumn) =>
  sql<boolean>`exists (select 1 from ${eventState} where ${eventState.seq} = ${seq} and ${eventState.status} = 'active')`;

/** The custody of shipment `id` (a transfer or return of goods), or null when there is none. */
export async function custodyAnswer(
  db: Read,
  catalog: CustodyCatalog,
  id: string,
): Promise<ShipmentCustody | null> {
  const row = await readStanding(db, id);
  if (!row || (row.body.type !== 'transfer' && row.body.type !== 'return')) return null;
  const body = row.body;
  if (!body.goods) return null;
  const item = body.goods.item;
  const asset = goodsAsset(item);
  const sender = row.recordedBy;
  const receiver = body.to;

  const receiptRow = row.receivedBy ? await readStanding(db, row.receivedBy) : undefined;
  const receiptBody = receiptRow ? (receiptRow.body as Of<'receipt'>) : null;

  // What left: the shipment's own lots, by batch code and expiry.
  const shippedLots = new Map<string, { lot: string; expiresOn: string | null; shipped: number }>();
  for (const d of decodeDeltas(row.deltas)) {
    if (d.amount <= 0 || d.attrs.state !== 'in_transit') continue;
    const key = d.attrs.lotCode;
    const l = shippedLots.get(key) ?? { lot: key, expiresOn: d.attrs.expiresOn, shipped: 0 };
    l.shipped += d.amount;
    shippedLots.set(key, l);
  }
  const codes = [...shippedLots.keys()];

  const [handovers, temperatures, current, releases, size] = await Promise.all([
    db
      .select()
      .from(custodyHandovers)
      .where(and(eq(custodyHandovers.shipment, id), active(custodyHandovers.seq)))
      .orderBy(asc(custodyHandovers.atMs), asc(custodyHandovers.seq)),
    db
      .select()
      .from(temperatureLogs)
      .where(
        and(
          active(temperatureLogs.seq),
          or(
            eq(temperatureLogs.shipment, id),
            // Records of the same lots kept at the receiver after arrival.
            codes.length
              ? and(
                  eq(temperatureLogs.holder, receiver),
                  eq(temperatureLogs.item, item),
                  inArray(temperatureLogs.lotCode, codes),
                  sql`${temperatureLogs.shipment} is null`,
                )
              : sql`0`,
          ),
        ),
      )
      .orderBy(asc(temperatureLogs.seq)),
    codes.length
      ? db
          .select({
            lot: lots.lotCode,
            state: lots.state,
            quarantine: lots.quarantine,
            excursion: lots.excursion,
            amount: sql<number>`sum(${lots.amount})`,
          })
          .from(lots)
          .where(
            and(
              eq(lots.asset, asset),
              inArray(lots.lotCode, codes),
              or(
                and(eq(lots.state, 'in_transit'), eq(lots.transfer, id)),
                and(eq(lots.state, 'held'), eq(lots.holder, receiver)),
              ),
            ),
          )
          .groupBy(lots.lotCode, lots.state, lots.quarantine, lots.excursion)
      : [],
    codes.length
      ? db
          .select()
          .from(lotReleases)
          .where(
            and(
              eq(lotReleases.holder, receiver),
              eq(lotReleases.item, item),
              inArray(lotReleases.lotCode, codes),
              active(lotReleases.seq),
            ),
          )
          .orderBy(asc(lotReleases.seq))
      : [],
    db.select({ n: sql<number>`coalesce(max(${events.seq}), 0)` }).from(events),
  ]);

  const excursionIds = new Set(temperatures.filter((t) => t.excursion).map((t) => t.id));
  // Uses flagged by this shipment's excursions, of its lots, wherever the goods went since.
  const uses = (
    await excursionUses(viaDb(db), { after: 0, limit: 10_000, excursions: [...excursionIds] })
  ).rows.filter((u) => codes.includes(u.lot) && u.item === item);
  // Releases of the same lot at the receiver count only when they ended this shipment's excursions.
  const ownReleases = releases.filter((r) => r.excursions.split(',').some((e) => excursionIds.has(e)));
  const orgIds = new Set([
    sender,
    receiver,
    ...handovers.flatMap((h) => [h.fromOrg, h.toOrg]),
    ...temperatures.map((t) => t.recordedBy),
  ]);
  const orgRows = await db
    .select()
    .from(organizations)
    .where(inArray(organizations.id, [...orgIds]));
  const orgs = new Map(orgRows.map((o) => [o.id, o]));
  const party = (orgId: string): CustodyParty => {
    const o = orgs.get(orgId);
    if (!o) return { id: orgId, name: null, kind: 'unknown', region: null };
    const name = publicName(o);
    return name === null
      ? { id: null, name: null, kind: o.kind, region: null }
      : { id: o.id, name, kind: o.kind, region: o.region };
  };

  const chain = custodyChain(
    { sender, receiver },
    handovers.map((h) => ({ id: h.id, seq: h.seq, from: h.fromOrg, to: h.toOrg, at: h.at, place: h.place })),
    row.receivedBy,
  );
  const storage = catalog.item(item)?.storage;
  const lotViews = [...shippedLots.values()].map((l) => {
    const here = current.filter((c) => c.lot === l.lot);
    const sum = (f: (c: (typeof here)[number]) => boolean) =>
      here.filter(f).reduce((s, c) => s + Number(c.amount), 0);
    const excursions = new Set<string>();
    for (const c of here) for (const e of [c.quarantine, c.excursion]) if (e) excursions.add(e);
    return {
      lot: l.lot,
      expiresOn: l.expiresOn,
      shipped: l.shipped,
      holder: party(receiver),
      inTransit: sum((c) => c.state === 'in_transit'),
      held: sum((c) => c.state === 'held' && !c.quarantine),
      quarantined: sum((c) => c.state === 'held' && !!c.quarantine),
      excursions: [...excursions].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))),
    };
  });
  const quarantinedNow = current.some(
    (c) => c.quarantine && excursionIds.has(c.quarantine) && Number(c.amount) > 0,
  );

  return {
    shipment: {
      id,
      kind: row.body.type,
      status: row.status as 'active' | 'reversed',
      from: party(sender),
      to: party(receiver),
      item,
      quantity: body.goods.quantity,
      shippedAt: body.occurredAt,
      state: row.receivedBy ? 'received' : 'in_transit',
      receipt:
        receiptRow && receiptBody
          ? {
              id: receiptRow.id,
              quantity: receiptBody.goods?.quantity ?? 0,
              occurredAt: receiptBody.occurredAt,
            }
          : null,
    },
    coldChain: {
      required: catalog.item(item)?.coldChain === true,
      range: storage ? [storage.lowC, storage.highC] : null,
      toleranceMinutes: storage?.excursionMinutes ?? null,
    },
    handovers: handovers.map((h) => ({
      id: h.id,
      from: party(h.fromOrg),
      to: party(h.toOrg),
      at: h.at,
      place: h.place,
    })),
    chain: {
      continuous: chain.continuous,
      holder: party(chain.holder),
      gaps: chain.gaps.map((g) => ({
        from: party(g.from),
        to: party(g.to),
        after: g.after,
        before: g.before,
      })),
    },
    temperatures: temperatures.map((t) => ({
      id: t.id,
      status: 'active' as const,
      recordedBy: party(t.recordedBy),
      occurredAt: t.occurredAt,
      min: t.minC,
      max: t.maxC,
      outsideMinutes: t.outsideMinutes,
      range: [t.rangeLow, t.rangeHigh] as [number, number],
      toleranceMinutes: t.toleranceMinutes,
      excursion: t.excursion,
      quarantined: t.quarantined,
      readings: t.readings,
      firstReadingAt: t.firstReadingAt,
      lastReadingAt: t.lastReadingAt,
      logger: t.logger,
    })),
    lots: lotViews,
    quarantine: {
      state: quarantinedNow ? 'quarantined' : ownReleases.length ? 'released' : 'none',
      releases: ownReleases.map((r) => ({
        id: r.id,
        lot: r.lotCode,
        reason: r.reason,
        quantity: r.quantity,
        occurredAt: r.occurredAt,
      })),
    },
    uses: uses.map((u) => ({
      event: u.event,
      holder:
        u.holderName === null ? { id: null, name: null, kind: 'unknown', region: null } : party(u.holder!),
      lot: u.lot,
      quantity: u.quantity,
      excursion: u.excursion,
    })),
    asOf: { treeSize: Number(size[0]?.n ?? 0) },
  };
}
