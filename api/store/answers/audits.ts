/**
 * The post-response audit of an appeal (GET /api/v1/audits/{appeal}, its CSV, the audit page):
 * needs reported against dispatches and deliveries, what was used, lost, left idle or let
 * expire, response times, and the complaints about the appeal with how fast they were answered —
 * every figure recomputed from the log's projections, so the same log always gives the same audit.
 */
import type { Client, Transaction } from '@libsql/client';
import { nearestRank } from '../../domain/outcomes.ts';
import { latestOccurredAt } from '../queries/signals.ts';
import type { ComplaintCounts, ComplaintRow } from '../../contract/complaint.ts';
import { complaintsAbout, countComplaints } from './complaints.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export const idleAfterDays = 90;

export interface AuditAnswer {
  appeal: {
    id: string;
    titleZh: string;
    titleEn: string;
    region: string | null;
    openedAt: string;
    status: string;
  };
  asOf: string | null;
  needs: Array<{
    item: string;
    lines: number;
    needed: number;
    delivered: number;
    unmet: number;
    met: number;
  }>;
  dispatches: Array<{
    item: string;
    requests: number;
    refused: number;
    requested: number;
    approved: number;
    dispatched: number;
    received: number;
    settled: number;
  }>;
  refusals: Array<{ request: string; facility: string; item: string; quantity: number; reason: string }>;
  goods: Array<{
    item: string;
    given: number;
    used: number;
    lost: number;
    writtenOffExpired: number;
    writtenOffOther: number;
    held: number;
    idle: number;
    expiredHeld: number;
  }>;
  responseTimes: {
    needToFirstDeliveryHoursP50: number | null;
    needToFirstDeliveryHoursP90: number | null;
    requestToReceiptHoursP50: number | null;
    requestToReceiptHoursP90: number | null;
    needsAnswered: number;
    dispatchesReceived: number;
  };
  /** Complaints about the appeal's events and needs (public part), judged as of `asOf`. */
  complaints: ComplaintRow[];
  /** The same complaints counted: filed, open, overdue, answered in time or late, working days. */
  complaintCounts: ComplaintCounts;
}

const hours = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 3_600_000;
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const itemOf = (asset: string) => asset.replace(/^goods:/, '');

export async function appealAudit(sql: Sql, appeal: string): Promise<AuditAnswer | null> {
  const a = (await sql.execute({ sql: 'SELECT * FROM appeals WHERE id = ?', args: [appeal] })).rows[0];
  if (!a) return null;
  const asOf = (await latestOccurredAt(sql)).asOf;
  const needs = (
    await sql.execute({
      sql: `SELECT coalesce(item, category) AS item, count(*) AS lines, sum(CASE WHEN quantity_stated = 1 THEN quantity ELSE 0 END) AS needed,
                   sum(delivered) AS delivered, sum(CASE WHEN quantity_stated = 1 THEN max(0, quantity - delivered) ELSE 0 END) AS unmet,
                   sum(CASE WHEN met_at IS NOT NULL THEN 1 ELSE 0 END) AS met
            FROM needs WHERE appeal = ? AND status <> 'withdrawn' GROUP BY 1 ORDER BY 1`,
      args: [appeal],
    })
  ).rows.map((r) => ({
    item: String(r.item),
    lines: Number(r.lines),
    needed: Number(r.needed),
    delivered: Number(r.delivered),
    unmet: Number(r.unmet),
    met: Number(r.met),
  }));
  const dispatches = (
    await sql.execute({
      sql: `SELECT item, count(*) AS requests, sum(status = 'refused') AS refused, sum(quantity) AS requested,
                   sum(coalesce(approved_quantity, 0)) AS approved, sum(coalesce(dispatched_quantity, 0)) AS dispatched,
                   sum(coalesce(received_quantity, 0)) AS received, sum(status = 'settled') AS settled
            FROM dispatch_requests WHERE appeal = ? GROUP BY item ORDER BY item`,
      args: [appeal],
    })
  ).rows.map((r) => ({
    item: String(r.item),
    requests: Number(r.requests),
    refused: Number(r.refused),
    requested: Number(r.requested),
    approved: Number(r.approved),
    dispatched: Number(r.dispatched),
    received: Number(r.received),
    settled: Number(r.settled),
  }));
  const refusals = (
    await sql.execute({
      sql: "SELECT id, facility, item, quantity, refusal_reason FROM dispatch_requests WHERE appeal = ? AND status = 'refused' ORDER BY seq",
      args: [appeal],
    })
  ).rows.map((r) => ({
    request: String(r.id),
    facility: String(r.facility),
    item: String(r.item),
    quantity: Number(r.quantity),
    reason: String(r.refusal_reason),
  }));
  const goods = new Map<string, AuditAnswer['goods'][number]>();
  const row = (asset: string) => {
    const item = itemOf(asset);
    let g = goods.get(item);
    if (!g)
      goods.set(
        item,
        (g = {
          item,
          given: 0,
          used: 0,
          lost: 0,
          writtenOffExpired: 0,
          writtenOffOther: 0,
          held: 0,
          idle: 0,
          expiredHeld: 0,
        }),
      );
    return g;
  };
  const flowRows = (
    await sql.execute({
      sql: `SELECT f.asset, f.kind, f.reason, sum(f.amount) AS n FROM flows f JOIN donations d ON d.key = f.donation
            WHERE d.restriction_appeal = ? AND d.kind = 'donation' AND f.asset LIKE 'goods:%'
              AND f.kind IN ('donated', 'used', 'lost', 'written_off')
            GROUP BY f.asset, f.kind, f.reason ORDER BY f.asset`,
      args: [appeal],
    })
  ).rows;
  for (const r of flowRows) {
    const g = row(String(r.asset));
    const n = Number(r.n);
    if (r.kind === 'donated') g.given += n;
    else if (r.kind === 'used') g.used += n;
    else if (r.kind === 'lost') g.lost += n;
    else if (r.reason === 'expired') g.writtenOffExpired += n;
    else g.writtenOffOther += n;
  }
  if (asOf !== null) {
    const idleBefore = new Date(Date.parse(asOf) - idleAfterDays * 86_400_000).toISOString();
    const held = (
      await sql.execute({
        sql: `SELECT l.asset, sum(l.amount) AS n,
                     sum(CASE WHEN julianday(e.occurred_at) <= julianday(?) THEN l.amount ELSE 0 END) AS idle,
                     sum(CASE WHEN l.expires_on IS NOT NULL AND l.expires_on < ? THEN l.amount ELSE 0 END) AS expired
              FROM lots l JOIN events e ON e.seq = l.acquired_seq
              WHERE l.restriction_appeal = ? AND l.state = 'held' AND l.asset LIKE 'goods:%'
              GROUP BY l.asset ORDER BY l.asset`,
        args: [idleBefore, asOf.slice(0, 10), appeal],
      })
    ).rows;
    for (const r of held) {
      const g = row(String(r.asset));
      g.held += Number(r.n);
      g.idle += Number(r.idle);
      g.expiredHeld += Number(r.expired);
    }
  }
  const needTimes = (
    await sql.execute({
      sql: 'SELECT reported_at, first_delivery_at FROM needs WHERE appeal = ? AND first_delivery_at IS NOT NULL',
      args: [appeal],
    })
  ).rows
    .map((r) => hours(String(r.reported_at), String(r.first_delivery_at)))
    .sort((x, y) => x - y);
  const dispatchTimes = (
    await sql.execute({
      sql: 'SELECT requested_at, received_at FROM dispatch_requests WHERE appeal = ? AND received_at IS NOT NULL',
      args: [appeal],
    })
  ).rows
    .map((r) => hours(String(r.requested_at), String(r.received_at)))
    .sort((x, y) => x - y);
  const complaints = asOf === null ? [] : await complaintsAbout(sql, appeal, asOf);
  return {
    appeal: {
      id: String(a.id),
      titleZh: String(a.title_zh),
      titleEn: String(a.title_en),
      region: a.region === null ? null : String(a.region),
      openedAt: String(a.opened_at),
      status: String(a.status),
    },
    asOf,
    needs,
    dispatches,
    refusals,
    goods: [...goods.values()].sort((x, y) => x.item.localeCompare(y.item)),
    responseTimes: {
      needToFirstDeliveryHoursP50: round1(nearestRank(needTimes, 0.5)),
      needToFirstDeliveryHoursP90: round1(nearestRank(needTimes, 0.9)),
      requestToReceiptHoursP50: round1(nearestRank(dispatchTimes, 0.5)),
      requestToReceiptHoursP90: round1(nearestRank(dispatchTimes, 0.9)),
      needsAnswered: needTimes.length,
      dispatchesReceived: dispatchTimes.length,
    },
    complaints,
    complaintCounts: countComplaints(complaints),
  };
}

/** The audit as one CSV table: section, item, measure, value — the same figures as the answer. */
export function auditCsvRows(a: AuditAnswer): Array<[string, string, string, string | number | null]> {
  const out: Array<[string, string, string, string | number | null]> = [];
  const put = (section: string, rows: ReadonlyArray<Record<string, unknown>>, key: string) => {
    for (const r of rows)
      for (const [measure, value] of Object.entries(r))
        if (measure !== key) out.push([section, String(r[key]), measure, value as string | number | null]);
  };
  put('needs', a.needs, 'item');
  put('dispatches', a.dispatches, 'item');
  put('goods', a.goods, 'item');
  for (const [measure, value] of Object.entries(a.responseTimes))
    out.push(['response_times', '', measure, value]);
  for (const r of a.refusals) out.push(['refusals', r.item, r.request, r.reason]);
  for (const [measure, value] of Object.entries(a.complaintCounts))
    out.push(['complaints', '', measure, value]);
  for (const c of a.complaints)
    out.push(['complaint', c.id, c.status, c.answerWorkingDays ?? c.workingDaysOpen]);
  return out;
}

/** Every appeal in log order: the audits the site builds. */
export async function appealIdsInLog(sql: Sql): Promise<string[]> {
  return (await sql.execute('SELECT id FROM appeals ORDER BY seq')).rows.map((r) => String(r.id));
}
