// Cross-checks the fast, node-store Merkle tree against a naive reference that exists only here:
// MTH, PATH and PROOF written exactly as the recursions of RFC 6962 §2.1, over raw leaf data,
// with their own hashing. fast-check prints the seed of any failure so it replays exactly.
import { createHash } from 'node:crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaf,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  nodeLookup,
  nodesNeededForAppend,
  nodesNeededForConsistency,
  nodesNeededForInclusion,
  nodesNeededForRoot,
  rootAt,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type GetNode,
  type StoredNode,
} from '../../api/domain/merkle/index.ts';

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

// ---- The reference tree (RFC 6962 §2.1, verbatim recursions; D is the list of leaf inputs) ----
const H = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1); // largest power of two < n, for n > 1
const MTH = (D: Uint8Array[]): Uint8Array =>
  D.length === 0
    ? H()
    : D.length === 1
      ? H(Uint8Array.of(0), D[0]!)
      : H(Uint8Array.of(1), MTH(D.slice(0, k(D.length))), MTH(D.slice(k(D.length))));
const PATH = (m: number, D: Uint8Array[]): Uint8Array[] => {
  if (D.length === 1) return [];
  const s = k(D.length);
  return m < s
    ? [...PATH(m, D.slice(0, s)), MTH(D.slice(s))]
    : [...PATH(m - s, D.slice(s)), MTH(D.slice(0, s))];
};
const SUBPROOF = (m: number, D: Uint8Array[], b: boolean): Uint8Array[] => {
  if (m === D.length) return b ? [] : [MTH(D)];
  const s = k(D.length);
  return m <= s
    ? [...SUBPROOF(m, D.slice(0, s), b), MTH(D.slice(s))]
    : [...SUBPROOF(m - s, D.slice(s), false), MTH(D.slice(0, s))];
};
// RFC 6962 defines PROOF for 0 < m only; m = 0 (empty prefix) has the empty proof by our convention.
const PROOF = (m: number, D: Uint8Array[]) => (m === 0 ? [] : SUBPROOF(m, D, true));

// ---- One 2000-leaf log, built once through appendLeaf like the store will ----
const MAX = 2000;
const data = Array.from({ length: MAX }, (_, i) =>
  new TextEncoder().encode(`event ${i} ${'x'.repeat(i % 7)}`),
);
const leafHashes = data.map((d) => leafHash(sha256, d));
const nodes = new Map<string, Uint8Array>();
for (const [i, hash] of leafHashes.entries()) {
  const read = (level: number, index: number) => nodes.get(`${level}/${index}`)!;
  for (const node of appendLeaf(sha256, i, hash, read)) nodes.set(`${node.level}/${node.index}`, node.hash);
}

/** getNode for a tree of `size` that fails the test if asked for anything but a complete node. */
function nodesOfTree(size: number): GetNode {
  return (level, index) => {
    if ((index + 1) * 2 ** level > size)
      throw new Error(`asked for incomplete node ${level}/${index} of size ${size}`);
    const hash = nodes.get(`${level}/${index}`);
    if (!hash) throw new Error(`no node ${level}/${index}`);
    return hash;
  };
}
/** A getNode holding only the listed nodes: proves the nodesNeeded* lists are sufficient. */
function onlyNodes(ids: readonly { level: number; index: number }[]): GetNode {
  const rows: StoredNode[] = ids.map(({ level, index }) => ({
    level,
    index,
    hash: nodes.get(`${level}/${index}`)!,
  }));
  return nodeLookup(rows);
}
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const hexAll = (list: Uint8Array[]) => list.map(hex);
function flipped(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[Math.floor(bit / 8) % copy.length]! ^= 1 << (bit % 8);
  return copy;
}

const sizeAndIndex = fc
  .integer({ min: 1, max: MAX })
  .chain((size) => fc.tuple(fc.integer({ min: 0, max: size - 1 }), fc.constant(size)));
const sizePair = fc
  .integer({ min: 0, max: MAX })
  .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const bit = fc.integer({ min: 0, max: 255 });

describe('fast tree agrees with the RFC 6962 reference', () => {
  it('exhaustively for every index, size, m and n up to 40', () => {
    for (let n = 0; n <= 40; n++) {
      const D = data.slice(0, n);
      expect(hex(rootAt(sha256, n, nodesOfTree(n))), `root ${n}`).toBe(hex(MTH(D)));
      for (let i = 0; i < n; i++) {
        expect(hexAll(inclusionProof(sha256, i, n, nodesOfTree(n))), `path ${i}/${n}`).toEqual(
          hexAll(PATH(i, D)),
        );
      }
      for (let m = 0; m <= n; m++) {
        expect(hexAll(consistencyProof(sha256, m, n, nodesOfTree(n))), `proof ${m}→${n}`).toEqual(
          hexAll(PROOF(m, D)),
        );
      }
    }
  });

  it('roots: appendLeaf-built store = rootFromLeafHashes = MTH', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (size) => {
        const fast = rootAt(sha256, size, nodesOfTree(size));
        expect(hex(fast)).toBe(hex(rootFromLeafHashes(sha256, leafHashes.slice(0, size))));
        expect(hex(fast)).toBe(hex(MTH(data.slice(0, size))));
        expect(hex(rootAt(sha256, size, onlyNodes(nodesNeededForRoot(size))))).toBe(hex(fast));
      }),
      { numRuns: 60 },
    );
  });

  it('inclusion proofs equal PATH, verify, and fail with any flipped bit', () => {
    fc.assert(
      fc.property(sizeAndIndex, bit, fc.nat(), ([index, size], flip, which) => {
        const proof = inclusionProof(sha256, index, size, nodesOfTree(size));
        expect(hexAll(proof)).toEqual(hexAll(PATH(index, data.slice(0, size))));
        expect(
          hexAll(inclusionProof(sha256, index, size, onlyNodes(nodesNeededForInclusion(index, size)))),
        ).toEqual(hexAll(proof));
        const root = rootAt(sha256, size, nodesOfTree(size));
        const leaf = leafHashes[index]!;
        expect(verifyInclusion(sha256, leaf, index, size, proof, root)).toBe(true);
        // Flip one bit in one of: a proof hash, the leaf hash, the root.
        const target = which % (proof.length + 2);
        const badProof = proof.map((p, i) => (i === target ? flipped(p, flip) : p));
        const badLeaf = target === proof.length ? flipped(leaf, flip) : leaf;
        const badRoot = target === proof.length + 1 ? flipped(root, flip) : root;
        expect(verifyInclusion(sha256, badLeaf, index, size, badProof, badRoot)).toBe(false);
        if (proof.length > 0)
          expect(verifyInclusion(sha256, leaf, index, size, proof.slice(0, -1), root)).toBe(false);
        expect(verifyInclusion(sha256, leaf, index, size, [...proof, root], root)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency proofs equal PROOF, verify, and fail with any flipped bit', () => {
    fc.assert(
      fc.property(sizePair, bit, fc.nat(), ([m, n], flip, which) => {
        const proof = consistencyProof(sha256, m, n, nodesOfTree(n));
        expect(hexAll(proof)).toEqual(hexAll(PROOF(m, data.slice(0, n))));
        expect(hexAll(consistencyProof(sha256, m, n, onlyNodes(nodesNeededForConsistency(m, n))))).toEqual(
          hexAll(proof),
        );
        const oldRoot = rootAt(sha256, m, nodesOfTree(m));
        const newRoot = rootAt(sha256, n, nodesOfTree(n));
        expect(verifyConsistency(sha256, m, n, proof, oldRoot, newRoot)).toBe(true);
        // Every tree extends the empty one, so for 0 = m < n the new root is unconstrained.
        const newRootMatters = m > 0 || n === 0;
        const target = which % (proof.length + (newRootMatters ? 2 : 1));
        const badProof = proof.map((p, i) => (i === target ? flipped(p, flip) : p));
        const badOld = target === proof.length ? flipped(oldRoot, flip) : oldRoot;
        const badNew = target === proof.length + 1 ? flipped(newRoot, flip) : newRoot;
        expect(verifyConsistency(sha256, m, n, badProof, badOld, badNew)).toBe(false);
        if (proof.length > 0)
          expect(verifyConsistency(sha256, m, n, proof.slice(0, -1), oldRoot, newRoot)).toBe(false);
        expect(verifyConsistency(sha256, m, n, [...proof, newRoot], oldRoot, newRoot)).toBe(false);
        if (m < n) expect(verifyConsistency(sha256, m, n, proof, newRoot, oldRoot)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('appendLeaf reads only the nodes it announces, and creates one node per level finished', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX - 1 }), (i) => {
        const created = appendLeaf(sha256, i, leafHashes[i]!, onlyNodes(nodesNeededForAppend(i)));
        expect(created.length).toBe(1 + nodesNeededForAppend(i).length);
        for (const node of created)
          expect(hex(node.hash)).toBe(hex(nodes.get(`${node.level}/${node.index}`)!));
      }),
      { numRuns: 200 },
    );
  });
});

describe('hash function parameter', () => {
  it('node:crypto and @noble/hashes give identical hashes, roots and proofs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        expect(hex(leafHash(nobleSha256, a))).toBe(hex(leafHash(sha256, a)));
        expect(hex(nodeHash(nobleSha256, a, b))).toBe(hex(nodeHash(sha256, a, b)));
      }),
      { numRuns: 100 },
    );
    const nobleLeaves = data.slice(0, 37).map((d) => leafHash(nobleSha256, d));
    expect(hex(rootFromLeafHashes(nobleSha256, nobleLeaves))).toBe(hex(rootAt(sha256, 37, nodesOfTree(37))));
    const proof = inclusionProof(sha256, 20, 37, nodesOfTree(37));
    expect(
      verifyInclusion(
        nobleSha256,
        nobleLeaves[20]!,
        20,
        37,
        proof,
        rootFromLeafHashes(nobleSha256, nobleLeaves),
      ),
    ).toBe(true);
    expect(hex(rootFromLeafHashes(nobleSha256, []))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
