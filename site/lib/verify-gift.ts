/**
 * Checks, in the browser, that a gift's record is in the signed public log: the checkpoint is
 * signed by the log's key, the logged leaf is this gift's record (and, for the donor who
 * presented the receipt code, commits to the private part shown to them, that code included),
 * and the inclusion proof leads from the leaf's hash to the checkpoint's root hash. It uses
 * the same code as the offline verifier (api/domain/merkle, contract/privacy.ts).
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
import { checkGiftLeaf, type PrivatePart } from '../../api/contract/privacy.ts';
import { verifyInclusion } from '../../api/domain/merkle/verify.ts';

export interface LogProof {
  leafIndex: number;
  leaf: string;
  treeSize: number;
  checkpoint: string | null;
  inclusionProof: string[];
  /** The other events on the gift's trail, each with its proof in the same checkpoint. */
  trail?: Array<{ event: string; leafIndex: number; leaf: string; inclusionProof: string[] }>;
}

export type VerifyFailure = 'noCheckpoint' | 'signature' | 'code' | 'inclusion' | 'trail';

export type VerifyResult =
  | {
      ok: true;
      index: number;
      size: number;
      root: string;
      key: string;
      proofLength: number;
      /** The private part was checked against the leaf's commitment (the donor's own view). */
      committed: boolean;
      /** How many other events of the gift's trail were each proven in the same checkpoint. */
      trailEvents: number;
    }
  | { ok: false; reason: VerifyFailure; detail: string };

const utf8 = new TextEncoder();

/** The gift the proof is said to be for: its event id, and for the donor its code and private part. */
export interface GiftClaim {
  id: string;
  receiptCode?: string;
  private?: PrivatePart;
}

export function verifyGiftProof(proof: LogProof, verifierKey: string, gift: GiftClaim): VerifyResult {
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
  const mismatch = checkGiftLeaf(proof.leaf, gift);
  if (mismatch) return { ok: false, reason: 'code', detail: mismatch };
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
  // Every event the fate and trail are computed from is in the same signed tree.
  for (const step of proof.trail ?? []) {
    let id: unknown;
    try {
      id = (JSON.parse(step.leaf) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    const stepPath = step.inclusionProof.map(decodeBase64);
    if (
      id !== step.event ||
      stepPath.some((p) => p === undefined) ||
      !verifyInclusion(
        sha256,
        leafHash(sha256, utf8.encode(step.leaf)),
        step.leafIndex,
        checkpoint.size,
        stepPath as Uint8Array[],
        checkpoint.rootHash,
      )
    )
      return {
        ok: false,
        reason: 'trail',
        detail: `${step.event} on the gift's trail is not proven in the checkpoint`,
      };
  }
  return {
    ok: true,
    index: proof.leafIndex,
    size: checkpoint.size,
    root: encodeBase64(checkpoint.rootHash),
    key: `${key.name}+${key.keyId.toString(16).padStart(8, '0')}`,
    proofLength: path.length,
    committed: gift.receiptCode !== undefined,
    trailEvents: proof.trail?.length ?? 0,
  };
}
