/**
 * The diseases page's content: coverage of reported needs per disease (ICD-10 category, named
 * in the page's language) as bars, with the table of the same rows and its CSV.
 */
import { barsModel, type BarsModel } from '../charts/bars-state.ts';
import { buildSource } from './build-data.ts';
import {
  coverageCells,
  coverageColumns,
  coverageExtra,
  lineCoverageIndex,
  rowLines,
  coverageExtraIds,
  coverageText,
  diseaseCoverage,
  rowCoverage,
  type CoverageRow,
} from './coverage-data.ts';
import { formatInteger } from './format.ts';
import { translator, type Locale } from './i18n.ts';
import { createNamer } from './names.ts';
import { cell, type Table } from './table.ts';

export interface DiseasesPage {
  empty: boolean;
  bars: {
    model: BarsModel;
    label: Record<string, string>;
    value: Record<string, string>;
    title: string;
    desc: string;
    caption: string;
  } | null;
  table: Table;
  oversupplyNote: string | null;
}

/** Diseases with needs first, by how many needs were reported, then by code. */
export function diseaseOrder(rows: readonly CoverageRow[]): CoverageRow[] {
  return [...rows].sort(
    (a, b) => b.needs - a.needs || (a.keys.disease ?? '').localeCompare(b.keys.disease ?? ''),
  );
}

export async function diseasesPage(locale: Locale): Promise<DiseasesPage> {
  const t = translator(locale);
  const namer = createNamer((await buildSource()).names[locale], locale);
  const rows = diseaseOrder(await diseaseCoverage());
  const lines = await lineCoverageIndex();
  const name = (code: string | undefined) => (code ? namer.disease(code) : t('cov.noDisease'));
  const key = (r: CoverageRow) => r.keys.disease || 'none';
  const title = t('diseases.chartTitle');
  const table: Table = {
    title,
    columns: [{ id: 'disease', label: t('cov.col.disease') }, ...coverageColumns(t)],
    rows: rows.map((r) => [
      cell(name(r.keys.disease), r.keys.disease || null),
      ...coverageCells(r, locale, rowLines(lines, r)),
    ]),
    csvExtra: { ids: coverageExtraIds, rows: rows.map(coverageExtra) },
  };
  const charted = rows.filter((r) => r.needs > 0);
  const unanswered = rows.filter((r) => r.needs === 0).reduce((s, r) => s + r.unmatched, 0);
  if (charted.length === 0) return { empty: rows.length === 0, bars: null, table, oversupplyNote: null };
  const longest = Math.max(...charted.map((r) => [...name(r.keys.disease)].length));
  const labelWidth = Math.min(
    locale === 'zh-CN' ? 230 : 300,
    Math.max(120, longest * (locale === 'zh-CN' ? 13.5 : 7) + 14),
  );
  const model = barsModel(
    charted.map((r) => ({ key: key(r), value: Math.round((rowCoverage(r) ?? 0) * 1000) })),
    {
      width: labelWidth + 420,
      labelWidth,
      valueWidth: 170,
      barHeight: 18,
      gap: 8,
      domainMax: 1000,
    },
  );
  const label = Object.fromEntries(charted.map((r) => [key(r), name(r.keys.disease)]));
  const value = Object.fromEntries(
    charted.map((r) => [
      key(r),
      t('diseases.barValue', {
        coverage: coverageText(rowCoverage(r), locale),
        met: formatInteger(r.met, locale),
        needs: formatInteger(r.needs, locale),
      }),
    ]),
  );
  const byCoverage = [...charted].sort((a, b) => rowCoverage(a)! - rowCoverage(b)!);
  const part = (r: CoverageRow) => `${name(r.keys.disease)} ${coverageText(rowCoverage(r), locale)}`;
  const sep = locale === 'zh-CN' ? '、' : ', ';
  return {
    empty: false,
    bars: {
      model,
      label,
      value,
      title,
      caption: t('diseases.chartCaption'),
      desc: t('diseases.chartDesc', {
        n: charted.length,
        lowest: byCoverage.slice(0, 3).map(part).join(sep),
        highest: byCoverage.slice(-3).reverse().map(part).join(sep),
      }),
    },
    table,
    oversupplyNote: unanswered > 0 ? t('diseases.unansweredNote') : null,
  };
}
