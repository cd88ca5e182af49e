/** Builds the site for a database into an output directory, exactly as `aidtrail build` does. */
import { buildSite as buildPortalSite, repoRoot } from '../../../api/site/build.ts';
import { parseSigningKey, verifierKeyFor } from '../../../api/domain/merkle/index.ts';
import { cosignerKeyFor } from '../../../api/domain/witness/cosignature.ts';
import { fixtureSigningKeyText } from '../fixtures/fixture-db.ts';
import { fixtureWitnessKeys } from './site-server.ts';

export { repoRoot };

/** The keys the fixture site's pages trust: the fixture log's and both fixture witnesses' (quorum 2). */
export const fixturePins = {
  log: verifierKeyFor(parseSigningKey(fixtureSigningKeyText)),
  witnesses: fixtureWitnessKeys.map((k) => cosignerKeyFor(k)),
  quorum: fixtureWitnessKeys.length,
};

export const buildSite = (databaseUrl: string, outDir: string) =>
  buildPortalSite({ databaseUrl, outDir, pins: fixturePins });
