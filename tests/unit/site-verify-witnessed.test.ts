/** The browser's witness check: pinned keys only, a quorum, and the gift's checkpoint inside the witnessed history. */
import { describe, expect, it } from 'vitest';
import { encodeBase64, splitNote } from '../../api/domain/merkle/index.ts';
import {
  cosign,
  cosignerKeyFor,
  generateCosigningKey,
  parseCosigningKey,
} from '../../api/domain/witness/cosignature.ts';
import { checkWitnessed } from '../../site/lib/verify-witnessed.ts';
import { ToyLog } from '../support/toy-log.ts';

const keys = [1, 2].map((n) =>
  parseCosigningKey(generateCosigningKey(`w${n}.example`, new Uint8Array(32).fill(n))),
);
const log = new ToyLog().grow(9);
const pins = { log: log.vkey, witnesses: keys.map((k) => cosignerKeyFor(k)), quorum: 2 };
const cosigned = (size: number, by = keys) => {
  const note = log.checkpoint(size);
  return note + by.map((k) => cosign(splitNote(note).body, k, 1)).join('');
};
const proofAt = (treeSize: number) => ({
  leafIndex: 0,
  leaf: '{}',
  treeSize,
  checkpoint: log.checkpoint(treeSize),
  inclusionProof: [],
});
const consistency = (m: number, n: number) => log.proof(m, n).map(encodeBase64);

describe('checkWitnessed', () => {
  it('accepts a gift checkpoint that a quorum-cosigned checkpoint extends, naming the witnesses', () => {
    expect(checkWitnessed(proofAt(5), pins, cosigned(9), consistency(5, 9))).toEqual({
      ok: true,
      size: 9,
      witnesses: ['w1.example', 'w2.example'],
      quorum: 2,
      of: 2,
    });
  });
  it('refuses too few cosignatures, a newer record, and a history that does not extend', () => {
    expect(checkWitnessed(proofAt(5), pins, cosigned(9, [keys[0]!]), consistency(5, 9))).toMatchObject({
      ok: false,
      reason: 'witnesses',
    });
    expect(checkWitnessed(proofAt(9), pins, cosigned(5), [])).toMatchObject({
      ok: false,
      reason: 'notWitnessed',
    });
    expect(checkWitnessed(proofAt(5), pins, cosigned(9), consistency(4, 9))).toMatchObject({
      ok: false,
      reason: 'consistency',
    });
    // A witnessed checkpoint signed by another log key is refused whatever its cosignatures.
    const other = new ToyLog(log.origin, new Uint8Array(32).fill(77)).grow(9);
    const note = other.checkpoint(9);
    const forged = note + keys.map((k) => cosign(splitNote(note).body, k, 1)).join('');
    expect(checkWitnessed(proofAt(5), pins, forged, consistency(5, 9))).toMatchObject({
      ok: false,
      reason: 'witnesses',
    });
  });
});
