/**
 * Every CSV download the site offers, by file name, per language: the same tables the pages
 * show under their charts. The CSV endpoint writes one file per entry.
 */
import { appealIds, appealPage, appealsIndex } from './appeals.ts';
import { diseasesPage } from './diseases.ts';
import type { Locale } from './i18n.ts';
import { boardContext, needsTable, needsViews } from './needs-board.ts';
import { facilityContext, facilityCoverageViews, facilityTable } from './facility-coverage.ts';
import { provinceList, provincePage, provinceStock, regionsIndex } from './regions.ts';
import { organizationList, organizationPage, organizationsIndex } from './organizations.ts';
import { overview } from './overview.ts';
import type { Table } from './table.ts';
import { reserveTables } from './reserves.ts';
import { complaintsPage, organizationComplaints } from './complaints.ts';

export async function csvTables(locale: Locale): Promise<Map<string, Table>> {
  const out = new Map<string, Table>();
  const o = await overview(locale);
  if (o.empty) return out;
  for (const m of o.money) out.set(`overview-money-${m.currency}`, m.table);
  if (o.goods) out.set('overview-goods', o.goods);
  if (o.sankey) out.set('overview-flows', o.sankey.table);
  out.set('overview-activity', o.activity);
  if ((await organizationList()).length > 0)
    out.set('organizations', (await organizationsIndex(locale)).table);
  const complaints = await complaintsPage(locale);
  if (!complaints.empty) out.set('complaints', complaints.table);
  for (const org of await organizationList()) {
    const own = await organizationComplaints(org.id, locale);
    if (own) out.set(`org-${org.id}-complaints`, own.table);
    const p = await organizationPage(org.id, locale);
    if (!p) continue;
    for (const [suffix, table] of Object.entries(organizationTables(p)))
      if (table && table.rows.length > 0) out.set(`org-${org.id}-${suffix}`, table);
  }
  for (const [name, table] of await coverageTables(locale)) out.set(name, table);
  for (const [name, table] of await reserveTables(locale)) out.set(name, table);
  return out;
}

/** The tables of the regions, diseases, needs and appeals pages, by CSV file name. */
async function coverageTables(locale: Locale): Promise<Map<string, Table>> {
  const out = new Map<string, Table>();
  const regions = await regionsIndex(locale);
  if (!regions.empty) {
    out.set('regions-provinces', regions.map.table);
    if (regions.heat) out.set('regions-diseases', regions.heat.table);
  }
  for (const p of await provinceList()) {
    const page = await provincePage(p.code, locale);
    if (page.map && page.map.table.rows.length > 0) out.set(`region-${p.code}`, page.map.table);
    if (page.heat) out.set(`region-${p.code}-diseases`, page.heat.table);
    const stock = await provinceStock(p.code, locale);
    if (stock.held) out.set(`region-${p.code}-held`, stock.held);
    if (stock.used) out.set(`region-${p.code}-used`, stock.used);
  }
  const diseases = await diseasesPage(locale);
  if (!diseases.empty) out.set('diseases', diseases.table);
  const ctx = await boardContext(locale);
  for (const v of await needsViews())
    if (v.needs.length > 0) out.set(v.key ? `needs-${v.key}` : 'needs-open', needsTable(v.needs, v.key, ctx));
  const facilityCtx = await facilityContext(locale);
  for (const v of await facilityCoverageViews()) {
    if (v.kind === 'lines' || v.rows.length === 0) continue;
    const name = v.kind === 'province' ? `coverage-facilities-${v.value}` : 'coverage-facilities';
    out.set(name, facilityTable(v.rows, name, facilityCtx));
  }
  const ids = await appealIds();
  if (ids.length > 0) out.set('appeals', (await appealsIndex(locale)).table);
  for (const id of ids) {
    const page = await appealPage(id, locale);
    if (!page) continue;
    if (page.given.rows.length > 0) out.set(`appeal-${id}-given`, page.given);
    if (page.needs) out.set(`appeal-${id}-needs`, page.needs);
  }
  return out;
}

/** The tables of an organization page, by the CSV file suffix they are offered under. */
export function organizationTables(
  p: NonNullable<Awaited<ReturnType<typeof organizationPage>>>,
): Record<string, Table | null> {
  return {
    summary: p.summary,
    in: p.inflow?.table ?? null,
    out: p.outflow?.table ?? null,
    goods: p.goodsFlows,
    uses: p.uses?.table ?? null,
    holdings: p.holdings,
    timeliness: p.timeliness?.table ?? null,
    idle: p.idle?.table ?? null,
  };
}
