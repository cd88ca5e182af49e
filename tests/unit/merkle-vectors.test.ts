// Golden RFC 6962 vectors (tests/unit/fixtures/rfc6962-vectors.json, copied from
// transparency-dev/merkle) against the fast tree and the verifier, plus the corrupted-proof
// table with the exact reason each must fail with.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import vectors from './fixtures/rfc6962-vectors.json' with { type: 'json' };
import {
  appendLeaf,
  checkConsistency,
  checkInclusion,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeLookup,
  nodesNeededForConsistency,
  nodesNeededForInclusion,
  nodesNeededForRoot,
  ProofVerificationError,
  rootAt,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
  type StoredNode,
} from '../../api/domain/merkle/index.ts';

const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());
const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const leafHashes = vectors.leaves.map((d) => leafHash(sha256, fromHex(d)));
const store: StoredNode[] = vectors.nodeHashes.flatMap((level, k) =>
  level.map((hash, j) => ({ level: k, index: j, hash: fromHex(hash) })),
);
const getNode = nodeLookup(store);

/** The reason a check throws, or 'ok'. */
function reasonOf(check: () => void): string {
  try {
    check();
    return 'ok';
  } catch (error) {
    if (error instanceof ProofVerificationError) return error.reason;
    throw error;
  }
}

const sortNodes = (nodes: readonly (readonly number[])[]) =>
  nodes.map(([level, index]) => `${level}/${index}`).sort();

describe('RFC 6962 vectors: hashes and roots', () => {
  it('leaf hashes are the level-0 node hashes', () => {
    expect(leafHashes.map(toHex)).toEqual(vectors.nodeHashes[0]);
  });

  it.each(vectors.roots.map((root, size) => ({ size, root })))('root of size $size', ({ size, root }) => {
    expect(toHex(rootFromLeafHashes(sha256, leafHashes.slice(0, size)))).toBe(root);
    expect(toHex(rootAt(sha256, size, getNode))).toBe(root);
  });

  it('appendLeaf recreates every stored node, and only those', () => {
    const built = new Map<string, Uint8Array>();
    const lookup = (level: number, index: number) => built.get(`${level}/${index}`)!;
    leafHashes.forEach((hash, i) => {
      for (const node of appendLeaf(sha256, i, hash, lookup))
        built.set(`${node.level}/${node.index}`, node.hash);
    });
    expect(new Map([...built].map(([key, hash]) => [key, toHex(hash)]))).toEqual(
      new Map(store.map((node) => [`${node.level}/${node.index}`, toHex(node.hash)])),
    );
  });
});

describe('RFC 6962 vectors: inclusion', () => {
  it.each(vectors.inclusion)('leaf $index in tree of size $size', ({ index, size, proof }) => {
    expect(inclusionProof(sha256, index, size, getNode).map(toHex)).toEqual(proof);
    const root = fromHex(vectors.roots[size]!);
    expect(
      reasonOf(() => checkInclusion(sha256, leafHashes[index]!, index, size, proof.map(fromHex), root)),
    ).toBe('ok');
    expect(verifyInclusion(sha256, leafHashes[index]!, index, size, proof.map(fromHex), root)).toBe(true);
  });

  it.each(vectors.inclusionNodes)('nodes for leaf $index in size $size', ({ index, size, nodes }) => {
    const ours = nodesNeededForInclusion(index, size).map((n) => [n.level, n.index]);
    expect(sortNodes(ours)).toEqual(sortNodes(nodes));
  });

  it.each(vectors.badInclusion)('rejects: $description', (bad) => {
    const run = () =>
      checkInclusion(
        sha256,
        fromHex(bad.leafHash),
        bad.index,
        bad.size,
        bad.proof.map(fromHex),
        fromHex(bad.root),
      );
    expect(reasonOf(run)).toBe(bad.expectedError);
    expect(
      verifyInclusion(
        sha256,
        fromHex(bad.leafHash),
        bad.index,
        bad.size,
        bad.proof.map(fromHex),
        fromHex(bad.root),
      ),
    ).toBe(false);
  });
});

describe('RFC 6962 vectors: consistency', () => {
  it.each(vectors.consistency)('size $m to $n', ({ m, n, proof }) => {
    expect(consistencyProof(sha256, m, n, getNode).map(toHex)).toEqual(proof);
    const [oldRoot, newRoot] = [fromHex(vectors.roots[m]!), fromHex(vectors.roots[n]!)];
    expect(reasonOf(() => checkConsistency(sha256, m, n, proof.map(fromHex), oldRoot, newRoot))).toBe('ok');
  });

  it.each(vectors.consistencyNodes)('nodes for size $m to $n', ({ m, n, nodes }) => {
    const ours = nodesNeededForConsistency(m, n).map((x) => [x.level, x.index]);
    expect(sortNodes(ours)).toEqual(sortNodes(nodes));
  });

  it.each(vectors.badConsistency)('rejects: $description', (bad) => {
    const args = [bad.m, bad.n, bad.proof.map(fromHex), fromHex(bad.oldRoot), fromHex(bad.newRoot)] as const;
    expect(reasonOf(() => checkConsistency(sha256, ...args))).toBe(bad.expectedError);
    expect(verifyConsistency(sha256, ...args)).toBe(false);
  });

  it('accepts every pair within the 8-leaf tree, from the empty tree up', () => {
    for (let n = 0; n <= 8; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(sha256, m, n, getNode);
        const [oldRoot, newRoot] = [fromHex(vectors.roots[m]!), fromHex(vectors.roots[n]!)];
        expect(
          reasonOf(() => checkConsistency(sha256, m, n, proof, oldRoot, newRoot)),
          `${m}→${n}`,
        ).toBe('ok');
      }
    }
  });
});

describe('node lists a database fetches', () => {
  it('root needs the left-to-right complete subtrees', () => {
    expect(nodesNeededForRoot(7)).toEqual([
      { level: 2, index: 0 },
      { level: 1, index: 2 },
      { level: 0, index: 6 },
    ]);
    expect(nodesNeededForRoot(0)).toEqual([]);
  });

  it('argument errors are RangeErrors, not silent garbage', () => {
    expect(() => inclusionProof(sha256, 8, 8, getNode)).toThrow(RangeError);
    expect(() => consistencyProof(sha256, 5, 4, getNode)).toThrow(RangeError);
    expect(() => nodesNeededForRoot(1.5)).toThrow(RangeError);
    expect(() => rootAt(sha256, 9, getNode)).toThrow(/not found/);
  });
});
