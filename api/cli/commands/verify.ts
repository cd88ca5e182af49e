/**
 * `verify` — checks that history has not been rewritten:
 *   verify                          audit the configured database's log (leaves, tree, checkpoints)
 *   verify DIR                      an export: every line re-hashes to the signed checkpoints
 *   verify RECEIPT_CODE             a gift: its leaf is included in the server's signed checkpoint
 *                                   and commits to the private part shown for that code
 *   verify --checkpoint FILE        a checkpoint saved earlier is consistent with the server's latest
 *   verify [DIR] --private          the auditor's check, with the configured database: every
 *                                   leaf (stored, or of the export DIR) commits to its private part
 * Trust comes only from keys the user brings: `--key` (the log's vkey, or a file holding it) is
 * required to check an export, a gift or a saved checkpoint — never the key shipped inside the
 * export or served by the log being checked. `--witness VKEY` (repeatable) and `--quorum N`
 * (default: all of them) also require that many of those witnesses cosigned a checkpoint
 * covering what is checked. The database audit uses the configured signing key. Exit status 0
 * when verified, 1 when verification fails (naming the file or leaf and the reason), 2 on bad
 * input.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { checkGiftLeaf, type PrivatePart } from '../../contract/privacy.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ProofVerificationError,
  checkConsistency,
  checkInclusion,
  decodeBase64,
  leafHash,
  openCheckpoint,
  verifierKeyFor,
} from '../../domain/merkle/index.ts';
import { normalizeReceiptCode } from '../../domain/receipt-codes.ts';
import { NoteError } from '../../domain/merkle/index.ts';
import { parseCosignerKey, witnessesOf, type CosignerKey } from '../../domain/witness/cosignature.ts';
import { verifyExportDir } from '../../store/exports/verify-export.ts';
import { logFileNames } from '../../store/exports/log-files.ts';
import { auditStoredLog } from '../../store/log-audit.ts';
import { auditCommitments, storedLeaves } from '../../store/private-audit.ts';
import { sha256 } from '../../store/log-store.ts';
import type { Config } from '../config.ts';
import { openContext, readSigningKey } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { Progress } from '../progress.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function keyFrom(option: string | undefined): Promise<string | undefined> {
  if (!option) return undefined;
  return existsSync(option) ? (await readFile(option, 'utf8')).trim() : option.trim();
}

export async function verifyCommand(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      key: { type: 'string' },
      server: { type: 'string' },
      checkpoint: { type: 'string' },
      witness: { type: 'string', multiple: true },
      quorum: { type: 'string' },
      private: { type: 'boolean' },
    },
  });
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const server = (values.server ?? `http://${host}:${config.port}`).replace(/\/$/, '');
  const target = positionals[0];
  const trusted = await keyFrom(values.key);
  const policy = await witnessPolicy(values.witness ?? [], values.quorum);

  if (values.private && !(target === undefined || (existsSync(target) && statSync(target).isDirectory())))
    throw new UsageError(
      '--private checks the stored log, or an export DIR, against the configured database',
    );
  if (!target && !values.checkpoint) {
    const exit = await auditDatabase(config, trusted);
    return exit === 0 && values.private ? auditPrivate(config, null) : exit;
  }
  if (target && existsSync(target) && statSync(target).isDirectory()) {
    if (!trusted) {
      const shipped = (await readFile(join(target, logFileNames.publicKey), 'utf8').catch(() => '')).trim();
      throw new UsageError(
        `pass --key VKEY, the log's key as you obtained it independently (from the site you trust, or its operator). The key inside the export${shipped ? ` (${logFileNames.publicKey}: ${shipped})` : ''} proves nothing by itself: whoever changed the export could have replaced it`,
      );
    }
    const key = trusted;
    const progress = new Progress('verify leaves');
    const t0 = performance.now();
    const verdict = await verifyExportDir(target, key, (d) => progress.update(d), policy);
    progress.done();
    const seconds = (performance.now() - t0) / 1000;
    if (!verdict.ok) {
      console.error(`FAILED: ${verdict.reason}`);
      return 1;
    }
    console.log(
      `verified ${verdict.leaves.toLocaleString('en')} leaves against ${verdict.checkpoints} signed checkpoints (tree size ${verdict.size}) in ${seconds.toFixed(1)} s (${Math.round(verdict.leaves / Math.max(seconds, 1e-3)).toLocaleString('en')} leaves/s)`,
    );
    if (verdict.witnessed)
      console.log(
        `witnessed: the first ${verdict.witnessed.size.toLocaleString('en')} leaves are cosigned by ${verdict.witnessed.witnesses.join(', ')} (${policy!.quorum} of ${policy!.witnesses.length} required)`,
      );
    return values.private ? auditPrivate(config, join(target, logFileNames.events)) : 0;
  }

  if (!trusted)
    throw new UsageError(
      `pass --key VKEY, the log's key as you obtained it independently; a key served by ${server} itself proves nothing about it`,
    );
  const key = trusted;
  let exit = 0;
  if (target) {
    const code = normalizeReceiptCode(target);
    if (!code)
      throw new UsageError(
        `"${target}" is neither a directory nor a receipt code (they look like AT-7K3M-9QXF-2B4D)`,
      );
    exit = await verifyReceipt(server, code, key);
    if (exit === 0 && policy) exit = await verifyWitnessedGift(server, code, key, policy);
  }
  if (values.checkpoint && exit === 0)
    exit = await verifyConsistencyWith(server, values.checkpoint, key, policy);
  return exit;
}

interface WitnessPolicy {
  witnesses: CosignerKey[];
  quorum: number;
}

/** The witnesses given with --witness (vkeys, or files holding them) and the --quorum of them. */
async function witnessPolicy(
  given: string[],
  quorum: string | undefined,
): Promise<WitnessPolicy | undefined> {
  if (given.length === 0) {
    if (quorum !== undefined)
      throw new UsageError('--quorum counts witnesses: name them with --witness VKEY');
    return undefined;
  }
  const witnesses: CosignerKey[] = [];
  for (const option of given) {
    const text = (await keyFrom(option))!;
    try {
      witnesses.push(parseCosignerKey(text));
    } catch (e) {
      if (e instanceof NoteError) throw new UsageError(`--witness ${option}: ${e.message}`);
      throw e;
    }
  }
  const n = quorum === undefined ? witnesses.length : Number(quorum);
  if (!Number.isSafeInteger(n) || n < 1 || n > witnesses.length)
    throw new UsageError(`--quorum must be from 1 to the ${witnesses.length} witnesses given, not ${quorum}`);
  return { witnesses, quorum: n };
}

/** The newest checkpoint the quorum cosigned, as the server offers it, checked with the given keys. */
async function witnessedCheckpoint(server: string, key: string, policy: WitnessPolicy) {
  const res = await reach(`${server}/api/v1/log/checkpoint/witnessed`);
  if (res.status === 404)
    throw new ProofVerificationError(
      'invalid_argument',
      `${server} has no checkpoint cosigned by its witnesses yet`,
    );
  if (!res.ok) throw new Error(`${server} answered ${res.status}`);
  const note = await res.text();
  const checkpoint = openCheckpoint(note, key);
  const verdict = witnessesOf(note, policy.witnesses, policy.quorum);
  if (!verdict.met)
    throw new ProofVerificationError(
      'invalid_argument',
      `the checkpoint of ${checkpoint.size} leaves is cosigned by ${verdict.cosigned.length} of the witnesses you gave (${verdict.cosigned.map((c) => c.witness).join(', ') || 'none'}${verdict.invalid.length ? `; invalid cosignatures by ${verdict.invalid.join(', ')}` : ''}), fewer than the quorum of ${policy.quorum}`,
    );
  return { checkpoint, cosigned: verdict.cosigned.map((c) => c.witness) };
}

/** The gift's leaf is in the checkpoint the witnesses cosigned (its own inclusion proof at that size). */
async function verifyWitnessedGift(
  server: string,
  code: string,
  key: string,
  policy: WitnessPolicy,
): Promise<number> {
  try {
    const { checkpoint, cosigned } = await witnessedCheckpoint(server, key, policy);
    const gift = (await (await reach(`${server}/api/v1/donations/${encodeURIComponent(code)}`)).json()) as {
      log: { leaf: string; leafIndex: number };
    };
    if (gift.log.leafIndex >= checkpoint.size)
      throw new ProofVerificationError(
        'index_out_of_range',
        `leaf ${gift.log.leafIndex} is not yet in the witnessed checkpoint of ${checkpoint.size} leaves; try again after the witnesses cosign a newer one`,
      );
    const res = await reach(
      `${server}/api/v1/log/proofs/inclusion?index=${gift.log.leafIndex}&treeSize=${checkpoint.size}`,
    );
    if (!res.ok) throw new Error(`${server} cannot prove inclusion at ${checkpoint.size} (${res.status})`);
    const { proof } = (await res.json()) as { proof: string[] };
    checkInclusion(
      sha256,
      leafHash(sha256, new TextEncoder().encode(gift.log.leaf)),
      gift.log.leafIndex,
      checkpoint.size,
      proof.map((p) => decodeBase64(p)!),
      checkpoint.rootHash,
    );
    console.log(
      `witnessed: leaf ${gift.log.leafIndex} is in the checkpoint of ${checkpoint.size} leaves cosigned by ${cosigned.join(', ')} (${policy.quorum} of ${policy.witnesses.length} required)`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    console.error(`FAILED: ${(e as Error).message}`);
    return 1;
  }
}

async function auditDatabase(config: Config, trusted: string | undefined): Promise<number> {
  const ctx = await openContext(config);
  try {
    const key = await readSigningKey(config.signingKeyPath);
    if (trusted && trusted !== verifierKeyFor(key)) {
      console.error('FAILED: the signing key configured here is not the key you passed with --key');
      return 1;
    }
    const progress = new Progress('audit leaves');
    const { leaves, checkpoints, failure } = await auditStoredLog(ctx.database, key, (d) =>
      progress.update(d),
    );
    progress.done();
    if (failure) {
      console.error(
        `FAILED${failure.eventId ? ` at ${failure.eventId} (leaf ${failure.index})` : failure.index !== undefined ? ` at leaf ${failure.index}` : ''}: ${failure.reason}`,
      );
      return 1;
    }
    console.log(
      `verified the stored log: ${leaves.toLocaleString('en')} leaves, ${checkpoints.toLocaleString('en')} signed checkpoints`,
    );
    return 0;
  } finally {
    ctx.database.close();
  }
}

/** Checks every commitment, of the stored leaves or of an export's leaf file, against the database. */
async function auditPrivate(config: Config, leafFile: string | null): Promise<number> {
  const ctx = await openContext(config);
  try {
    const progress = new Progress('check commitments');
    const leaves = leafFile
      ? (createInterface({ input: createReadStream(leafFile), crlfDelay: Infinity }) as AsyncIterable<string>)
      : storedLeaves(ctx.database.client);
    const {
      leaves: n,
      committed,
      failure,
    } = await auditCommitments(ctx.database.client, leaves, (d) => progress.update(d));
    progress.done();
    if (failure) {
      console.error(
        `FAILED${failure.eventId ? ` at ${failure.eventId} (leaf ${failure.index})` : ` at leaf ${failure.index}`}: ${failure.reason}`,
      );
      return 1;
    }
    console.log(
      `verified the private parts: ${committed.toLocaleString('en')} of ${n.toLocaleString('en')} leaves carry a commitment, and each matches the private part kept for it`,
    );
    return 0;
  } finally {
    ctx.database.close();
  }
}

async function verifyReceipt(server: string, code: string, key: string): Promise<number> {
  const res = await reach(`${server}/api/v1/donations/${encodeURIComponent(code)}`);
  if (res.status === 404) throw new UsageError(`no gift has the receipt code ${code}`);
  if (!res.ok) throw new Error(`${server} answered ${res.status}`);
  const gift = (await res.json()) as {
    id: string;
    log: { leaf: string; leafIndex: number; checkpoint: string | null; inclusionProof: string[] };
    private?: PrivatePart;
  };
  try {
    if (!gift.log.checkpoint)
      throw new ProofVerificationError('invalid_argument', 'the server sent no checkpoint');
    const cp = openCheckpoint(gift.log.checkpoint, key);
    const mismatch = checkGiftLeaf(gift.log.leaf, { id: gift.id, receiptCode: code, private: gift.private });
    if (mismatch) throw new ProofVerificationError('invalid_argument', mismatch);
    checkInclusion(
      sha256,
      leafHash(sha256, new TextEncoder().encode(gift.log.leaf)),
      gift.log.leafIndex,
      cp.size,
      gift.log.inclusionProof.map((p) => decodeBase64(p)!),
      cp.rootHash,
    );
    console.log(
      `verified: ${code} is ${gift.id}, leaf ${gift.log.leafIndex} of the log of ${cp.size} leaves signed as root ${hex(cp.rootHash)}, and the leaf commits to the private part shown for the code`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    console.error(`FAILED: ${(e as Error).message}`);
    return 1;
  }
}

async function verifyConsistencyWith(
  server: string,
  file: string,
  key: string,
  policy: WitnessPolicy | undefined,
): Promise<number> {
  try {
    const old = openCheckpoint(await readFile(file, 'utf8'), key);
    const latest = policy
      ? (await witnessedCheckpoint(server, key, policy)).checkpoint
      : openCheckpoint(await fetchText(`${server}/api/v1/log/checkpoint`), key);
    if (latest.size < old.size)
      throw new ProofVerificationError(
        'sizes_out_of_order',
        `the server's latest checkpoint (${latest.size} leaves) is smaller than your saved one (${old.size}): the log has been truncated`,
      );
    const res = await reach(`${server}/api/v1/log/proofs/consistency?from=${old.size}&to=${latest.size}`);
    if (!res.ok)
      throw new ProofVerificationError(
        'invalid_argument',
        `the server cannot prove consistency from ${old.size} to ${latest.size} (${res.status})`,
      );
    const { proof } = (await res.json()) as { proof: string[] };
    checkConsistency(
      sha256,
      old.size,
      latest.size,
      proof.map((p) => decodeBase64(p)!),
      old.rootHash,
      latest.rootHash,
    );
    console.log(`verified: the log at ${latest.size} leaves extends your checkpoint at ${old.size} leaves`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    console.error(`FAILED: ${(e as Error).message}`);
    return 1;
  }
}

/** A GET to the server; a server that cannot be reached is a usage problem, said in one line. */
async function reach(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const origin = new URL(url).origin;
    throw new UsageError(
      `cannot reach the server at ${origin} (${cause?.code ?? cause?.message ?? (e as Error).message}); start it with \`npx aidtrail serve\`, or name another with --server URL`,
    );
  }
}

async function fetchText(url: string): Promise<string> {
  const res = await reach(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.text();
}
