/** The CSV downloads: one static file per chart table, per language. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { csvTables } from '../../../lib/csv-registry.ts';
import { localeParam, locales, type Locale } from '../../../lib/i18n.ts';
import { tableCsv, type Table } from '../../../lib/table.ts';

export const getStaticPaths = (async () => {
  const paths = [];
  for (const locale of locales) {
    for (const [name, table] of await csvTables(locale))
      paths.push({ params: { locale: localeParam(locale), name }, props: { table } });
  }
  return paths;
}) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) =>
  new Response(tableCsv((props as { table: Table }).table), {
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });

export type { Locale };
