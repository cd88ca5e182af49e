/**
 * Coverage by facility, read from the needs projection (coverage cells are kept by region):
 * the same measures as the cells, summed per facility and optionally per item, category or
 * disease. Deliveries that answered no need count as unmatched at the facility they reached.
 * Facilities registered anonymous are counted together by kind, under the key
 * `anonymous:<kind>` and without a name: never by id.
 */
import type { InValue } from '@libsql/client';
import { responseBucket } from '../../domain/needs.ts';
import { questionMarks } from '../bulk-sql.ts';
import type { Database } from '../database.ts';
import { percentileOf, type CoverageQuery, type CoverageRow } from './coverage.ts';

export const facilityDimensions = ['facility', 'item', 'category', 'disease'] as const;
export type FacilityDimension = (typeof facilityDimensions)[number];

export interface FacilityCoverageRow extends Omit<CoverageRow, 'keys'> {
  keys: Partial<Record<FacilityDimension, string>>;
  facilityName: string | null;
  /** Where the facility is; null for facilities registered anonymous (counted together by kind). */
  facilityRegion: string | null;
}

/** A facility's public key: its id, or `anonymous:<kind>` for one registered anonymous. */
const publicFacility = (row: string, org: string) =>
  `CASE WHEN ${org}.anonymous = 1 THEN 'anonymous:' || ${org}.kind ELSE ${row}.facility END`;

export async function facilityCoverage(
  database: Database,
  q: Omit<CoverageQuery, 'groupBy' | 'level' | 'period'> & { groupBy: FacilityDimension[] },
): Promise<FacilityCoverageRow[]> {
  const where = ["n.status <> 'withdrawn'"];
  const args: InValue[] = [];
  // Periods compare the local date recorded in the event, as the cells do.
  if (q.from) where.push('substr(n.reported_at, 1, 10) >= ?'), args.push(q.from);
  if (q.to) where.push('substr(n.reported_at, 1, 10) <= ?'), args.push(q.to);
  if (q.regions) where.push(`n.region IN (${questionMarks(q.regions.length)})`), args.push(...q.regions);
  if (q.disease) where.push('n.disease = ?'), args.push(q.disease);
  if (q.item) where.push('n.item = ?'), args.push(q.item);
  if (q.category) where.push('n.category = ?'), args.push(q.category);
  const res = await database.client.execute({
    sql: `SELECT ${publicFacility('n', 'o')} AS facility, n.item, n.category, n.disease, n.quantity, n.quantity_stated, n.delivered,
            n.status, n.priority, n.reported_at_ms, n.first_delivery_at, n.met_at, n.urgency,
            CASE WHEN o.anonymous = 1 THEN NULL ELSE o.name END AS facility_name,
            CASE WHEN o.anonymous = 1 THEN NULL ELSE n.region END AS facility_region
          FROM needs n LEFT JOIN organizations o ON o.id = n.facility
          WHERE ${where.join(' AND ')}`,
    args,
  });
  const unmatched = await database.client.execute({
    sql: `SELECT ${publicFacility('d', 'o')} AS facility, d.item, d.category, sum(d.unmatched) AS unmatched
          FROM deliveries d LEFT JOIN organizations o ON o.id = d.facility
          WHERE d.undone = 0 AND d.unmatched > 0${q.from ? ' AND substr(d.at, 1, 10) >= ?' : ''}${q.to ? ' AND substr(d.at, 1, 10) <= ?' : ''}
          GROUP BY 1, d.item, d.category`,
    args: [...(q.from ? [q.from] : []), ...(q.to ? [q.to] : [])],
  });
  const groups = new Map<string, FacilityCoverageRow>();
  const keyOf = (r: Record<string, unknown>) => q.groupBy.map((d) => String(r[d] ?? '')).join('\u0000');
  const group = (r: Record<string, unknown>, name: string | null, region: string | null) => {
    const k = keyOf(r);
    let g = groups.get(k);
    if (!g) {
      g = {
        keys: Object.fromEntries(q.groupBy.map((d) => [d, String(r[d] ?? '')])),
        facilityName: name,
        facilityRegion: region,
        needs: 0,
        needed: 0,
        covered: 0,
        delivered: 0,
        excess: 0,
        unmatched: 0,
        unstated: 0,
        met: 0,
        open: [0, 0, 0, 0],
        responded: 0,
        metInWindow: 0,
        responseMinutesP50: null,
        responseMinutesP90: null,
        histogram: [],
      };
      groups.set(k, g);
    }
    return g;
  };
  for (const row of res.rows) {
    const r = row as unknown as Record<string, unknown>;
    const g = group(
      r,
      (r.facility_name as string | null) ?? null,
      (r.facility_region as string | null) ?? null,
    );
    const stated = Number(r.quantity_stated) === 1;
    const quantity = Number(r.quantity);
    const delivered = Number(r.delivered);
    const covered = stated ? Math.min(delivered, quantity) : 0;
    g.needs += 1;
    g.needed += stated ? quantity : 0;
    g.covered += covered;
    g.delivered += delivered;
    g.excess += stated ? delivered - covered : 0;
    if (!stated) g.unstated += 1;
    if (r.met_at) g.met += 1;
    if (r.status === 'open') g.open[Number(r.priority) - 1]! += 1;
    if (r.first_delivery_at) {
      g.responded += 1;
      const b = responseBucket((Date.parse(String(r.first_delivery_at)) - Number(r.reported_at_ms)) / 60_000);
      g.histogram[b] = (g.histogram[b] ?? 0) + 1;
    }
  }
  // Unmatched units only where the grouping can hold them (not by disease: deliveries carry none).
  if (!q.groupBy.includes('disease') && !q.disease)
    for (const row of unmatched.rows) {
      const r = row as unknown as Record<string, unknown>;
      if (q.item && r.item !== q.item) continue;
      if (q.category && r.category !== q.category) continue;
      const g = groups.get(keyOf(r));
      if (g) g.unmatched += Number(r.unmatched);
    }
  return [...groups.values()]
    .map((g) => {
      const h = Array.from({ length: Math.max(g.histogram.length, 1) }, (_, i) => g.histogram[i] ?? 0);
      return {
        ...g,
        histogram: h,
        responseMinutesP50: percentileOf(h, 0.5),
        responseMinutesP90: percentileOf(h, 0.9),
      };
    })
    .sort(
      (a, b) =>
        q.groupBy.map((d) => (a.keys[d] ?? '').localeCompare(b.keys[d] ?? '')).find((x) => x !== 0) ?? 0,
    );
}
