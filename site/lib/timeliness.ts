/**
 * Timeliness and idle stock of one organization, as tables: for a facility, how quickly its
 * needs were answered (median and 90th percentile from report to first delivery, the share
 * met within the urgency window), and for any holder the share of its goods left idle. The
 * maths is the API's (api/domain/outcomes.ts, api/domain/signals.ts); this only shapes rows,
 * so it is pure and tested.
 */
import { urgencyWindowHours } from '../../api/domain/needs.ts';
import { evaluateNeeds, type NeedOutcome, type NeedTiming } from '../../api/domain/outcomes.ts';
import { idleAfterDays, idleRateFlag } from '../../api/domain/signals.ts';
import { formatDate, formatInteger, formatMoney, formatPercent } from './format.ts';
import type { Locale, StringKey, Translate } from './i18n.ts';
import { cell, type Table } from './table.ts';

/** Minutes as people say them: "45 min", "5.5 h" up to the 72-hour window, then "3.2 days" (zh 分钟, 小时, 天). */
export function formatMinutes(minutes: number | null, locale: Locale): string {
  if (minutes === null) return '—';
  const zh = locale === 'zh-CN';
  const one = (v: number) =>
    new Intl.NumberFormat(zh ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 1 }).format(v);
  if (minutes < 60) return zh ? `${Math.round(minutes)} 分钟` : `${Math.round(minutes)} min`;
  if (minutes <= 72 * 60) return zh ? `${one(minutes / 60)} 小时` : `${one(minutes / 60)} h`;
  const days = minutes / 1440;
  return zh ? `${one(days)} 天` : `${one(days)} ${days === 1 ? 'day' : 'days'}`;
}

/** Whether a holder's idle share is above the published flag (30 %). */
export const idleFlagged = (share: number | null): boolean => share !== null && share > idleRateFlag;

/** A ratio for a CSV file: four decimals, as the coverage tables give. */
const ratioRaw = (r: number | null) => (r === null ? null : Number(r.toFixed(4)));

export interface TimelinessFigure {
  outcome: NeedOutcome;
  stats: Array<{ value: string; label: string }>;
  table: Table;
  /** The rule, in the page's language, with the windows and the as-of date filled in. */
  rule: string;
}

export function timelinessFigure(
  needs: readonly NeedTiming[],
  asOf: string,
  t: Translate,
  locale: Locale,
): TimelinessFigure | null {
  if (needs.length === 0) return null;
  const o = evaluateNeeds(needs, asOf);
  const delivered = needs.length - o.responseDistribution.noDeliveryYet;
  const share = o.shareMetWithinWindow === null ? '—' : formatPercent(o.shareMetWithinWindow, locale, 0);
  const n = (v: number) => formatInteger(v, locale);
  const lines: Array<[StringKey, string, number | null, string]> = [
    ['org.time.line.needs', n(o.needs), o.needs, 'needs'],
    ['org.time.line.delivered', n(delivered), delivered, 'needs'],
    [
      'org.time.line.p50',
      formatMinutes(o.responseMinutesP50, locale),
      o.responseMinutesP50 === null ? null : Math.round(o.responseMinutesP50),
      'minutes',
    ],
    [
      'org.time.line.p90',
      formatMinutes(o.responseMinutesP90, locale),
      o.responseMinutesP90 === null ? null : Math.round(o.responseMinutesP90),
      'minutes',
    ],
    ['org.time.line.met', n(o.met), o.met, 'needs'],
    ['org.time.line.judged', n(o.judged), o.judged, 'needs'],
    ['org.time.line.inWindow', n(o.metWithinWindow), o.metWithinWindow, 'needs'],
    ['org.time.line.share', share, ratioRaw(o.shareMetWithinWindow), 'ratio'],
  ];
  const windows = Object.values(urgencyWindowHours)
    .map((h) => formatMinutes(h * 60, locale))
    .join(locale === 'zh-CN' ? '、' : ', ');
  return {
    outcome: o,
    stats: [
      { value: formatMinutes(o.responseMinutesP50, locale), label: t('org.time.stat.p50') },
      { value: formatMinutes(o.responseMinutesP90, locale), label: t('org.time.stat.p90') },
      { value: share, label: t('org.time.stat.share') },
    ],
    table: {
      title: t('org.time.tableTitle'),
      columns: [
        { id: 'line', label: t('org.col.line') },
        { id: 'value', label: t('org.time.col.value'), numeric: true },
      ],
      rows: lines.map(([k, text, raw, id]) => [
        cell(t(k), k.slice('org.time.line.'.length)),
        cell(text, raw),
      ]),
      csvExtra: { ids: ['unit', 'as_of'], rows: lines.map(([, , , unit]) => [unit, asOf]) },
    },
    rule: t('org.time.rule', { windows, asOf: formatDate(asOf, locale) }),
  };
}

export interface IdleFigure {
  share: number | null;
  flagged: boolean;
  stats: Array<{ value: string; label: string }>;
  table: Table;
  rule: string;
}

export function idleFigure(
  idle: { receivedValue: number; idleValue: number; idleShare: number | null },
  asOf: string,
  t: Translate,
  locale: Locale,
): IdleFigure {
  const flagged = idleFlagged(idle.idleShare);
  const share = idle.idleShare === null ? '—' : formatPercent(idle.idleShare, locale, 0);
  const money = (v: number) => formatMoney(v, 'CNY', locale);
  const lines: Array<[StringKey, string, number | boolean | null]> = [
    ['org.idle.line.received', money(idle.receivedValue), idle.receivedValue],
    ['org.idle.line.idle', money(idle.idleValue), idle.idleValue],
    ['org.idle.line.share', share, ratioRaw(idle.idleShare)],
    ['org.idle.line.flagged', flagged ? t('common.yes') : t('common.no'), flagged],
  ];
  return {
    share: idle.idleShare,
    flagged,
    stats: [{ value: share, label: t('org.idle.stat.share') }],
    table: {
      title: t('org.idle.tableTitle'),
      columns: [
        { id: 'line', label: t('org.col.line') },
        { id: 'value', label: t('org.time.col.value'), numeric: true },
      ],
      rows: lines.map(([k, text, raw]) => [cell(t(k), k.slice('org.idle.line.'.length)), cell(text, raw)]),
      csvExtra: {
        ids: ['unit', 'as_of'],
        rows: lines.map(([k]) => [
          k.endsWith('share') ? 'ratio' : k.endsWith('flagged') ? 'boolean' : 'CNY minor units',
          asOf,
        ]),
      },
    },
    rule: t('org.idle.rule', {
      days: idleAfterDays,
      flag: formatPercent(idleRateFlag, locale, 0),
      asOf: formatDate(asOf, locale),
    }),
  };
}
