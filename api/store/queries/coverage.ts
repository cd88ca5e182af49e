/**
 * Coverage read from the pre-aggregated cells: sums in SQL, ratios and percentiles here, at
 * read time. Response-time percentiles come from the cells' histograms and are reported as
 * the upper edge of the bucket that holds them (edges grow by 25%), so they are never
 * understated.
 */
import type { InValue } from '@libsql/client';
import { responseBucketEdgesMinutes } from '../../domain/needs.ts';
import type { Database } from '../database.ts';
import { questionMarks } from '../bulk-sql.ts';
import { measureColumns, type PeriodGrain } from '../coverage-cells.ts';

export const coverageDimensions = ['region', 'disease', 'item', 'category', 'period'] as const;
export type CoverageDimension = (typeof coverageDimensions)[number];

export interface CoverageQuery {
  groupBy: CoverageDimension[];
  level: 'province' | 'prefecture' | 'county';
  period: PeriodGrain;
  from?: string;
  to?: string;
  regions?: string[];
  disease?: string;
  item?: string;
  category?: string;
}

export interface CoverageRow {
  keys: Partial<Record<CoverageDimension, string>>;
  needs: number;
  needed: number;
  covered: number;
  delivered: number;
  excess: number;
  unmatched: number;
  open: [number, number, number, number];
  responded: number;
  metInWindow: number;
  /** Need lines whose amount was not stated, and need lines met. */
  unstated: number;
  met: number;
  responseMinutesP50: number | null;
  responseMinutesP90: number | null;
  /** Lines per response-time bucket, for percentiles over several rows. */
  histogram: number[];
}

const column: Record<CoverageDimension, string> = {
  region: 'region',
  disease: 'disease',
  item: 'item',
  category: 'category',
  period: 'period_start',
};

export function percentileOf(histogram: number[], q: number): number | null {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen >= rank) return responseBucketEdgesMinutes[i]!;
  }
  return null;
}

export async function coverage(database: Database, q: CoverageQuery): Promise<CoverageRow[]> {
  // Period grouping reads the requested grain; a date range needs days to be exact; else months are fewest.
  const grain: PeriodGrain = q.groupBy.includes('period') ? q.period : q.from || q.to ? 'day' : 'month';
  const where = ['level = ?', 'period = ?'];
  const args: InValue[] = [q.level, grain];
  if (q.from) where.push('period_start >= ?'), args.push(q.from);
  if (q.to) where.push('period_start <= ?'), args.push(q.to);
  if (q.regions) where.push(`region IN (${questionMarks(q.regions.length)})`), args.push(...q.regions);
  if (q.disease) where.push('disease = ?'), args.push(q.disease);
  if (q.item) where.push('item = ?'), args.push(q.item);
  if (q.category) where.push('category = ?'), args.push(q.category);
  const keys = q.groupBy.map((d) => column[d]);
  const sql = `SELECT ${[...keys, ...measureColumns.map((m) => `sum("${m}") AS "${m}"`)].join(', ')}
    FROM coverage_cells WHERE ${where.join(' AND ')}${keys.length ? ` GROUP BY ${keys.join(', ')} ORDER BY ${keys.join(', ')}` : ''}`;
  const res = await database.client.execute({ sql, args });
  return res.rows
    .map((r) => {
      const n = (c: string) => Number(r[c] ?? 0);
      const histogram = measureColumns.filter((c) => c.startsWith('rt')).map(n);
      return {
        keys: Object.fromEntries(q.groupBy.map((d) => [d, String(r[column[d]] ?? '')])),
        needs: n('needs'),
        needed: n('needed'),
        covered: n('covered'),
        delivered: n('delivered'),
        excess: n('excess'),
        unmatched: n('unmatched'),
        open: [n('open_p1'), n('open_p2'), n('open_p3'), n('open_p4')] as [number, number, number, number],
        responded: n('responded'),
        metInWindow: n('met_in_window'),
        unstated: n('unstated'),
        met: n('met'),
        responseMinutesP50: percentileOf(histogram, 0.5),
        responseMinutesP90: percentileOf(histogram, 0.9),
        histogram,
      };
    })
    .filter((row) => row.needs !== 0 || row.unmatched !== 0);
}
