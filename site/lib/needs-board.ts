/**
 * The needs board: open needs by priority, then age (the API's order), as a table whose
 * columns are a list, so a column can be added in one place. Views are pre-rendered per
 * priority and per province so that filtering works without JavaScript.
 *
 * Counts of people below 5 show as "<5" (publicCount), as everywhere in public outputs.
 */
import { urgencyWindowHours, type Urgency } from '../../api/domain/needs.ts';
import { waitingTime, type WaitingTime } from '../../api/domain/need-waiting.ts';
import { isSmallCount, publicCount } from '../../api/contract/privacy.ts';
import { listNeeds } from '../../api/store/queries/needs.ts';
import type { needs } from '../../api/store/schema.ts';
import { siteCatalog } from './site-catalog.ts';
import { idleStockMatches, latestOccurredAt, type NeedWithMatches } from '../../api/store/queries/signals.ts';
import { buildSource, once, onceWith } from './build-data.ts';
import { formatDate, formatInteger, formatQuantity } from './format.ts';
import { localePath, translator, type Locale, type StringKey, type Translate } from './i18n.ts';
import { createNamer, type Namer } from './names.ts';
import { cell, linkCell, type Cell, type Column, type Table } from './table.ts';
import { openComplaintsByAbout } from './complaints.ts';
import { complaintFormPath } from './complaints-view.ts';

export type NeedRow = Omit<typeof needs.$inferSelect, 'facility' | 'recordedBy'> & {
  /** Null for a facility registered anonymous (then `anonymousKind` says its kind). */
  facility: string | null;
  recordedBy: string | null;
  facilityName: string | null;
  anonymousKind: string | null;
};

/** Every open need, in board order. The board is small enough to read whole at build time. */
export const openNeeds = once(
  async (db) =>
    (await listNeeds(db, { status: 'open' }, null, 1_000_000)).map((r) => ({
      ...r.need,
      facilityName: r.facilityName,
      anonymousKind: r.anonymousFacility?.kind ?? null,
    })),
  [] as NeedRow[],
);

/** A need's best idle-stock matches, by the published score (api/domain/signals.ts). */
export type NeedMatch = NeedWithMatches['matches'][number];

/** How many suggested matches a board row shows (the API gives five). */
export const matchesShown = 3;

export { siteCatalog };

/** Suggested matches for every open need, read once per build. */
export const suggestedMatches = onceWith(async (database) => {
  const { asOf } = await latestOccurredAt(database.client);
  if (asOf === null) return new Map<string, NeedMatch[]>();
  const { rows } = await idleStockMatches(database.client, siteCatalog(), {
    asOf,
    after: null,
    limit: 1_000_000,
  });
  return new Map(rows.map((r) => [r.need.id, r.matches]));
}, new Map<string, NeedMatch[]>());

export interface BoardContext {
  locale: Locale;
  t: Translate;
  namer: Namer;
  /** Suggested matches by need id. */
  matches: Map<string, NeedMatch[]>;
  /**
   * When the data was last signed: open needs wait until this moment, unless they are
   * historical records (see api/domain/need-waiting.ts).
   */
  asOfMs: number;
  /** Complaints about each need that are not resolved, by need id. */
  complaints: Map<string, number>;
}

export interface NeedColumn {
  column: Column;
  cell(n: NeedRow, ctx: BoardContext): Cell;
}

/** How long a need waited: the API's rule, measured to the board's moment. */
export const waited = (n: NeedRow, ctx: Pick<BoardContext, 'asOfMs'>): WaitingTime =>
  waitingTime(n, ctx.asOfMs);

/** When a need's urgency window closes, in ms since the epoch. */
export const windowEndMs = (reportedAt: string, urgency: string): number =>
  Date.parse(reportedAt) + (urgencyWindowHours[urgency as Urgency] ?? 0) * 3_600_000;

/** Whether a need was fully met within its urgency window (null when not met). */
export function metInWindow(n: {
  reportedAt: string;
  urgency: string;
  metAt: string | null;
}): boolean | null {
  if (!n.metAt) return null;
  return Date.parse(n.metAt) <= windowEndMs(n.reportedAt, n.urgency);
}

export const categoryKey = (category: string) => `needs.category.${category}` as StringKey;

/** What is needed: the item, or "any medicine" for a need of a whole category. */
export function needWhat(
  n: Pick<NeedRow, 'item' | 'category'>,
  ctx: Pick<BoardContext, 't' | 'namer'>,
): string {
  return n.item ? ctx.namer.item(n.item) : ctx.t('needs.anyOf', { category: ctx.t(categoryKey(n.category)) });
}

/** A quantity in the need's unit (an item's unit; a category need counts units of whatever arrives). */
export function needQuantity(
  n: Pick<NeedRow, 'item'>,
  quantity: number,
  ctx: Pick<BoardContext, 'locale' | 'namer'>,
): string {
  return n.item
    ? formatQuantity(quantity, ctx.namer.unit(n.item), ctx.locale)
    : formatInteger(quantity, ctx.locale);
}

/** The board's columns, in order. */
export const needColumns: NeedColumn[] = [
  {
    column: { id: 'priority', label: '' },
    cell: (n, { t }) => cell(t(`needs.priority.${n.priority}` as StringKey), n.priority),
  },
  {
    column: { id: 'facility', label: '', key: true },
    cell: (n, { locale, t, namer }) =>
      n.facility === null
        ? cell(t('anonymous.party', { kind: t(`kind.${n.anonymousKind}` as StringKey) }), null)
        : linkCell(
            namer.organization(n.facility, n.facilityName ?? n.facility),
            n.facility,
            n.facilityName ? localePath(locale, `/organizations/${n.facility}/`) : undefined,
          ),
  },
  { column: { id: 'region', label: '' }, cell: (n, { namer }) => cell(namer.regionPath(n.region), n.region) },
  {
    column: { id: 'item', label: '', key: true },
    cell: (n, ctx) => cell(needWhat(n, ctx), n.item ?? `category:${n.category}`),
  },
  {
    column: { id: 'still_needed', label: '', numeric: true, key: true },
    cell: (n, ctx) => {
      // Published without an amount: a need line, never a quantity.
      if (!n.quantityStated) return cell(ctx.t('needs.amountNotStated'), null);
      const lacking = Math.max(0, n.quantity - n.delivered);
      return cell(
        lacking === n.quantity
          ? needQuantity(n, n.quantity, ctx)
          : ctx.t('needs.stillOf', {
              lacking: formatInteger(lacking, ctx.locale),
              quantity: needQuantity(n, n.quantity, ctx),
            }),
        lacking,
      );
    },
  },
  {
    column: { id: 'disease', label: '' },
    cell: (n, { namer, t }) => cell(n.disease ? namer.disease(n.disease) : t('cov.noDisease'), n.disease),
  },
  {
    column: { id: 'people', label: '', numeric: true },
    cell: (n, { locale }) =>
      n.beneficiaries === null
        ? cell('—', null)
        : cell(
            isSmallCount(n.beneficiaries)
              ? publicCount(n.beneficiaries)
              : formatInteger(n.beneficiaries, locale),
            publicCount(n.beneficiaries),
          ),
  },
  {
    column: { id: 'reported_at', label: '', key: true },
    cell: (n, ctx) => {
      const { locale, t } = ctx;
      const w = waited(n, ctx);
      // A historical record says only that the need was open on its as-of date.
      return cell(
        w.historical
          ? t('needs.reportedHistorical', {
              date: formatDate(n.reportedAt, locale),
              asOf: formatDate(w.until, locale),
            })
          : t('needs.reportedAge', {
              date: formatDate(n.reportedAt, locale),
              days: formatInteger(w.days, locale),
            }),
        n.reportedAt,
      );
    },
  },
  {
    column: { id: 'urgency', label: '', key: true },
    cell: (n, ctx) => {
      const { t, locale } = ctx;
      const w = waited(n, ctx);
      const end = windowEndMs(n.reportedAt, n.urgency);
      const vars = {
        window: t(`needs.urgency.${n.urgency}` as StringKey),
        date: formatDate(new Date(end).toISOString(), locale),
        asOf: formatDate(w.until, locale),
      };
      // The window is judged at the moment the wait is known to: for history, its as-of date.
      const passed = end < Date.parse(w.until);
      const key = w.historical
        ? passed
          ? 'needs.windowPassedHistorical'
          : 'needs.windowOpenHistorical'
        : passed
          ? 'needs.windowPassed'
          : 'needs.windowOpen';
      return cell(t(key, vars), n.urgency);
    },
  },
  {
    column: { id: 'matches', label: '' },
    cell: (n, ctx) => {
      const found = matchesByHolder(ctx.matches.get(n.id) ?? [], Math.max(0, n.quantity - n.delivered)).slice(
        0,
        matchesShown,
      );
      if (found.length === 0) return cell(ctx.t('needs.matchNone'), '');
      const text = found
        .map((m) =>
          // Each match names its item in its own unit: a substitute is never counted in the need's.
          ctx.t(n.item !== null && m.item !== n.item ? 'needs.matchSubstitute' : 'needs.match', {
            // Only public holders have a name; one registered anonymous is named by neither.
            holder:
              m.holderName === null
                ? ctx.t('anonymous.holder')
                : ctx.namer.organization(m.holder, m.holderName),
            quantity: needQuantity({ item: m.item }, m.quantity, ctx),
            item: ctx.namer.item(m.item),
            score: formatScore(m.score, ctx.locale),
          }),
        )
        .join('; ');
      return cell(
        text,
        found
          .map((m) => `${m.holderName === null ? 'anonymous' : m.holder}:${m.item}:${m.quantity}:${m.score}`)
          .join(' '),
      );
    },
  },
  {
    // Anyone may complain about a need (wrong figures, already met, never reported by the facility).
    column: { id: 'complaints', label: '' },
    cell: (n, { complaints, t, locale }) => {
      const open = complaints.get(n.id) ?? 0;
      return linkCell(
        open > 0 ? t('needs.complaintsOpen', { n: formatInteger(open, locale) }) : t('needs.complain'),
        open,
        complaintFormPath(locale, n.id),
      );
    },
  },
];

/**
 * One line per holder: a holder's lots of the same item are offered together, up to what the
 * need lacks, at the best score among them; holders keep the order of their best lot.
 */
export function matchesByHolder(matches: readonly NeedMatch[], lacking: number) {
  const byHolder = new Map<
    string,
    { holder: string; holderName: string | null; item: string; quantity: number; score: number }
  >();
  for (const m of matches) {
    const key = `${m.lot.holder}|${m.lot.item}`;
    const h = byHolder.get(key) ?? {
      holder: m.lot.holder,
      holderName: m.holderName,
      item: m.lot.item,
      quantity: 0,
      score: m.score,
    };
    h.quantity = Math.min(lacking, h.quantity + m.quantity);
    byHolder.set(key, h);
  }
  return [...byHolder.values()];
}

const formatScore = (score: number, locale: Locale) =>
  score.toLocaleString(locale, { maximumFractionDigits: 1 });

export async function boardContext(locale: Locale): Promise<BoardContext> {
  const source = await buildSource();
  return {
    locale,
    t: translator(locale),
    namer: createNamer(source.names[locale], locale),
    matches: await suggestedMatches(),
    asOfMs: source.checkpoint ? Date.parse(source.checkpoint.signedAt) : Date.now(),
    complaints: new Map([...(await openComplaintsByAbout())].map(([id, rows]) => [id, rows.length])),
  };
}

/** The board's table for some needs. */
export function needsTable(rows: readonly NeedRow[], title: string, ctx: BoardContext): Table {
  return {
    title,
    columns: needColumns.map((c) => ({ ...c.column, label: ctx.t(`needs.col.${c.column.id}` as StringKey) })),
    rows: rows.map((n) => needColumns.map((c) => c.cell(n, ctx))),
    csvExtra: {
      ids: [
        'need_id',
        'facility_id',
        'category',
        'quantity',
        'delivered',
        'age_days',
        'as_of',
        'waited_until',
        'waited_until_reason',
        'urgency_window_hours',
        'importance',
        'target_group',
        'appeal',
      ],
      rows: rows.map((n) => {
        const w = waited(n, ctx);
        return [
          n.id,
          n.facility,
          n.category,
          n.quantity,
          n.delivered,
          w.days,
          n.asOf,
          w.until,
          w.reason,
          urgencyWindowHours[n.urgency as Urgency] ?? null,
          n.importance,
          n.targetGroup,
          n.appeal,
        ];
      }),
    },
  };
}

export interface BoardView {
  /** The URL segment under /needs/ ('' for all open needs). */
  key: string;
  kind: 'all' | 'priority' | 'province';
  /** Priority 1–4, or a province code. */
  value: string;
  needs: NeedRow[];
}

/** Every pre-rendered view: all open needs, each priority, each province with open needs. */
export function boardViews(rows: readonly NeedRow[], provinceOf: (region: string) => string): BoardView[] {
  const views: BoardView[] = [{ key: '', kind: 'all', value: '', needs: [...rows] }];
  for (const p of [1, 2, 3, 4])
    views.push({
      key: `priority-${p}`,
      kind: 'priority',
      value: String(p),
      needs: rows.filter((n) => n.priority === p),
    });
  const provinces = [...new Set(rows.map((n) => provinceOf(n.region)))].sort();
  for (const code of provinces)
    views.push({
      key: code,
      kind: 'province',
      value: code,
      needs: rows.filter((n) => provinceOf(n.region) === code),
    });
  return views;
}

/** Rows per page of the board: a page a phone can scroll through. */
export const boardPageSize = 50;

/** One page of one view: its URL segment under /needs/ ('' for the first page of all needs). */
export interface BoardPage {
  view: BoardView;
  /** 1-based. */
  page: number;
  pages: number;
  path: string;
  needs: NeedRow[];
}

/** The URL segment of page `page` of a view: the view's own for page 1, then `<view>/page-N`. */
export const boardPagePath = (viewKey: string, page: number): string =>
  page <= 1 ? viewKey : viewKey ? `${viewKey}/page-${page}` : `page-${page}`;

/** Every page of every view, `size` rows each (a view with no needs has one, empty, page). */
export function boardPages(views: readonly BoardView[], size = boardPageSize): BoardPage[] {
  return views.flatMap((view) => {
    const pages = Math.max(1, Math.ceil(view.needs.length / size));
    return Array.from({ length: pages }, (_, i) => ({
      view,
      page: i + 1,
      pages,
      path: boardPagePath(view.key, i + 1),
      needs: view.needs.slice(i * size, (i + 1) * size),
    }));
  });
}

/**
 * The pages a pager links to: the first, the last, and those near the current one; null marks
 * a gap. 1 … 4 5 [6] 7 8 … 20.
 */
export function pagerPages(page: number, pages: number, around = 2): Array<number | null> {
  const out: Array<number | null> = [];
  for (let p = 1; p <= pages; p++) {
    if (p === 1 || p === pages || Math.abs(p - page) <= around) out.push(p);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

export async function needsViews(): Promise<BoardView[]> {
  const namer = createNamer((await buildSource()).names['zh-CN'], 'zh-CN');
  return boardViews(await openNeeds(), (region) => namer.province(region));
}
