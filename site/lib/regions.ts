/**
 * The regions pages' content: a choropleth of coverage by province (and, on each province's
 * page, by prefecture), a region × disease heat map, and the tables of exactly the numbers
 * drawn. Pages and CSV files are built from what this returns.
 */
import type { RegionName } from '../../api/store/queries/site-catalog.ts';
import { coverageClass, coverageLegend, coverageOf, type CoverageClass } from '../charts/coverage-scale.ts';
import { metShare, type LineCoverage } from '../../api/domain/line-coverage.ts';
import { heatmapLayout } from '../charts/heatmap-state.ts';
import { textWidth } from '../charts/text-fit.ts';
import type { ChoroplethModel } from '../components/ChoroplethView.tsx';
import type { HeatmapModel } from '../components/HeatmapView.tsx';
import { buildSource, once } from './build-data.ts';
import {
  holdingsByRegion,
  usesByRegion,
  type RegionHolding,
  type RegionUse,
} from '../../api/store/queries/site-regions.ts';
import {
  coverageCells,
  coverageColumns,
  coverageExtra,
  lineCoverageIndex,
  rowLines,
  coverageExtraIds,
  coverageText,
  perCapitaExtra,
  perCapitaExtraIds,
  perMillion,
  provinceCoverage,
  provinceDiseaseCoverage,
  provinceUnitsCoverage,
  regionCatalogue,
  rowCoverage,
  type CoverageRow,
} from './coverage-data.ts';
import { formatCount, formatInteger } from './format.ts';
import { nationMap, provinceMap, type MapGeometry } from './geo.ts';
import { localePath, translator, type Locale, type Translate } from './i18n.ts';
import { createNamer } from './names.ts';
import { cell, linkCell, type Table } from './table.ts';

export interface MapFigure extends ChoroplethModel {
  caption: string;
  table: Table;
  legend: Array<{ cls: CoverageClass; text: string }>;
}

export interface HeatFigure extends HeatmapModel {
  caption: string;
  table: Table;
}

/** How many diseases a heat map shows before it folds the rest into "other diseases". */
const heatRows = 15;
const otherDiseases = 'other';

export const regionHref = (locale: Locale, code: string) => localePath(locale, `/regions/${code}/`);

export function legendEntries(t: Translate): MapFigure['legend'] {
  return coverageLegend().map((e) => ({
    cls: e.cls,
    text: e.from === null ? t('cov.legend.none') : t('cov.legend.range', { from: e.from, to: e.to! }),
  }));
}

async function names(locale: Locale) {
  const catalogue = await regionCatalogue();
  const namer = createNamer((await buildSource()).names[locale], locale);
  return (code: string, fallback = code) => {
    const r = catalogue.get(code);
    if (r) return locale === 'zh-CN' ? r.nameZh : r.nameEn;
    const n = namer.region(code);
    return n === code ? fallback : n;
  };
}

/** Provinces of the catalogue: each has a page. */
export async function provinceList(): Promise<RegionName[]> {
  return [...(await regionCatalogue()).values()].filter((r) => r.level === 'province');
}

function mapFigure(
  geometry: MapGeometry,
  rows: CoverageRow[],
  units: Array<{ code: string; population: number | null }>,
  nameOf: (code: string, fallback?: string) => string,
  href: (code: string) => string | undefined,
  locale: Locale,
  text: { title: string; caption: string; unit: string },
  lines: Map<string, LineCoverage>,
): MapFigure {
  const t = translator(locale);
  const byCode = new Map(rows.map((r) => [r.keys.region!, r]));
  const cls: Record<string, CoverageClass> = {};
  const label: Record<string, string> = {};
  const names: Record<string, string> = {};
  const hrefs: Record<string, string> = {};
  for (const s of geometry.shapes) {
    const r = byCode.get(s.code);
    const c = r ? rowCoverage(r) : null;
    cls[s.code] = coverageClass(c);
    const name = nameOf(s.code, s.sourceName);
    label[s.code] =
      c === null
        ? t('cov.map.noNeed', { name })
        : t('cov.map.label', {
            name,
            coverage: coverageText(c, locale),
            open: formatInteger(
              r!.open.reduce((a, b) => a + b, 0),
              locale,
            ),
          });
    if (c !== null) names[s.code] = name;
    const h = href(s.code);
    if (h) hrefs[s.code] = h;
  }
  const drawn = new Set(geometry.shapes.map((s) => s.code));
  const population = new Map(units.map((u) => [u.code, u.population]));
  const listed = rows.filter((r) => r.needs > 0 || r.unmatched > 0);
  const table: Table = {
    title: text.title,
    columns: [
      { id: 'region', label: text.unit },
      ...coverageColumns(t),
      { id: 'needs_per_million', label: t('cov.col.perMillion'), numeric: true },
    ],
    rows: listed.map((r) => {
      const code = r.keys.region!;
      const pm = perMillion(r.needs, population.get(code));
      return [
        linkCell(nameOf(code), code, href(code)),
        ...coverageCells(r, locale, rowLines(lines, r)),
        cell(pm === null ? '—' : pm.toLocaleString(locale === 'zh-CN' ? 'zh-CN' : 'en-GB'), pm),
      ];
    }),
    csvExtra: {
      ids: ['drawn', ...coverageExtraIds, ...perCapitaExtraIds],
      rows: listed.map((r) => [
        drawn.has(r.keys.region!),
        ...coverageExtra(r),
        ...perCapitaExtra(r, population.get(r.keys.region!)),
      ]),
    },
  };
  const withCoverage = listed
    .filter((r) => rowCoverage(r) !== null)
    .sort((a, b) => rowCoverage(a)! - rowCoverage(b)!);
  const part = (r: CoverageRow) => `${nameOf(r.keys.region!)} ${coverageText(rowCoverage(r), locale)}`;
  const sep = locale === 'zh-CN' ? '、' : ', ';
  const desc =
    withCoverage.length === 0
      ? t('cov.map.descEmpty')
      : t('cov.map.desc', {
          lowest: withCoverage.slice(0, 3).map(part).join(sep),
          highest: withCoverage.slice(-3).reverse().map(part).join(sep),
          none: formatInteger(geometry.shapes.filter((s) => cls[s.code] === 'none').length, locale),
        });
  return {
    geometry,
    cls,
    href: hrefs,
    label,
    names,
    title: text.title,
    desc,
    caption: text.caption,
    table,
    legend: legendEntries(t),
  };
}

/** Heat map of coverage by region (columns) and disease (rows), the most reported diseases first. */
async function regionDiseaseHeat(
  rows: CoverageRow[],
  columns: string[],
  columnName: (code: string) => string,
  locale: Locale,
  text: { title: string; caption: string; unit: string },
): Promise<HeatFigure | null> {
  const t = translator(locale);
  const namer = createNamer((await buildSource()).names[locale], locale);
  const needed = rows.filter((r) => r.needs > 0);
  if (needed.length === 0 || columns.length === 0) return null;
  const needsByDisease = new Map<string, number>();
  for (const r of needed)
    needsByDisease.set(r.keys.disease ?? '', (needsByDisease.get(r.keys.disease ?? '') ?? 0) + r.needs);
  const ranked = [...needsByDisease].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d);
  const fold = ranked.length > heatRows + 1;
  const shown = fold ? ranked.slice(0, heatRows) : ranked;
  const keep = new Set(shown);
  // Folded diseases are summed per region, by need: the share of needs met is Σ met / Σ needs.
  const cells = new Map<string, { row: string; column: string; needs: number; met: number }>();
  for (const r of needed) {
    const row = keep.has(r.keys.disease ?? '') ? (r.keys.disease ?? '') : otherDiseases;
    const key = `${row}\u0000${r.keys.region}`;
    const c = cells.get(key) ?? { row, column: r.keys.region!, needs: 0, met: 0 };
    (c.needs += r.needs), (c.met += r.met);
    cells.set(key, c);
  }
  const rowKeys = fold ? [...shown, otherDiseases] : shown;
  const diseaseName = (d: string) =>
    d === otherDiseases
      ? t('cov.heat.other', { n: ranked.length - heatRows })
      : d === ''
        ? t('cov.noDisease')
        : namer.disease(d);
  const rowLabel = Object.fromEntries(rowKeys.map((d) => [d, diseaseName(d)]));
  const columnLabel = Object.fromEntries(columns.map((c) => [c, columnName(c)]));
  // Room for the longest labels: row labels run left of the grid, column labels lean at 60°.
  const widest = (labels: string[]) => Math.max(...labels.map((s) => textWidth(s, 12)));
  const labelWidth = Math.ceil(
    Math.min(locale === 'zh-CN' ? 190 : 220, Math.max(90, widest(Object.values(rowLabel)) + 14)),
  );
  const headerHeight = Math.ceil(Math.min(150, Math.max(60, widest(Object.values(columnLabel)) * 0.87 + 16)));
  const list = [...cells.values()];
  const layout = heatmapLayout(
    rowKeys,
    columns,
    list.map((c) => ({ row: c.row, column: c.column, coverage: metShareOf(c) })),
    { labelWidth, headerHeight, cell: 30 },
  );
  const value = Object.fromEntries(
    list.map((c) => [`${c.row}\u0000${c.column}`, String(Math.round((metShareOf(c) ?? 0) * 100))]),
  );
  const order = new Map(rowKeys.map((k, i) => [k, i]));
  const colOrder = new Map(columns.map((k, i) => [k, i]));
  const sorted = list.sort(
    (a, b) => order.get(a.row)! - order.get(b.row)! || colOrder.get(a.column)! - colOrder.get(b.column)!,
  );
  const table: Table = {
    title: text.title,
    columns: [
      { id: 'disease', label: t('cov.col.disease') },
      { id: 'region', label: text.unit },
      { id: 'needs', label: t('cov.col.needs'), numeric: true },
      { id: 'needs_met', label: t('cov.col.met'), numeric: true },
      { id: 'needs_met_share', label: t('cov.col.metShare'), numeric: true, key: true },
    ],
    rows: sorted.map((c) => {
      const cov = metShareOf(c);
      return [
        cell(rowLabel[c.row]!, c.row === otherDiseases ? 'other' : c.row || null),
        cell(columnLabel[c.column]!, c.column),
        cell(formatInteger(c.needs, locale), c.needs),
        cell(formatInteger(c.met, locale), c.met),
        cell(coverageText(cov, locale), cov === null ? null : Number(cov.toFixed(4))),
      ];
    }),
  };
  const worst = [...sorted]
    .sort((a, b) => (metShareOf(a) ?? 1) - (metShareOf(b) ?? 1))
    .slice(0, 3)
    .map((c) => `${rowLabel[c.row]} · ${columnLabel[c.column]} ${coverageText(metShareOf(c), locale)}`);
  return {
    layout,
    rowLabel,
    columnLabel,
    value,
    title: text.title,
    caption: text.caption,
    table,
    desc: t('cov.heat.desc', {
      rows: rowKeys.length,
      columns: columns.length,
      lowest: worst.join(locale === 'zh-CN' ? '；' : '; '),
    }),
  };
}

export interface RegionsIndex {
  empty: boolean;
  map: MapFigure;
  heat: HeatFigure | null;
  stats: Array<{ value: string; label: string }>;
}

export async function regionsIndex(locale: Locale): Promise<RegionsIndex> {
  const t = translator(locale);
  const nameOf = await names(locale);
  const provinces = await provinceList();
  const pages = new Set(provinces.map((p) => p.code));
  const rows = await provinceCoverage();
  const map = mapFigure(
    nationMap(),
    rows,
    provinces,
    nameOf,
    (c) => (pages.has(c) ? regionHref(locale, c) : undefined),
    locale,
    {
      title: t('regions.mapTitle'),
      caption: t('regions.mapCaption'),
      unit: t('cov.col.province'),
    },
    await lineCoverageIndex(),
  );
  const columns = rows.filter((r) => r.needs > 0).map((r) => r.keys.region!);
  const heat = await regionDiseaseHeat(await provinceDiseaseCoverage(), columns, (c) => nameOf(c), locale, {
    title: t('regions.heatTitle'),
    caption: t('regions.heatCaption'),
    unit: t('cov.col.province'),
  });
  const sum = (f: (r: CoverageRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const stats = [
    {
      value: formatCount(
        sum((r) => r.needs),
        locale,
      ),
      label: t('regions.stat.needs'),
    },
    {
      value: formatCount(
        sum((r) => r.open.reduce((a, b) => a + b, 0)),
        locale,
      ),
      label: t('regions.stat.open'),
    },
    { value: formatCount(columns.length, locale), label: t('regions.stat.provinces') },
    {
      value: coverageText(
        metShareOf({
          needs: sum((r) => r.needs),
          met: sum((r) => r.met),
        }),
        locale,
      ),
      label: t('regions.stat.coverage'),
    },
  ];
  return { empty: rows.length === 0, map, heat, stats };
}

export interface ProvincePage {
  code: string;
  name: string;
  lede: string;
  stats: Array<{ value: string; label: string }>;
  map: MapFigure | null;
  heat: HeatFigure | null;
  hasNeeds: boolean;
}

export async function provincePage(code: string, locale: Locale): Promise<ProvincePage> {
  const t = translator(locale);
  const nameOf = await names(locale);
  const catalogue = await regionCatalogue();
  const province = catalogue.get(code)!;
  const name = nameOf(code);
  const own = (await provinceCoverage()).find((r) => r.keys.region === code);
  const { regions, regionDisease } = await provinceUnitsCoverage(code);
  const geometry = provinceMap(code);
  const units = [...catalogue.values()].filter((r) => r.parent === code);
  const unit = t(units.some((u) => u.level === 'prefecture') ? 'cov.col.prefecture' : 'cov.col.district');
  const map = geometry
    ? mapFigure(
        geometry,
        regions,
        units,
        nameOf,
        () => undefined,
        locale,
        { title: t('province.mapTitle', { name }), caption: t('regions.mapCaption'), unit },
        await lineCoverageIndex(),
      )
    : null;
  const columns = regions.filter((r) => r.needs > 0).map((r) => r.keys.region!);
  const heat = await regionDiseaseHeat(regionDisease, columns, (c) => nameOf(c), locale, {
    title: t('province.heatTitle', { name }),
    caption: t('regions.heatCaption'),
    unit,
  });
  const c = own ? rowCoverage(own) : null;
  const pm = own ? perMillion(own.needs, province.population) : null;
  const stats = own
    ? [
        { value: formatInteger(own.needs, locale), label: t('regions.stat.needs') },
        {
          value: formatInteger(
            own.open.reduce((a, b) => a + b, 0),
            locale,
          ),
          label: t('regions.stat.open'),
        },
        { value: coverageText(c, locale), label: t('regions.stat.coverage') },
        ...(pm === null
          ? []
          : [
              {
                value: pm.toLocaleString(locale === 'zh-CN' ? 'zh-CN' : 'en-GB'),
                label: t('province.stat.perMillion'),
              },
            ]),
      ]
    : [];
  const lede = province.population
    ? t('province.lede', { name, population: formatCount(province.population, locale) })
    : t('province.ledeNoPopulation', { name });
  return { code, name, lede, stats, map, heat, hasNeeds: !!own && own.needs > 0 };
}

const metShareOf = (c: { needs: number; met: number }) => metShare({ lines: c.needs, met: c.met });

const regionHoldings = once(holdingsByRegion, [] as RegionHolding[]);
const regionUses = once(usesByRegion, [] as RegionUse[]);

/** Money first, then goods, each by the largest amount. */
const assetRank = (asset: string) => (asset.startsWith('money:') ? 0 : 1);

export interface ProvinceStock {
  held: Table | null;
  used: Table | null;
}

/**
 * What is held and what was used at public organizations in a province (any region under
 * it), per asset in its own unit: money in money, each item in its unit.
 */
export async function provinceStock(code: string, locale: Locale): Promise<ProvinceStock> {
  const t = translator(locale);
  const namer = createNamer((await buildSource()).names[locale], locale);
  const inProvince = (region: string) => namer.province(region) === code;
  const name = (await names(locale))(code);
  const sum = <R extends { region: string; asset: string }>(rows: R[], add: (a: R, b: R) => R) => {
    const by = new Map<string, R>();
    for (const r of rows.filter((r) => inProvince(r.region))) {
      const had = by.get(r.asset);
      by.set(r.asset, had ? add(had, r) : { ...r });
    }
    return [...by.values()];
  };
  const held = sum(await regionHoldings(), (a, b) => ({
    ...a,
    held: a.held + b.held,
    inTransit: a.inTransit + b.inTransit,
    holders: a.holders + b.holders,
  })).sort(
    (a, b) => assetRank(a.asset) - assetRank(b.asset) || b.held - a.held || a.asset.localeCompare(b.asset),
  );
  const used = sum(await regionUses(), (a, b) => ({ ...a, used: a.used + b.used, users: a.users + b.users }))
    .filter((u) => u.used > 0)
    .sort(
      (a, b) => assetRank(a.asset) - assetRank(b.asset) || b.used - a.used || a.asset.localeCompare(b.asset),
    );
  const n = (x: number) => cell(formatInteger(x, locale), x);
  return {
    held: held.length
      ? {
          title: t('province.heldTitle', { name }),
          columns: [
            { id: 'asset', label: t('province.col.asset') },
            { id: 'held', label: t('province.col.held'), numeric: true, key: true },
            { id: 'in_transit', label: t('province.col.inTransit'), numeric: true },
            { id: 'holders', label: t('province.col.holders'), numeric: true },
          ],
          rows: held.map((h) => [
            cell(namer.asset(h.asset), h.asset),
            cell(namer.amount(h.asset, h.held), h.held),
            cell(namer.amount(h.asset, h.inTransit), h.inTransit),
            n(h.holders),
          ]),
        }
      : null,
    used: used.length
      ? {
          title: t('province.usedTitle', { name }),
          columns: [
            { id: 'gift_asset', label: t('province.col.giftAsset') },
            { id: 'used', label: t('province.col.used'), numeric: true, key: true },
            { id: 'organizations', label: t('province.col.users'), numeric: true },
          ],
          rows: used.map((u) => [
            cell(namer.asset(u.asset), u.asset),
            cell(namer.amount(u.asset, u.used), u.used),
            n(u.users),
          ]),
        }
      : null,
  };
}
