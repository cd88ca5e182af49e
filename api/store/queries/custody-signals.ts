/**
 * Cold-chain signals: cold-chain goods received without any temperature record, shipments whose
 * custody chain has a gap, and uses of goods released after an excursion. Only events that stand
 * count; organizations registered anonymous are shown by kind only.
 */
import type { Client, InValue, Transaction } from '@libsql/client';
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../database.ts';
import { publicName } from '../../contract/privacy.ts';
import { custodyChain } from '../../domain/custody.ts';
import { questionMarks } from '../bulk-sql.ts';
import { bodySql } from '../event-body.ts';

type Sql = Pick<Client | Transaction, 'execute'>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const orgName = (name: unknown, anonymous: unknown) =>
  publicName({ name: str(name), anonymous: Number(anonymous) === 1 });

export interface UnloggedReceipt {
  receipt: string;
  seq: number;
  shipment: string;
  item: string;
  quantity: number;
  from: string | null;
  fromName: string | null;
  to: string | null;
  toName: string | null;
  receivedAt: string;
}

/** Receipts of the given cold-chain items whose shipment has no temperature record, newest first. */
export async function coldChainUnlogged(
  sql: Sql,
  coldItems: string[],
  q: { before: number | null; limit: number },
): Promise<{ rows: UnloggedReceipt[]; more: boolean }> {
  if (coldItems.length === 0) return { rows: [], more: false };
  const receipt = bodySql('r', 're', 'rc');
  const shipment = bodySql('t', 'te', 'tc');
  const rows = (
    await sql.execute({
      sql: `SELECT 'evt_' || r.seq AS id, r.seq, 'evt_' || t.seq AS shipment, ${shipment.value('.goods.item')} AS item,
              ${receipt.value('.goods.quantity')} AS quantity, ${receipt.value('.occurredAt')} AS received_at,
              te.recorded_by AS from_org, fo.name AS from_name, fo.anonymous AS from_anon,
              re.recorded_by AS to_org, o.name AS to_name, o.anonymous AS to_anon
            FROM events re JOIN event_state r ON r.seq = re.seq ${receipt.replacingJoin}
            JOIN event_state t ON t.seq = CAST(substr(${receipt.value('.transfer')}, 5) AS INTEGER)
            JOIN events te ON te.seq = t.seq ${shipment.replacingJoin}
            LEFT JOIN organizations fo ON fo.id = te.recorded_by
            LEFT JOIN organizations o ON o.id = re.recorded_by
            WHERE re.type = 'receipt' AND r.status = 'active' AND (? IS NULL OR re.seq < ?)
              AND ${shipment.value('.goods.item')} IN (${questionMarks(coldItems.length)})
              AND NOT EXISTS (SELECT 1 FROM temperature_logs l JOIN event_state ls ON ls.seq = l.seq AND ls.status = 'active'
                              WHERE l.shipment = 'evt_' || t.seq)
            ORDER BY r.seq DESC LIMIT ?`,
      args: [q.before, q.before, ...coldItems, q.limit + 1],
    })
  ).rows;
  return {
    more: rows.length > q.limit,
    rows: rows.slice(0, q.limit).map((r) => {
      const fromName = orgName(r.from_name, r.from_anon);
      const toName = orgName(r.to_name, r.to_anon);
      return {
        receipt: String(r.id),
        seq: Number(r.seq),
        shipment: String(r.shipment),
        item: String(r.item),
        quantity: Number(r.quantity),
        from: fromName === null ? null : String(r.from_org),
        fromName,
        to: toName === null ? null : String(r.to_org),
        toName,
        receivedAt: String(r.received_at),
      };
    }),
  };
}

export interface CustodyGapRow {
  shipment: string;
  seq: number;
  item: string;
  state: 'in_transit' | 'received';
  gaps: Array<{ from: string | null; to: string | null; after: string | null; before: string | null }>;
}

/** Shipments with handovers whose chain has a gap, in log order after `after`. */
export async function custodyGaps(
  sql: Sql,
  q: { after: number; limit: number },
): Promise<{ rows: CustodyGapRow[]; more: boolean }> {
  const out: CustodyGapRow[] = [];
  let after = q.after;
  const batch = 500;
  const shipment = bodySql('t', 'te', 'tc');
  for (;;) {
    const shipments = (
      await sql.execute({
        sql: `SELECT 'evt_' || t.seq AS id, t.seq, te.recorded_by, 'evt_' || t.receipt_seq AS received_by,
                ${shipment.party('to')} AS receiver, ${shipment.value('.goods.item')} AS item
              FROM events te JOIN event_state t ON t.seq = te.seq ${shipment.replacingJoin}
              WHERE te.seq > ? AND t.status = 'active' AND te.type IN ('transfer', 'return')
                AND EXISTS (SELECT 1 FROM custody_handovers h WHERE h.shipment = 'evt_' || te.seq)
              ORDER BY t.seq LIMIT ?`,
        args: [after, batch],
      })
    ).rows;
    if (shipments.length === 0) break;
    const handovers = (
      await sql.execute({
        sql: `SELECT h.id, h.seq, h.shipment, h.from_org, h.to_org, h.at, h.place
              FROM custody_handovers h JOIN event_state s ON s.seq = h.seq AND s.status = 'active'
              WHERE h.shipment IN (${questionMarks(shipments.length)})`,
        args: shipments.map((s) => String(s.id)),
      })
    ).rows;
    const anonymous = new Set(
      (await sql.execute('SELECT id FROM organizations WHERE anonymous = 1')).rows.map((r) => String(r.id)),
    );
    const shown = (id: string) => (anonymous.has(id) ? null : id);
    for (const s of shipments) {
      after = Number(s.seq);
      const chain = custodyChain(
        { sender: String(s.recorded_by), receiver: String(s.receiver) },
        handovers
          .filter((h) => h.shipment === s.id)
          .map((h) => ({
            id: String(h.id),
            seq: Number(h.seq),
            from: String(h.from_org),
            to: String(h.to_org),
            at: String(h.at),
            place: str(h.place),
          })),
        str(s.received_by),
      );
      if (chain.continuous) continue;
      out.push({
        shipment: String(s.id),
        seq: Number(s.seq),
        item: String(s.item),
        state: s.received_by ? 'received' : 'in_transit',
        gaps: chain.gaps.map((g) => ({
          from: shown(g.from),
          to: shown(g.to),
          after: g.after,
          before: g.before,
        })),
      });
      if (out.length > q.limit) return { rows: out.slice(0, q.limit), more: true };
    }
    if (shipments.length < batch) break;
  }
  return { rows: out, more: false };
}

export interface ExcursionUse {
  event: string;
  seq: number;
  holder: string | null;
  holderName: string | null;
  item: string;
  lot: string;
  quantity: number;
  excursion: string;
  occurredAt: string | null;
}

/** Runs a drizzle SQL query and gives its rows: through a drizzle database or a libSQL client alike. */
export type RunQuery = (query: SQL) => Promise<Array<Record<string, unknown>>>;
const dialect = new SQLiteAsyncDialect();
export const viaClient =
  (client: Sql): RunQuery =>
  async (query) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    return (await client.execute({ sql: text, args: params as InValue[] })).rows as unknown as Array<
      Record<string, unknown>
    >;
  };
export const viaDb =
  (db: Pick<Db, 'all'>): RunQuery =>
  (query) =>
    db.all<Record<string, unknown>>(query);

/** Uses of goods released after an excursion (only these excursions, if given), in log order after `after`. */
export async function excursionUses(
  run: RunQuery,
  q: { after: number; limit: number; excursions?: string[] },
): Promise<{ rows: ExcursionUse[]; more: boolean }> {
  if (q.excursions?.length === 0) return { rows: [], more: false };
  const only = q.excursions
    ? sql`AND f.excursion IN (${sql.join(
        q.excursions.map((e) => sql`${e}`),
        sql`, `,
      )})`
    : sql``;
  const use = bodySql('u', 'ue', 'uc');
  // A correction's flows count toward the use it corrects, so a reversed use nets to nothing
  // and a replaced one shows its replacement.
  const rows =
    await run(sql`SELECT 'evt_' || u.seq AS event, u.seq, f.to_org, o.name, o.anonymous, f.asset, f.lot_code, f.excursion,
              sum(f.amount) AS quantity, ${sql.raw(use.value('.occurredAt'))} AS occurred_at
            FROM flows f
            JOIN events fe ON fe.seq = f.seq
            JOIN event_state u ON u.seq = CASE WHEN fe.type = 'correction' THEN CAST(substr(fe.leaf->>'$.event.corrects', 5) AS INTEGER) ELSE fe.seq END
            JOIN events ue ON ue.seq = u.seq ${sql.raw(use.replacingJoin)}
            LEFT JOIN organizations o ON o.id = f.to_org
            WHERE f.kind = 'used' AND f.excursion IS NOT NULL AND u.seq > ${q.after} ${only}
            GROUP BY u.seq, f.to_org, f.asset, f.lot_code, f.excursion HAVING sum(f.amount) <> 0
            ORDER BY u.seq, f.lot_code LIMIT ${q.limit + 1}`);
  // A page ends after a whole use: the lots of one use share its seq, and the cursor is that seq.
  let end = Math.min(rows.length, q.limit);
  if (rows.length > q.limit) {
    const cut = rows[q.limit]!.seq;
    while (end > 1 && rows[end - 1]!.seq === cut) end--;
  }
  return {
    more: rows.length > q.limit,
    rows: rows.slice(0, end).map((r) => {
      const holderName = orgName(r.name, r.anonymous);
      return {
        event: String(r.event),
        seq: Number(r.seq),
        holder: holderName === null ? null : String(r.to_org),
        holderName,
        item: String(r.asset).slice('goods:'.length),
        lot: String(r.lot_code),
        quantity: Number(r.quantity),
        excursion: String(r.excursion),
        occurredAt: str(r.occurred_at),
      };
    }),
  };
}
