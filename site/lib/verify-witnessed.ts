/**
 * The browser's whole check of a gift against the keys pinned at build time: the record is in
 * the log's signed checkpoint (verify-gift.ts), and — when witnesses are pinned — that checkpoint
 * is part of the history a quorum of them cosigned: the newest witnessed checkpoint verifies
 * with the pinned keys and a consistency proof leads from the gift's checkpoint to it. Nothing
 * the server says is trusted without a pinned key checking it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { NoteError, openCheckpoint, parseVerifierKey } from '../../api/domain/merkle/checkpoint.ts';
import { decodeBase64 } from '../../api/domain/merkle/checkpoint.ts';
import { verifyConsistency } from '../../api/domain/merkle/verify.ts';
import { parseCosignerKey, witnessesOf } from '../../api/domain/witness/cosignature.ts';
import type { PinnedKeys } from './pinned-keys.ts';
import { verifyGiftProof, type GiftClaim, type LogProof, type VerifyResult } from './verify-gift.ts';

export type WitnessCheck =
  | { ok: true; size: number; witnesses: string[]; quorum: number; of: number }
  | { ok: false; reason: 'notWitnessed' | 'witnesses' | 'consistency'; detail: string };

/** Checks the gift's checkpoint against the witnessed one (both notes as served, checked here). */
export function checkWitnessed(
  proof: LogProof,
  pins: PinnedKeys,
  witnessedNote: string,
  consistency: readonly string[],
): WitnessCheck {
  const logKey = parseVerifierKey(pins.log.trim());
  const keys = pins.witnesses.map((w) => parseCosignerKey(w));
  let witnessed;
  let verdict;
  try {
    witnessed = openCheckpoint(witnessedNote, logKey);
    verdict = witnessesOf(witnessedNote, keys, pins.quorum);
  } catch (e) {
    if (e instanceof NoteError) return { ok: false, reason: 'witnesses', detail: e.message };
    throw e;
  }
  if (!verdict.met)
    return {
      ok: false,
      reason: 'witnesses',
      detail: `cosigned by ${verdict.cosigned.length} of the pinned witnesses, fewer than ${pins.quorum}`,
    };
  if (witnessed.size < proof.treeSize)
    return { ok: false, reason: 'notWitnessed', detail: `witnessed up to ${witnessed.size} entries only` };
  const own = openCheckpoint(proof.checkpoint!, logKey);
  const path = consistency.map(decodeBase64);
  if (
    path.some((p) => p === undefined) ||
    !verifyConsistency(
      sha256,
      own.size,
      witnessed.size,
      path as Uint8Array[],
      own.rootHash,
      witnessed.rootHash,
    )
  )
    return {
      ok: false,
      reason: 'consistency',
      detail: 'the checkpoint is not part of the history the witnesses cosigned',
    };
  return {
    ok: true,
    size: witnessed.size,
    witnesses: verdict.cosigned.map((c) => c.witness),
    quorum: pins.quorum,
    of: keys.length,
  };
}

/** The full check, fetching only what keys will check (same-origin API). */
export async function checkGift(
  proof: LogProof,
  gift: GiftClaim,
  pins: PinnedKeys,
  get: (path: string) => Promise<Response> = (path) => fetch(path),
): Promise<{ result: VerifyResult; witnessed?: WitnessCheck }> {
  const result = verifyGiftProof(proof, pins.log, gift);
  if (!result.ok || pins.witnesses.length === 0) return { result };
  const res = await get('/api/v1/log/checkpoint/witnessed');
  if (res.status === 404)
    return {
      result,
      witnessed: { ok: false, reason: 'notWitnessed', detail: 'no witnessed checkpoint yet' },
    };
  if (!res.ok) throw new Error(String(res.status));
  const note = await res.text();
  const size = Number(note.split('\n')[1]);
  let consistency: string[] = [];
  if (Number.isSafeInteger(size) && size > proof.treeSize) {
    const c = await get(`/api/v1/log/proofs/consistency?from=${proof.treeSize}&to=${size}`);
    if (!c.ok) throw new Error(String(c.status));
    consistency = ((await c.json()) as { proof: string[] }).proof;
  }
  return { result, witnessed: checkWitnessed(proof, pins, note, consistency) };
}
