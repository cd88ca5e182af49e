/**
 * Proof verification for the AidTrail log: the code a donor's browser and the offline verifier
 * run. Browser-safe and dependency-free: it imports only types, and re-states the one-line node
 * hash rather than pulling in the tree module, so the receipt page bundle stays tiny.
 *
 * Error contract (chosen so the CLI can print a reason and the site can show a tick):
 *  - `checkInclusion` / `checkConsistency` return nothing on success and throw a
 *    `ProofVerificationError` whose `reason` is a stable machine code and `message` a sentence.
 *  - `verifyInclusion` / `verifyConsistency` return a boolean: they call the check and turn a
 *    `ProofVerificationError` into `false`. Programming errors (e.g. a non-integer size) still
 *    surface as `ProofVerificationError('invalid_argument')` → false; nothing else is swallowed.
 */
import type { Sha256 } from './tree.ts';

export type ProofFailureReason =
  | 'invalid_argument' // size/index not a non-negative safe integer
  | 'index_out_of_range' // leaf index ≥ tree size
  | 'sizes_out_of_order' // old tree size > new tree size
  | 'bad_hash_length' // a hash, root or proof element is not 32 bytes
  | 'proof_too_short' // the path ended before reaching the root (RFC 9162: sn ≠ 0)
  | 'proof_too_long' // the path went past the root (RFC 9162: sn = 0 with elements left)
  | 'proof_not_empty' // m = 0 or m = n needs an empty proof
  | 'root_mismatch' // inclusion: computed root ≠ expected root; m = n: roots differ
  | 'old_root_mismatch' // consistency: reconstructed old root ≠ old checkpoint's root
  | 'new_root_mismatch'; // consistency: reconstructed new root ≠ new checkpoint's root

export class ProofVerificationError extends Error {
  override readonly name = 'ProofVerificationError';
  readonly reason: ProofFailureReason;
  constructor(reason: ProofFailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

const HASH_SIZE = 32; // SHA-256; the log never changes hash function (RFC 9162 §2.1.1).

/** H(0x01 ‖ left ‖ right), RFC 6962 §2.1 — same as tree.ts nodeHash, kept local on purpose. */
function hashChildren(h: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return h(input);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function fail(reason: ProofFailureReason, message: string): never {
  throw new ProofVerificationError(reason, message);
}

function requireCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    fail('invalid_argument', `${name} must be a non-negative safe integer, got ${value}`);
  }
}

function requireHash(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) {
    fail('bad_hash_length', `${what} is ${hash.length} bytes, expected ${HASH_SIZE}`);
  }
}

// Sizes may exceed 2^32, so "right-shift" and "LSB" are spelt arithmetically, not with >> and &.
const isOdd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

/**
 * Checks that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`,
 * following RFC 9162 §2.1.3.2 step by step. Throws ProofVerificationError.
 */
export function checkInclusion(
  h: Sha256,
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  requireCount(index, 'leaf index');
  requireCount(size, 'tree size');
  requireHash(leafHash, 'leaf hash');
  requireHash(root, 'root hash');
  proof.forEach((p, i) => requireHash(p, `proof[${i}]`));
  // Step 1.
  if (index >= size) fail('index_out_of_range', `leaf index ${index} is not in a tree of size ${size}`);
  // Steps 2–3.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) fail('proof_too_long', `inclusion proof of ${proof.length} hashes goes past the root`);
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(h, p, r);
      // A left child on the right edge with no right sibling: climb until it is a right child.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(h, r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  if (sn !== 0) fail('proof_too_short', `inclusion proof of ${proof.length} hashes stops below the root`);
  if (!bytesEqual(r, root)) fail('root_mismatch', 'inclusion proof leads to a different root hash');
}

/**
 * Checks that the tree of size `m` with root `oldRoot` is a prefix of the tree of size `n` with
 * root `newRoot`, following RFC 9162 §2.1.4.2. The RFC only defines 0 < m < n; the edge cases
 * are decided as transparency-dev/merkle does, except that we also insist an empty tree has the
 * empty-tree root (SHA-256 of ""), so a checkpoint claiming otherwise is caught:
 *  - m = 0: proof must be empty, oldRoot must be SHA-256(""), and if n = 0 so must newRoot;
 *  - m = n: proof must be empty and the roots equal.
 */
export function checkConsistency(
  h: Sha256,
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): void {
  requireCount(m, 'old tree size');
  requireCount(n, 'new tree size');
  requireHash(oldRoot, 'old root hash');
  requireHash(newRoot, 'new root hash');
  proof.forEach((p, i) => requireHash(p, `proof[${i}]`));
  if (m > n) fail('sizes_out_of_order', `old tree size ${m} is larger than new tree size ${n}`);

  if (m === 0) {
    if (proof.length !== 0) fail('proof_not_empty', 'a proof from the empty tree must be empty');
    const empty = h(new Uint8Array(0));
    if (!bytesEqual(oldRoot, empty)) fail('old_root_mismatch', 'the empty tree has root SHA-256("")');
    if (n === 0 && !bytesEqual(newRoot, empty))
      fail('new_root_mismatch', 'the empty tree has root SHA-256("")');
    return;
  }
  if (m === n) {
    if (proof.length !== 0) fail('proof_not_empty', 'a proof between equal tree sizes must be empty');
    if (!bytesEqual(oldRoot, newRoot)) fail('root_mismatch', `two different roots for tree size ${m}`);
    return;
  }

  // Step 1.
  if (proof.length === 0) fail('proof_too_short', 'consistency proof is empty');
  // Step 2: if the old tree is a complete subtree, its root is the proof's implicit first node.
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : proof;
  // Steps 3–4: skip the levels where the old tree's last node is a right child.
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) fail('proof_too_long', `consistency proof of ${proof.length} hashes goes past the root`);
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(h, c, fr);
      sr = hashChildren(h, c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(h, sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  if (sn !== 0) fail('proof_too_short', `consistency proof of ${proof.length} hashes stops below the root`);
  if (!bytesEqual(fr, oldRoot))
    fail('old_root_mismatch', `proof does not lead to the root of tree size ${m}`);
  if (!bytesEqual(sr, newRoot))
    fail('new_root_mismatch', `proof does not lead to the root of tree size ${n}`);
}

function isPowerOfTwo(x: number): boolean {
  let p = 1;
  while (p < x) p *= 2;
  return p === x;
}

function asBoolean(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof ProofVerificationError) return false;
    throw error;
  }
}

/** Boolean form of checkInclusion (RFC 9162 §2.1.3.2). */
export function verifyInclusion(
  h: Sha256,
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  return asBoolean(() => checkInclusion(h, leafHash, index, size, proof, root));
}

/** Boolean form of checkConsistency (RFC 9162 §2.1.4.2). */
export function verifyConsistency(
  h: Sha256,
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  return asBoolean(() => checkConsistency(h, m, n, proof, oldRoot, newRoot));
}
