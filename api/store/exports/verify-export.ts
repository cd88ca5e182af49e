/**
 * Checks an export directory offline: every line of events.ndjson re-hashes into the tree
 * whose root each published checkpoint signs, and the checkpoint signatures verify with the
 * trusted key. A mismatch is narrowed to the span between two checkpoints — to the very event
 * when that span is one event. Then every file is checked against its SHA-256 and size in
 * datapackage.json and SHA256SUMS, whose signed copy (SHA256SUMS.note) must verify with the
 * same key, so a table changed after the export fails by name. The checksum list, its signature
 * and the data package must all be there: an export stripped of them is refused, by name. Given
 * witness keys, the newest checkpoint cosigned by a quorum of them is found: every leaf up to it
 * is then in the history those witnesses saw.
 */
import { createReadStream } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { RootAccumulator, openCheckpoint, openNote, type Checkpoint } from '../../domain/merkle/index.ts';
import { witnessesOf, type CosignerKey } from '../../domain/witness/cosignature.ts';
import { sha256, sha256Children, sha256Leaf } from '../log-store.ts';
import { logFileNames } from './log-files.ts';
import { packageFileNames, parseSums, sha256File } from './data-package.ts';

export interface ExportVerdict {
  ok: boolean;
  leaves: number;
  checkpoints: number;
  size: number;
  reason?: string;
  index?: number;
  eventId?: string;
  /** Files checked against their checksums (0 for a log-only export). */
  files?: number;
  /** The file that failed its check, or is missing. */
  file?: string;
  /** With witness keys: the newest checkpoint a quorum cosigned, and who cosigned it. */
  witnessed?: { size: number; witnesses: string[] };
}

export interface ExportCheck {
  /** Check the log files alone, without the checksums and data package (benchmarks of the leaf check). */
  logOnly?: boolean;
  /** Witnesses whose cosignatures count, and how many make a quorum (default all). */
  witnesses?: readonly CosignerKey[];
  quorum?: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

const requiredFiles = (check: ExportCheck) => [
  logFileNames.checkpoint,
  logFileNames.checkpoints,
  logFileNames.events,
  ...(check.logOnly ? [] : [packageFileNames.sums, packageFileNames.signedSums, packageFileNames.descriptor]),
];

export async function verifyExportDir(
  dir: string,
  verifierKey: string,
  onProgress: (done: number) => void = () => {},
  check: ExportCheck = {},
): Promise<ExportVerdict> {
  for (const file of requiredFiles(check)) {
    try {
      await access(join(dir, file));
    } catch {
      return {
        ok: false,
        leaves: 0,
        checkpoints: 0,
        size: 0,
        file,
        reason: `${file}: missing from the export; without it the export cannot be verified`,
      };
    }
  }
  let final: Checkpoint;
  const notes: string[] = [];
  try {
    const note = await readFile(join(dir, logFileNames.checkpoint), 'utf8');
    final = openCheckpoint(note, verifierKey);
    notes.push(note);
  } catch (e) {
    return {
      ok: false,
      leaves: 0,
      checkpoints: 0,
      size: 0,
      reason: `${logFileNames.checkpoint}: ${(e as Error).message}`,
    };
  }
  // Every earlier checkpoint narrows where a change could be; each must verify on its own.
  const marks: Checkpoint[] = [];
  for await (const line of createInterface({
    input: createReadStream(join(dir, logFileNames.checkpoints)).on('error', () => undefined),
    crlfDelay: Infinity,
  })) {
    if (!line.trim()) continue;
    try {
      const { note } = JSON.parse(line) as { note: string };
      marks.push(openCheckpoint(note, verifierKey));
      notes.push(note);
    } catch (e) {
      return {
        ok: false,
        leaves: 0,
        checkpoints: marks.length,
        size: final.size,
        reason: `${logFileNames.checkpoints}: a checkpoint does not verify: ${(e as Error).message}`,
      };
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
    if (index >= final.size)
      return {
        ok: false,
        leaves: index,
        checkpoints: next,
        size: final.size,
        index,
        reason: `${logFileNames.events} has more lines than the checkpoint's ${final.size} leaves`,
      };
    acc.append(sha256Leaf(line));
    while (next < marks.length && marks[next]!.size === acc.size) {
      const mark = marks[next]!;
      if (hex(mark.rootHash) !== hex(acc.root())) {
        const first = previous;
        const last = acc.size - 1;
        const [a, z] = await idsAt(eventsFile, first, last);
        return {
          ok: false,
          leaves: acc.size,
          checkpoints: next,
          size: final.size,
          index: first === last ? first : undefined,
          eventId: first === last ? a : undefined,
          reason:
            first === last
              ? `leaf ${first} (${a}) does not match the signed checkpoint at size ${mark.size}: it has been changed`
              : `the leaves ${first}–${last} (${a} … ${z}) do not match the signed checkpoint at size ${mark.size}: one of them has been changed`,
        };
      }
      previous = acc.size;
      next += 1;
    }
    if (acc.size % 50_000 === 0) onProgress(acc.size);
  }
  if (acc.size < final.size)
    return {
      ok: false,
      leaves: acc.size,
      checkpoints: next,
      size: final.size,
      index: acc.size,
      reason: `${logFileNames.events} ends after ${acc.size} leaves; the checkpoint covers ${final.size}: the log has been truncated`,
    };
  const verdict: ExportVerdict = { ok: true, leaves: acc.size, checkpoints: next, size: final.size };
  if (check.witnesses) {
    const witnessed = newestWitnessed(notes, check.witnesses, check.quorum ?? check.witnesses.length);
    if (!witnessed)
      return {
        ...verdict,
        ok: false,
        file: logFileNames.checkpoints,
        reason: `${logFileNames.checkpoints}: no checkpoint carries cosignatures by ${check.quorum ?? check.witnesses.length} of the ${check.witnesses.length} witnesses given`,
      };
    verdict.witnessed = witnessed;
  }
  if (check.logOnly) return verdict;
  const files = await verifyChecksums(dir, verifierKey, final);
  return files.reason ? { ...verdict, ok: false, ...files } : { ...verdict, files: files.files };
}

/** The largest of the checkpoints (each already verified) that a quorum of the witnesses cosigned. */
function newestWitnessed(notes: readonly string[], witnesses: readonly CosignerKey[], quorum: number) {
  let best: { size: number; witnesses: string[] } | undefined;
  for (const note of notes) {
    const verdict = witnessesOf(note, witnesses, quorum);
    const size = Number(note.split('\n')[1]);
    if (verdict.met && (!best || size > best.size))
      best = { size, witnesses: verdict.cosigned.map((c) => c.witness) };
  }
  return best;
}

interface PackageDescriptor {
  checkpoint?: { size?: number; rootHashHex?: string };
  resources?: Array<{ path?: string; bytes?: number; hash?: string }>;
}

const readIfPresent = (path: string) =>
  readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });

/** Every file listed in datapackage.json and SHA256SUMS has the bytes listed; the sums are signed by the log's key. */
async function verifyChecksums(
  dir: string,
  verifierKey: string,
  checkpoint: Checkpoint,
): Promise<{ files: number; reason?: string; file?: string }> {
  const descriptorText = await readIfPresent(join(dir, packageFileNames.descriptor));
  const sumsText = await readIfPresent(join(dir, packageFileNames.sums));
  const note = await readIfPresent(join(dir, packageFileNames.signedSums));
  const fail = (file: string, reason: string) => ({ files: 0, file, reason: `${file}: ${reason}` });
  // Their presence was checked first; a file removed since is as bad as one never there.
  if (sumsText === null) return fail(packageFileNames.sums, 'missing from the export');
  if (note === null)
    return fail(packageFileNames.signedSums, `missing: ${packageFileNames.sums} is not signed`);
  if (descriptorText === null) return fail(packageFileNames.descriptor, 'missing from the export');
  try {
    if (openNote(note, verifierKey) !== sumsText)
      return fail(
        packageFileNames.sums,
        `does not match its signed copy ${packageFileNames.signedSums}: it has been changed`,
      );
  } catch (e) {
    return fail(packageFileNames.signedSums, `the signature does not verify: ${(e as Error).message}`);
  }
  const { sums, bad } = parseSums(sumsText);
  if (bad.length) return fail(packageFileNames.sums, `malformed line "${bad[0]}"`);
  // The signed list comes first: it covers datapackage.json, whose own list is then checked against the files.
  const expected = new Map<string, { sha256: string; bytes?: number; from: string }>();
  for (const [name, sha256] of sums) expected.set(name, { sha256, from: packageFileNames.sums });
  let descriptor: PackageDescriptor;
  try {
    descriptor = JSON.parse(descriptorText) as PackageDescriptor;
  } catch (e) {
    return fail(packageFileNames.descriptor, `not JSON: ${(e as Error).message}`);
  }
  const cp = descriptor.checkpoint;
  if (cp?.size !== checkpoint.size || cp.rootHashHex !== hex(checkpoint.rootHash)) {
    return fail(
      packageFileNames.descriptor,
      `describes the checkpoint at size ${cp?.size}, not the signed ${logFileNames.checkpoint} (size ${checkpoint.size})`,
    );
  }
  for (const r of descriptor.resources ?? []) {
    if (!r.path || !r.hash?.startsWith('sha256:'))
      return fail(packageFileNames.descriptor, `resource ${r.path ?? '(no path)'} has no sha256 hash`);
    const listed = expected.get(r.path);
    if (listed && listed.sha256 !== r.hash.slice(7))
      return fail(r.path, `its hash in ${packageFileNames.descriptor} differs from ${packageFileNames.sums}`);
    expected.set(r.path, { sha256: r.hash.slice(7), bytes: r.bytes, from: packageFileNames.descriptor });
  }
  for (const [name, want] of expected) {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.'))
      return fail(name, 'not a plain file name');
    let got: { sha256: string; bytes: number };
    try {
      got = await sha256File(join(dir, name));
    } catch (e) {
      return fail(name, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (e as Error).message);
    }
    if (want.bytes !== undefined && want.bytes !== got.bytes)
      return fail(name, `${got.bytes} bytes, but ${want.from} lists ${want.bytes}: it has been changed`);
    if (want.sha256 !== got.sha256)
      return fail(
        name,
        `SHA-256 ${got.sha256} does not match ${want.from} (${want.sha256}): it has been changed`,
      );
  }
  return { files: expected.size };
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
