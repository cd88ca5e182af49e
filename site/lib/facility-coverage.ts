/**
 * Coverage by facility: each hospital, health centre or clinic with its region, its need lines
 * (with and without a stated amount), the lines met and its line coverage, and what was needed
 * and delivered item by item — never a quantity summed across items. The rows are the API's
 * `GET /api/v1/coverage?groupBy=facility` answer (api/store/answers/coverage.ts), so page, CSV
 * and API agree; facilities registered anonymous appear only by kind, as there.
 *
 * Views are pre-rendered so they work without JavaScript: all facilities least covered first,
 * all facilities with the most need lines first, and each province least covered first.
 */
import { coverageAnswer, type CoverageAnswerRow } from '../../api/store/answers/coverage.ts';
import type { ItemLine } from '../../api/domain/coverage-by-item.ts';
import { barsModel, type BarsModel } from '../charts/bars-state.ts';
import { buildSource, onceWith } from './build-data.ts';
import { formatInteger, formatPercent } from './format.ts';
import { translator, localePath, type Locale, type StringKey, type Translate } from './i18n.ts';
import { createNamer, type Namer } from './names.ts';
import { boardPagePath, needQuantity, needWhat } from './needs-board.ts';
import { siteCatalog } from './site-catalog.ts';
import { cell, linkCell, type Table } from './table.ts';

export type FacilityRow = CoverageAnswerRow & { facility: string };

/** Every facility's coverage, read once per build with the API's answer. */
export const facilityRows = onceWith(
  async (database) =>
    (await coverageAnswer(database, siteCatalog(), {
      groupBy: ['facility'],
      level: 'province',
      period: 'month',
    })) as FacilityRow[],
  [] as FacilityRow[],
);

/** Least covered first: the share of lines met, then the most lines, then id. */
export const leastCoveredFirst = (a: FacilityRow, b: FacilityRow): number =>
  (a.lineCoverage ?? 1) - (b.lineCoverage ?? 1) ||
  b.needLines - a.needLines ||
  a.facility.localeCompare(b.facility);

export const mostLinesFirst = (a: FacilityRow, b: FacilityRow): number =>
  b.needLines - a.needLines || leastCoveredFirst(a, b);

export interface FacilityView {
  /** URL segment under /coverage/facilities/ ('' for all, least covered first). */
  key: string;
  kind: 'all' | 'lines' | 'province';
  /** A province code for a province's view. */
  value: string;
  rows: FacilityRow[];
}

export const mostLinesKey = 'most-lines';

export function facilityViews(
  rows: readonly FacilityRow[],
  provinceOf: (region: string) => string,
): FacilityView[] {
  const least = [...rows].sort(leastCoveredFirst);
  const views: FacilityView[] = [
    { key: '', kind: 'all', value: '', rows: least },
    { key: mostLinesKey, kind: 'lines', value: '', rows: [...rows].sort(mostLinesFirst) },
  ];
  // Facilities registered anonymous have no region in public: they are listed only in the whole views.
  const provinces = [...new Set(least.flatMap((r) => (r.region ? [provinceOf(r.region)] : [])))].sort();
  for (const code of provinces)
    views.push({
      key: code,
      kind: 'province',
      value: code,
      rows: least.filter((r) => r.region !== undefined && provinceOf(r.region) === code),
    });
  return views;
}

/** Facilities per page: short enough for the chart beside the table to stay readable. */
export const facilityPageSize = 25;

export interface FacilityPage {
  view: FacilityView;
  page: number;
  pages: number;
  path: string;
  rows: FacilityRow[];
}

export function facilityPages(views: readonly FacilityView[], size = facilityPageSize): FacilityPage[] {
  return views.flatMap((view) => {
    const pages = Math.max(1, Math.ceil(view.rows.length / size));
    return Array.from({ length: pages }, (_, i) => ({
      view,
      page: i + 1,
      pages,
      path: boardPagePath(view.key, i + 1),
      rows: view.rows.slice(i * size, (i + 1) * size),
    }));
  });
}

export async function facilityCoverageViews(): Promise<FacilityView[]> {
  const namer = createNamer((await buildSource()).names['zh-CN'], 'zh-CN');
  return facilityViews(await facilityRows(), (region) => namer.province(region));
}

interface Ctx {
  locale: Locale;
  t: Translate;
  namer: Namer;
}

/** A facility by name, or "an anonymous organization (hospital)" for one registered anonymous. */
function facilityCell(r: FacilityRow, { locale, t, namer }: Ctx) {
  if (r.facility.startsWith('anonymous:'))
    return cell(
      t('anonymous.party', { kind: t(`kind.${r.facility.slice('anonymous:'.length)}` as StringKey) }),
      r.facility,
    );
  return linkCell(
    namer.organization(r.facility, r.facilityName ?? r.facility),
    r.facility,
    localePath(locale, `/organizations/${r.facility}/`),
  );
}

const facilityName = (r: FacilityRow, ctx: Ctx) => facilityCell(r, ctx).text;

/** "N95 respirator: 20 of 100 pieces" for each item whose amount was stated; units never mix. */
function quantitiesText(items: readonly ItemLine[], c: Ctx): string {
  const stated = items.filter((i) => i.needed > 0);
  if (stated.length === 0) return c.t('covf.noStated');
  return stated
    .map((i) =>
      c.t('covf.itemQuantity', {
        item: needWhat(i, c),
        delivered: formatInteger(Math.min(i.delivered, i.needed), c.locale),
        needed: needQuantity(i, i.needed, c),
      }),
    )
    .join(c.t('covf.itemSeparator'));
}

/** The page's table: one row per facility, the CSV the same rows with codes and per-item figures. */
export function facilityTable(rows: readonly FacilityRow[], title: string, c: Ctx): Table {
  const { locale, t, namer } = c;
  return {
    title,
    columns: [
      { id: 'facility', label: t('covf.col.facility'), key: true },
      { id: 'region', label: t('covf.col.region') },
      { id: 'need_lines', label: t('covf.col.lines'), numeric: true, key: true },
      { id: 'need_lines_unstated', label: t('covf.col.unstated'), numeric: true },
      { id: 'need_lines_met', label: t('covf.col.met'), numeric: true, key: true },
      { id: 'line_coverage', label: t('covf.col.lineCoverage'), numeric: true, key: true },
      { id: 'quantities', label: t('covf.col.quantities'), key: true },
    ],
    rows: rows.map((r) => [
      facilityCell(r, c),
      r.region ? cell(namer.regionPath(r.region), r.region) : cell('—', null),
      cell(formatInteger(r.needLines, locale), r.needLines),
      cell(formatInteger(r.needLinesUnstated, locale), r.needLinesUnstated),
      cell(formatInteger(r.needLinesMet, locale), r.needLinesMet),
      cell(r.lineCoverage === null ? '—' : formatPercent(r.lineCoverage, locale), r.lineCoverage),
      cell(
        quantitiesText(r.byItem, c),
        r.byItem.map((i) => `${i.item ?? `category:${i.category}`}:${i.needed}:${i.delivered}`).join(' '),
      ),
    ]),
    scrolls: true,
    csvExtra: {
      ids: ['open_p1', 'open_p2', 'open_p3', 'open_p4', 'response_hours_p50', 'items'],
      rows: rows.map((r) => [
        r.openNeeds.p1,
        r.openNeeds.p2,
        r.openNeeds.p3,
        r.openNeeds.p4,
        r.responseHoursP50,
        r.byItem.length,
      ]),
    },
  };
}

export interface FacilityChart {
  model: BarsModel;
  label: Record<string, string>;
  value: Record<string, string>;
  desc: string;
}

/** Line coverage of the page's facilities as bars, in the table's order. */
export function facilityChart(rows: readonly FacilityRow[], c: Ctx): FacilityChart | null {
  if (rows.length === 0) return null;
  const { locale, t } = c;
  const longest = Math.max(...rows.map((r) => [...facilityName(r, c)].length));
  const labelWidth = Math.min(
    locale === 'zh-CN' ? 230 : 300,
    Math.max(120, longest * (locale === 'zh-CN' ? 13.5 : 7) + 14),
  );
  const model = barsModel(
    rows.map((r) => ({ key: r.facility, value: Math.round((r.lineCoverage ?? 0) * 1000) })),
    { width: labelWidth + 420, labelWidth, valueWidth: 150, barHeight: 18, gap: 8, domainMax: 1000 },
  );
  const percent = (r: FacilityRow) => (r.lineCoverage === null ? '—' : formatPercent(r.lineCoverage, locale));
  return {
    model,
    label: Object.fromEntries(rows.map((r) => [r.facility, facilityName(r, c)])),
    value: Object.fromEntries(
      rows.map((r) => [
        r.facility,
        t('covf.barValue', {
          coverage: percent(r),
          met: formatInteger(r.needLinesMet, locale),
          lines: formatInteger(r.needLines, locale),
        }),
      ]),
    ),
    desc: t('covf.chartDesc', {
      n: rows.length,
      lowest: rows
        .slice(0, 3)
        .map((r) => `${facilityName(r, c)} ${percent(r)}`)
        .join(locale === 'zh-CN' ? '、' : ', '),
    }),
  };
}

export async function facilityContext(locale: Locale): Promise<Ctx> {
  return { locale, t: translator(locale), namer: createNamer((await buildSource()).names[locale], locale) };
}
