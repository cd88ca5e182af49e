/**
 * Names for the codes the ledger stores: regions, diseases, items (with their units), and how
 * to show an amount of any asset. Browser-safe: the build writes one `NameTables` per language
 * (site-data/names.<locale>.json) and the gift lookup fetches it, so the page and the island
 * name things the same way.
 */
import { formatMoney, formatMoneyShort, formatQuantity, pluralUnit, type UnitNames } from './format.ts';
import type { Locale } from './i18n.ts';
import { organizationName } from './organization-name.ts';

export interface NameTables {
  /** code → [name, parent code or "", level]. */
  regions: Record<string, [string, string, string]>;
  diseases: Record<string, string>;
  /** id → [name, unit zh, unit en]. */
  items: Record<string, [string, string, string]>;
  /**
   * Public organizations' English names by id (English tables only: a Chinese page names an
   * organization by the name it comes with).
   */
  organizations?: Record<string, string>;
}

export interface Namer {
  locale: Locale;
  region(code: string): string;
  /** The province a region lies in (the top of its hierarchy), or the region itself. */
  province(code: string): string;
  /** "浠水县, 黄冈市, 湖北省" / "Xishui County, Huanggang, Hubei". */
  regionPath(code: string): string;
  disease(code: string | null): string;
  item(id: string): string;
  unit(id: string): UnitNames;
  /**
   * A public organization's name on this page, from its id and its registered name (as the
   * answer or row at hand carries it): see organization-name.ts.
   */
  organization(id: string, name: string): string;
  /** What an asset is: "人民币 (CNY)" / "Chinese yuan (CNY)", or an item's name. */
  asset(asset: string): string;
  /** An amount of an asset, exact: "¥1,234.56" or "1,200 盒". */
  amount(asset: string, amount: number): string;
  /** An amount with what it is: "¥1,234.56", or "1,200 盒阿莫西林胶囊" / "1,200 boxes of Amoxicillin capsules". */
  amountOf(asset: string, amount: number): string;
  /** An amount of an asset, short: "¥12.35万" or "1.2万 盒". */
  amountShort(asset: string, amount: number): string;
  /** The unit an axis of this asset is labelled in: "元" / "CNY", or the item's unit. */
  axisUnit(asset: string): string;
}

const currencyNames: Record<string, [string, string]> = { CNY: ['人民币', 'Chinese yuan'] };

export function createNamer(tables: NameTables, locale: Locale): Namer {
  const zh = locale === 'zh-CN';
  const region = (code: string) => tables.regions[code]?.[0] ?? code;
  const province = (code: string) => {
    let c = code;
    for (let i = 0; i < 8; i++) {
      const parent = tables.regions[c]?.[1];
      if (!parent) return c;
      c = parent;
    }
    return c;
  };
  const unit = (id: string): UnitNames => {
    const it = tables.items[id];
    return it ? { zh: it[1], en: it[2] } : { zh: '', en: 'unit' };
  };
  const parse = (asset: string) => {
    const i = asset.indexOf(':');
    return { kind: asset.slice(0, i), name: asset.slice(i + 1) };
  };
  return {
    locale,
    region,
    province,
    regionPath(code) {
      const parts: string[] = [];
      let c: string | undefined = code;
      for (let i = 0; c && i < 8; i++) {
        parts.push(region(c));
        c = tables.regions[c]?.[1] || undefined;
      }
      return zh ? parts.reverse().join('') : parts.join(', ');
    },
    disease: (code) =>
      code === null ? '' : (tables.diseases[code] ?? tables.diseases[code.slice(0, 3)] ?? code),
    item: (id) => tables.items[id]?.[0] ?? id,
    organization: (id, name) =>
      organizationName({ name, nameEn: tables.organizations?.[id] ?? null }, locale),
    unit,
    asset(asset) {
      const { kind, name } = parse(asset);
      if (kind === 'money') {
        const n = currencyNames[name];
        return n ? `${zh ? n[0] : n[1]} (${name})` : name;
      }
      return tables.items[name]?.[0] ?? name;
    },
    amount(asset, amount) {
      const { kind, name } = parse(asset);
      return kind === 'money'
        ? formatMoney(amount, name, locale)
        : formatQuantity(amount, unit(name), locale);
    },
    amountOf(asset, amount) {
      const { kind, name } = parse(asset);
      if (kind === 'money') return formatMoney(amount, name, locale);
      const item = tables.items[name]?.[0] ?? name;
      return zh
        ? `${formatQuantity(amount, unit(name), locale)}${item}`
        : `${formatQuantity(amount, unit(name), locale)} of ${item}`;
    },
    amountShort(asset, amount) {
      const { kind, name } = parse(asset);
      return kind === 'money'
        ? formatMoneyShort(amount, name, locale)
        : formatQuantity(amount, unit(name), locale, true);
    },
    axisUnit(asset) {
      const { kind, name } = parse(asset);
      if (kind === 'money') return zh && name === 'CNY' ? '元' : name;
      const u = unit(name);
      return zh ? u.zh : pluralUnit(u.en);
    },
  };
}
