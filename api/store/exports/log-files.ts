/**
 * The log part of an export: every leaf as NDJSON (exactly the bytes that were hashed), every
 * checkpoint published up to the export's size, the checkpoint the export matches, and the
 * verifier key. Read inside one read transaction, so the files agree with each other however
 * many events arrive meanwhile, and streamed, so memory stays flat whatever the size.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Transaction } from '@libsql/client';
import { verifierKeyFor, type SigningKey } from '../../domain/merkle/index.ts';

export const logFileNames = { events: 'events.ndjson', checkpoint: 'checkpoint.txt', checkpoints: 'checkpoints.ndjson', publicKey: 'public-key.txt' } as const;

export async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

export async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** Writes the log files of the tree of `size` leaves; returns the number of leaves written. */
export async function exportLogFiles(tx: Transaction, dir: string, size: number, key: SigningKey, onProgress: (done: number) => void = () => {}): Promise<number> {
  const cps = (await tx.execute({ sql: 'SELECT size, note FROM checkpoints WHERE size <= ? ORDER BY size', args: [size] })).rows;
  const latest = cps.at(-1);
  if (!latest || Number(latest.size) !== size) throw new Error(`no checkpoint was published at size ${size}`);
  const cpOut = createWriteStream(join(dir, logFileNames.checkpoints));
  for (const r of cps) await write(cpOut, `${JSON.stringify({ size: Number(r.size), note: String(r.note) })}\n`);
  await close(cpOut);
  const single = createWriteStream(join(dir, logFileNames.checkpoint));
  await write(single, String(latest.note));
  await close(single);
  const keyOut = createWriteStream(join(dir, logFileNames.publicKey));
  await write(keyOut, `${verifierKeyFor(key)}\n`);
  await close(keyOut);

  const out = createWriteStream(join(dir, logFileNames.events));
  let written = 0;
  // A page is one string built by SQLite (no per-row objects); small pages keep memory flat.
  const page = 2_000;
  while (written < size) {
    const end = Math.min(size, written + page);
    const r = (await tx.execute({ sql: 'SELECT count(*) AS n, group_concat(leaf, char(10) ORDER BY seq) AS text FROM events WHERE seq > ? AND seq <= ?', args: [written, end] })).rows[0]!;
    if (Number(r.n) !== end - written) throw new Error(`event rows end before ${end}, below the checkpoint's ${size}`);
    await write(out, `${r.text}\n`);
    written = end;
    onProgress(written);
  }
  await close(out);
  return written;
}
