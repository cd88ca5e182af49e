/**
 * The log part of an export: every leaf as NDJSON (exactly the bytes that were hashed), every
 * checkpoint published up to the export's size (with the witnesses' cosignature lines), the
 * checkpoint the export matches, and the verifier key (for comparison: a verifier brings its own). Read inside one read transaction, so the files agree with each other however
 * many events arrive meanwhile, and streamed, so memory stays flat whatever the size.
 */
import { join } from 'node:path';
import type { Transaction } from '@libsql/client';
import { verifierKeyFor, type SigningKey } from '../../domain/merkle/index.ts';
import { HashedFile, type Digest } from './hashed-file.ts';

export const logFileNames = {
  events: 'events.ndjson',
  checkpoint: 'checkpoint.txt',
  checkpoints: 'checkpoints.ndjson',
  publicKey: 'public-key.txt',
} as const;

/** Writes the log files of the tree of `size` leaves; returns the number of leaves written and each file's digest. */
export async function exportLogFiles(
  tx: Transaction,
  dir: string,
  size: number,
  key: SigningKey,
  onProgress: (done: number) => void = () => {},
): Promise<{ leaves: number; digests: Record<string, Digest> }> {
  const cps = (
    await tx.execute({
      sql: 'SELECT size, note FROM checkpoints WHERE size <= ? ORDER BY size',
      args: [size],
    })
  ).rows;
  // Each checkpoint carries the witnesses' cosignatures gathered by the time of the export.
  const cosigned = new Map<number, string>();
  for (const r of (
    await tx.execute({
      sql: 'SELECT checkpoint_size AS size, line FROM cosignatures WHERE checkpoint_size <= ? ORDER BY checkpoint_size, witness, key_id',
      args: [size],
    })
  ).rows)
    cosigned.set(Number(r.size), `${cosigned.get(Number(r.size)) ?? ''}${String(r.line)}\n`);
  const notes = cps.map((r) => ({
    size: Number(r.size),
    note: String(r.note) + (cosigned.get(Number(r.size)) ?? ''),
  }));
  const latest = notes.at(-1);
  if (!latest || Number(latest.size) !== size) throw new Error(`no checkpoint was published at size ${size}`);
  const digests: Record<string, Digest> = {};
  const cpOut = new HashedFile(join(dir, logFileNames.checkpoints));
  for (const r of notes) await cpOut.write(`${JSON.stringify(r)}\n`);
  digests[logFileNames.checkpoints] = await cpOut.close();
  const single = new HashedFile(join(dir, logFileNames.checkpoint));
  await single.write(String(latest.note));
  digests[logFileNames.checkpoint] = await single.close();
  const keyOut = new HashedFile(join(dir, logFileNames.publicKey));
  await keyOut.write(`${verifierKeyFor(key)}\n`);
  digests[logFileNames.publicKey] = await keyOut.close();

  const out = new HashedFile(join(dir, logFileNames.events));
  let written = 0;
  // A page is one string built by SQLite (no per-row objects), kept under V8's large-object
  // size (leaves are a few hundred bytes) so it is collected young and memory stays flat.
  const page = 250;
  while (written < size) {
    const end = Math.min(size, written + page);
    const r = (
      await tx.execute({
        sql: 'SELECT count(*) AS n, group_concat(leaf, char(10) ORDER BY seq) AS text FROM events WHERE seq > ? AND seq <= ?',
        args: [written, end],
      })
    ).rows[0]!;
    if (Number(r.n) !== end - written)
      throw new Error(`event rows end before ${end}, below the checkpoint's ${size}`);
    await out.write(`${r.text}\n`);
    written = end;
    onProgress(written);
  }
  digests[logFileNames.events] = await out.close();
  return { leaves: written, digests };
}
