/**
 * The appeals pages' content: the list of appeals with what was given toward each, and for
 * one appeal what was given (by asset) and used, and its needs by item — needed, delivered,
 * met, met within their urgency window. Pages and CSV files are built from what this returns.
 */
import {
  appealGiving,
  appealList,
  appealNeeds,
  type AppealGiving,
  type AppealNeed,
  type AppealRow,
} from '../../api/store/queries/site-appeals.ts';
import { buildSource, once } from './build-data.ts';
import { coverageText } from './coverage-data.ts';
import { coverageOf } from '../charts/coverage-scale.ts';
import { shareLabel } from '../charts/parts-state.ts';
import { formatDate, formatInteger, minorToDecimal } from './format.ts';
import { localePath, translator, type Locale, type StringKey } from './i18n.ts';
import { categoryKey, metInWindow } from './needs-board.ts';
import { createNamer, type Namer } from './names.ts';
import { orgNames } from './overview.ts';
import { cell, linkCell, type Table } from './table.ts';

const appeals = once(appealList, [] as AppealRow[]);
const giving = once(appealGiving, [] as AppealGiving[]);
const needsOf = once(appealNeeds, [] as AppealNeed[]);

export async function appealIds(): Promise<string[]> {
  return (await appeals()).map((a) => a.id);
}

export interface NeedSummary {
  needs: number;
  open: number;
  met: number;
  metInWindow: number;
}

/** Needs of an appeal counted by outcome; withdrawn needs (corrected away) are not counted. */
export function summariseNeeds(
  rows: readonly Pick<AppealNeed, 'status' | 'reportedAt' | 'urgency' | 'metAt'>[],
): NeedSummary {
  const live = rows.filter((n) => n.status !== 'withdrawn');
  return {
    needs: live.length,
    open: live.filter((n) => n.status === 'open').length,
    met: live.filter((n) => n.metAt !== null).length,
    metInWindow: live.filter((n) => metInWindow(n) === true).length,
  };
}

export interface ItemNeeds {
  key: string;
  item: string | null;
  category: string;
  needs: number;
  needed: number;
  delivered: number;
  /** Σ min(delivered, needed) per need, so one facility's surplus never fills another's gap. */
  covered: number;
  summary: NeedSummary;
}

/** An appeal's needs by what they ask for, like with like: one row per item (or whole category). */
export function needsByItem(rows: readonly AppealNeed[]): ItemNeeds[] {
  const out = new Map<string, { item: string | null; category: string; rows: AppealNeed[] }>();
  for (const n of rows) {
    if (n.status === 'withdrawn') continue;
    const key = n.item ?? `category:${n.category}`;
    const g = out.get(key) ?? { item: n.item, category: n.category, rows: [] };
    g.rows.push(n);
    out.set(key, g);
  }
  return [...out]
    .map(([key, g]) => ({
      key,
      item: g.item,
      category: g.category,
      needs: g.rows.length,
      needed: g.rows.reduce((s, n) => s + n.quantity, 0),
      delivered: g.rows.reduce((s, n) => s + n.delivered, 0),
      covered: g.rows.reduce((s, n) => s + Math.min(n.delivered, n.quantity), 0),
      summary: summariseNeeds(g.rows),
    }))
    .sort((a, b) => b.needs - a.needs || a.key.localeCompare(b.key));
}

const title = (a: AppealRow, locale: Locale) => (locale === 'zh-CN' ? a.titleZh : a.titleEn);

function whereWhat(a: AppealRow, namer: Namer, locale: Locale): { region: string; disease: string } {
  const t = translator(locale);
  return {
    region: a.region ? namer.regionPath(a.region) : t('appeals.anyRegion'),
    disease: a.disease ? namer.disease(a.disease) : t('appeals.anyDisease'),
  };
}

export interface AppealsIndex {
  table: Table;
}

export async function appealsIndex(locale: Locale): Promise<AppealsIndex> {
  const t = translator(locale);
  const namer = createNamer((await buildSource()).names[locale], locale);
  const list = await appeals();
  const money = new Map((await giving()).filter((g) => g.asset === 'money:CNY').map((g) => [g.appeal, g]));
  const goodsGifts = new Map<string, number>();
  for (const g of await giving())
    if (g.asset.startsWith('goods:')) goodsGifts.set(g.appeal, (goodsGifts.get(g.appeal) ?? 0) + g.gifts);
  const needRows = await needsOf();
  const n = (x: number) => cell(formatInteger(x, locale), x);
  const rows = list.map((a) => {
    const m = money.get(a.id);
    const s = summariseNeeds(needRows.filter((r) => r.appeal === a.id));
    const { region, disease } = whereWhat(a, namer, locale);
    return [
      linkCell(title(a, locale), a.id, localePath(locale, `/appeals/${a.id}/`)),
      cell(region, a.region),
      cell(disease, a.disease),
      cell(formatDate(a.openedAt, locale), a.openedAt),
      cell(t(`appeals.status.${a.status}` as StringKey), a.status),
      cell(m ? namer.amountShort('money:CNY', m.given) : '—', m?.given ?? 0),
      cell(
        m && m.given > 0 ? shareLabel(Math.round((m.used * 1000) / m.given), m.used, m.given) : '—',
        m && m.given > 0 ? Math.round((m.used * 1000) / m.given) : null,
      ),
      n(goodsGifts.get(a.id) ?? 0),
      n(s.needs),
      n(s.met),
      n(s.metInWindow),
      n(s.open),
    ];
  });
  return {
    table: {
      title: t('appeals.tableTitle'),
      columns: [
        { id: 'appeal', label: t('appeals.col.appeal') },
        { id: 'region', label: t('appeals.col.region') },
        { id: 'disease', label: t('appeals.col.disease') },
        { id: 'opened_at', label: t('appeals.col.opened') },
        { id: 'status', label: t('appeals.col.status') },
        { id: 'money_given_minor', label: t('appeals.col.money'), numeric: true },
        { id: 'money_used_permille', label: t('appeals.col.usedShare'), numeric: true },
        { id: 'goods_gifts', label: t('appeals.col.goodsGifts'), numeric: true },
        { id: 'needs', label: t('appeals.col.needs'), numeric: true },
        { id: 'needs_met', label: t('appeals.col.met'), numeric: true },
        { id: 'needs_met_in_window', label: t('appeals.col.metInWindow'), numeric: true },
        { id: 'needs_open', label: t('appeals.col.open'), numeric: true },
      ],
      rows,
      csvExtra: {
        ids: ['currency', 'money_used_minor'],
        rows: list.map((a) => ['CNY', money.get(a.id)?.used ?? 0]),
      },
    },
  };
}

export interface AppealPage {
  id: string;
  title: string;
  facts: Array<[string, string]>;
  given: Table;
  needs: Table | null;
  summary: NeedSummary;
  pledgeNote: string | null;
}

export async function appealPage(id: string, locale: Locale): Promise<AppealPage | null> {
  const t = translator(locale);
  const namer = createNamer((await buildSource()).names[locale], locale);
  const a = (await appeals()).find((x) => x.id === id);
  if (!a) return null;
  const orgs = await orgNames(locale);
  const { region, disease } = whereWhat(a, namer, locale);
  const facts: Array<[string, string]> = [
    [t('appeals.col.region'), region],
    [t('appeals.col.disease'), disease],
    [t('appeals.openedBy'), orgs.get(a.openedBy)?.name ?? a.openedBy],
    [t('appeals.col.opened'), formatDate(a.openedAt, locale)],
    [t('appeals.col.status'), t(`appeals.status.${a.status}` as StringKey)],
  ];
  // Money first, then goods by how often they were given.
  const rows = (await giving())
    .filter((g) => g.appeal === id && g.gifts > 0)
    .sort(
      (x, y) =>
        Number(y.asset.startsWith('money:')) - Number(x.asset.startsWith('money:')) ||
        y.gifts - x.gifts ||
        x.asset.localeCompare(y.asset),
    );
  const share = (g: AppealGiving) => (g.given > 0 ? Math.round((g.used * 1000) / g.given) : 0);
  const given: Table = {
    title: t('appeal.givenTitle'),
    columns: [
      { id: 'asset', label: t('appeal.col.asset') },
      { id: 'gifts', label: t('appeal.col.gifts'), numeric: true },
      { id: 'given', label: t('appeal.col.given'), numeric: true },
      { id: 'used', label: t('appeal.col.used'), numeric: true },
      { id: 'used_permille', label: t('appeal.col.usedShare'), numeric: true },
    ],
    rows: rows.map((g) => [
      cell(namer.asset(g.asset), g.asset),
      cell(formatInteger(g.gifts, locale), g.gifts),
      cell(namer.amount(g.asset, g.given), g.given),
      cell(namer.amount(g.asset, g.used), g.used),
      cell(shareLabel(share(g), g.used, g.given), share(g)),
    ]),
    csvExtra: {
      ids: ['given_decimal', 'used_decimal'],
      rows: rows.map((g) =>
        g.asset.startsWith('money:')
          ? [minorToDecimal(g.given, g.asset.slice(6)), minorToDecimal(g.used, g.asset.slice(6))]
          : [g.given, g.used],
      ),
    },
  };
  const pledged = (await giving()).filter((g) => g.appeal === id && g.pledges > 0);
  const pledgeNote = pledged.length
    ? t('appeal.pledged', {
        list: pledged.map((g) => namer.amount(g.asset, g.pledged)).join(locale === 'zh-CN' ? '、' : ', '),
        n: formatInteger(
          pledged.reduce((s, g) => s + g.pledges, 0),
          locale,
        ),
      })
    : null;
  const mine = (await needsOf()).filter((n) => n.appeal === id);
  const items = needsByItem(mine);
  const what = (r: ItemNeeds) =>
    r.item ? namer.item(r.item) : t('needs.anyOf', { category: t(categoryKey(r.category)) });
  const qty = (r: ItemNeeds, x: number) =>
    r.item ? namer.amount(`goods:${r.item}`, x) : formatInteger(x, locale);
  const n = (x: number) => cell(formatInteger(x, locale), x);
  const needs: Table | null =
    items.length === 0
      ? null
      : {
          title: t('appeal.needsTitle'),
          columns: [
            { id: 'item', label: t('appeal.col.item') },
            { id: 'needs', label: t('cov.col.needs'), numeric: true },
            { id: 'needed', label: t('cov.col.needed'), numeric: true },
            { id: 'delivered', label: t('cov.col.delivered'), numeric: true },
            { id: 'coverage', label: t('cov.col.coverage'), numeric: true },
            { id: 'needs_met', label: t('appeals.col.met'), numeric: true },
            { id: 'needs_met_in_window', label: t('appeals.col.metInWindow'), numeric: true },
            { id: 'needs_open', label: t('appeals.col.open'), numeric: true },
          ],
          rows: items.map((r) => {
            const c = coverageOf(r.covered, r.needed);
            return [
              cell(what(r), r.key),
              n(r.needs),
              cell(qty(r, r.needed), r.needed),
              cell(qty(r, r.delivered), r.delivered),
              cell(coverageText(c, locale), c === null ? null : Number(c.toFixed(4))),
              n(r.summary.met),
              n(r.summary.metInWindow),
              n(r.summary.open),
            ];
          }),
          csvExtra: { ids: ['covered'], rows: items.map((r) => [r.covered]) },
        };
  return { id, title: title(a, locale), facts, given, needs, summary: summariseNeeds(mine), pledgeNote };
}
