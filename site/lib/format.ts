/**
 * Numbers for people. Amounts arrive as integers (minor units of a currency, or whole units of
 * an item) and stay integers everywhere; only here, for display, are they divided. Chinese
 * counts large numbers in 万 (10⁴) and 亿 (10⁸); English uses thousands separators.
 */
import type { Locale } from './i18n.ts';

const intl = (locale: Locale) => (locale === 'zh-CN' ? 'zh-CN' : 'en-GB');
const grouped = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}/${fractionDigits}`;
  let f = grouped.get(key);
  if (!f)
    grouped.set(
      key,
      (f = new Intl.NumberFormat(intl(locale), {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
        useGrouping: true,
      })),
    );
  return f;
}

/** 1234567 → "1,234,567" (both languages group by thousands in exact figures). */
export const formatInteger = (n: number, locale: Locale): string => numberFormat(locale, 0).format(n);

/**
 * A count, short: zh "1,234" below 万, then "12.35万", "123.5万", "1.23亿"; en "1,234,567". At
 * most two decimals (fewer as the number grows), trailing zeros dropped.
 */
export function formatCount(n: number, locale: Locale): string {
  if (locale !== 'zh-CN') return formatInteger(n, locale);
  const abs = Math.abs(n);
  if (abs < 1e4) return formatInteger(n, locale);
  const [value, unit] = abs < 1e8 ? [n / 1e4, '万'] : [n / 1e8, '亿'];
  return `${trimmed(value)}${unit}`;
}

/** 12.3456 → "12.35", 123.456 → "123.5", 1234.5 → "1,235". */
function trimmed(value: number): string {
  const abs = Math.abs(value);
  const digits = abs < 100 ? 2 : abs < 1000 ? 1 : 0;
  return numberFormat('zh-CN', digits)
    .format(value)
    .replace(/\.0+$|(\.\d*?)0+$/, '$1');
}

const fractionCache = new Map<string, number>();
/** Minor-unit digits of an ISO 4217 currency (CNY 2, JPY 0). */
export function currencyDigits(currency: string): number {
  let d = fractionCache.get(currency);
  if (d === undefined) {
    d =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    fractionCache.set(currency, d);
  }
  return d;
}

const symbols: Record<string, string> = { CNY: '¥' };
const prefix = (currency: string, locale: Locale) =>
  locale === 'zh-CN' && symbols[currency] ? symbols[currency]! : `${currency} `;

/** Integer minor units → major units as a string, exactly: 1234567 fen → "12,345.67". */
export function formatMinor(minor: number, currency: string, locale: Locale): string {
  const digits = currencyDigits(currency);
  const scale = 10 ** digits;
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = formatInteger(Math.floor(abs / scale), locale);
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${String(abs % scale).padStart(digits, '0')}`;
}

/** Money, exact: zh "¥12,345.67", en "CNY 12,345.67". */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const s = formatMinor(minor, currency, locale);
  return s.startsWith('-') ? `-${prefix(currency, locale)}${s.slice(1)}` : `${prefix(currency, locale)}${s}`;
}

/**
 * Money, short, for headlines and chart labels: zh "¥8,500", "¥12.35万", "¥1.2亿"; en
 * "CNY 8,500", "CNY 123,457" (whole units, thousands separators). Amounts below 100 keep
 * their minor units so small sums never round to nothing.
 */
export function formatMoneyShort(minor: number, currency: string, locale: Locale): string {
  const major = minor / 10 ** currencyDigits(currency);
  const sign = major < 0 ? '-' : '';
  const abs = Math.abs(major);
  if (abs < 100) return formatMoney(minor, currency, locale);
  const body =
    locale === 'zh-CN' && abs >= 1e4 ? formatCount(abs, locale) : formatInteger(Math.round(abs), locale);
  return `${sign}${prefix(currency, locale)}${body}`;
}

export interface UnitNames {
  zh: string;
  en: string;
}

/** English plural of a unit name: box → boxes, prefilled syringe → prefilled syringes. */
export const pluralUnit = (unit: string) => (/(s|x|z|ch|sh)$/.test(unit) ? `${unit}es` : `${unit}s`);

/** A quantity with its unit: zh "1,200 盒", en "1,200 boxes" / "1 box". */
export function formatQuantity(n: number, unit: UnitNames, locale: Locale, short = false): string {
  const num = short ? formatCount(n, locale) : formatInteger(n, locale);
  if (locale === 'zh-CN') return `${num} ${unit.zh}`;
  return `${num} ${Math.abs(n) === 1 ? unit.en : pluralUnit(unit.en)}`;
}

/**
 * A share, e.g. 0.4567 → "45.7%". A share that is not zero never reads "0.0%", nor one short
 * of the whole "100.0%": they read "<0.1%" and ">99.9%".
 */
export function formatPercent(ratio: number, locale: Locale, digits = 1): string {
  const f = new Intl.NumberFormat(intl(locale), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  const step = 10 ** -digits / 100;
  if (ratio > 0 && ratio < step / 2) return `<${f.format(step)}`;
  if (ratio < 1 && ratio >= 1 - step / 2) return `>${f.format(1 - step)}`;
  return f.format(ratio);
}

/** Dates are shown in China Standard Time, the time zone the ledger's users work in. */
export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intl(locale), {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: locale === 'zh-CN' ? 'long' : 'short',
    day: 'numeric',
  }).format(new Date(iso));
}

/** How a moment is written: one format per language, for pages and their scripts alike. */
export const dateTimeOptions = (locale: Locale): Intl.DateTimeFormatOptions => ({
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: locale === 'zh-CN' ? 'long' : 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The language tag dates and numbers are written in (en pages: "31 Mar 2026"). */
export const intlLocale = intl;

export function formatDateTime(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intl(locale), dateTimeOptions(locale)).format(new Date(iso));
}

/** Minor units as a plain decimal for CSV files: 1234567 → "12345.67" (no grouping, no symbol). */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const scale = 10 ** digits;
  return digits === 0
    ? `${sign}${abs}`
    : `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}
