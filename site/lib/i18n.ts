/**
 * The site's two languages. Simplified Chinese is the default and lives at `/`; English lives
 * under `/en/`. UI strings are flat dotted keys in site/i18n/{zh-CN,en}.json, looked up by the
 * one translator of strings.ts: a missing key is an error, never a silently English page.
 */
import en from '../i18n/en.json';
import zh from '../i18n/zh-CN.json';
import { makeT, type StringKey, type T, type Vars } from './strings.ts';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

export type { StringKey };
const tables: Record<Locale, Record<string, string>> = { 'zh-CN': zh, en };
const translators: Record<Locale, T> = { 'zh-CN': makeT(zh), en: makeT(en) };

/** The `[...locale]` route parameter: undefined for the default language. */
export const localeParam = (locale: Locale): string | undefined =>
  locale === defaultLocale ? undefined : locale;
export const localeFromParam = (param: string | undefined): Locale => (param === 'en' ? 'en' : defaultLocale);

/** getStaticPaths for a page that exists once per language. */
export const perLocale = () =>
  locales.map((l) => ({ params: { locale: localeParam(l) }, props: { locale: l } }));

export const translate = (locale: Locale, key: StringKey, vars?: Vars): string =>
  translators[locale](key, vars);

export type Translate = T;
export const translator = (locale: Locale): Translate => translators[locale];

/** The strings under some prefixes, for an island that should not ship the whole table. */
export function stringsFor(locale: Locale, prefixes: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tables[locale]).filter(([k]) => prefixes.some((p) => k.startsWith(p))),
  );
}

/** `/organizations/x/` in a language: `/organizations/x/` or `/en/organizations/x/`. */
export function localePath(locale: Locale, path: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  return locale === defaultLocale ? clean : `/${locale}${clean}`;
}

/** The same page in the other language, from the current path. */
export function switchLocalePath(pathname: string, to: Locale): string {
  const bare = pathname.replace(/^\/en(?=\/|$)/, '') || '/';
  return localePath(to, bare);
}

export const htmlLang = (locale: Locale) => (locale === 'zh-CN' ? 'zh-Hans-CN' : 'en');
