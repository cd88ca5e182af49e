/**
 * The verifiable log's pure layer (STYLE.md "The Merkle log in three layers"): tree maths and
 * proofs (tree.ts), proof verification for browsers and the offline verifier (verify.ts), and
 * C2SP signed checkpoints (checkpoint.ts). Tree state lives in api/store, serving in api/http.
 */
export {
  HASH_SIZE,
  appendLeaf,
  consistencyProof,
  emptyRootHash,
  inclusionProof,
  leafHash,
  nodeHash,
  nodeKey,
  nodeLookup,
  nodesNeededForAppend,
  nodesNeededForConsistency,
  nodesNeededForInclusion,
  nodesNeededForRoot,
  rootAt,
  rootFromLeafHashes,
} from './tree.ts';
export type { GetNode, NodeId, Sha256, StoredNode } from './tree.ts';

export {
  ProofVerificationError,
  checkConsistency,
  checkInclusion,
  verifyConsistency,
  verifyInclusion,
} from './verify.ts';
export type { ProofFailureReason } from './verify.ts';

export {
  NoteError,
  decodeBase64,
  encodeBase64,
  formatCheckpoint,
  generateSigningKey,
  hex8,
  isValidKeyName,
  keyIdFor,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseSignatureLine,
  parseSigningKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  splitNote,
  verifierKeyFor,
} from './checkpoint.ts';
export type { Checkpoint, NoteFailureReason, NoteSignature, SigningKey, VerifierKey } from './checkpoint.ts';
export { RootAccumulator } from './accumulator.ts';
