/**
 * Witness cosignatures of the log's checkpoints, and the checkpoints as the public reads them:
 * the log's signed note with every cosignature line it has gathered, the newest one cosigned by
 * a quorum of the configured witnesses, and the archive of every checkpoint.
 */
import { and, asc, desc, eq, gt, inArray, max, or, sql } from 'drizzle-orm';
import type { Cosignature, CosignerKey } from '../domain/witness/cosignature.ts';
import type { Db } from './database.ts';
import type { CheckpointRow } from './log-store.ts';
import { checkpoints, cosignatures } from './schema.ts';

type Read = Pick<Db, 'select'>;

export async function saveCosignatures(
  db: Pick<Db, 'insert'>,
  checkpointSize: number,
  found: readonly Cosignature[],
  receivedAt: string,
): Promise<void> {
  if (found.length === 0) return;
  await db
    .insert(cosignatures)
    .values(
      found.map((c) => ({
        checkpointSize,
        witness: c.witness,
        keyId: c.keyId,
        timestamp: c.timestamp,
        line: c.line,
        receivedAt,
      })),
    )
    .onConflictDoNothing();
}

/** The largest checkpoint size this witness has cosigned for us (0: none). */
export async function lastCosignedSize(db: Read, witness: CosignerKey): Promise<number> {
  const [row] = await db
    .select({ size: max(cosignatures.checkpointSize) })
    .from(cosignatures)
    .where(and(eq(cosignatures.witness, witness.name), eq(cosignatures.keyId, witness.keyId)));
  return row?.size ?? 0;
}

export interface CosignedCheckpoint extends CheckpointRow {
  /** The witnesses' cosignatures of this checkpoint, in witness-name order. */
  cosignatures: Array<{ witness: string; keyId: number; timestamp: number; line: string }>;
}

/** The signed note with the cosignature lines appended: one note any signed-note verifier reads. */
export const noteWithCosignatures = (cp: CosignedCheckpoint): string =>
  cp.note + cp.cosignatures.map((c) => `${c.line}\n`).join('');

async function withCosignatures(db: Read, rows: Array<typeof checkpoints.$inferSelect>) {
  const sizes = rows.map((r) => r.size);
  const lines = sizes.length
    ? await db
        .select()
        .from(cosignatures)
        .where(inArray(cosignatures.checkpointSize, sizes))
        .orderBy(asc(cosignatures.witness), asc(cosignatures.keyId))
    : [];
  return rows.map(
    (r): CosignedCheckpoint => ({
      ...r,
      rootHash: new Uint8Array(r.rootHash),
      cosignatures: lines
        .filter((l) => l.checkpointSize === r.size)
        .map(({ witness, keyId, timestamp, line }) => ({ witness, keyId, timestamp, line })),
    }),
  );
}

/** The checkpoint at `size`, or the latest without one; null when there is none. */
export async function cosignedCheckpoint(db: Read, size?: number): Promise<CosignedCheckpoint | null> {
  const rows = await db
    .select()
    .from(checkpoints)
    .where(size === undefined ? undefined : eq(checkpoints.size, size))
    .orderBy(desc(checkpoints.size))
    .limit(1);
  return (await withCosignatures(db, rows))[0] ?? null;
}

/** The newest checkpoint cosigned by at least `quorum` of the given witnesses; null when none is. */
export async function newestWitnessed(
  db: Read,
  witnesses: readonly CosignerKey[],
  quorum: number,
): Promise<CosignedCheckpoint | null> {
  if (quorum <= 0) return cosignedCheckpoint(db);
  if (witnesses.length === 0) return null;
  const [row] = await db
    .select({ size: cosignatures.checkpointSize })
    .from(cosignatures)
    .where(
      or(...witnesses.map((w) => and(eq(cosignatures.witness, w.name), eq(cosignatures.keyId, w.keyId)))),
    )
    .groupBy(cosignatures.checkpointSize)
    .having(sql`count(*) >= ${quorum}`)
    .orderBy(desc(cosignatures.checkpointSize))
    .limit(1);
  return row ? cosignedCheckpoint(db, row.size) : null;
}

/** Every published checkpoint in size order, `limit` after the size `after`. */
export async function checkpointArchive(
  db: Read,
  after: number,
  limit: number,
): Promise<CosignedCheckpoint[]> {
  const rows = await db
    .select()
    .from(checkpoints)
    .where(gt(checkpoints.size, after))
    .orderBy(asc(checkpoints.size))
    .limit(limit);
  return withCosignatures(db, rows);
}
