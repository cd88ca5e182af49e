/**
 * How each need and each delivery counts in the coverage cells. A change is written as the
 * difference between what the need counted before and after it, so cells stay exact under
 * updates, deliveries, closures and corrections, and a rebuild arrives at the same rows.
 *
 * Per need: needed = quantity; covered = min(delivered, quantity); excess = delivered beyond
 * quantity (after a need shrinks). Deliveries that answered no need count as unmatched. So
 * coverage = covered / needed never exceeds 1, and oversupply = excess + unmatched is never
 * hidden inside it. Periods use the local date as recorded in the event's timestamp.
 */
import type { InValue } from '@libsql/client';
import type { RegionLevel } from '../domain/catalog.ts';
import {
  deliveredTo,
  epochMs,
  responseBucket,
  timeline,
  urgencyWindowHours,
  type Delivery,
  type NeedRecord,
} from '../domain/needs.ts';
import { insertRows, type Executor } from './bulk-sql.ts';
import { coverageCells, responseBucketCount } from './schema.ts';

export const regionLevels: RegionLevel[] = ['province', 'prefecture', 'county'];
export const periodGrains = ['day', 'week', 'month'] as const;
export type PeriodGrain = (typeof periodGrains)[number];

export const measureColumns = [
  'needs',
  'needed',
  'covered',
  'delivered',
  'excess',
  'unmatched',
  'open_p1',
  'open_p2',
  'open_p3',
  'open_p4',
  'responded',
  'met_in_window',
  'unstated',
  'met',
  ...Array.from({ length: responseBucketCount }, (_, i) => `rt${i}`),
] as const;
const M = Object.fromEntries(measureColumns.map((c, i) => [c, i])) as Record<string, number>;

export type RollUp = (code: string, level: RegionLevel) => string;

export function periodStart(date: string, grain: PeriodGrain): string {
  const day = date.slice(0, 10);
  if (grain === 'day') return day;
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // back to Monday (ISO week)
  return d.toISOString().slice(0, 10);
}

export class CellDeltas {
  private readonly cells = new Map<string, number[]>();

  constructor(private readonly rollUp: RollUp) {}

  private add(
    region: string,
    disease: string,
    item: string,
    category: string,
    date: string,
    measures: Array<[number, number]>,
    sign: 1 | -1,
  ) {
    for (const level of regionLevels) {
      for (const grain of periodGrains) {
        const key = [
          level,
          this.rollUp(region, level),
          disease,
          item,
          category,
          grain,
          periodStart(date, grain),
        ].join('\u0000');
        let v = this.cells.get(key);
        if (!v) this.cells.set(key, (v = new Array(measureColumns.length).fill(0)));
        for (const [i, x] of measures) v[i]! += sign * x;
      }
    }
  }

  need(n: NeedRecord | null | undefined, sign: 1 | -1): void {
    if (!n || n.status === 'withdrawn') return;
    const delivered = deliveredTo(n);
    // A need without a stated amount is a line, never a quantity: it adds nothing to needed,
    // covered or excess, and what it took is counted as delivered against need.
    const covered = n.quantityStated ? Math.min(delivered, n.quantity) : 0;
    const measures: Array<[number, number]> = [
      [M.needs!, 1],
      [M.needed!, n.quantity],
      [M.covered!, covered],
      [M.delivered!, delivered],
      [M.excess!, n.quantityStated ? delivered - covered : 0],
    ];
    if (!n.quantityStated) measures.push([M.unstated!, 1]);
    if (n.status === 'open') measures.push([M[`open_p${n.priority}`]!, 1]);
    const { firstDeliveryAt, metAt } = timeline(n);
    if (metAt) measures.push([M.met!, 1]);
    if (firstDeliveryAt) {
      measures.push(
        [M.responded!, 1],
        [M[`rt${responseBucket((epochMs(firstDeliveryAt) - epochMs(n.reportedAt)) / 60_000)}`]!, 1],
      );
    }
    if (metAt && epochMs(metAt) - epochMs(n.reportedAt) <= urgencyWindowHours[n.urgency] * 3_600_000)
      measures.push([M.met_in_window!, 1]);
    this.add(n.region, n.disease ?? '', n.item ?? '', n.category, n.reportedAt, measures, sign);
  }

  delivery(d: Pick<Delivery, 'region' | 'item' | 'category' | 'at' | 'unmatched'>, sign: 1 | -1): void {
    if (d.unmatched === 0) return;
    this.add(d.region, '', d.item, d.category, d.at, [[M.unmatched!, d.unmatched]], sign);
  }

  async write(db: Executor): Promise<void> {
    const rows: InValue[][] = [];
    // Only a cell that lost something can come back to nothing: every measure is a sum of
    // non-negative parts, so a cell whose changes are all gains is never all zero after them.
    const shrunk: InValue[][] = [];
    for (const [key, v] of this.cells) {
      if (!v.some((x) => x !== 0)) continue;
      const row = [...key.split('\u0000'), ...v];
      rows.push(row);
      if (v.some((x) => x < 0)) shrunk.push(row);
    }
    const cols = [
      'level',
      'region',
      'disease',
      'item',
      'category',
      'period',
      'period_start',
      ...measureColumns,
    ];
    await insertRows(
      db,
      coverageCells,
      cols,
      rows,
      `ON CONFLICT (level, period, period_start, region, disease, item, category) DO UPDATE SET ${measureColumns.map((c) => `"${c}" = "${c}" + excluded."${c}"`).join(', ')}`,
    );
    // A cell brought back to nothing (a delivery undone in a later batch) is removed, as a rebuild
    // that sees the delivery and its undoing in one batch never writes it.
    const allZero = measureColumns.map((c) => `"${c}" = 0`).join(' AND ');
    for (let i = 0; i < shrunk.length; i += 500) {
      const part = shrunk.slice(i, i + 500);
      await db.execute({
        sql: `DELETE FROM coverage_cells WHERE ${allZero} AND (level, region, disease, item, category, period, period_start) IN (VALUES ${part.map(() => '(?,?,?,?,?,?,?)').join(',')})`,
        args: part.flatMap((r) => r.slice(0, 7)),
      });
    }
    this.cells.clear();
  }
}
