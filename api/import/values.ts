/**
 * Stage two helpers, normalise: text, numbers, dates and quantities as people type them in
 * Chinese and English spreadsheets. Each function returns a value or a reason, never a guess.
 */
import type { Cell } from './grid.ts';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** NFKC folds full-width letters, digits and punctuation; zero-width characters go. */
export function cleanText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'object') return cell.date;
  return cell.normalize('NFKC').replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').trim();
}

/** A key for comparing names: no spaces, brackets or punctuation, lower case. */
export const nameKey = (text: string) =>
  text
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .toLowerCase()
    .replace(/[\s()（）[\]【】"'“”‘’,，.。、:：;；·\-_/]+/g, '');

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

const MULTIPLIER: Record<string, number> = { 万: 10_000, 千: 1_000, 百: 100, 亿: 100_000_000, k: 1_000 };

/**
 * "1,200", "1 200", "2.5万", "3千", "12" → an exact decimal as [integer, scale]: 2.5万 is 25000.
 * Decimals are kept as strings until multiplied, so no float ever rounds an amount.
 */
export function parseDecimal(raw: Cell): Parsed<{ digits: bigint; scale: number }> {
  if (raw === null) return fail('empty');
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('not a number');
    raw = String(raw);
  }
  if (typeof raw === 'object') return fail('a date, not a number');
  let text = cleanText(raw)
    .replace(/^约|左右$|余$|多$/g, '')
    .trim();
  let factor = 1;
  const mult = /([万千百亿k])$/i.exec(text);
  if (mult) {
    factor = MULTIPLIER[mult[1]!.toLowerCase()]!;
    text = text.slice(0, -1).trim();
  }
  // Thousands separators: commas, apostrophes or thin spaces between groups of three.
  if (/^\d{1,3}([,' ]\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/[,' ]/g, '');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return fail(`"${cleanText(raw)}" is not a number`);
  const frac = m[2] ?? '';
  let digits = BigInt(m[1]! + frac) * BigInt(factor);
  let scale = frac.length;
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale -= 1;
  }
  return { ok: true, value: { digits, scale } };
}

/** A whole count: "2万" → 20000; "1.5" refused (a count has no fraction). */
export function parseCount(raw: Cell): Parsed<number> {
  const d = parseDecimal(raw);
  if (!d.ok) return d;
  if (d.value.scale !== 0) return fail(`"${cleanText(raw)}" is not a whole number`);
  if (d.value.digits > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`"${cleanText(raw)}" is too large`);
  return { ok: true, value: Number(d.value.digits) };
}

/** Money in minor units: "5万" yuan → 5,000,000 fen; "12.34" → 1234; "1.234" refused. */
export function parseMoneyMinor(raw: Cell, minorDigits = 2): Parsed<number> {
  const text = typeof raw === 'string' ? cleanText(raw).replace(/^[¥￥$]|元$|RMB$|CNY$/gi, '') : raw;
  const d = parseDecimal(text);
  if (!d.ok) return d;
  if (d.value.scale > minorDigits) return fail(`"${cleanText(raw)}" has more than ${minorDigits} decimals`);
  const minor = d.value.digits * 10n ** BigInt(minorDigits - d.value.scale);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return fail(`"${cleanText(raw)}" is too large`);
  return { ok: true, value: Number(minor) };
}

const pad = (n: number) => String(n).padStart(2, '0');
const validDate = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/**
 * A calendar date: ISO, 2020/2/3, 2020.2.3, 2020年2月3日, 2月3日 (with `year`), or an Excel
 * serial day number (days since 1899-12-30, as Excel counts them) between 1990 and 2100.
 */
export function parseDate(raw: Cell, year?: number): Parsed<string> {
  if (raw === null) return fail('empty');
  if (typeof raw === 'object') return { ok: true, value: raw.date };
  const text = cleanText(raw);
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < 32874 || serial > 73051) return fail(`"${text}" is not a date`);
    const t = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
    return { ok: true, value: t.toISOString().slice(0, 10) };
  }
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(text);
  if (!m && year !== undefined) {
    const md = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
    if (md) m = ['', String(year), md[1]!, md[2]!] as unknown as RegExpExecArray;
  }
  if (!m) return fail(`"${text}" is not a date`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return fail(`"${text}" is not a calendar date`);
  return { ok: true, value: `${y}-${pad(mo)}-${pad(d)}` };
}

/** A quantity as written: number, unit, and the pack size if one is stated. */
export interface StatedQuantity {
  count: number;
  unit: string | null;
  /** "10箱（50只/箱）": 50 只 per 箱. */
  pack: { size: number; unit: string } | null;
}

const UNIT =
  '箱|盒|只|个|件|套|副|双|包|瓶|袋|支|台|把|片|顶|人份|桶|卷|罐|剂|辆|box(?:es)?|pieces?|pcs|pairs?|bottles?|units?|sets?';
const QTY = new RegExp(
  `^(.+?)\\s*(${UNIT})?\\s*(?:[（(]\\s*(\\d+)\\s*(${UNIT})\\s*[/／每]\\s*(?:${UNIT})?\\s*[)）])?$`,
  'i',
);
const PACK_FIRST = new RegExp(
  `^(\\d+)\\s*(${UNIT})\\s*[/／每]\\s*(${UNIT})\\s*[×x*]\\s*(\\d+)\\s*(${UNIT})?$`,
  'i',
);

export function parseQuantity(raw: Cell, unitCell?: Cell): Parsed<StatedQuantity> {
  let text = cleanText(raw);
  if (!text) return fail('empty');
  const unitText = cleanText(unitCell ?? null);
  // A separate unit column ("箱（20只/箱）") joins a bare number.
  if (unitText && /^[\d.,' ]+[万千k]?$/i.test(text)) text = `${text}${unitText}`;
  const pf = PACK_FIRST.exec(text);
  if (pf) {
    return {
      ok: true,
      value: { count: Number(pf[4]), unit: pf[3]!, pack: { size: Number(pf[1]), unit: pf[2]! } },
    };
  }
  const m = QTY.exec(text);
  if (!m) return fail(`"${text}" is not a quantity`);
  const count = parseCount(m[1]!);
  if (!count.ok) return count;
  return {
    ok: true,
    value: {
      count: count.value,
      unit: m[2] ?? null,
      pack: m[3] ? { size: Number(m[3]), unit: m[4]! } : null,
    },
  };
}
