import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RootAccumulator, leafHash, nodeHash, rootFromLeafHashes } from '../../api/domain/merkle/index.ts';
import { sha256Children, sha256Leaf } from '../../api/store/log-store.ts';

const h = (d: Uint8Array) => new Uint8Array(createHash('sha256').update(d).digest());
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('streaming root accumulator', () => {
  it('gives the RFC 6962 root of every prefix, with the generic or the streamed node hash', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 70 }), (lines) => {
        const generic = new RootAccumulator(h);
        const streamed = new RootAccumulator(h, sha256Children);
        const leaves: Uint8Array[] = [];
        expect(hex(generic.root())).toBe(hex(rootFromLeafHashes(h, [])));
        for (const line of lines) {
          const leaf = leafHash(h, new TextEncoder().encode(line));
          expect(hex(sha256Leaf(line))).toBe(hex(leaf));
          leaves.push(leaf);
          generic.append(leaf);
          streamed.append(sha256Leaf(line));
          const expected = hex(rootFromLeafHashes(h, leaves));
          expect(hex(generic.root())).toBe(expected);
          expect(hex(streamed.root())).toBe(expected);
        }
      }),
    );
  });

  it('streams node hashes exactly as H(0x01 ‖ left ‖ right)', () => {
    const l = h(Uint8Array.of(1));
    const r = h(Uint8Array.of(2));
    expect(hex(sha256Children(l, r))).toBe(hex(nodeHash(h, l, r)));
  });
});
