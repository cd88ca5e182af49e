/**
 * A shipment's page rendered on request, the page a custody label's QR code opens: the built
 * site's shipment frame filled with the custody answer the API gives, in either language.
 * Pages are kept until the log grows, so a scan after a new handover or temperature record
 * shows it.
 */
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
import { createNamer } from '../lib/names.ts';
import { escapeHtml, framedPages, withAsOf } from './framed-pages.ts';
import { shipmentFrameMarks, shipmentFramePath } from './shipment-frame.ts';

export interface ShipmentPageDeps {
  siteDir: () => string | undefined;
  /** The custody answer of GET /api/v1/shipments/{id}/custody; null when there is no such shipment. */
  answer: (id: string) => Promise<ShipmentCustody | null>;
  logSize: () => Promise<number>;
  keep?: number;
}

export function shipmentPages(deps: ShipmentPageDeps) {
  return framedPages<ShipmentCustody>({
    ...deps,
    framePath: shipmentFramePath,
    // Only an event id names a shipment; anything else is not looked up.
    answer: (id) => (EventId.safeParse(id).success ? deps.answer(id) : Promise.resolve(null)),
    fill: (shell, answer, locale) => {
      const t = translator(locale);
      const id = answer.shipment.id;
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
      return withAsOf(
        shell.html
          .replaceAll(shipmentFrameMarks.title, escapeHtml(title))
          .replaceAll(shipmentFrameMarks.description, escapeHtml(t('shipment.metaDescription', { id })))
          .replace(shipmentFrameMarks.body, () => `<h1>${escapeHtml(title)}</h1>${body}`),
        t('shipment.asOf', { size: answer.asOf.treeSize }),
      );
    },
  });
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
