/**
 * Coverage as the regions and diseases pages read it: the API's coverage read function on the
 * build's database, once per grouping, and the one table layout every coverage table shares
 * (needs, open needs, needed, delivered, coverage, unmet, oversupply — oversupply always in a
 * column of its own, never inside coverage — response time and needs per million people).
 *
 * A row that mixes items (a region, a disease) is measured by its need lines — the share of
 * lines met and the mean of each line's own coverage (api/domain/line-coverage.ts) — never by
 * summed quantities, which would add boxes to vials. Quantities are shown only for one item.
 */
import { coverage, type CoverageDimension, type CoverageRow } from '../../api/store/queries/coverage.ts';
import { mappableRegions } from '../../api/store/queries/site-regions.ts';
import type { RegionName } from '../../api/store/queries/site-catalog.ts';
import type { Database } from '../../api/store/database.ts';
import { coverageOf } from '../charts/coverage-scale.ts';
import { buildSource, once, onceWith } from './build-data.ts';
import { listNeeds } from '../../api/store/queries/needs.ts';
import type { needs } from '../../api/store/schema.ts';
import {
  addLine,
  emptyLineCoverage,
  meanLineCoverage,
  metShare,
  type LineCoverage,
  type NeedLine,
} from '../../api/domain/line-coverage.ts';
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

/**
 * A row's coverage: for one item, Σ covered / Σ needed in its unit; across items, the share of
 * need lines met (the map's colour, the heat map's cells, the charts' bars).
 */
export const rowCoverage = (
  r: Pick<CoverageRow, 'covered' | 'needed' | 'needs' | 'met' | 'keys'>,
): number | null =>
  r.keys.item ? coverageOf(r.covered, r.needed) : metShare({ lines: r.needs, met: r.met });

/** Every need line (withdrawn ones aside), read once per build. */
const needLines = once(
  async (db) =>
    (await listNeeds(db, {}, null, 1_000_000)).map((r) => r.need).filter((n) => n.status !== 'withdrawn'),
  [] as Array<typeof needs.$inferSelect>,
);

/**
 * Line coverage by group key: `r:<region>` for a region at any level (a line counts in its
 * own region and every region above it), `d:<disease>`, and `r:<region>|d:<disease>`.
 */
export const lineCoverageIndex = once(async () => {
  const regions = (await buildSource()).names['zh-CN'].regions;
  const index = new Map<string, LineCoverage>();
  const add = (key: string, line: NeedLine) => {
    let c = index.get(key);
    if (!c) index.set(key, (c = emptyLineCoverage()));
    addLine(c, line);
  };
  for (const n of await needLines()) {
    const line: NeedLine = {
      quantity: n.quantity,
      delivered: n.delivered,
      stated: n.quantityStated,
      met: n.metAt !== null,
    };
    const disease = n.disease ?? '';
    add(`d:${disease}`, line);
    let code: string | undefined = n.region;
    for (let i = 0; code && i < 8; i++) {
      add(`r:${code}`, line);
      add(`r:${code}|d:${disease}`, line);
      code = regions[code]?.[1] || undefined;
    }
  }
  return index;
}, new Map<string, LineCoverage>());

/** The line coverage of a coverage row grouped by region and/or disease. */
export function rowLines(index: Map<string, LineCoverage>, r: Pick<CoverageRow, 'keys'>): LineCoverage {
  const parts: string[] = [];
  if (r.keys.region !== undefined) parts.push(`r:${r.keys.region}`);
  if (r.keys.disease !== undefined) parts.push(`d:${r.keys.disease}`);
  return index.get(parts.join('|')) ?? emptyLineCoverage();
}
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

/**
 * The coverage columns, after the key columns a table starts with. Across items: need lines,
 * open lines, lines met, their share and the mean line coverage; for one item (`perItem`) its
 * quantities too (needed, delivered, coverage, unmet, oversupply), in its unit.
 */
export function coverageColumns(t: Translate, perItem = false): Column[] {
  return [
    { id: 'needs', label: t('cov.col.needs'), numeric: true },
    { id: 'open_needs', label: t('cov.col.open'), numeric: true },
    ...(perItem
      ? [
          { id: 'needed', label: t('cov.col.needed'), numeric: true },
          { id: 'delivered', label: t('cov.col.delivered'), numeric: true },
          { id: 'coverage', label: t('cov.col.coverage'), numeric: true, key: true },
          { id: 'unmet', label: t('cov.col.unmet'), numeric: true, key: true },
          { id: 'oversupply', label: t('cov.col.oversupply'), numeric: true },
        ]
      : [
          { id: 'needs_met', label: t('cov.col.met'), numeric: true },
          { id: 'needs_met_share', label: t('cov.col.metShare'), numeric: true, key: true },
          { id: 'mean_line_coverage', label: t('cov.col.meanLine'), numeric: true, key: true },
        ]),
    { id: 'response_minutes_p50', label: t('cov.col.response'), numeric: true },
  ];
}

/** A row's cells under coverageColumns: across items from its `lines`, or per item (`lines` omitted). */
export function coverageCells(r: CoverageRow, locale: Locale, lines?: LineCoverage): Cell[] {
  const n = (x: number) => cell(formatInteger(x, locale), x);
  const ratio = (c: number | null) => cell(coverageText(c, locale), c === null ? null : round(c, 4));
  const head = [n(r.needs), n(openNeeds(r))];
  const tail = cell(formatMinutes(r.responseMinutesP50, locale), finiteOrNull(r.responseMinutesP50));
  if (lines)
    return [
      ...head,
      n(r.met),
      ratio(metShare({ lines: r.needs, met: r.met })),
      ratio(meanLineCoverage(lines)),
      tail,
    ];
  return [
    ...head,
    n(r.needed),
    n(r.delivered),
    ratio(coverageOf(r.covered, r.needed)),
    n(r.needed - r.covered),
    n(oversupplyOf(r)),
    tail,
  ];
}

/** Columns the CSV carries beyond the shown ones, with their values for a row. */
export const coverageExtraIds = [
  'open_p1',
  'open_p2',
  'open_p3',
  'open_p4',
  'responded',
  'met_within_window',
  'response_minutes_p90',
];
export const coverageExtra = (r: CoverageRow): Raw[] => [
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

export const perCapitaExtraIds = ['population'];
export function perCapitaExtra(_r: CoverageRow, population: number | null | undefined): Raw[] {
  return [population ?? null];
}
