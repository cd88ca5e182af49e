/**
 * RFC 6962 / RFC 9162 Merkle tree maths for the AidTrail event log. Pure: no I/O, no clock, no
 * module state. The hash function is a parameter so the server can pass node:crypto and the
 * browser @noble/hashes; both must be SHA-256 (RFC 9162 §2.1.1 fixes the hash per log).
 *
 * Storage model (the same as transparency-dev/merkle's `compact` node IDs): a node is a
 * *complete* subtree addressed by (level, index). Level 0 holds leaf hashes; node (k, j) covers
 * leaves [j·2^k, (j+1)·2^k). A tree of size n only ever stores nodes with (j+1)·2^k ≤ n, so once
 * written a node never changes — the append-only invariant of the log is an invariant of storage.
 * The ragged right edge of a tree whose size is not a power of two is never stored; it is hashed
 * on the fly from the complete nodes beneath it.
 *
 * Every getNode callback here is synchronous and is only asked for complete nodes of the tree
 * size in question. A database fetches `nodesNeededFor*()` in one query, then passes
 * `nodeLookup(rows)` as getNode.
 */

/** SHA-256 over a byte string. Must return 32 bytes. */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** Address of a complete subtree: covers leaves [index·2^level, (index+1)·2^level). */
export type NodeId = { readonly level: number; readonly index: number };

/** A complete subtree together with its hash, as stored by the log. */
export type StoredNode = NodeId & { readonly hash: Uint8Array };

/** Returns the hash of complete node (level, index); throws if the store does not have it. */
export type GetNode = (level: number, index: number) => Uint8Array;

/** Byte length of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00; // RFC 6962 §2.1: domain separation between leaves and interior nodes,
const NODE_PREFIX = 0x01; // so a leaf can never be passed off as an interior node (2nd preimage).

/** Leaf hash, RFC 6962 §2.1: MTH({d(0)}) = SHA-256(0x00 ‖ d(0)). */
export function leafHash(h: Sha256, data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return h(input);
}

/** Interior node hash, RFC 6962 §2.1: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(h: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return h(input);
}

/** Root of the empty tree, RFC 6962 §2.1: MTH({}) = SHA-256() (the hash of the empty string). */
export function emptyRootHash(h: Sha256): Uint8Array {
  return h(new Uint8Array(0));
}

/**
 * MTH(D[n]) for a list of leaf hashes (RFC 6962 §2.1). Computed bottom-up: pairing neighbours
 * and promoting an odd last node unchanged to the next level gives exactly the recursive
 * split-at-largest-power-of-two definition, in O(n) hashes and without recursion.
 */
export function rootFromLeafHashes(h: Sha256, leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRootHash(h);
  let level: Uint8Array[] = [...leafHashes];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(h, level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

// ---------------------------------------------------------------------------------------------
// Appending

/**
 * The stored nodes appendLeaf(leafIndex) reads: the left siblings of the new leaf and of each
 * complete node it finishes (one per trailing 1-bit of leafIndex).
 */
export function nodesNeededForAppend(leafIndex: number): NodeId[] {
  assertSize(leafIndex, 'leafIndex');
  const needed: NodeId[] = [];
  for (let level = 0, index = leafIndex; index % 2 === 1; level++, index = (index - 1) / 2) {
    needed.push({ level, index: index - 1 });
  }
  return needed;
}

/**
 * Appends leaf number `leafIndex` (0-based; the tree had exactly leafIndex leaves before) and
 * returns every complete node the append creates, level 0 first. A node (k, j) becomes complete
 * exactly when its last leaf arrives, i.e. while the running index is a right child (odd), so an
 * append costs one hash per trailing 1-bit of leafIndex: O(log n), amortised O(1).
 */
export function appendLeaf(
  h: Sha256,
  leafIndex: number,
  leafHashValue: Uint8Array,
  getNode: GetNode,
): StoredNode[] {
  assertSize(leafIndex, 'leafIndex');
  const created: StoredNode[] = [{ level: 0, index: leafIndex, hash: leafHashValue }];
  let hash = leafHashValue;
  for (let level = 0, index = leafIndex; index % 2 === 1; level++, index = (index - 1) / 2) {
    hash = nodeHash(h, getNode(level, index - 1), hash);
    created.push({ level: level + 1, index: (index - 1) / 2, hash });
  }
  return created;
}

// ---------------------------------------------------------------------------------------------
// Subtree ranges. RFC 6962 §2.1 defines everything in terms of MTH(D[start:end]) for ranges
// produced by repeatedly splitting at the largest power of two smaller than the length; such a
// range's start is aligned to at least the next power of two above its length, so it is the
// left-to-right sequence of maximal complete subtrees below, folded from the right.

type LeafRange = { readonly start: number; readonly end: number };

/** Largest power of two strictly smaller than n (n ≥ 2) — the split point `k` of RFC 6962 §2.1. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The maximal complete subtrees covering [start, end), left to right. */
function completeNodesOf({ start, end }: LeafRange): NodeId[] {
  const nodes: NodeId[] = [];
  let cursor = start;
  while (cursor < end) {
    let width = 1;
    let level = 0;
    while (cursor % (width * 2) === 0 && cursor + width * 2 <= end) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: cursor / width });
    cursor += width;
  }
  return nodes;
}

/** MTH(D[start:end]): complete nodes come from the store, the ragged right edge is hashed here. */
function rangeHash(h: Sha256, range: LeafRange, getNode: GetNode): Uint8Array {
  const nodes = completeNodesOf(range);
  const last = nodes[nodes.length - 1];
  if (last === undefined) throw new RangeError('empty subtree range');
  let hash = getNode(last.level, last.index);
  for (let i = nodes.length - 2; i >= 0; i--) {
    const node = nodes[i]!;
    hash = nodeHash(h, getNode(node.level, node.index), hash);
  }
  return hash;
}

/**
 * The subtrees whose roots make up PATH(index, D[size]) (RFC 6962 §2.1.1, RFC 9162 §2.1.3.1),
 * leaf to root. Walking top-down, each split contributes the sibling half; the recursion
 * PATH(m, D[0:k]) : MTH(D[k:n]) lists deeper siblings first, hence the final reverse.
 */
function inclusionRanges(index: number, size: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const mid = start + splitPoint(end - start);
    if (index < mid) {
      ranges.push({ start: mid, end });
      end = mid;
    } else {
      ranges.push({ start, end: mid });
      start = mid;
    }
  }
  return ranges.reverse();
}

/**
 * The subtrees whose roots make up PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (RFC 6962 §2.1.2,
 * RFC 9162 §2.1.4.1), in proof order. `m` stays an absolute leaf count throughout; `complete`
 * is the RFC's flag b ("the subtree is the whole old tree, whose root the verifier already has").
 */
function consistencyRanges(m: number, n: number): LeafRange[] {
  const ranges: LeafRange[] = [];
  if (m === 0 || m === n) return ranges; // Nothing to prove: see verify.ts for how these check.
  let start = 0;
  let end = n;
  let complete = true;
  while (m !== end) {
    const mid = start + splitPoint(end - start);
    if (m <= mid) {
      ranges.push({ start: mid, end }); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      end = mid;
    } else {
      ranges.push({ start, end: mid }); // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
      start = mid;
      complete = false;
    }
  }
  if (!complete) ranges.push({ start, end }); // SUBPROOF(m, D[m], false) = {MTH(D[m])}
  return ranges.reverse();
}

// ---------------------------------------------------------------------------------------------
// What to fetch, then what to compute

/** Complete nodes needed for rootAt(size), left to right. */
export function nodesNeededForRoot(size: number): NodeId[] {
  assertSize(size, 'size');
  return completeNodesOf({ start: 0, end: size });
}

/** Complete nodes needed for inclusionProof(index, size). */
export function nodesNeededForInclusion(index: number, size: number): NodeId[] {
  assertLeafInTree(index, size);
  return inclusionRanges(index, size).flatMap(completeNodesOf);
}

/** Complete nodes needed for consistencyProof(m, n). */
export function nodesNeededForConsistency(m: number, n: number): NodeId[] {
  assertSizesOrdered(m, n);
  return consistencyRanges(m, n).flatMap(completeNodesOf);
}

/** Root hash of the tree of the first `size` leaves, MTH(D[size]). */
export function rootAt(h: Sha256, size: number, getNode: GetNode): Uint8Array {
  assertSize(size, 'size');
  if (size === 0) return emptyRootHash(h);
  return rangeHash(h, { start: 0, end: size }, getNode);
}

/** Audit path for leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1), leaf to root. */
export function inclusionProof(h: Sha256, index: number, size: number, getNode: GetNode): Uint8Array[] {
  assertLeafInTree(index, size);
  return inclusionRanges(index, size).map((range) => rangeHash(h, range, getNode));
}

/**
 * Consistency proof between tree sizes m ≤ n (RFC 9162 §2.1.4.1). Empty when m = 0 or m = n:
 * the empty tree is a prefix of every tree, and a tree is a prefix of itself.
 */
export function consistencyProof(h: Sha256, m: number, n: number, getNode: GetNode): Uint8Array[] {
  assertSizesOrdered(m, n);
  return consistencyRanges(m, n).map((range) => rangeHash(h, range, getNode));
}

// ---------------------------------------------------------------------------------------------
// Map-backed node store for the fetch-then-compute pattern

/** Key of a node in a Map; also usable as a database key. */
export function nodeKey(level: number, index: number): string {
  return `${level}/${index}`;
}

/** A getNode over already-fetched nodes; a missing node is a storage bug, so it throws. */
export function nodeLookup(nodes: Iterable<StoredNode>): GetNode {
  const byKey = new Map<string, Uint8Array>();
  for (const node of nodes) byKey.set(nodeKey(node.level, node.index), node.hash);
  return (level, index) => {
    const hash = byKey.get(nodeKey(level, index));
    if (hash === undefined) throw new Error(`Merkle node (level ${level}, index ${index}) not found`);
    return hash;
  };
}

// ---------------------------------------------------------------------------------------------
// Argument checks. Sizes are JS numbers; above 2^53 arithmetic would silently round.

function assertSize(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

function assertLeafInTree(index: number, size: number): void {
  assertSize(index, 'index');
  assertSize(size, 'size');
  if (index >= size) throw new RangeError(`leaf index ${index} is not in a tree of size ${size}`);
}

function assertSizesOrdered(m: number, n: number): void {
  assertSize(m, 'm');
  assertSize(n, 'n');
  if (m > n) throw new RangeError(`old tree size ${m} is larger than new tree size ${n}`);
}
