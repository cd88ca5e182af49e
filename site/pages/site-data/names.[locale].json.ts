/** Names for codes (regions, diseases, items) per language, for the gift lookup island. */
import type { APIRoute } from 'astro';
import { buildSource } from '../../lib/build-data.ts';
import { locales, type Locale } from '../../lib/i18n.ts';

export const getStaticPaths = () => locales.map((locale) => ({ params: { locale } }));

export const GET: APIRoute = async ({ params }) => {
  const source = await buildSource();
  return new Response(JSON.stringify(source.names[params.locale as Locale]), {
    headers: { 'content-type': 'application/json' },
  });
};
