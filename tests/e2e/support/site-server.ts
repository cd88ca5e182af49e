/**
 * The API and the built site on one ephemeral port, in this process, exactly as `aidtrail
 * serve` composes them: the Hono app from createApp, with the static files of dist/ behind it.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWitness, witnessedLogs } from '../../../api/cli/commands/witness.ts';
import { generateCosigningKey, parseCosigningKey } from '../../../api/domain/witness/cosignature.ts';
import { privateSaltsFor, receiptCodesFor } from '../../../api/cli/context.ts';
import { parseSigningKey, verifierKeyFor } from '../../../api/domain/merkle/index.ts';
import { createApp, type AppDeps } from '../../../api/http/app.ts';
import { ledgerGiftPages } from '../../../site/server/gift-page.ts';
import { ledgerShipmentPages } from '../../../site/server/shipment-page.ts';
import { complaintPages } from '../../../site/server/complaint-pages.ts';
import { loadCatalog } from '../../../api/store/catalog-files.ts';
import { openDatabase } from '../../../api/store/database.ts';
import { fixtureOrigin, fixtureSigningKeyText } from '../fixtures/fixture-db.ts';

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/** Two witnesses of the fixture log, as `npm start` runs two for the demo. */
export const fixtureWitnessKeys = [1, 2].map((n) =>
  parseCosigningKey(generateCosigningKey(`witness-${n}.fixture.test`, new Uint8Array(32).fill(50 + n))),
);

/**
 * Serves `siteDir` and the API on `databaseUrl`, signing with the fixture's key unless given another
 * key's text; two witnesses on loopback cosign its checkpoints (the latest before this resolves).
 */
export async function startSiteServer(
  databaseUrl: string,
  site: string | (() => string),
  signingKeyText = fixtureSigningKeyText,
  overrides: Partial<AppDeps> = {},
): Promise<SiteServer> {
  const siteDir = typeof site === 'string' ? () => site : site;
  const database = await openDatabase(databaseUrl);
  const signingKey = parseSigningKey(signingKeyText);
  const stateDir = await mkdtemp(join(tmpdir(), 'aidtrail-witnesses-'));
  const witnesses = await Promise.all(
    fixtureWitnessKeys.map((key, i) =>
      startWitness({
        key,
        logs: witnessedLogs([verifierKeyFor(signingKey)]),
        statePath: join(stateDir, `w${i}.json`),
        host: '127.0.0.1',
        port: 0,
      }),
    ),
  );
  const catalog = await loadCatalog();
  const { app, witnessing } = createApp({
    database,
    catalog,
    clock: () => new Date(),
    signingKey,
    origin: signingKeyText === fixtureSigningKeyText ? fixtureOrigin : signingKey.name,
    receiptCodes: receiptCodesFor(signingKey),
    privateSalts: privateSaltsFor(signingKey),
    log: () => undefined,
    siteDir,
    giftPage: ledgerGiftPages(database, siteDir).render,
    complaintPages: complaintPages(siteDir),
    witnesses: witnesses.map((w, i) => ({ url: w.url, key: fixtureWitnessKeys[i]! })),
    shipmentPage: ledgerShipmentPages(database, catalog, siteDir).render,
    ...overrides,
  });
  await witnessing.settled();
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(async () => {
          for (const w of witnesses) await w.close();
          await rm(stateDir, { recursive: true, force: true });
          database.close();
          resolve();
        }),
      ),
  };
}
