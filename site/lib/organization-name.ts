/**
 * The one rule for how an organization is named on a page: by its registered (Chinese) name on
 * a Chinese page, by its English name on an English page. The English name is the one it was
 * registered with, or else one read from the Chinese at build time (englishNames, which runs
 * where the catalogue and pinyin are at hand, never in the browser). Organizations registered
 * anonymous are never named at all (contract/privacy.ts); this is for public ones.
 */
import type { Locale } from './i18n.ts';

export interface NamedOrganization {
  name: string;
  /** Given at registration, or read from the Chinese; null when neither is known here. */
  nameEn: string | null;
}

export function organizationName(org: NamedOrganization, locale: Locale): string {
  if (locale === 'zh-CN') return org.name;
  return org.nameEn?.trim() || org.name;
}
