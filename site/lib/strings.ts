/**
 * The one translator. It works anywhere, islands included: it takes the table it is given (an
 * island gets only the keys it needs) rather than importing every language's strings. Keys are
 * typed from the string tables, and a key missing from the table is an error, never the key
 * shown as text.
 */
import type zh from '../i18n/zh-CN.json';

export type StringKey = keyof typeof zh;
export type Vars = Record<string, string | number>;
export interface T {
  (key: StringKey, vars?: Vars): string;
  /** Whether the table has `key`: for labels of open lists, which fall back to the raw value. */
  has(key: string): key is StringKey;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function makeT(strings: Readonly<Record<string, string>>): T {
  const t = (key: StringKey, vars?: Vars) => {
    const s = strings[key];
    if (s === undefined) throw new Error(`missing string "${key}"`);
    return fill(s, vars);
  };
  return Object.assign(t, { has: (key: string): key is StringKey => key in strings });
}
