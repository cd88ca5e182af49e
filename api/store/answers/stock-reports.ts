/**
 * Daily stock reports of a reserve holder, as storage companies file them during an
 * emergency: per day and item, goods in, goods out and on hand at the end of the day. Built
 * from the holder's own events as they now stand (a corrected event counts as corrected, a
 * reversed one not at all), so on hand always equals the goods it holds. One function for the
 * API, the CSV and the page.
 */
import type { Client, Transaction } from '@libsql/client';
import type { Goods } from '../../domain/events.ts';
import { bodySql } from '../event-body.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export interface StockReportRow {
  date: string;
  item: string;
  in: number;
  out: number;
  onHand: number;
}

const inbound = new Set(['donation', 'purchase', 'receipt', 'opening_balance']);
const outbound = new Set(['transfer', 'return', 'use', 'write_off']);

export const stockReportColumns = ['date', 'item', 'in', 'out', 'on_hand'] as const;

export async function stockReports(
  sql: Sql,
  holder: string,
  f: { item?: string; from?: string; to?: string } = {},
): Promise<StockReportRow[]> {
  // Dates and goods are public: the leaves (or the replacing corrections' leaves) hold them.
  const current = bodySql('s', 'e', 'c');
  const rows = (
    await sql.execute({
      sql: `SELECT e.type, ${current.value('.occurredAt')} AS occurred_at, ${current.json('.goods')} AS goods
            FROM events e JOIN event_state s ON s.seq = e.seq ${current.replacingJoin}
            WHERE e.recorded_by = ? AND s.status = 'active'
              AND e.type IN ('donation', 'purchase', 'receipt', 'opening_balance', 'transfer', 'return', 'use', 'write_off')
            ORDER BY e.seq`,
      args: [holder],
    })
  ).rows;
  const days = new Map<string, StockReportRow>();
  for (const r of rows) {
    const type = String(r.type);
    const body = {
      occurredAt: String(r.occurred_at),
      goods: r.goods === null ? undefined : (JSON.parse(String(r.goods)) as Goods),
    };
    if (!body.goods || (f.item && body.goods.item !== f.item)) continue;
    const date = body.occurredAt.slice(0, 10);
    const key = `${date}|${body.goods.item}`;
    let d = days.get(key);
    if (!d) days.set(key, (d = { date, item: body.goods.item, in: 0, out: 0, onHand: 0 }));
    if (inbound.has(type)) d.in += body.goods.quantity;
    else if (outbound.has(type)) d.out += body.goods.quantity;
  }
  const ordered = [...days.values()].sort(
    (a, b) => a.date.localeCompare(b.date) || a.item.localeCompare(b.item),
  );
  const running = new Map<string, number>();
  for (const d of ordered) {
    const now = (running.get(d.item) ?? 0) + d.in - d.out;
    running.set(d.item, now);
    d.onHand = now;
  }
  return ordered.filter((d) => (!f.from || d.date >= f.from) && (!f.to || d.date <= f.to));
}

/** The holders that file reserve plans, in id order. */
export async function reserveHolders(sql: Sql): Promise<string[]> {
  return (await sql.execute('SELECT DISTINCT holder FROM reserve_plans ORDER BY holder')).rows.map((r) =>
    String(r.holder),
  );
}
