/**
 * Coverage as the regions and diseases pages read it: the API's coverage read function on the
 * build's database, once per grouping, and the one table layout every coverage table shares
 * (needs, open needs, needed, delivered, coverage, unmet, oversupply — oversupply always in a
 * column of its own, never inside coverage — response time and needs per million people).
 *
 * Quantities are in each item's own unit, as the API counts them; a row that mixes items adds
 * unlike units, which the pages say under every table.
 */
import { coverage, type CoverageDimension, type CoverageRow } from '../../api/store/queries/coverage.ts';
import { mappableRegions } from '../../api/store/queries/site-regions.ts';
import type { RegionName } from '../../api/store/queries/site-catalog.ts';
import type { Database } from '../../api/store/database.ts';
import { coverageOf } from '../charts/coverage-scale.ts';
import { once, onceWith } from './build-data.ts';
import { formatInteger, formatPercent } from './format.ts';
import type { Locale, Translate } from './i18n.ts';
import { cell, type Cell, type Column, type Raw } from './table.ts';

export type { CoverageRow };

export const regionCatalogue = once(async (db) => {
  const rows = await mappableRegions(db);
  return new Map(rows.map((r) => [r.code, r]));
}, new Map<string, RegionName>());

const read = (
  database: Database,
  groupBy: CoverageDimension[],
  level: 'province' | 'prefecture' | 'county',
  regions?: string[],
) =>
  regions && regions.length === 0
    ? Promise.resolve([])
    : coverage(database, { groupBy, level, period: 'month', regions });

export const provinceCoverage = onceWith((d) => read(d, ['region'], 'province'), [] as CoverageRow[]);
export const provinceDiseaseCoverage = onceWith(
  (d) => read(d, ['region', 'disease'], 'province'),
  [] as CoverageRow[],
);
export const diseaseCoverage = onceWith((d) => read(d, ['disease'], 'province'), [] as CoverageRow[]);
export const diseaseCategoryCoverage = onceWith(
  (d) => read(d, ['disease', 'category'], 'province'),
  [] as CoverageRow[],
);

const perProvince = new Map<string, Promise<{ regions: CoverageRow[]; regionDisease: CoverageRow[] }>>();

/**
 * Coverage of the units a province's map draws: its prefectures (read at prefecture level) and
 * the counties it administers directly (read at county level, since at prefecture level they
 * roll up into the province itself).
 */
export function provinceUnitsCoverage(
  province: string,
): Promise<{ regions: CoverageRow[]; regionDisease: CoverageRow[] }> {
  let p = perProvince.get(province);
  if (!p) {
    p = onceWith(
      async (database) => {
        const units = [...(await regionCatalogue()).values()].filter((r) => r.parent === province);
        const prefectures = units.filter((u) => u.level === 'prefecture').map((u) => u.code);
        const direct = units.filter((u) => u.level === 'county').map((u) => u.code);
        const both = async (groupBy: CoverageDimension[]) => [
          ...(await read(database, groupBy, 'prefecture', prefectures)),
          ...(await read(database, groupBy, 'county', direct)),
        ];
        return { regions: await both(['region']), regionDisease: await both(['region', 'disease']) };
      },
      { regions: [], regionDisease: [] },
    )();
    perProvince.set(province, p);
  }
  return p;
}

export const rowCoverage = (r: Pick<CoverageRow, 'covered' | 'needed'>): number | null =>
  coverageOf(r.covered, r.needed);
export const openNeeds = (r: Pick<CoverageRow, 'open'>): number => r.open.reduce((s, n) => s + n, 0);
export const oversupplyOf = (r: Pick<CoverageRow, 'excess' | 'unmatched'>): number => r.excess + r.unmatched;

/** A response time for people: "45 min", "5.5 h", "3.2 days" (zh "45 分钟", "5.5 小时", "3.2 天"). */
export function formatMinutes(minutes: number | null, locale: Locale): string {
  if (minutes === null) return '—';
  const zh = locale === 'zh-CN';
  // The histogram's last bucket is open-ended: more than a year.
  if (!Number.isFinite(minutes)) return zh ? '超过 1 年' : 'over a year';
  const one = (x: number) => (Math.round(x * 10) / 10).toLocaleString(zh ? 'zh-CN' : 'en-GB');
  if (minutes < 60) return zh ? `${Math.round(minutes)} 分钟` : `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return zh ? `${one(minutes / 60)} 小时` : `${one(minutes / 60)} h`;
  return zh ? `${one(minutes / 1440)} 天` : `${one(minutes / 1440)} days`;
}

/** Coverage shown as a percentage, "—" where nothing was needed. */
export const coverageText = (c: number | null, locale: Locale) =>
  c === null ? '—' : formatPercent(c, locale, 0);

/** Rounded for CSV: ratios to 4 places, rates to 3. */
const round = (x: number, digits: number) => Number(x.toFixed(digits));

/** The coverage columns, after the key columns a table starts with. */
export function coverageColumns(t: Translate): Column[] {
  return [
    { id: 'needs', label: t('cov.col.needs'), numeric: true },
    { id: 'open_needs', label: t('cov.col.open'), numeric: true },
    { id: 'needed', label: t('cov.col.needed'), numeric: true },
    { id: 'delivered', label: t('cov.col.delivered'), numeric: true },
    { id: 'coverage', label: t('cov.col.coverage'), numeric: true },
    { id: 'unmet', label: t('cov.col.unmet'), numeric: true },
    { id: 'oversupply', label: t('cov.col.oversupply'), numeric: true },
    { id: 'response_minutes_p50', label: t('cov.col.response'), numeric: true },
  ];
}

export function coverageCells(r: CoverageRow, locale: Locale): Cell[] {
  const n = (x: number) => cell(formatInteger(x, locale), x);
  const c = rowCoverage(r);
  return [
    n(r.needs),
    n(openNeeds(r)),
    n(r.needed),
    n(r.delivered),
    cell(coverageText(c, locale), c === null ? null : round(c, 4)),
    n(r.needed - r.covered),
    n(oversupplyOf(r)),
    cell(formatMinutes(r.responseMinutesP50, locale), finiteOrNull(r.responseMinutesP50)),
  ];
}

/** Columns the CSV carries beyond the shown ones, with their values for a row. */
export const coverageExtraIds = [
  'covered',
  'excess',
  'unmatched',
  'open_p1',
  'open_p2',
  'open_p3',
  'open_p4',
  'responded',
  'met_within_window',
  'response_minutes_p90',
];
export const coverageExtra = (r: CoverageRow): Raw[] => [
  r.covered,
  r.excess,
  r.unmatched,
  ...r.open,
  r.responded,
  r.metInWindow,
  finiteOrNull(r.responseMinutesP90),
];

/** Minutes for CSV: the open-ended last bucket (over a year) has no number, so it is left empty. */
const finiteOrNull = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);

/** Needs reported per million people, where the population is known. */
export function perMillion(needs: number, population: number | null | undefined): number | null {
  return population ? round((needs * 1_000_000) / population, 2) : null;
}

export const perCapitaExtraIds = ['population', 'needed_per_100k', 'delivered_per_100k'];
export function perCapitaExtra(r: CoverageRow, population: number | null | undefined): Raw[] {
  if (!population) return [null, null, null];
  return [
    population,
    round((r.needed * 100_000) / population, 3),
    round((r.delivered * 100_000) / population, 3),
  ];
}
