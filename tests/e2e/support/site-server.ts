/**
 * The API and the built site on one ephemeral port, in this process, exactly as `aidtrail
 * serve` composes them: the Hono app from createApp, with the static files of dist/ behind it.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { receiptCodesFor } from '../../../api/cli/context.ts';
import { parseSigningKey } from '../../../api/domain/merkle/index.ts';
import { createApp } from '../../../api/http/app.ts';
import { ledgerGiftPages } from '../../../site/server/gift-page.ts';
import { ledgerShipmentPages } from '../../../site/server/shipment-page.ts';
import { loadCatalog } from '../../../api/store/catalog-files.ts';
import { openDatabase } from '../../../api/store/database.ts';
import { fixtureOrigin, fixtureSigningKeyText } from '../fixtures/fixture-db.ts';

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `siteDir` and the API on `databaseUrl`, signing with the fixture's key unless given another key's text. */
export async function startSiteServer(
  databaseUrl: string,
  siteDir: string,
  signingKeyText = fixtureSigningKeyText,
): Promise<SiteServer> {
  const database = await openDatabase(databaseUrl);
  const signingKey = parseSigningKey(signingKeyText);
  const catalog = await loadCatalog();
  const { app } = createApp({
    database,
    catalog,
    clock: () => new Date(),
    signingKey,
    origin: signingKeyText === fixtureSigningKeyText ? fixtureOrigin : signingKey.name,
    receiptCodes: receiptCodesFor(signingKey),
    log: () => undefined,
    siteDir: () => siteDir,
    giftPage: ledgerGiftPages(database, () => siteDir).render,
    shipmentPage: ledgerShipmentPages(database, catalog, () => siteDir).render,
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          database.close();
          resolve();
        }),
      ),
  };
}
