/**
 * A shipment's page rendered on request, the page a custody label's QR code opens: the built
 * site's shipment frame filled with the custody answer the API gives, in either language.
 * Pages are kept until the log grows, so a scan after a new handover or temperature record
 * shows it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import type { ShipmentCustody } from '../../api/contract/custody.ts';
import type { Catalog } from '../../api/domain/catalog.ts';
import { EventId } from '../../api/domain/events.ts';
import { custodyAnswer } from '../../api/store/answers/custody.ts';
import type { Database } from '../../api/store/database.ts';
import { logSize } from '../../api/store/log-size.ts';
import { ShipmentCustodyView } from '../components/ShipmentCustodyView.tsx';
import { translator, type Locale } from '../lib/i18n.ts';
import { createNamer, type NameTables } from '../lib/names.ts';
import { shipmentFrameMarks, shipmentFramePath } from './shipment-frame.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ShipmentPageDeps {
  siteDir: () => string | undefined;
  /** The custody answer of GET /api/v1/shipments/{id}/custody; null when there is no such shipment. */
  answer: (id: string) => Promise<ShipmentCustody | null>;
  logSize: () => Promise<number>;
  keep?: number;
}

export function shipmentPages(deps: ShipmentPageDeps) {
  const frames = new Map<string, { html: string; names: NameTables }>();
  const rendered = new Map<string, string>();
  let renderedAt = -1;
  const keep = deps.keep ?? 500;

  async function frame(dir: string, locale: Locale) {
    const key = `${dir}\n${locale}`;
    const known = frames.get(key);
    if (known) return known;
    const path = join(dir, shipmentFramePath(locale));
    const namesPath = join(dir, 'site-data', `names.${locale}.json`);
    if (!existsSync(path) || !existsSync(namesPath)) return null;
    const loaded = {
      html: await readFile(path, 'utf8'),
      names: JSON.parse(await readFile(namesPath, 'utf8')) as NameTables,
    };
    if (![...frames.keys()].some((k) => k.startsWith(`${dir}\n`))) frames.clear();
    frames.set(key, loaded);
    return loaded;
  }

  return {
    /** The page of shipment `id`, or null when there is none (or no built site). */
    async render(id: string, locale: Locale): Promise<string | null> {
      const dir = deps.siteDir();
      if (!dir || !EventId.safeParse(id).success) return null;
      const size = await deps.logSize();
      if (size !== renderedAt) {
        rendered.clear();
        renderedAt = size;
      }
      const key = `${dir}\n${locale}\n${id}`;
      const kept = rendered.get(key);
      if (kept) return kept;
      const [shell, answer] = await Promise.all([frame(dir, locale), deps.answer(id)]);
      if (!shell || !answer) return null;
      const t = translator(locale);
      const body = renderToString(
        createElement(ShipmentCustodyView, {
          answer,
          namer: createNamer(shell.names, locale),
          t,
          locale,
          dataHref: `/api/v1/shipments/${id}/custody`,
        }),
      );
      const title = t('shipment.title', { id });
      const page = shell.html
        .replaceAll(shipmentFrameMarks.title, escapeHtml(title))
        .replaceAll(shipmentFrameMarks.description, escapeHtml(t('shipment.metaDescription', { id })))
        .replace(shipmentFrameMarks.body, () => `<h1>${escapeHtml(title)}</h1>${body}`)
        .replace(
          /(<p id="data-as-of">)[\s\S]*?(<\/p>)/,
          (_m, open: string, close: string) =>
            open + escapeHtml(t('shipment.asOf', { size: answer.asOf.treeSize })) + close,
        );
      if (rendered.size >= keep) rendered.delete(rendered.keys().next().value!);
      rendered.set(key, page);
      return page;
    },
  };
}

/** Shipment pages from a ledger. */
export const ledgerShipmentPages = (
  database: Database,
  catalog: Catalog,
  siteDir: () => string | undefined,
) =>
  shipmentPages({
    siteDir,
    answer: (id) => custodyAnswer(database.db, catalog, id),
    logSize: () => logSize(database.client),
  });
