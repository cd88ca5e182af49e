/**
 * The reserves pages' content: each reserve against its plan, its daily stock report, the
 * dispatches from request to settlement, demand forecasts with their method and back-test, and
 * the audit of each appeal. Built from the same answers as the API (api/store/answers), read
 * once per build; pages and CSV files are made from the tables returned here.
 */
import { appealAudit, appealIdsInLog, type AuditAnswer } from '../../api/store/answers/audits.ts';
import { dispatches, type DispatchRow } from '../../api/store/answers/dispatches.ts';
import { forecasts, type Forecast } from '../../api/store/answers/forecasts.ts';
import { reserves, type ReserveRow } from '../../api/store/answers/reserves.ts';
import { reserveHolders, stockReports, type StockReportRow } from '../../api/store/answers/stock-reports.ts';
import { buildSource, onceWith } from './build-data.ts';
import { formatDate, formatInteger, formatPercent } from './format.ts';
import { translator, type Locale } from './i18n.ts';
import { needWhat, siteCatalog } from './needs-board.ts';
import { itemCategories } from '../../api/domain/events.ts';
import { createNamer, type Namer } from './names.ts';
import { cell, type Table } from './table.ts';
import { complaintsTable, countStats } from './complaints-view.ts';

const reserveRows = onceWith(async (d) => (await reserves(d.client, siteCatalog())).data, [] as ReserveRow[]);
const dispatchList = onceWith(async (d) => dispatches(d.client, {}, 0, 10_000), {
  asOf: null,
  waiting: [],
  rows: [] as DispatchRow[],
  more: false,
} as Awaited<ReturnType<typeof dispatches>>);
const dailyReports = onceWith(async (d) => {
  const out = new Map<string, StockReportRow[]>();
  for (const h of await reserveHolders(d.client)) out.set(h, await stockReports(d.client, h));
  return out;
}, new Map<string, StockReportRow[]>());
/** One forecast per plan's region × item: what the reserves are sized against. */
const planForecasts = onceWith(async (d) => {
  const seen = new Set<string>();
  const out: Forecast[] = [];
  for (const r of (await reserves(d.client, siteCatalog())).data) {
    const key = `${r.region}|${r.item}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const f = await forecasts(d.client, siteCatalog(), { region: r.region, item: r.item, horizon: 6 });
    if (f.data[0]) out.push(f.data[0]);
  }
  return out;
}, [] as Forecast[]);
const audits = onceWith(async (d) => {
  const out = new Map<string, AuditAnswer>();
  for (const id of await appealIdsInLog(d.client)) {
    const a = await appealAudit(d.client, id);
    if (a) out.set(id, a);
  }
  return out;
}, new Map<string, AuditAnswer>());

async function tools(locale: Locale) {
  const source = await buildSource();
  return {
    t: translator(locale),
    names: createNamer(source.names[locale], locale),
    n: (x: number) => formatInteger(x, locale),
  };
}

const days = (x: number | null, locale: Locale) => (x === null ? '—' : formatInteger(Math.round(x), locale));
const hoursText = (x: number | null, locale: Locale) =>
  x === null ? '—' : formatInteger(Math.round(x), locale);

export interface ReservesPage {
  empty: boolean;
  stock: Table;
  rotation: Table;
  expired: Table;
  holders: Array<{ id: string; name: string; report: Table }>;
  /** Stock against target and minimum, for the bar figure: one entry per plan. */
  bars: Array<{ label: string; stock: number; target: number; min: number }>;
}

export async function reservesPage(locale: Locale): Promise<ReservesPage> {
  const { t, names, n } = await tools(locale);
  const rows = await reserveRows();
  const holderName = (r: { holder: string; holderName: string | null }) =>
    r.holderName ?? t('reserves.anonymous');
  const stock: Table = {
    title: t('reserves.stockTitle'),
    columns: [
      { id: 'holder', label: t('reserves.col.holder') },
      { id: 'region', label: t('reserves.col.region') },
      { id: 'item', label: t('reserves.col.item') },
      { id: 'stock', label: t('reserves.col.stock'), numeric: true },
      { id: 'target', label: t('reserves.col.target'), numeric: true },
      { id: 'min', label: t('reserves.col.min'), numeric: true },
      { id: 'cover_days_current', label: t('reserves.col.coverCurrent'), numeric: true },
      { id: 'cover_days_peak', label: t('reserves.col.coverPeak'), numeric: true },
      { id: 'suggested_target', label: t('reserves.col.suggested'), numeric: true },
      { id: 'status', label: t('reserves.col.status') },
    ],
    rows: rows.map((r) => [
      cell(holderName(r), r.holder),
      cell(names.region(r.region), r.region),
      cell(names.item(r.item), r.item),
      cell(n(r.stock), r.stock),
      cell(n(r.plan.target), r.plan.target),
      cell(n(r.plan.min), r.plan.min),
      cell(days(r.coverDaysCurrent, locale), r.coverDaysCurrent),
      cell(days(r.coverDaysPeak, locale), r.coverDaysPeak),
      cell(n(r.suggestedTarget), r.suggestedTarget),
      cell(
        r.belowMin
          ? t('reserves.status.belowMin')
          : r.belowTarget
            ? t('reserves.status.belowTarget')
            : t('reserves.status.ok'),
        r.belowMin ? 'below_min' : r.belowTarget ? 'below_target' : 'ok',
      ),
    ]),
  };
  const rotation: Table = {
    title: t('reserves.rotationTitle'),
    columns: [
      { id: 'holder', label: t('reserves.col.holder') },
      { id: 'item', label: t('reserves.col.item') },
      { id: 'lot', label: t('reserves.col.lot') },
      { id: 'quantity', label: t('reserves.col.quantity'), numeric: true },
      { id: 'expires_on', label: t('reserves.col.expires') },
      { id: 'days_left', label: t('reserves.col.daysLeft'), numeric: true },
      { id: 'suggested_destination', label: t('reserves.col.destination') },
    ],
    rows: rows.flatMap((r) =>
      r.rotationDue.map((l) => [
        cell(holderName(r), r.holder),
        cell(names.item(r.item), r.item),
        cell(l.lot),
        cell(n(l.quantity), l.quantity),
        cell(formatDate(l.expiresOn, locale), l.expiresOn),
        cell(n(l.daysLeft), l.daysLeft),
        cell(
          l.suggestedDestination ? (l.suggestedDestination.name ?? t('reserves.anonymous')) : '—',
          l.suggestedDestination?.facility ?? null,
        ),
      ]),
    ),
  };
  const expired: Table = {
    title: t('reserves.expiredTitle'),
    columns: [
      { id: 'holder', label: t('reserves.col.holder') },
      { id: 'item', label: t('reserves.col.item') },
      { id: 'lot', label: t('reserves.col.lot') },
      { id: 'quantity', label: t('reserves.col.quantity'), numeric: true },
      { id: 'state', label: t('reserves.col.state') },
    ],
    rows: rows.flatMap((r) =>
      r.expiredInReserve.map((l) => [
        cell(holderName(r), r.holder),
        cell(names.item(r.item), r.item),
        cell(l.lot),
        cell(n(l.quantity), l.quantity),
        cell(
          l.writtenOff ? t('reserves.expired.writtenOff') : t('reserves.expired.held'),
          l.writtenOff ? 'written_off' : 'held',
        ),
      ]),
    ),
  };
  const reports = await dailyReports();
  const holders = [...reports].map(([id, list]) => {
    const name = rows.find((r) => r.holder === id)?.holderName ?? id;
    return {
      id,
      name,
      report: {
        title: t('reserves.reportTitle', { holder: name }),
        columns: [
          { id: 'date', label: t('reserves.col.date') },
          { id: 'item', label: t('reserves.col.item') },
          { id: 'in', label: t('reserves.col.in'), numeric: true },
          { id: 'out', label: t('reserves.col.out'), numeric: true },
          { id: 'on_hand', label: t('reserves.col.onHand'), numeric: true },
        ],
        rows: [...list]
          .reverse()
          .map((d) => [
            cell(formatDate(d.date, locale), d.date),
            cell(names.item(d.item), d.item),
            cell(n(d.in), d.in),
            cell(n(d.out), d.out),
            cell(n(d.onHand), d.onHand),
          ]),
      } satisfies Table,
    };
  });
  return {
    empty: rows.length === 0,
    stock,
    rotation,
    expired,
    holders,
    bars: rows.map((r) => ({
      label: `${holderName(r)} · ${names.item(r.item)}`,
      stock: r.stock,
      target: r.plan.target,
      min: r.plan.min,
    })),
  };
}

export async function dispatchesPage(locale: Locale) {
  const { t, names, n } = await tools(locale);
  const { rows, waiting } = await dispatchList();
  const step = (s: string) => t(`dispatch.step.${s}` as Parameters<typeof t>[0]);
  const requests: Table = {
    title: t('dispatches.tableTitle'),
    scrolls: true,
    columns: [
      { id: 'request', label: t('dispatches.col.request') },
      { id: 'facility', label: t('dispatches.col.facility') },
      { id: 'reserve', label: t('dispatches.col.reserve') },
      { id: 'item', label: t('reserves.col.item') },
      { id: 'requested', label: t('dispatches.col.requested'), numeric: true },
      { id: 'approved', label: t('dispatches.col.approved'), numeric: true },
      { id: 'received', label: t('dispatches.col.received'), numeric: true },
      { id: 'status', label: t('dispatches.col.status') },
      { id: 'hours_to_decision', label: t('dispatches.col.toDecision'), numeric: true },
      { id: 'hours_to_dispatch', label: t('dispatches.col.toDispatch'), numeric: true },
      { id: 'hours_to_receipt', label: t('dispatches.col.toReceipt'), numeric: true },
      { id: 'hours_to_settlement', label: t('dispatches.col.toSettlement'), numeric: true },
    ],
    rows: rows.map((d) => [
      cell(`${formatDate(d.requestedAt, locale)} · ${d.id}`, d.id),
      cell(d.facilityName ?? t('reserves.anonymous'), d.facility),
      cell(d.reserveName ?? t('reserves.anonymous'), d.reserve),
      cell(names.item(d.item), d.item),
      cell(n(d.quantity), d.quantity),
      cell(d.approvedQuantity === null ? '—' : n(d.approvedQuantity), d.approvedQuantity),
      cell(d.receivedQuantity === null ? '—' : n(d.receivedQuantity), d.receivedQuantity),
      cell(d.waived ? `${step(d.status)} (${t('dispatches.waived')})` : step(d.status), d.status),
      cell(hoursText(d.hours.toDecision, locale), d.hours.toDecision),
      cell(hoursText(d.hours.toDispatch, locale), d.hours.toDispatch),
      cell(hoursText(d.hours.toReceipt, locale), d.hours.toReceipt),
      cell(hoursText(d.hours.toSettlement, locale), d.hours.toSettlement),
    ]),
  };
  const waits: Table = {
    title: t('dispatches.waitingTitle'),
    columns: [
      { id: 'step', label: t('dispatches.col.status') },
      { id: 'requests', label: t('dispatches.col.requests'), numeric: true },
      { id: 'longest_wait_hours', label: t('dispatches.col.longestWait'), numeric: true },
    ],
    rows: waiting.map((w) => [
      cell(step(w.step), w.step),
      cell(n(w.requests), w.requests),
      cell(hoursText(w.longestWaitHours, locale), w.longestWaitHours),
    ]),
  };
  const refused: Table = {
    title: t('dispatches.refusedTitle'),
    columns: [
      { id: 'request', label: t('dispatches.col.request') },
      { id: 'facility', label: t('dispatches.col.facility') },
      { id: 'requested', label: t('dispatches.col.requested'), numeric: true },
      { id: 'reason', label: t('dispatches.col.reason') },
    ],
    rows: rows
      .filter((d) => d.status === 'refused')
      .map((d) => [
        cell(d.id),
        cell(d.facilityName ?? t('reserves.anonymous'), d.facility),
        cell(n(d.quantity), d.quantity),
        cell(d.refusalReason ?? ''),
      ]),
  };
  return { empty: rows.length === 0, requests, waits, refused };
}

export async function forecastPage(locale: Locale) {
  const { t, names, n } = await tools(locale);
  return (await planForecasts()).map((f) => {
    const key = `${f.region}-${f.item}`;
    const months = [
      ...f.history.map((m) => ({ month: m.month, demand: m.demand, kind: 'history' as const })),
      ...f.forecast.map((m) => ({ month: m.month, demand: m.demand, kind: 'forecast' as const })),
    ];
    const table: Table = {
      title: t('forecast.tableTitle', { region: names.region(f.region), item: names.item(f.item) }),
      columns: [
        { id: 'month', label: t('forecast.col.month') },
        { id: 'kind', label: t('forecast.col.kind') },
        { id: 'demand', label: t('forecast.col.demand'), numeric: true },
      ],
      rows: months.map((m) => [
        cell(m.month),
        cell(m.kind === 'history' ? t('forecast.kind.history') : t('forecast.kind.forecast'), m.kind),
        cell(n(m.demand), m.demand),
      ]),
    };
    const backtest: Table | null = f.backtest && {
      title: t('forecast.backtestTitle'),
      columns: [
        { id: 'month', label: t('forecast.col.month') },
        { id: 'actual', label: t('forecast.col.actual'), numeric: true },
        { id: 'forecast', label: t('forecast.col.forecast'), numeric: true },
      ],
      rows: f.backtest.points.map((p) => [
        cell(p.month),
        cell(n(p.actual), p.actual),
        cell(n(p.forecast), p.forecast),
      ]),
    };
    return {
      key,
      title: `${names.region(f.region)} · ${names.item(f.item)}`,
      method: f.method.name,
      steps: f.method.steps,
      mape: f.backtest?.mape === null || f.backtest === null ? null : formatPercent(f.backtest.mape, locale),
      backtestMethod: f.backtest?.method ?? null,
      trainMonths: f.backtest?.trainMonths ?? 0,
      testMonths: f.backtest?.testMonths ?? 0,
      peakTarget: n(f.peak.target),
      months,
      table,
      backtest,
      alerts: f.alerts.map((a) =>
        t('forecast.alert', { holder: a.holder, month: a.month, stock: n(a.projectedStock), min: n(a.min) }),
      ),
    };
  });
}

export async function auditIds(): Promise<string[]> {
  return [...(await audits()).keys()];
}

/**
 * An audit row's name: the audit groups a need for any item of a category under the category's
 * id, so that id is named as the board names such a need ("any medicine").
 */
export const itemOrCategoryName = (id: string, t: ReturnType<typeof translator>, names: Namer) =>
  needWhat(
    (itemCategories as readonly string[]).includes(id)
      ? { item: null, category: id }
      : { item: id, category: '' },
    { t, namer: names },
  );

export async function auditPage(appeal: string, locale: Locale) {
  const { t, names, n } = await tools(locale);
  const a = (await audits()).get(appeal);
  if (!a) return null;
  const itemOrCategory = (id: string) => itemOrCategoryName(id, t, names);
  const table = (
    title: string,
    cols: Array<[string, string, boolean?]>,
    rows: ReadonlyArray<Record<string, unknown>>,
    first: string,
    /** The columns a phone shows on each row's card (the rest one tap away). */
    key: readonly string[],
  ): Table => ({
    title,
    columns: cols.map(([id, label, numeric]) => ({ id, label, numeric, key: key.includes(id) })),
    rows: rows.map((r) =>
      cols.map(([id], j) =>
        j === 0
          ? cell(itemOrCategory(String(r[first])), String(r[first]))
          : cell(n(Number(r[camel(id)])), Number(r[camel(id)])),
      ),
    ),
  });
  return {
    title: locale === 'zh-CN' ? a.appeal.titleZh : a.appeal.titleEn,
    asOf: a.asOf,
    needs: table(
      t('audit.needsTitle'),
      [
        ['item', t('reserves.col.item')],
        ['lines', t('audit.col.lines'), true],
        ['needed', t('audit.col.needed'), true],
        ['delivered', t('audit.col.delivered'), true],
        ['unmet', t('audit.col.unmet'), true],
        ['met', t('audit.col.met'), true],
      ],
      a.needs,
      'item',
      ['needed', 'delivered', 'unmet'],
    ),
    dispatches: table(
      t('audit.dispatchesTitle'),
      [
        ['item', t('reserves.col.item')],
        ['requests', t('dispatches.col.requests'), true],
        ['refused', t('audit.col.refused'), true],
        ['requested', t('dispatches.col.requested'), true],
        ['approved', t('dispatches.col.approved'), true],
        ['dispatched', t('audit.col.dispatched'), true],
        ['received', t('dispatches.col.received'), true],
        ['settled', t('audit.col.settled'), true],
      ],
      a.dispatches,
      'item',
      ['requested', 'received'],
    ),
    goods: table(
      t('audit.goodsTitle'),
      [
        ['item', t('reserves.col.item')],
        ['given', t('audit.col.given'), true],
        ['used', t('audit.col.used'), true],
        ['lost', t('audit.col.lost'), true],
        ['written_off_expired', t('audit.col.expired'), true],
        ['written_off_other', t('audit.col.writtenOff'), true],
        ['held', t('audit.col.held'), true],
        ['idle', t('audit.col.idle'), true],
        ['expired_held', t('audit.col.expiredHeld'), true],
      ],
      a.goods,
      'item',
      ['given', 'used', 'held'],
    ),
    refusals: a.refusals.map((r) => `${r.request} · ${names.item(r.item)} × ${n(r.quantity)}: ${r.reason}`),
    response: [
      [t('audit.rt.need50'), hoursText(a.responseTimes.needToFirstDeliveryHoursP50, locale)],
      [t('audit.rt.need90'), hoursText(a.responseTimes.needToFirstDeliveryHoursP90, locale)],
      [t('audit.rt.dispatch50'), hoursText(a.responseTimes.requestToReceiptHoursP50, locale)],
      [t('audit.rt.dispatch90'), hoursText(a.responseTimes.requestToReceiptHoursP90, locale)],
    ] as Array<[string, string]>,
    complaints:
      a.complaints.length === 0
        ? null
        : {
            stats: countStats(a.complaintCounts, t, locale),
            table: complaintsTable(a.complaints, t('audit.complaintsTitle'), locale),
          },
  };
}

const camel = (id: string) => id.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** The reserves pages' tables, by CSV file name (see csv-registry.ts). */
export async function reserveTables(locale: Locale): Promise<Map<string, Table>> {
  const out = new Map<string, Table>();
  const r = await reservesPage(locale);
  if (!r.empty) {
    out.set('reserves-stock', r.stock);
    if (r.rotation.rows.length) out.set('reserves-rotation', r.rotation);
    if (r.expired.rows.length) out.set('reserves-expired', r.expired);
    for (const h of r.holders) if (h.report.rows.length) out.set(`reserves-daily-${h.id}`, h.report);
  }
  const d = await dispatchesPage(locale);
  if (!d.empty) {
    out.set('dispatches', d.requests);
    out.set('dispatches-waiting', d.waits);
    if (d.refused.rows.length) out.set('dispatches-refused', d.refused);
  }
  for (const f of await forecastPage(locale)) {
    out.set(`forecast-${f.key}`, f.table);
    if (f.backtest) out.set(`forecast-${f.key}-backtest`, f.backtest);
  }
  for (const id of await auditIds()) {
    const a = await auditPage(id, locale);
    if (!a) continue;
    if (a.needs.rows.length) out.set(`audit-${id}-needs`, a.needs);
    if (a.dispatches.rows.length) out.set(`audit-${id}-dispatches`, a.dispatches);
    if (a.goods.rows.length) out.set(`audit-${id}-goods`, a.goods);
    if (a.complaints) out.set(`audit-${id}-complaints`, a.complaints.table);
  }
  return out;
}
