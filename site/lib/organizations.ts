/**
 * The organization pages' content: the list with what passed through each organization, and
 * for one organization its money in and out by counterpart, what it used by disease, and what
 * it holds by asset and lot. Pages and CSV files are built from what this returns.
 */
import { evaluateNeeds } from '../../api/domain/outcomes.ts';
import { holdingsOf, type Holding } from '../../api/store/queries/holdings.ts';
import { idleByHolder, latestOccurredAt, type HolderIdle } from '../../api/store/queries/signals.ts';
import { facilityNeedTimings, type FacilityNeedTiming } from '../../api/store/queries/site-timeliness.ts';
import { mainMoneyAsset } from '../../api/store/queries/site-flows.ts';
import {
  organizationCounterparts,
  organizationMoney,
  organizationUses,
  publicOrganizations,
  type CounterpartFlow,
  type OrganizationMoney,
  type OrganizationRow,
  type UseByDisease,
} from '../../api/store/queries/site-organizations.ts';
import { barsModel, type BarsModel } from '../charts/bars-state.ts';
import { buildSource, once, onceWith } from './build-data.ts';
import { currencyDigits, formatCount, formatDate, formatPercent, minorToDecimal } from './format.ts';
import { translator, type Locale, type StringKey, type Translate } from './i18n.ts';
import { createNamer, type Namer } from './names.ts';
import { siteCatalog } from './needs-board.ts';
import { cell, type Table } from './table.ts';
import {
  formatMinutes,
  idleFigure,
  idleFlagged,
  timelinessFigure,
  type IdleFigure,
  type TimelinessFigure,
} from './timeliness.ts';

const orgs = once(publicOrganizations, [] as OrganizationRow[]);
// Every organization's rows in one read each, grouped once: a build makes a page per organization.
const money = once((db) => organizationMoney(db), [] as OrganizationMoney[]);
const counterpartsByOrg = once(
  async (db) => groupBy(await organizationCounterparts(db), (r) => r.org),
  new Map<string, CounterpartFlow[]>(),
);
const usesByOrg = once(
  async (db) => groupBy(await organizationUses(db), (r) => r.org),
  new Map<string, UseByDisease[]>(),
);
const moneyByOrg = once(
  async () => groupBy(await money(), (r) => r.id),
  new Map<string, OrganizationMoney[]>(),
);

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
const mainAsset = once(mainMoneyAsset, null as string | null);

/** The moment timeliness and idle shares are judged at: the latest the log says anything happened. */
const asOf = onceWith(
  async (database) => (await latestOccurredAt(database.client)).asOf,
  null as string | null,
);
const timingsByOrg = once(
  async (db) => groupBy(await facilityNeedTimings(db), (r) => r.facility),
  new Map<string, FacilityNeedTiming[]>(),
);
/** Idle share of every holder, in one read per build (the catalogue prices goods by worth). */
const idleByOrg = onceWith(async (database) => {
  const at = await asOf();
  if (!at) return new Map<string, HolderIdle>();
  return new Map(
    (await idleByHolder(database.client, siteCatalog(), { asOf: at })).map((h) => [h.holder, h]),
  );
}, new Map<string, HolderIdle>());

export async function organizationList(): Promise<OrganizationRow[]> {
  return orgs();
}

const kindOrder = [
  'red_cross',
  'charity',
  'foundation',
  'government',
  'reserve_operator',
  'hospital',
  'health_centre',
  'village_clinic',
  'company',
  'individual',
];

export interface OrganizationsIndex {
  asset: string | null;
  table: Table;
  links: Record<string, string>;
  /** The moment response times and idle shares are judged at (null for an empty ledger). */
  asOf: string | null;
}

export async function organizationsIndex(locale: Locale): Promise<OrganizationsIndex> {
  const t = translator(locale);
  const namer = createNamer((await buildSource()).names[locale], locale);
  const asset = await mainAsset();
  const list = await orgs();
  const byOrg = new Map((await money()).filter((m) => m.asset === asset).map((m) => [m.id, m]));
  const reached = (id: string) => (byOrg.get(id)?.donated ?? 0) + (byOrg.get(id)?.received ?? 0);
  const sorted = [...list].sort(
    (a, b) =>
      kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
      reached(b.id) - reached(a.id) ||
      a.id.localeCompare(b.id),
  );
  const amount = (n: number) => (asset ? cell(namer.amount(asset, n), n) : cell('', null));
  const currency = asset?.slice(6) ?? '';
  const [at, timings, idle] = await Promise.all([asOf(), timingsByOrg(), idleByOrg()]);
  const p50 = (id: string) => {
    const needs = timings.get(id);
    return needs && at ? evaluateNeeds(needs, at).responseMinutesP50 : null;
  };
  const response = (id: string) => {
    const m = p50(id);
    return cell(formatMinutes(m, locale), m === null ? null : Math.round(m));
  };
  const idleCell = (id: string) => {
    const share = idle.get(id)?.idleShare ?? null;
    if (share === null) return cell('—', null);
    return cell(
      `${formatPercent(share, locale, 0)}${idleFlagged(share) ? ` ${t('orgs.idleFlag')}` : ''}`,
      Number(share.toFixed(4)),
    );
  };
  return {
    asset,
    asOf: at,
    links: Object.fromEntries(sorted.map((o) => [o.id, `/organizations/${o.id}/`])),
    table: {
      title: t('orgs.tableTitle', { currency }),
      columns: [
        { id: 'organization', label: t('orgs.col.name') },
        { id: 'kind', label: t('orgs.col.kind') },
        { id: 'region', label: t('orgs.col.region') },
        { id: 'given_minor', label: t('orgs.col.given'), numeric: true },
        { id: 'reached_minor', label: t('orgs.col.in'), numeric: true },
        { id: 'passed_on_minor', label: t('orgs.col.passedOn'), numeric: true },
        { id: 'used_minor', label: t('orgs.col.used'), numeric: true },
        { id: 'held_minor', label: t('orgs.col.held'), numeric: true },
        { id: 'response_minutes_p50', label: t('orgs.col.response'), numeric: true },
        { id: 'idle_share', label: t('orgs.col.idle'), numeric: true },
      ],
      rows: sorted.map((o) => {
        const m = byOrg.get(o.id);
        return [
          cell(namer.organization(o.id, o.name), o.name),
          cell(t(`kind.${o.kind}` as StringKey), o.kind),
          cell(namer.regionPath(o.region), o.region),
          amount(m?.given ?? 0),
          amount(reached(o.id)),
          amount(m?.passedOn ?? 0),
          amount(m?.used ?? 0),
          amount(m?.held ?? 0),
          response(o.id),
          idleCell(o.id),
        ];
      }),
      csvExtra: {
        ids: ['organization_id', 'currency', 'idle_flagged', 'as_of'],
        rows: sorted.map((o) => [o.id, currency, idleFlagged(idle.get(o.id)?.idleShare ?? null), at]),
      },
    },
  };
}

export interface BarFigure {
  id: string;
  title: string;
  caption: string;
  model: BarsModel;
  label: Record<string, string>;
  value: Record<string, string>;
  axisLabel: string;
  desc: string;
  table: Table;
  tickDivisor: number;
}

export interface OrganizationPage {
  org: OrganizationRow;
  lede: string;
  summary: Table | null;
  inflow: BarFigure | null;
  outflow: BarFigure | null;
  goodsFlows: Table | null;
  uses: BarFigure | null;
  holdings: Table;
  /** For a facility that reported needs: how quickly they were answered. */
  timeliness: TimelinessFigure | null;
  /** For a holder that received goods long enough ago: how much of them sits idle. */
  idle: IdleFigure | null;
}

const pages = new Map<string, Promise<OrganizationPage | null>>();

/** One organization's page content (read once per build and language: the page and its CSV files share it). */
export function organizationPage(id: string, locale: Locale): Promise<OrganizationPage | null> {
  const key = `${locale}\u0000${id}`;
  let page = pages.get(key);
  if (!page) pages.set(key, (page = readOrganizationPage(id, locale)));
  return page;
}

async function readOrganizationPage(id: string, locale: Locale): Promise<OrganizationPage | null> {
  const source = await buildSource();
  const registered = (await orgs()).find((o) => o.id === id);
  if (!registered || !source.db) return null;
  const t = translator(locale);
  const namer = createNamer(source.names[locale], locale);
  // Named as the page's language names it, everywhere on the page.
  const org = { ...registered, name: namer.organization(registered.id, registered.name) };
  const asset = await mainAsset();
  const names = new Map((await orgs()).map((o) => [o.id, namer.organization(o.id, o.name)]));
  const [mine, counterparts, uses, holdings, at, timings, idle] = await Promise.all([
    moneyByOrg().then((m) => m.get(id) ?? []),
    counterpartsByOrg().then((m) => m.get(id) ?? []),
    usesByOrg().then((m) => m.get(id) ?? []),
    holdingsOf(source.db, id),
    asOf(),
    timingsByOrg().then((m) => m.get(id) ?? []),
    idleByOrg().then((m) => m.get(id) ?? null),
  ]);
  const m = mine.find((x) => x.asset === asset);
  const currency = asset?.slice(6) ?? '';
  const summary = asset && m ? summaryTable(org, m, asset, t, namer) : null;
  const flowLabel = (c: CounterpartFlow) =>
    c.counterpart === null ? t('org.anonymousDonors') : (names.get(c.counterpart) ?? c.counterpart);
  const flowFigure = (direction: 'in' | 'out'): BarFigure | null => {
    if (!asset) return null;
    const rows = merge(
      counterparts.filter((c) => c.direction === direction && c.asset === asset),
      flowLabel,
    );
    if (rows.length === 0) return null;
    const title = t(direction === 'in' ? 'org.inTitle' : 'org.outTitle', { asset: namer.asset(asset) });
    return barFigure(
      `${direction}flow`,
      title,
      t('org.flowCaption', { unit: namer.axisUnit(asset) }),
      rows,
      asset,
      t,
      namer,
      locale,
      [
        { id: 'counterpart', label: t('org.col.counterpart') },
        { id: 'amount_minor', label: t('org.col.amount'), numeric: true },
      ],
      currency,
    );
  };
  const goods = counterparts.filter((c) => c.asset.startsWith('goods:'));
  const goodsFlows: Table | null =
    goods.length === 0
      ? null
      : {
          title: locale === 'zh-CN' ? '捐赠物资的来去' : 'Donated goods in and out',
          columns: [
            { id: 'direction', label: locale === 'zh-CN' ? '方向' : 'Direction' },
            { id: 'counterpart', label: t('org.col.counterpart') },
            { id: 'item', label: t('org.col.asset') },
            { id: 'quantity', label: t('org.col.amount'), numeric: true },
          ],
          rows: goods.map((c) => [
            cell(
              c.direction === 'in'
                ? locale === 'zh-CN'
                  ? '收到'
                  : 'In'
                : locale === 'zh-CN'
                  ? '转出'
                  : 'Out',
              c.direction,
            ),
            cell(flowLabel(c), c.counterpart),
            cell(namer.asset(c.asset), c.asset.slice(6)),
            cell(namer.amount(c.asset, c.amount), c.amount),
          ]),
        };
  const useRows = uses.filter((u) => u.asset === asset);
  const usesFigure =
    asset && useRows.length > 0
      ? barFigure(
          'uses',
          t('org.usesTitle'),
          t('org.usesCaption', { unit: namer.axisUnit(asset) }),
          merge(
            useRows.map((u) => ({ ...u, key: u.disease ?? '' })),
            (u: UseByDisease) => (u.disease ? namer.disease(u.disease) : t('org.noDisease')),
          ),
          asset,
          t,
          namer,
          locale,
          [
            { id: 'disease', label: t('org.col.disease') },
            { id: 'amount_minor', label: t('org.col.amount'), numeric: true },
          ],
          currency,
        )
      : null;
  return {
    org,
    lede: t('org.lede', { kind: t(`kind.${org.kind}` as StringKey), region: namer.regionPath(org.region) }),
    summary,
    inflow: flowFigure('in'),
    outflow: flowFigure('out'),
    goodsFlows,
    uses: usesFigure,
    holdings: holdingsTable(holdings, t, namer, locale),
    timeliness: at ? timelinessFigure(timings, at, t, locale) : null,
    idle: at && idle ? idleFigure(idle, at, t, locale) : null,
  };
}

/** Rows by label (two counterparts could share a name; their amounts stay apart by key). */
function merge<R extends { amount: number }>(
  rows: R[],
  label: (r: R) => string,
): Array<{ key: string; label: string; amount: number }> {
  const out = new Map<string, { key: string; label: string; amount: number }>();
  rows.forEach((r) => {
    const key = `${label(r)}`;
    const have = out.get(key);
    if (have) have.amount += r.amount;
    else out.set(key, { key: `r${out.size}`, label: key, amount: r.amount });
  });
  return [...out.values()].filter((r) => r.amount !== 0).sort((a, b) => b.amount - a.amount);
}

/** A bar chart shows at most this many bars; the rest are summed into one "others" bar. */
const maxBars = 15;

function barFigure(
  id: string,
  title: string,
  caption: string,
  all: Array<{ key: string; label: string; amount: number }>,
  asset: string,
  t: Translate,
  namer: Namer,
  locale: Locale,
  columns: Table['columns'],
  currency: string,
): BarFigure {
  const rows =
    all.length <= maxBars
      ? all
      : [
          ...all.slice(0, maxBars - 1),
          {
            key: 'others',
            label: t('org.others', { n: all.length - maxBars + 1 }),
            amount: all.slice(maxBars - 1).reduce((s, r) => s + r.amount, 0),
          },
        ];
  const tickDivisor = asset.startsWith('money:') ? 10 ** currencyDigits(currency) : 1;
  const model = barsModel(
    rows.map((r) => ({ key: r.key, value: r.amount })),
    { width: 720, labelWidth: 220, valueWidth: 120, tickDivisor },
  );
  const label = Object.fromEntries(rows.map((r) => [r.key, r.label]));
  const value = Object.fromEntries(rows.map((r) => [r.key, namer.amountShort(asset, r.amount)]));
  return {
    id,
    title,
    caption,
    model,
    label,
    value,
    tickDivisor,
    axisLabel: `${t('org.col.amount')} (${namer.axisUnit(asset)})`,
    desc: rows
      .slice(0, 5)
      .map((r) => `${r.label} ${value[r.key]}`)
      .join(locale === 'zh-CN' ? '；' : '; '),
    table: {
      title,
      columns,
      rows: rows.map((r) => [cell(r.label), cell(namer.amount(asset, r.amount), r.amount)]),
      footer: [
        t('common.total'),
        namer.amount(
          asset,
          rows.reduce((s, r) => s + r.amount, 0),
        ),
      ],
      csvExtra: {
        ids: ['currency', 'amount'],
        rows: rows.map((r) => [
          currency,
          asset.startsWith('money:') ? minorToDecimal(r.amount, currency) : String(r.amount),
        ]),
      },
    },
  };
}

function summaryTable(
  org: OrganizationRow,
  m: OrganizationMoney,
  asset: string,
  t: Translate,
  namer: Namer,
): Table {
  const lines: Array<[StringKey, keyof OrganizationMoney]> = [
    ['org.line.donated', 'donated'],
    ['org.line.received', 'received'],
    ['org.line.passedOn', 'passedOn'],
    ['org.line.used', 'used'],
    ['org.line.writtenOff', 'writtenOff'],
    ['org.line.held', 'held'],
    ['org.line.inTransit', 'inTransit'],
    ['org.line.lost', 'lost'],
  ];
  if (m.given > 0) lines.unshift(['org.line.given', 'given']);
  return {
    title: t('org.summaryTitle', { name: org.name, currency: asset.slice(6) }),
    columns: [
      { id: 'line', label: t('org.col.line') },
      { id: 'amount_minor', label: t('org.col.amount'), numeric: true },
    ],
    rows: lines.map(([k, f]) => [cell(t(k), f), cell(namer.amount(asset, m[f] as number), m[f] as number)]),
    csvExtra: { ids: ['currency'], rows: lines.map(() => [asset.slice(6)]) },
  };
}

export function holdingsTable(holdings: Holding[], t: Translate, namer: Namer, locale: Locale): Table {
  return {
    title: t('org.holdingsTitle'),
    columns: [
      { id: 'asset', label: t('org.col.asset') },
      { id: 'lot', label: t('org.col.lot') },
      { id: 'expires_on', label: t('org.col.expires') },
      { id: 'state', label: t('org.col.state') },
      { id: 'restricted', label: t('org.col.restricted') },
      // On a phone each lot is a card with what it is, how much, and whether it carries gifts.
      { id: 'provenance', label: t('org.col.provenance'), key: true },
      { id: 'amount', label: t('org.col.amount'), numeric: true, key: true },
    ],
    rows: holdings.map((h) => [
      cell(namer.asset(h.asset), h.asset),
      cell(h.lotCode),
      cell(h.expiresOn ? formatDate(`${h.expiresOn}T00:00:00+08:00`, locale) : '', h.expiresOn),
      cell(t(`state.${h.state}` as StringKey), h.state),
      cell(h.restricted ? t('common.yes') : t('common.no'), h.restricted),
      // Units that carry no gift say so, rather than passing for gifts or disappearing.
      cell(
        t(h.provenanceUnknown ? 'org.provenance.unknown' : 'org.provenance.gifts'),
        h.provenanceUnknown ? 'unknown' : 'gifts',
      ),
      cell(namer.amount(h.asset, h.amount), h.amount),
    ]),
  };
}

export const tickLabel = (locale: Locale) => (v: number) => formatCount(v, locale);
