/**
 * Checks an export directory offline: every line of events.ndjson re-hashes into the tree
 * whose root each published checkpoint signs, and the checkpoint signatures verify with the
 * trusted key. A mismatch is narrowed to the span between two checkpoints — to the very event
 * when that span is one event.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RootAccumulator, openCheckpoint, type Checkpoint } from '../../domain/merkle/index.ts';
import { sha256, sha256Children, sha256Leaf } from '../log-store.ts';
import { logFileNames } from './log-files.ts';

export interface ExportVerdict {
  ok: boolean;
  leaves: number;
  checkpoints: number;
  size: number;
  reason?: string;
  index?: number;
  eventId?: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export async function verifyExportDir(dir: string, verifierKey: string, onProgress: (done: number) => void = () => {}): Promise<ExportVerdict> {
  let final: Checkpoint;
  try {
    final = openCheckpoint(await readFile(join(dir, logFileNames.checkpoint), 'utf8'), verifierKey);
  } catch (e) {
    return { ok: false, leaves: 0, checkpoints: 0, size: 0, reason: `${logFileNames.checkpoint}: ${(e as Error).message}` };
  }
  // Every earlier checkpoint narrows where a change could be; each must verify on its own.
  const marks: Checkpoint[] = [];
  for await (const line of createInterface({ input: createReadStream(join(dir, logFileNames.checkpoints)).on('error', () => undefined), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    try {
      marks.push(openCheckpoint((JSON.parse(line) as { note: string }).note, verifierKey));
    } catch (e) {
      return { ok: false, leaves: 0, checkpoints: marks.length, size: final.size, reason: `${logFileNames.checkpoints}: a checkpoint does not verify: ${(e as Error).message}` };
    }
  }
  if (!marks.some((m) => m.size === final.size)) marks.push(final);
  marks.sort((a, b) => a.size - b.size);

  const eventsFile = join(dir, logFileNames.events);
  const acc = new RootAccumulator(sha256, sha256Children);
  let next = 0;
  let previous = 0;
  for await (const line of createInterface({ input: createReadStream(eventsFile), crlfDelay: Infinity })) {
    const index = acc.size;
    if (index >= final.size) return { ok: false, leaves: index, checkpoints: next, size: final.size, index, reason: `${logFileNames.events} has more lines than the checkpoint's ${final.size} leaves` };
    acc.append(sha256Leaf(line));
    while (next < marks.length && marks[next]!.size === acc.size) {
      const mark = marks[next]!;
      if (hex(mark.rootHash) !== hex(acc.root())) {
        const first = previous;
        const last = acc.size - 1;
        const [a, z] = await idsAt(eventsFile, first, last);
        return {
          ok: false, leaves: acc.size, checkpoints: next, size: final.size,
          index: first === last ? first : undefined,
          eventId: first === last ? a : undefined,
          reason: first === last
            ? `leaf ${first} (${a}) does not match the signed checkpoint at size ${mark.size}: it has been changed`
            : `the leaves ${first}–${last} (${a} … ${z}) do not match the signed checkpoint at size ${mark.size}: one of them has been changed`,
        };
      }
      previous = acc.size;
      next += 1;
    }
    if (acc.size % 50_000 === 0) onProgress(acc.size);
  }
  if (acc.size < final.size) return { ok: false, leaves: acc.size, checkpoints: next, size: final.size, index: acc.size, reason: `${logFileNames.events} ends after ${acc.size} leaves; the checkpoint covers ${final.size}: the log has been truncated` };
  return { ok: true, leaves: acc.size, checkpoints: next, size: final.size };
}

/** The event ids on two lines, read again only when a check has failed. */
async function idsAt(file: string, first: number, last: number): Promise<[string, string]> {
  let i = 0;
  let a = '?';
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (i === first) a = idOf(line);
    if (i === last) return [a, idOf(line)];
    i += 1;
  }
  return [a, '?'];
}

function idOf(line: string): string {
  const m = /"id":"([^"]+)"/.exec(line);
  return m ? m[1]! : '?';
}
