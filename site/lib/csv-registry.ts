/**
 * Every CSV download the site offers, by file name, per language: the same tables the pages
 * show under their charts. The CSV endpoint writes one file per entry.
 */
import type { Locale } from './i18n.ts';
import { organizationList, organizationPage, organizationsIndex } from './organizations.ts';
import { overview } from './overview.ts';
import type { Table } from './table.ts';

export async function csvTables(locale: Locale): Promise<Map<string, Table>> {
  const out = new Map<string, Table>();
  const o = await overview(locale);
  if (o.empty) return out;
  for (const m of o.money) out.set(`overview-money-${m.currency}`, m.table);
  if (o.goods) out.set('overview-goods', o.goods);
  if (o.sankey) out.set('overview-flows', o.sankey.table);
  out.set('overview-activity', o.activity);
  if ((await organizationList()).length > 0) out.set('organizations', (await organizationsIndex(locale)).table);
  for (const org of await organizationList()) {
    const p = await organizationPage(org.id, locale);
    if (!p) continue;
    for (const [suffix, table] of Object.entries(organizationTables(p))) if (table && table.rows.length > 0) out.set(`org-${org.id}-${suffix}`, table);
  }
  return out;
}

/** The tables of an organization page, by the CSV file suffix they are offered under. */
export function organizationTables(p: NonNullable<Awaited<ReturnType<typeof organizationPage>>>): Record<string, Table | null> {
  return { summary: p.summary, in: p.inflow?.table ?? null, out: p.outflow?.table ?? null, goods: p.goodsFlows, uses: p.uses?.table ?? null, holdings: p.holdings };
}
