/**
 * The dispatches answer (GET /api/v1/dispatches, the dispatches page): each request with its
 * reviews, dispatch, receipt and settlement and the hours between steps; how many requests
 * wait at each step and for how long; refused requests with their reasons.
 */
import type { Client, InValue, Transaction } from '@libsql/client';
import { publicName } from '../../contract/privacy.ts';
import { dispatchSteps, type DispatchStep } from '../../domain/reserves.ts';
import { latestOccurredAt, organizationsById } from '../queries/signals.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export interface DispatchRow {
  id: string;
  seq: number;
  reserve: string;
  reserveName: string | null;
  facility: string;
  facilityName: string | null;
  region: string;
  item: string;
  quantity: number;
  urgency: string;
  reason: string;
  appeal: string | null;
  status: DispatchStep;
  requestedAt: string;
  reviews: Array<{
    event: string;
    reviewer: string;
    decision: string;
    quantity: number | null;
    reason: string;
    at: string;
  }>;
  approvedQuantity: number | null;
  decidedAt: string | null;
  refusalReason: string | null;
  dispatch: string | null;
  dispatchedQuantity: number | null;
  dispatchedAt: string | null;
  receipt: string | null;
  receivedQuantity: number | null;
  receivedAt: string | null;
  settlement: string | null;
  settledAt: string | null;
  settledAmount: number | null;
  settledCurrency: string | null;
  waived: boolean;
  hours: {
    toDecision: number | null;
    toDispatch: number | null;
    toReceipt: number | null;
    toSettlement: number | null;
    total: number | null;
  };
}

export interface DispatchFilter {
  reserve?: string;
  facility?: string;
  status?: DispatchStep;
  appeal?: string;
  item?: string;
}

const hoursBetween = (a: string | null, b: string | null) =>
  a === null || b === null ? null : Math.round(((Date.parse(b) - Date.parse(a)) / 3_600_000) * 10) / 10;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function where(f: DispatchFilter): { sql: string; args: InValue[] } {
  const parts: string[] = [];
  const args: InValue[] = [];
  for (const [col, v] of [
    ['reserve', f.reserve],
    ['facility', f.facility],
    ['status', f.status],
    ['appeal', f.appeal],
    ['item', f.item],
  ] as const) {
    if (v === undefined) continue;
    parts.push(`${col} = ?`);
    args.push(v);
  }
  return { sql: parts.length ? ` AND ${parts.join(' AND ')}` : '', args };
}

export async function dispatchRows(
  sql: Sql,
  f: DispatchFilter,
  afterSeq: number,
  limit: number,
): Promise<DispatchRow[]> {
  const w = where(f);
  const rows = (
    await sql.execute({
      sql: `SELECT * FROM dispatch_requests WHERE seq > ?${w.sql} ORDER BY seq LIMIT ?`,
      args: [afterSeq, ...w.args, limit],
    })
  ).rows;
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r.id));
  const reviews = (
    await sql.execute({
      sql: `SELECT * FROM dispatch_reviews WHERE request IN (${ids.map(() => '?').join(',')}) ORDER BY seq`,
      args: ids,
    })
  ).rows;
  const orgs = await organizationsById(sql, [
    ...new Set(rows.flatMap((r) => [String(r.reserve), String(r.facility)])),
  ]);
  const nameOf = (id: string) => {
    const o = orgs.get(id);
    return o ? publicName(o) : null;
  };
  return rows.map((r) => {
    const requestedAt = String(r.requested_at);
    const decidedAt = str(r.decided_at);
    const dispatchedAt = str(r.dispatched_at);
    const receivedAt = str(r.received_at);
    const settledAt = str(r.settled_at);
    return {
      id: String(r.id),
      seq: Number(r.seq),
      reserve: String(r.reserve),
      reserveName: nameOf(String(r.reserve)),
      facility: String(r.facility),
      facilityName: nameOf(String(r.facility)),
      region: String(r.region),
      item: String(r.item),
      quantity: Number(r.quantity),
      urgency: String(r.urgency),
      reason: String(r.reason),
      appeal: str(r.appeal),
      status: String(r.status) as DispatchStep,
      requestedAt,
      reviews: reviews
        .filter((v) => String(v.request) === String(r.id))
        .map((v) => ({
          event: String(v.event),
          reviewer: String(v.reviewer),
          decision: String(v.decision),
          quantity: num(v.quantity),
          reason: String(v.reason),
          at: String(v.at),
        })),
      approvedQuantity: num(r.approved_quantity),
      decidedAt,
      refusalReason: str(r.refusal_reason),
      dispatch: str(r.dispatch),
      dispatchedQuantity: num(r.dispatched_quantity),
      dispatchedAt,
      receipt: str(r.receipt),
      receivedQuantity: num(r.received_quantity),
      receivedAt,
      settlement: str(r.settlement),
      settledAt,
      settledAmount: num(r.settled_amount),
      settledCurrency: str(r.settled_currency),
      waived: Number(r.waived) === 1,
      hours: {
        toDecision: hoursBetween(requestedAt, decidedAt),
        toDispatch: hoursBetween(decidedAt, dispatchedAt),
        toReceipt: hoursBetween(dispatchedAt, receivedAt),
        toSettlement: hoursBetween(receivedAt, settledAt),
        total: hoursBetween(requestedAt, settledAt),
      },
    };
  });
}

/** The moment a request entered its current step. */
const enteredStep = (r: Record<string, unknown>): string => {
  switch (String(r.status) as DispatchStep) {
    case 'approved':
    case 'refused':
      return String(r.decided_at);
    case 'dispatched':
      return String(r.dispatched_at);
    case 'received':
      return String(r.received_at);
    case 'settled':
      return String(r.settled_at);
    default:
      return String(r.last_review_at ?? r.requested_at);
  }
};

/** Requests waiting at each open step: how many, and the longest wait in hours at `asOf`. */
export async function dispatchWaiting(sql: Sql, f: DispatchFilter, asOf: string | null) {
  const w = where(f);
  const rows = (
    await sql.execute({
      sql: `SELECT d.*, (SELECT max(at) FROM dispatch_reviews v WHERE v.request = d.id) AS last_review_at
            FROM dispatch_requests d WHERE status NOT IN ('refused', 'settled')${w.sql}`,
      args: w.args,
    })
  ).rows;
  const open = dispatchSteps.filter((s) => s !== 'refused' && s !== 'settled');
  return open.map((step) => {
    const at = rows
      .filter((r) => String(r.status) === step)
      .map((r) => enteredStep(r as Record<string, unknown>));
    const longest =
      asOf === null || at.length === 0 ? null : Math.max(...at.map((t) => hoursBetween(t, asOf)!));
    return { step, requests: at.length, longestWaitHours: longest };
  });
}

export async function dispatches(sql: Sql, f: DispatchFilter, afterSeq: number, limit: number) {
  const asOf = (await latestOccurredAt(sql)).asOf;
  const rows = await dispatchRows(sql, f, afterSeq, limit + 1);
  return {
    asOf,
    waiting: await dispatchWaiting(sql, f, asOf),
    rows: rows.slice(0, limit),
    more: rows.length > limit,
  };
}
