/**
 * Signal reads: the rows behind each published rule in `domain/signals.ts`. Every read takes
 * an explicit as-of instant so that answers are reproducible; the default is the latest
 * `occurredAt` in the log (see `latestOccurredAt`).
 */
import type { Client, InValue, Row, Transaction } from '@libsql/client';
import { publicName } from '../../contract/privacy.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Urgency } from '../../domain/needs.ts';
import type { GoodsAccount } from '../../domain/outcomes.ts';
import { questionMarks } from '../bulk-sql.ts';
import { bodySql } from '../event-body.ts';
import { logSize } from '../log-size.ts';
import { latestOccurredKey } from '../outcome-rows.ts';
import {
  daysBefore,
  daysBetween,
  idleAfterDays,
  idleDeviceDays,
  idleShare,
  nearExpiryDays,
  suggestMatches,
  type OpenNeed,
  type StockLot,
  type SuggestedMatch,
} from '../../domain/signals.ts';

type Sql = Pick<Client | Transaction, 'execute'>;
const goodsPrefix = 'goods:';
const itemOf = (asset: string) => (asset.startsWith(goodsPrefix) ? asset.slice(goodsPrefix.length) : null);
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The log's size and the latest moment any event says it happened; signals default to that moment. */
export async function latestOccurredAt(sql: Sql): Promise<{ size: number; asOf: string | null }> {
  const size = await logSize(sql);
  if (size === 0) return { size, asOf: null };
  const kept = (
    await sql.execute({ sql: 'SELECT value FROM ledger_meta WHERE key = ?', args: [latestOccurredKey] })
  ).rows[0];
  // Kept by the write path (and found once by a migration for older ledgers).
  return { size, asOf: kept ? new Date(Number(kept.value)).toISOString() : null };
}

// ---------------------------------------------------------------- idle stock and suggested matches

export interface NeedWithMatches {
  need: OpenNeed & {
    seq: number;
    priority: number;
    reportedAt: string;
    reportedAtMs: number;
    facilityName: string | null;
    /** Registered anonymous: the public sees it by neither id nor name. */
    facilityAnonymous: boolean;
    quantity: number;
  };
  matches: Array<SuggestedMatch & { holderName: string | null }>;
}

export type NeedPageCursor = [priority: number, reportedAtMs: number, seq: number];

/** Open needs that still lack something, by priority then age, each with its best matches. */
export async function idleStockMatches(
  sql: Sql,
  catalog: Catalog,
  q: { asOf: string; after: NeedPageCursor | null; limit: number; regions?: string[] },
): Promise<{ rows: NeedWithMatches[]; more: boolean }> {
  const args: InValue[] = [];
  let where = "n.status = 'open' AND n.quantity > n.delivered";
  if (q.regions) {
    where += ` AND n.region IN (${questionMarks(q.regions.length)})`;
    args.push(...q.regions);
  }
  if (q.after) {
    const [p, t, s] = q.after;
    where +=
      ' AND (n.priority > ? OR (n.priority = ? AND n.reported_at_ms > ?) OR (n.priority = ? AND n.reported_at_ms = ? AND n.seq > ?))';
    args.push(p, p, t, p, t, s);
  }
  const needRows = (
    await sql.execute({
      sql: `SELECT n.*, CASE WHEN o.anonymous = 1 THEN NULL ELSE o.name END AS facility_name, o.anonymous AS facility_anonymous
          FROM needs n LEFT JOIN organizations o ON o.id = n.facility
          WHERE ${where} ORDER BY n.priority, n.reported_at_ms, n.seq LIMIT ?`,
      args: [...args, q.limit + 1],
    })
  ).rows;
  const more = needRows.length > q.limit;
  const page = needRows.slice(0, q.limit).map((r) => {
    const item = str(r.item);
    return {
      id: String(r.id),
      seq: Number(r.seq),
      facility: String(r.facility),
      facilityName: str(r.facility_name),
      facilityAnonymous: Number(r.facility_anonymous) === 1,
      region: String(r.region),
      item,
      category: String(r.category),
      group: item ? (catalog.item(item)?.group ?? null) : null,
      quantity: Number(r.quantity),
      remaining: Number(r.quantity) - Number(r.delivered),
      disease: str(r.disease),
      appeal: str(r.appeal),
      urgency: String(r.urgency) as Urgency,
      priority: Number(r.priority),
      beneficiaries: r.beneficiaries === null ? null : Number(r.beneficiaries),
      reportedAt: String(r.reported_at),
      reportedAtMs: Number(r.reported_at_ms),
    };
  });
  // Every item any need on the page could take: the item, its substitutes, or its whole category.
  const wanted = new Set<string>();
  for (const n of page) {
    for (const it of catalog.items) {
      if (it.category !== n.category) continue;
      if (n.item === null || it.id === n.item || it.group === n.group) wanted.add(it.id);
    }
  }
  const lots = wanted.size === 0 ? [] : await idleLots(sql, catalog, [...wanted], q.asOf);
  const names = await organizationNames(sql, [...new Set(lots.map((l) => l.holder))]);
  return {
    more,
    rows: page.map((need) => ({
      need,
      matches: suggestMatches(need, lots).map((m) => ({ ...m, holderName: names.get(m.lot.holder) ?? null })),
    })),
  };
}

/** Held lots of the given items, held long enough to count as idle, unexpired, at holders that do not need them themselves. */
async function idleLots(sql: Sql, catalog: Catalog, itemIds: string[], asOf: string): Promise<StockLot[]> {
  const assets = itemIds.map((i) => goodsPrefix + i);
  const rows = (
    await sql.execute({
      sql: `SELECT l.id, l.holder, l.asset, l.lot_code, l.expires_on, l.restriction_region, l.restriction_disease, l.restriction_appeal,
                 l.amount, e.occurred_at AS held_since, o.region AS holder_region
          FROM lots l JOIN organizations o ON o.id = l.holder JOIN events e ON e.seq = l.acquired_seq
          WHERE l.state = 'held' AND l.amount > 0 AND l.asset IN (${questionMarks(assets.length)})`,
      args: assets,
    })
  ).rows;
  const cutoff = Date.parse(daysBefore(asOf, idleAfterDays));
  const today = asOf.slice(0, 10);
  const ownNeeds = (
    await sql.execute({
      sql: `SELECT facility, item, category FROM needs WHERE status = 'open' AND quantity > delivered`,
      args: [],
    })
  ).rows;
  const needing = new Set(ownNeeds.map((r) => `${r.facility}|${r.item ?? `*${r.category}`}`));
  const out: StockLot[] = [];
  for (const r of rows) {
    const item = catalog.item(itemOf(String(r.asset)) ?? '');
    if (!item) continue;
    if (Date.parse(String(r.held_since)) > cutoff) continue;
    const expiresOn = str(r.expires_on);
    if (expiresOn !== null && expiresOn <= today) continue;
    const holder = String(r.holder);
    if (needing.has(`${holder}|${item.id}`) || needing.has(`${holder}|*${item.category}`)) continue;
    out.push({
      lot: Number(r.id),
      holder,
      holderRegion: String(r.holder_region),
      item: item.id,
      category: item.category,
      group: item.group,
      coldChain: item.coldChain,
      lotCode: String(r.lot_code),
      expiresOn,
      restriction: {
        region: str(r.restriction_region),
        disease: str(r.restriction_disease),
        appeal: str(r.restriction_appeal),
      },
      quantity: Number(r.amount),
      heldSince: String(r.held_since),
    });
  }
  return out;
}

async function organizationNames(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = (
    await sql.execute({
      sql: `SELECT id, name FROM organizations WHERE anonymous = 0 AND id IN (${questionMarks(ids.length)})`,
      args: ids,
    })
  ).rows;
  return new Map(rows.map((r) => [String(r.id), String(r.name)]));
}

// ---------------------------------------------------------------- near expiry

export interface ExpiringLot {
  lot: number;
  holder: string;
  holderName: string | null;
  region: string;
  item: string;
  lotCode: string;
  expiresOn: string;
  daysLeft: number;
  quantity: number;
  state: string;
  restricted: boolean;
}

export type ExpiryCursor = [expiresOn: string, lot: number];

export async function nearExpiry(
  sql: Sql,
  q: { asOf: string; after: ExpiryCursor | null; limit: number },
): Promise<{ rows: ExpiringLot[]; more: boolean }> {
  const until = daysBefore(q.asOf, -nearExpiryDays).slice(0, 10);
  const args: InValue[] = [until];
  let where =
    "l.expires_on IS NOT NULL AND l.expires_on <= ? AND l.amount > 0 AND l.state IN ('held', 'in_transit')";
  if (q.after) {
    where += ' AND (l.expires_on > ? OR (l.expires_on = ? AND l.id > ?))';
    args.push(q.after[0], q.after[0], q.after[1]);
  }
  const rows = (
    await sql.execute({
      sql: `SELECT l.*, o.name AS holder_name, o.anonymous AS holder_anonymous, o.region AS holder_region
          FROM lots l JOIN organizations o ON o.id = l.holder WHERE ${where} ORDER BY l.expires_on, l.id LIMIT ?`,
      args: [...args, q.limit + 1],
    })
  ).rows;
  return {
    more: rows.length > q.limit,
    rows: rows.slice(0, q.limit).map((r) => ({
      lot: Number(r.id),
      holder: String(r.holder),
      holderName: publicName({ name: str(r.holder_name), anonymous: Number(r.holder_anonymous) === 1 }),
      region: String(r.holder_region),
      item: itemOf(String(r.asset)) ?? String(r.asset),
      lotCode: String(r.lot_code),
      expiresOn: String(r.expires_on),
      daysLeft: daysBetween(q.asOf.slice(0, 10), String(r.expires_on)),
      quantity: Number(r.amount),
      state: String(r.state),
      restricted:
        r.restriction_region !== null || r.restriction_disease !== null || r.restriction_appeal !== null,
    })),
  };
}

// ---------------------------------------------------------------- devices with no reported use

export interface IdleDevice {
  holder: string;
  holderName: string | null;
  holderKind: string;
  region: string;
  item: string;
  quantity: number;
  heldSince: string;
  daysHeld: number;
  lastUseAt: string | null;
}

export async function idleDevices(sql: Sql, catalog: Catalog, q: { asOf: string }): Promise<IdleDevice[]> {
  const devices = catalog.items.filter((i) => i.category === 'device').map((i) => goodsPrefix + i.id);
  if (devices.length === 0) return [];
  const held = (
    await sql.execute({
      sql: `SELECT l.holder, l.asset, sum(l.amount) AS quantity, min(julianday(e.occurred_at)) AS since_day,
                 o.name AS holder_name, o.anonymous AS holder_anonymous, o.kind, o.region
          FROM lots l JOIN events e ON e.seq = l.acquired_seq JOIN organizations o ON o.id = l.holder
          WHERE l.state = 'held' AND l.amount > 0 AND l.asset IN (${questionMarks(devices.length)})
          GROUP BY l.holder, l.asset`,
      args: devices,
    })
  ).rows;
  const asOfMs = Date.parse(q.asOf);
  const since = daysBefore(q.asOf, idleDeviceDays);
  const candidates = held.filter((r) => Date.parse(julianToIso(Number(r.since_day))) <= Date.parse(since));
  const lastUse = await lastUses(sql, [...new Set(candidates.map((r) => String(r.holder)))], devices, asOfMs);
  const out: IdleDevice[] = [];
  for (const r of candidates) {
    const heldSince = julianToIso(Number(r.since_day));
    const last = lastUse.get(`${r.holder}\u0000${r.asset}`) ?? null;
    if (last !== null && Date.parse(last) >= Date.parse(since)) continue;
    out.push({
      holder: String(r.holder),
      holderName: publicName({ name: str(r.holder_name), anonymous: Number(r.holder_anonymous) === 1 }),
      holderKind: String(r.kind),
      region: String(r.region),
      item: itemOf(String(r.asset))!,
      quantity: Number(r.quantity),
      heldSince,
      daysHeld: daysBetween(heldSince, q.asOf),
      lastUseAt: last,
    });
  }
  return out.sort(
    (a, b) => b.daysHeld - a.daysHeld || a.holder.localeCompare(b.holder) || a.item.localeCompare(b.item),
  );
}

/**
 * The latest reported use at or before `asOfMs` of each holder × device, in one read per chunk
 * of holders (never one per holder and device), keyed `holder\u0000asset`.
 */
async function lastUses(
  sql: Sql,
  holders: string[],
  devices: string[],
  asOfMs: number,
): Promise<Map<string, string>> {
  const last = new Map<string, string>();
  const chunk = 500;
  for (let i = 0; i < holders.length; i += chunk) {
    const some = holders.slice(i, i + chunk);
    const rows = (
      await sql.execute({
        sql: `SELECT f.to_org AS holder, f.asset, e.occurred_at FROM flows f JOIN events e ON e.seq = f.seq
            WHERE f.kind = 'used' AND f.undo = 0 AND f.to_org IN (${questionMarks(some.length)})
              AND f.asset IN (${questionMarks(devices.length)})`,
        args: [...some, ...devices],
      })
    ).rows;
    for (const u of rows) {
      const at = String(u.occurred_at);
      if (Date.parse(at) > asOfMs) continue;
      const key = `${u.holder}\u0000${u.asset}`;
      const m = last.get(key);
      if (m === undefined || Date.parse(at) > Date.parse(m)) last.set(key, at);
    }
  }
  return last;
}

const julianToIso = (jd: number) => new Date(Math.round((jd - 2440587.5) * 86_400_000)).toISOString();

// ---------------------------------------------------------------- idle share by holder

export interface HolderIdle {
  holder: string;
  holderName: string | null;
  kind: string;
  region: string;
  /** Value received more than the idle period before as-of, in CNY minor units. */
  receivedValue: number;
  idleValue: number;
  idleShare: number | null;
}

/**
 * Goods are weighed by worth so that a dialysis machine and a box of tablets compare: flows
 * of money gifts already carry minor units; goods gifts are priced at the catalogue's typical
 * unit value.
 */
export async function idleByHolder(sql: Sql, catalog: Catalog, q: { asOf: string }): Promise<HolderIdle[]> {
  const byHolder = new Map<string, GoodsAccount>();
  for (const [key, acc] of await goodsAccounts(sql, catalog, q.asOf)) {
    const h = byHolder.get(key.holder) ?? { receivedBeforeCutoff: 0, received: 0, gone: 0, lost: 0 };
    h.receivedBeforeCutoff += acc.receivedBeforeCutoff;
    h.received += acc.received;
    h.gone += acc.gone;
    h.lost += acc.lost;
    byHolder.set(key.holder, h);
  }
  const orgs = await organizationsById(sql, [...byHolder.keys()]);
  const out: HolderIdle[] = [];
  for (const [holder, v] of byHolder) {
    const o = orgs.get(holder);
    if (!o || v.receivedBeforeCutoff <= 0) continue;
    const { idle, share } = idleShare(v.receivedBeforeCutoff, v.gone);
    out.push({
      holder,
      holderName: publicName(o),
      kind: o.kind,
      region: o.region,
      receivedValue: v.receivedBeforeCutoff,
      idleValue: idle,
      idleShare: share,
    });
  }
  return out.sort(
    (a, b) =>
      (b.idleShare ?? 0) - (a.idleShare ?? 0) ||
      b.idleValue - a.idleValue ||
      a.holder.localeCompare(b.holder),
  );
}

export interface AccountKey {
  holder: string;
  appeal: string | null;
}

/**
 * Goods accounts per holder and appeal, by worth (CNY minor units): received before the idle
 * cut-off, received in all, gone (sent or returned by the holder, used, written off or lost at
 * it) and lost (written off or lost). Flows up to `asOf` only. Goods are weighed by worth so
 * that a dialysis machine and a box of tablets compare: flows of money gifts already carry
 * minor units; goods gifts are priced at the catalogue's typical unit value.
 */
export async function goodsAccounts(
  sql: Sql,
  catalog: Catalog,
  asOf: string,
): Promise<Array<[AccountKey, GoodsAccount]>> {
  const rows = (
    await sql.execute({
      sql: `SELECT holder, gift_asset, appeal, sum(before_cutoff) AS before_cutoff, sum(received) AS received, sum(gone) AS gone, sum(lost) AS lost FROM (
            SELECT f.to_org AS holder, d.asset AS gift_asset, d.restriction_appeal AS appeal,
                   CASE WHEN julianday(e.occurred_at) <= julianday(?) THEN f.amount ELSE 0 END AS before_cutoff,
                   CASE WHEN julianday(e.occurred_at) <= julianday(?) THEN f.amount ELSE 0 END AS received, 0 AS gone, 0 AS lost
            FROM flows f JOIN events e ON e.seq = f.seq JOIN donations d ON d.key = f.donation
            WHERE f.asset LIKE 'goods:%' AND f.kind IN ('donated', 'transferred', 'returned', 'purchased')
            UNION ALL
            SELECT CASE WHEN f.kind IN ('transferred', 'returned') THEN f.from_org ELSE f.to_org END, d.asset, d.restriction_appeal, 0, 0,
                   CASE WHEN julianday(e.occurred_at) <= julianday(?) THEN f.amount ELSE 0 END,
                   CASE WHEN f.kind IN ('written_off', 'lost') AND julianday(e.occurred_at) <= julianday(?) THEN f.amount ELSE 0 END
            FROM flows f JOIN events e ON e.seq = f.seq JOIN donations d ON d.key = f.donation
            WHERE f.asset LIKE 'goods:%' AND f.kind IN ('transferred', 'returned', 'used', 'written_off', 'lost')
          ) GROUP BY holder, gift_asset, appeal`,
      args: [daysBefore(asOf, idleAfterDays), asOf, asOf, asOf],
    })
  ).rows;
  const out = new Map<string, [AccountKey, GoodsAccount]>();
  for (const r of rows) {
    const w = unitValue(catalog, String(r.gift_asset));
    const key = { holder: String(r.holder), appeal: str(r.appeal) };
    const id = `${key.holder}|${key.appeal ?? ''}`;
    const acc = out.get(id) ?? [key, { receivedBeforeCutoff: 0, received: 0, gone: 0, lost: 0 }];
    acc[1].receivedBeforeCutoff += Number(r.before_cutoff) * w;
    acc[1].received += Number(r.received) * w;
    acc[1].gone += Number(r.gone) * w;
    acc[1].lost += Number(r.lost) * w;
    out.set(id, acc);
  }
  return [...out.values()];
}

/** Minor units per unit of a gift's own asset. */
function unitValue(catalog: Catalog, giftAsset: string): number {
  const item = itemOf(giftAsset);
  if (item === null) return 1;
  return catalog.item(item)?.typicalUnitValueMinor ?? 0;
}

export async function organizationsById(sql: Sql, ids: string[]) {
  const out = new Map<string, { name: string; kind: string; region: string; anonymous: boolean }>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = (
      await sql.execute({
        sql: `SELECT id, name, kind, region, anonymous FROM organizations WHERE id IN (${questionMarks(chunk.length)})`,
        args: chunk,
      })
    ).rows;
    for (const r of rows)
      out.set(String(r.id), {
        name: String(r.name),
        kind: String(r.kind),
        region: String(r.region),
        anonymous: Number(r.anonymous) === 1,
      });
  }
  return out;
}

// ---------------------------------------------------------------- goods no need asked for

export interface UnneededDelivery {
  seq: number;
  event: string | null;
  facility: string;
  facilityName: string | null;
  region: string;
  item: string;
  quantity: number;
  unmatched: number;
  at: string;
}

export async function unneededDeliveries(
  sql: Sql,
  q: { before: number | null; limit: number; regions?: string[] },
): Promise<{ rows: UnneededDelivery[]; more: boolean }> {
  const args: InValue[] = [];
  let where = 'd.unmatched > 0 AND d.undone = 0';
  if (q.before !== null) {
    where += ' AND d.seq < ?';
    args.push(q.before);
  }
  if (q.regions) {
    where += ` AND d.region IN (${questionMarks(q.regions.length)})`;
    args.push(...q.regions);
  }
  const rows = (
    await sql.execute({
      sql: `SELECT d.*, o.name AS facility_name, e.id AS event FROM deliveries d
          LEFT JOIN organizations o ON o.id = d.facility LEFT JOIN events e ON e.seq = d.seq
          WHERE ${where} ORDER BY d.seq DESC LIMIT ?`,
      args: [...args, q.limit + 1],
    })
  ).rows;
  return {
    more: rows.length > q.limit,
    rows: rows.slice(0, q.limit).map((r: Row) => ({
      seq: Number(r.seq),
      event: str(r.event),
      facility: String(r.facility),
      facilityName: str(r.facility_name),
      region: String(r.region),
      item: String(r.item),
      quantity: Number(r.quantity),
      unmatched: Number(r.unmatched),
      at: String(r.at),
    })),
  };
}

// ---------------------------------------------------------------- restriction breaches

export interface Breach {
  event: string;
  seq: number;
  type: string;
  /** Null for an organization registered anonymous. */
  recordedBy: string | null;
  recordedByName: string | null;
  occurredAt: string | null;
  parts: Array<{
    donation: string;
    to: string;
    asset: string;
    amount: number;
    restriction: {
      region: string | null;
      disease: string | null;
      appeal: string | null;
      purpose: string | null;
    };
  }>;
}

export async function breaches(
  sql: Sql,
  q: { after: number; limit: number },
): Promise<{ rows: Breach[]; more: boolean }> {
  const body = bodySql('s', 'e', 'c');
  const events = (
    await sql.execute({
      sql: `SELECT 'evt_' || s.seq AS id, s.seq, e.type, e.recorded_by, o.name AS recorder_name, o.anonymous AS recorder_anonymous, ${body.value('.occurredAt')} AS occurred_at
          FROM event_state s JOIN events e ON e.seq = s.seq ${body.replacingJoin} LEFT JOIN organizations o ON o.id = e.recorded_by
          WHERE s.breach = 1 AND s.status = 'active' AND s.seq > ? ORDER BY s.seq LIMIT ?`,
      args: [q.after, q.limit + 1],
    })
  ).rows;
  const page = events.slice(0, q.limit);
  const parts =
    page.length === 0
      ? []
      : (
          await sql.execute({
            sql: `SELECT 'evt_' || f.seq AS event, f.donation, f.to_org, f.asset, sum(f.amount) AS amount,
                 d.restriction_region, d.restriction_disease, d.restriction_appeal, d.restriction_purpose
          FROM flows f JOIN donations d ON d.key = f.donation
          WHERE f.breach = 1 AND f.seq IN (${questionMarks(page.length)})
          GROUP BY f.seq, f.donation, f.to_org, f.asset HAVING sum(f.amount) <> 0 ORDER BY event, f.donation`,
            args: page.map((e) => Number(e.seq)),
          })
        ).rows;
  return {
    more: events.length > q.limit,
    rows: page.map((e) => ({
      event: String(e.id),
      seq: Number(e.seq),
      type: String(e.type),
      // An organization registered anonymous is named by neither id nor name.
      recordedBy: Number(e.recorder_anonymous) === 1 ? null : String(e.recorded_by),
      recordedByName: publicName({
        name: str(e.recorder_name),
        anonymous: Number(e.recorder_anonymous) === 1,
      }),
      occurredAt: str(e.occurred_at),
      parts: parts
        .filter((p) => p.event === e.id)
        .map((p) => ({
          donation: String(p.donation),
          to: String(p.to_org),
          asset: String(p.asset),
          amount: Number(p.amount),
          restriction: {
            region: str(p.restriction_region),
            disease: str(p.restriction_disease),
            appeal: str(p.restriction_appeal),
            purpose: str(p.restriction_purpose),
          },
        })),
    })),
  };
}
