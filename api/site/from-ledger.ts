/**
 * A site built from the ledger as it stands at one moment: a local database is first copied
 * whole (`VACUUM INTO`), and the site is built from the copy, so every page reflects the same
 * log size. A remote database (libSQL server, Turso) cannot be copied that way; the site is
 * then built from it directly and says the log size read when the build began.
 */
import { rm } from 'node:fs/promises';
import { openDatabase, type Database } from '../store/database.ts';
import { logSize as readLogSize } from '../store/log-size.ts';
import { canSnapshot, snapshotDatabase } from '../store/snapshot.ts';
import { buildSite } from './build.ts';
import type { PinnedKeys } from '../../site/lib/pinned-keys.ts';

export interface LedgerSiteBuild {
  database: Database;
  databaseAuthToken?: string;
  outDir: string;
  echo?: boolean;
  /** The keys the pages' in-browser checks trust. */
  pins?: PinnedKeys;
}

export async function buildSiteFromLedger(input: LedgerSiteBuild): Promise<{ logSize: number; ms: number }> {
  const { database, outDir, echo } = input;
  if (!canSnapshot(database)) {
    const logSize = await readLogSize(database.client);
    const { ms } = await buildSite({
      databaseUrl: database.url,
      databaseAuthToken: input.databaseAuthToken,
      outDir,
      echo,
      pins: input.pins,
    });
    return { logSize, ms };
  }
  const snapshot = `${outDir}-ledger.partial`;
  const removeSnapshot = () =>
    Promise.all(['', '-wal', '-shm'].map((s) => rm(snapshot + s, { force: true })));
  await removeSnapshot();
  try {
    await snapshotDatabase(database, snapshot);
    const copy = await openDatabase(`file:${snapshot}`);
    const logSize = await readLogSize(copy.client).finally(() => copy.close());
    const { ms } = await buildSite({ databaseUrl: `file:${snapshot}`, outDir, echo, pins: input.pins });
    return { logSize, ms };
  } finally {
    await removeSnapshot();
  }
}
