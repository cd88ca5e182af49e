/**
 * Checks, in the browser, that a gift's record is in the signed public log: the checkpoint is
 * signed by the log's key, the logged leaf is the record for this receipt code, and the
 * inclusion proof leads from the leaf's hash to the checkpoint's root hash. It uses the same
 * domain code as the offline verifier (api/domain/merkle) with a JavaScript SHA-256.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  decodeBase64,
  encodeBase64,
  NoteError,
  openCheckpoint,
  parseVerifierKey,
} from '../../api/domain/merkle/checkpoint.ts';
import { leafHash } from '../../api/domain/merkle/tree.ts';
import { verifyInclusion } from '../../api/domain/merkle/verify.ts';

export interface LogProof {
  leafIndex: number;
  leaf: string;
  treeSize: number;
  checkpoint: string | null;
  inclusionProof: string[];
}

export type VerifyFailure = 'noCheckpoint' | 'signature' | 'code' | 'inclusion';

export type VerifyResult =
  | { ok: true; index: number; size: number; root: string; key: string; proofLength: number }
  | { ok: false; reason: VerifyFailure; detail: string };

const utf8 = new TextEncoder();

export function verifyGiftProof(proof: LogProof, verifierKey: string, receiptCode: string): VerifyResult {
  if (!proof.checkpoint || proof.treeSize <= proof.leafIndex) {
    return { ok: false, reason: 'noCheckpoint', detail: 'no signed checkpoint covers this record yet' };
  }
  let key;
  let checkpoint;
  try {
    key = parseVerifierKey(verifierKey.trim());
    checkpoint = openCheckpoint(proof.checkpoint, key);
  } catch (e) {
    if (e instanceof NoteError) return { ok: false, reason: 'signature', detail: e.message };
    throw e;
  }
  let logged: { receiptCode?: unknown };
  try {
    logged = JSON.parse(proof.leaf) as { receiptCode?: unknown };
  } catch {
    return { ok: false, reason: 'code', detail: 'the logged record is not JSON' };
  }
  if (logged.receiptCode !== receiptCode)
    return { ok: false, reason: 'code', detail: `the logged record is for ${String(logged.receiptCode)}` };
  const path = proof.inclusionProof.map(decodeBase64);
  if (path.some((p) => p === undefined) || checkpoint.size !== proof.treeSize) {
    return { ok: false, reason: 'inclusion', detail: 'the proof is malformed or for another tree size' };
  }
  const hash = leafHash(sha256, utf8.encode(proof.leaf));
  if (
    !verifyInclusion(
      sha256,
      hash,
      proof.leafIndex,
      checkpoint.size,
      path as Uint8Array[],
      checkpoint.rootHash,
    )
  ) {
    return {
      ok: false,
      reason: 'inclusion',
      detail: 'the inclusion proof does not lead to the checkpoint root',
    };
  }
  return {
    ok: true,
    index: proof.leafIndex,
    size: checkpoint.size,
    root: encodeBase64(checkpoint.rootHash),
    key: `${key.name}+${key.keyId.toString(16).padStart(8, '0')}`,
    proofLength: path.length,
  };
}
