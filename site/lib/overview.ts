/**
 * The overview page's content, built once per language from the build-time reads: headline
 * figures, where given money and goods are now, the Sankey of flows, and recent activity.
 * The page and its CSV files are both made from what this returns.
 */
import { recentActivity, type ActivityItem } from '../../api/store/queries/site-activity.ts';
import { flowPaths, mainMoneyAsset, type FlowPathRow } from '../../api/store/queries/site-flows.ts';
import { publicOrganizations } from '../../api/store/queries/site-organizations.ts';
import {
  overviewTotals,
  type AssetTotals,
  type OverviewTotals,
} from '../../api/store/queries/site-overview.ts';
import { type AnonymousParty, publicCount } from '../../api/contract/privacy.ts';

/** A count as a leaf gives it: exact from 5 up, already "<5" below. */
const publicBeneficiaries = (n: number | string | null) => (typeof n === 'string' ? n : publicCount(n ?? 0));
import { partsModel, shareLabel, type PartsModel } from '../charts/parts-state.ts';
import {
  otherKey,
  sankeyLayout,
  sankeyModel,
  type SankeyLayout,
  type SankeyPath,
} from '../charts/sankey-state.ts';
import { fateStates } from '../charts/trail-state.ts';
import { buildSource, once } from './build-data.ts';
import { formatCount, formatDate, formatDateTime, formatInteger, minorToDecimal } from './format.ts';
import { localePath, translator, type Locale, type StringKey, type Translate } from './i18n.ts';
import { createNamer, type Namer } from './names.ts';
import { cell, linkCell, type Table } from './table.ts';

const totals = once(overviewTotals, null as OverviewTotals | null);
const mainAsset = once(mainMoneyAsset, null as string | null);
const paths = once(async (db) => {
  const asset = await mainMoneyAsset(db);
  return asset ? flowPaths(db, asset) : [];
}, [] as FlowPathRow[]);
const activity = once((db) => recentActivity(db, 15), [] as ActivityItem[]);
const orgs = once(publicOrganizations, []);

/** Public organizations by id, each named as a page of `locale` names it. */
export async function orgNames(
  locale: Locale,
): Promise<Map<string, { name: string; kind: string; region: string }>> {
  const namer = createNamer((await buildSource()).names[locale], locale);
  return new Map((await orgs()).map((o) => [o.id, { ...o, name: namer.organization(o.id, o.name) }]));
}

export interface MoneyFigure {
  asset: string;
  currency: string;
  currencyName: string;
  totals: AssetTotals;
  parts: PartsModel;
  partLabel: Record<string, string>;
  partValue: Record<string, string>;
  table: Table;
  passedOnNote: string;
}

export interface Overview {
  empty: boolean;
  stats: Array<{ value: string; label: string }>;
  money: MoneyFigure[];
  goods: Table | null;
  pledges: string[];
  sankey: {
    asset: string;
    layout: SankeyLayout;
    labelRoom: number;
    label: Record<string, string>;
    value: Record<string, string>;
    href: Record<string, string>;
    columns: string[];
    table: Table;
    desc: string;
    caption: string;
    title: string;
  } | null;
  activity: Table;
}

const stateKeys = fateStates;
const stateField = {
  used: 'used',
  held: 'held',
  in_transit: 'inTransit',
  written_off: 'writtenOff',
  lost: 'lost',
} as const;

export async function overview(locale: Locale): Promise<Overview> {
  const source = await buildSource();
  const t = translator(locale);
  const namer = createNamer(source.names[locale], locale);
  const data = await totals();
  if (!data || data.events === 0) {
    return {
      empty: true,
      stats: [],
      money: [],
      goods: null,
      pledges: [],
      sankey: null,
      activity: { title: '', columns: [], rows: [] },
    };
  }
  const names = await orgNames(locale);
  const stats = [
    {
      value: formatCount(
        data.assets.reduce((s, a) => s + a.gifts, 0),
        locale,
      ),
      label: t('stats.gifts'),
    },
    { value: formatCount(data.donors, locale), label: t('stats.donors') },
    { value: formatCount(data.organizations, locale), label: t('stats.organizations') },
    { value: formatCount(data.events, locale), label: t('stats.events') },
  ];
  const money = data.assets
    .filter((a) => a.asset.startsWith('money:'))
    .map((a) => moneyFigure(a, t, namer, locale));
  // Goods by how often they were given, most often first.
  const goodsRows = data.assets
    .filter((a) => a.asset.startsWith('goods:'))
    .sort((a, b) => b.gifts - a.gifts || b.donated - a.donated || a.asset.localeCompare(b.asset));
  const goods: Table | null =
    goodsRows.length === 0
      ? null
      : {
          title: t('totals.goodsTitle'),
          columns: [
            { id: 'item', label: t('totals.col.asset') },
            { id: 'gifts', label: t('totals.col.gifts'), numeric: true },
            { id: 'received', label: t('totals.received'), numeric: true },
            ...stateKeys.map((s) => ({ id: s, label: t(`state.${s}` as StringKey), numeric: true })),
            { id: 'unit', label: locale === 'zh-CN' ? '单位' : 'Unit' },
          ],
          rows: goodsRows.map((a) => {
            const item = a.asset.slice(6);
            const q = (n: number) => cell(formatInteger(n, locale), n);
            return [
              cell(namer.asset(a.asset), item),
              q(a.gifts),
              q(a.donated),
              ...stateKeys.map((s) => q(a[stateField[s]])),
              cell(namer.axisUnit(a.asset), namer.unit(item).en),
            ];
          }),
        };
  const pledges = data.pledges.map((p) =>
    t('totals.pledged', { amount: namer.amount(p.asset, p.amount), n: formatInteger(p.pledges, locale) }),
  );
  const asset = await mainAsset();
  const sankey = asset ? sankeyFigure(asset, await paths(), t, namer, names, locale) : null;
  return {
    empty: false,
    stats,
    money,
    goods,
    pledges,
    sankey,
    activity: activityTable(await activity(), t, namer, names, locale),
  };
}

function moneyFigure(a: AssetTotals, t: Translate, namer: Namer, locale: Locale): MoneyFigure {
  const currency = a.asset.slice(6);
  const parts = partsModel(
    stateKeys.map((s) => ({ key: s, value: a[stateField[s]] })),
    600,
  );
  const partLabel = Object.fromEntries(stateKeys.map((s) => [s, t(`state.${s}` as StringKey)]));
  const partValue = Object.fromEntries(
    stateKeys.map((s) => [s, namer.amountShort(a.asset, a[stateField[s]])]),
  );
  const permille = new Map(parts.parts.map((p) => [p.key, p.permille]));
  const table: Table = {
    title: t('totals.moneyTitle', { currency }),
    columns: [
      { id: 'state', label: t('totals.col.state') },
      { id: 'amount_minor', label: t('totals.col.amount'), numeric: true },
      { id: 'share_permille', label: t('totals.col.share'), numeric: true },
    ],
    rows: stateKeys.map((s) => [
      cell(`${t(`state.${s}` as StringKey)} — ${t(`state.${s}.note` as StringKey)}`, s),
      cell(namer.amount(a.asset, a[stateField[s]]), a[stateField[s]]),
      cell(shareLabel(permille.get(s) ?? 0, a[stateField[s]], a.donated), permille.get(s) ?? 0),
    ]),
    footer: [t('totals.received'), namer.amount(a.asset, a.donated), '100.0%'],
    csvExtra: {
      ids: ['currency', 'amount'],
      rows: stateKeys.map((s) => [currency, minorToDecimal(a[stateField[s]], currency)]),
    },
  };
  const share =
    a.donated > 0 ? shareLabel(Math.round((a.passedOn * 1000) / a.donated), a.passedOn, a.donated) : '0.0%';
  return {
    asset: a.asset,
    currency,
    currencyName: namer.asset(a.asset),
    totals: a,
    parts,
    partLabel,
    partValue,
    table,
    passedOnNote: t('totals.passedOnNote', { amount: namer.amount(a.asset, a.passedOn), share }),
  };
}

function sankeyFigure(
  asset: string,
  rows: FlowPathRow[],
  t: Translate,
  namer: Namer,
  names: Map<string, { name: string }>,
  locale: Locale,
): Overview['sankey'] {
  const currency = asset.slice(6);
  const outcome = (r: FlowPathRow) => (r.state === 'used' ? `used:${r.disease ?? ''}` : r.state);
  const sankeyPaths: SankeyPath[] = rows.map((r) => ({
    steps: [r.donorKind, r.recipient, namer.province(r.holderRegion), outcome(r)],
    amount: r.amount,
  }));
  const model = sankeyModel(sankeyPaths, [Infinity, 7, 8, 9]);
  const perColumn = Math.max(...[0, 1, 2, 3].map((c) => model.nodes.filter((n) => n.column === c).length));
  // English disease names are long; give the last column's labels more room.
  const labelRoom = locale === 'zh-CN' ? 240 : 300;
  const layout = sankeyLayout(model, {
    width: locale === 'zh-CN' ? 1000 : 1060,
    height: Math.max(380, Math.min(900, perColumn * 46 + 40)),
    labelRoom,
  });
  const otherLabels = [
    '',
    t('sankey.other.recipient'),
    t('sankey.other.province'),
    t('sankey.other.outcome'),
  ];
  const nodeLabel = (column: number, key: string): string => {
    if (key === otherKey) return otherLabels[column]!;
    if (column === 0) return t(`kind.${key}` as StringKey);
    if (column === 1) return names.get(key)?.name ?? key;
    if (column === 2) return namer.region(key);
    if (key.startsWith('used:'))
      return key.length > 5
        ? t('sankey.outcome.used', { disease: namer.disease(key.slice(5)) })
        : t('sankey.outcome.usedNoDisease');
    return t(`state.${key}` as StringKey);
  };
  const label: Record<string, string> = {};
  const value: Record<string, string> = {};
  for (const n of model.nodes) {
    label[n.id] = nodeLabel(n.column, n.key);
    value[n.id] = namer.amountShort(asset, n.value);
  }
  for (const l of model.links) value[`${l.source}>${l.target}`] = namer.amountShort(asset, l.value);
  // A province's node leads to its region page: the way from a flow to what was needed there.
  const href: Record<string, string> = {};
  for (const n of model.nodes)
    if (n.column === 2 && n.key !== otherKey && n.key) href[n.id] = localePath(locale, `/regions/${n.key}/`);
  const columns = [
    t('sankey.col.donorKind'),
    t('sankey.col.recipient'),
    t('sankey.col.province'),
    t('sankey.col.outcome'),
  ];
  const columnOf = new Map(model.nodes.map((n) => [n.id, n]));
  const title = t('sankey.title', { currency });
  const table: Table = {
    title,
    columns: [
      { id: 'step', label: t('sankey.table.step') },
      { id: 'from', label: t('sankey.table.from') },
      { id: 'to', label: t('sankey.table.to') },
      { id: 'amount_minor', label: t('sankey.table.amount'), numeric: true },
    ],
    rows: model.links.map((l) => {
      const s = columnOf.get(l.source)!;
      const d = columnOf.get(l.target)!;
      return [
        cell(`${columns[s.column]} → ${columns[d.column]}`, `${s.column + 1}-${d.column + 1}`),
        linkCell(label[l.source]!, label[l.source]!, href[l.source]),
        linkCell(label[l.target]!, label[l.target]!, href[l.target]),
        cell(namer.amount(asset, l.value), l.value),
      ];
    }),
    csvExtra: {
      ids: ['from_code', 'to_code', 'currency', 'amount'],
      rows: model.links.map((l) => [
        columnOf.get(l.source)!.key,
        columnOf.get(l.target)!.key,
        currency,
        minorToDecimal(l.value, currency),
      ]),
    },
  };
  const top = [...model.links]
    .filter((l) => columnOf.get(l.source)!.column >= 1)
    .sort((a, b) => b.value - a.value)
    .slice(0, 4)
    .map((l) => `${label[l.source]} → ${label[l.target]} ${value[`${l.source}>${l.target}`]}`);
  return {
    asset,
    layout,
    labelRoom,
    label,
    value,
    href,
    columns,
    table,
    title,
    desc: t('sankey.desc', { list: top.join(locale === 'zh-CN' ? '；' : '; ') }),
    caption: t('sankey.caption', { currency: namer.asset(asset), total: namer.amount(asset, model.total) }),
  };
}

function activityTable(
  items: ActivityItem[],
  t: Translate,
  namer: Namer,
  names: Map<string, { name: string }>,
  locale: Locale,
): Table {
  const org = (id: string | AnonymousParty | null) =>
    id === null
      ? ''
      : typeof id === 'object'
        ? t('anonymous.party', { kind: t(`kind.${id.kind}` as StringKey) })
        : (names.get(id)?.name ?? id);
  const amount = (a: ActivityItem) => (a.asset && a.amount !== null ? namer.amountOf(a.asset, a.amount) : '');
  const reason = (r: string | null) =>
    r === null
      ? ''
      : (() => {
          try {
            return t(`reason.${r}` as StringKey);
          } catch {
            return r;
          }
        })();
  const what = (a: ActivityItem): string => {
    const by = org(a.recordedBy);
    const donor = a.anonymousDonorKind
      ? t('anonymous.donor', { kind: t(`kind.${a.anonymousDonorKind}` as StringKey) })
      : org(a.counterpart);
    let s: string;
    switch (a.type) {
      case 'donation':
        s = t('activity.donation', { recipient: by, donor, amount: amount(a) });
        break;
      case 'pledge':
        s = t('activity.pledge', { recipient: by, donor, amount: amount(a) });
        break;
      case 'transfer':
        s = t('activity.transfer', { from: by, to: org(a.counterpart), amount: amount(a) });
        break;
      case 'return':
        s = t('activity.return', { from: by, to: org(a.counterpart), amount: amount(a) });
        break;
      case 'receipt':
        s = t('activity.receipt', { by, amount: amount(a) });
        break;
      case 'purchase':
        s = t('activity.purchase', {
          by,
          supplier: org(a.counterpart),
          amount: amount(a),
          goods: a.boughtAsset ? namer.amountOf(a.boughtAsset, a.boughtAmount ?? 0) : '',
        });
        break;
      case 'use':
        s = a.disease
          ? t('activity.use', {
              by,
              amount: amount(a),
              disease: namer.disease(a.disease),
              beneficiaries: publicBeneficiaries(a.beneficiaries),
            })
          : t('activity.useNoDisease', {
              by,
              amount: amount(a),
              beneficiaries: publicBeneficiaries(a.beneficiaries),
            });
        break;
      case 'write_off':
        s = t('activity.write_off', { by, amount: amount(a), reason: reason(a.reason) });
        break;
      case 'opening_balance':
        s = t('activity.opening_balance', {
          by,
          amount: amount(a),
          date: a.asOf ? formatDate(`${a.asOf}T00:00:00+08:00`, locale) : '',
        });
        break;
      case 'correction':
        s = t('activity.correction', { by, event: a.refers ?? '', reason: a.reason ?? '' });
        break;
      case 'appeal':
        s = t('activity.appeal', {
          by,
          title: (locale === 'zh-CN' ? a.appealTitleZh : a.appealTitleEn) ?? '',
        });
        break;
      case 'custody_handover':
      case 'temperature_log':
      case 'lot_release':
        s = t(`activity.${a.type}`, { by });
        break;
      default:
        s = t('activity.other', { by, type: a.type });
    }
    if (a.reversed && a.correctedBy) s += ` (${t('activity.reversed', { event: a.correctedBy })})`;
    else if (a.correctedBy) s += ` (${t('activity.corrected', { event: a.correctedBy })})`;
    return s;
  };
  return {
    title: t('activity.title'),
    columns: [
      { id: 'occurred_at', label: t('activity.col.when') },
      { id: 'summary', label: t('activity.col.what') },
      { id: 'event', label: t('activity.col.event') },
    ],
    rows: items.map((a) => [
      cell(formatDateTime(a.occurredAt, locale), a.occurredAt),
      cell(what(a)),
      cell(a.id),
    ]),
    csvExtra: {
      ids: ['type', 'recorded_by', 'asset', 'amount'],
      // An organization registered anonymous has no id in any public file.
      rows: items.map((a) => [
        a.type,
        typeof a.recordedBy === 'string' ? a.recordedBy : null,
        a.asset,
        a.amount,
      ]),
    },
  };
}
