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
import { RootAccumulator, leafHash, openCheckpoint, type Checkpoint } from '../../domain/merkle/index.ts';
import { sha256 } from '../log-store.ts';
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
const utf8 = new TextEncoder();

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

  const acc = new RootAccumulator(sha256);
  let next = 0;
  let previous = 0;
  const ids = new Map<number, string>(); // ids of the leaves since the last checkpoint
  for await (const line of createInterface({ input: createReadStream(join(dir, logFileNames.events)), crlfDelay: Infinity })) {
    const index = acc.size;
    if (index >= final.size) return { ok: false, leaves: index, checkpoints: next, size: final.size, index, reason: `${logFileNames.events} has more lines than the checkpoint's ${final.size} leaves` };
    acc.append(leafHash(sha256, utf8.encode(line)));
    ids.set(index, idOf(line));
    while (next < marks.length && marks[next]!.size === acc.size) {
      const mark = marks[next]!;
      if (hex(mark.rootHash) !== hex(acc.root())) {
        const first = previous;
        return {
          ok: false, leaves: acc.size, checkpoints: next, size: final.size,
          index: first === acc.size - 1 ? first : undefined,
          eventId: first === acc.size - 1 ? ids.get(first) : undefined,
          reason: first === acc.size - 1
            ? `leaf ${first} (${ids.get(first)}) does not match the signed checkpoint at size ${mark.size}: it has been changed`
              : `the leaves ${first}–${acc.size - 1} (${ids.get(first)} … ${ids.get(acc.size - 1)}) do not match the signed checkpoint at size ${mark.size}: one of them has been changed`,
        };
      }
      previous = acc.size;
      next += 1;
      ids.clear();
    }
    if (acc.size % 50_000 === 0) onProgress(acc.size);
  }
  if (acc.size < final.size) return { ok: false, leaves: acc.size, checkpoints: next, size: final.size, index: acc.size, reason: `${logFileNames.events} ends after ${acc.size} leaves; the checkpoint covers ${final.size}: the log has been truncated` };
  return { ok: true, leaves: acc.size, checkpoints: next, size: final.size };
}

function idOf(line: string): string {
  const m = /"id":"([^"]+)"/.exec(line);
  return m ? m[1]! : '?';
}
