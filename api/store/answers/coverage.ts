/**
 * The coverage answer: rows of `GET /api/v1/coverage`, built once for the route, the site's
 * coverage pages and anything else that publishes coverage. Each group is read item by item
 * and folded (api/domain/coverage-by-item.ts), so a row spanning several items never adds
 * their quantities: its summed quantity fields are null and `byItem` lists them per item,
 * while line counts, line coverage, open needs and response times stay.
 */
import type { Catalog } from '../../domain/catalog.ts';
import { foldByItem, type ItemLine, type ItemMeasures } from '../../domain/coverage-by-item.ts';
import type { Database } from '../database.ts';
import { coverage, percentileOf, type CoverageDimension, type CoverageQuery } from '../queries/coverage.ts';
import { facilityCoverage, type FacilityDimension } from '../queries/facility-coverage.ts';

export type CoverageGroup = CoverageDimension | FacilityDimension;

export interface CoverageAnswerQuery extends Omit<CoverageQuery, 'groupBy'> {
  /** Validated: coverage dimensions, or facility with any of item, category, disease. */
  groupBy: CoverageGroup[];
}

export interface CoverageAnswerRow {
  region?: string;
  regionName?: string;
  disease?: string | null;
  item?: string | null;
  category?: string;
  period?: string;
  facility?: string;
  facilityName?: string | null;
  needs: number;
  needed: number | null;
  delivered: number | null;
  coverage: number | null;
  unmet: number | null;
  oversupply: number | null;
  excess: number | null;
  unmatched: number | null;
  openNeeds: { p1: number; p2: number; p3: number; p4: number };
  responded: number;
  responseHoursP50: number | null;
  responseHoursP90: number | null;
  metWithinUrgencyWindow: number;
  needLines: number;
  needLinesUnstated: number;
  needLinesMet: number;
  lineCoverage: number | null;
  population?: number;
  neededPer100k?: number | null;
  deliveredPer100k?: number | null;
  byItem: ItemLine[];
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));

interface Part extends ItemMeasures {
  keys: Partial<Record<CoverageGroup, string>>;
  facilityName?: string | null;
  facilityRegion?: string | null;
}

export async function coverageAnswer(
  database: Database,
  catalog: Catalog,
  q: CoverageAnswerQuery,
): Promise<CoverageAnswerRow[]> {
  const { groupBy } = q;
  const byFacility = groupBy.includes('facility');
  // Read one level finer than asked — by item and category too — and fold back.
  const finer = [...groupBy, ...(['item', 'category'] as const).filter((d) => !groupBy.includes(d))];
  const rows = byFacility
    ? await facilityCoverage(database, { ...q, groupBy: finer as FacilityDimension[] })
    : await coverage(database, { ...q, groupBy: finer as CoverageDimension[] });
  const groups = new Map<string, Part[]>();
  for (const r of rows) {
    const keys = r.keys as Partial<Record<CoverageGroup, string>>;
    const part: Part = {
      ...r,
      keys: Object.fromEntries(groupBy.map((d) => [d, keys[d] ?? ''])),
      item: keys.item || null,
      category: keys.category ?? '',
    };
    const k = groupBy.map((d) => keys[d] ?? '').join('\u0000');
    groups.set(k, [...(groups.get(k) ?? []), part]);
  }
  return [...groups.values()].map((parts) => {
    const first = parts[0]!;
    const keys = first.keys;
    const { totals: r, quantities, byItem } = foldByItem(parts);
    const regionCode = keys.region ?? first.facilityRegion ?? undefined;
    const region = regionCode ? catalog.region(regionCode) : undefined;
    const population = keys.region !== undefined ? (region?.population ?? undefined) : undefined;
    const p50 = percentileOf(r.histogram, 0.5);
    const p90 = percentileOf(r.histogram, 0.9);
    return {
      ...(regionCode !== undefined ? { region: regionCode, regionName: region?.nameZh } : {}),
      ...(keys.disease !== undefined ? { disease: keys.disease || null } : {}),
      ...(keys.item !== undefined ? { item: keys.item || null } : {}),
      ...(keys.category !== undefined ? { category: keys.category } : {}),
      ...(keys.period !== undefined ? { period: keys.period } : {}),
      ...(keys.facility !== undefined
        ? { facility: keys.facility, facilityName: first.facilityName ?? null }
        : {}),
      needs: r.needs,
      ...quantities,
      openNeeds: { p1: r.open[0], p2: r.open[1], p3: r.open[2], p4: r.open[3] },
      responded: r.responded,
      responseHoursP50: p50 === null ? null : round(p50 / 60, 2),
      responseHoursP90: p90 === null ? null : round(p90 / 60, 2),
      metWithinUrgencyWindow: r.metInWindow,
      needLines: r.needs,
      needLinesUnstated: r.unstated,
      needLinesMet: r.met,
      lineCoverage: r.needs > 0 ? r.met / r.needs : null,
      ...(population
        ? {
            population,
            neededPer100k:
              quantities.needed === null ? null : round((quantities.needed * 100_000) / population, 3),
            deliveredPer100k:
              quantities.delivered === null ? null : round((quantities.delivered * 100_000) / population, 3),
          }
        : {}),
      byItem,
    };
  });
}
