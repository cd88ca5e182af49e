/**
 * The witness drills: a witness cosigns a checkpoint only when it extends the last one it
 * cosigned for that log, and refuses each way a log can misbehave with its reason and the
 * status C2SP tlog-witness gives it. Cosignatures are checked against node's own Ed25519.
 */
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  generateSigningKey,
  parseSigningKey,
  parseVerifierKey,
  splitNote,
} from '../../api/domain/merkle/index.ts';
import {
  cosign,
  cosignerKeyFor,
  generateCosigningKey,
  openCosignatureLines,
  parseCosignerKey,
  parseCosigningKey,
  witnessesOf,
} from '../../api/domain/witness/cosignature.ts';
import {
  formatAddCheckpoint,
  judgeCheckpoint,
  parseAddCheckpoint,
  type CosignedHead,
  type RefusalReason,
  type Verdict,
} from '../../api/domain/witness/witness.ts';
import { sha256, ToyLog } from '../support/toy-log.ts';

const witnessKey = parseCosigningKey(generateCosigningKey('witness.example/w1', new Uint8Array(32).fill(5)));

/** A witness's memory and one request judged against it. */
function judge(log: ToyLog, seen: CosignedHead | undefined, body: string): Verdict {
  const request = parseAddCheckpoint(body);
  if ('accepted' in request) return request;
  return judgeCheckpoint(
    sha256,
    [{ origin: log.origin, key: parseVerifierKey(log.vkey) }],
    (o) => (o === log.origin ? seen : undefined),
    request,
  );
}

const headAt = (log: ToyLog, size: number): CosignedHead => ({ size, rootHash: log.root(size) });

describe('cosignature/v1', () => {
  it('derives the key id from name, newline, 0x04 and the public key, and round-trips the vkey', () => {
    const vkey = cosignerKeyFor(witnessKey);
    const expected = createHash('sha256')
      .update('witness.example/w1\n')
      .update(Uint8Array.of(0x04))
      .update(witnessKey.publicKey)
      .digest()
      .readUInt32BE(0);
    expect(witnessKey.keyId).toBe(expected);
    expect(vkey).toMatch(/^witness\.example\/w1\+[0-9a-f]{8}\+/);
    expect(decodeBase64(vkey.split('+').slice(2).join('+'))![0]).toBe(0x04);
    expect(parseCosignerKey(vkey)).toEqual({
      name: witnessKey.name,
      keyId: witnessKey.keyId,
      publicKey: witnessKey.publicKey,
    });
    // A note key (type 0x01) is not a witness key, and the reverse.
    const logKey = parseSigningKey(generateSigningKey('toy.example/log'));
    expect(() =>
      parseCosignerKey(`toy.example/log+${logKey.keyId.toString(16).padStart(8, '0')}+AQ==`),
    ).toThrow();
    expect(() => parseVerifierKey(vkey)).toThrow(/not 0x01/);
  });

  it('signs "cosignature/v1", the time line and the note text, as node Ed25519 verifies', () => {
    const log = new ToyLog().grow(5);
    const { body } = splitNote(log.checkpoint());
    const line = cosign(body, witnessKey, 1_679_315_147);
    const [, name, b64] = /^— (\S+) (\S+)\n$/.exec(line)!;
    expect(name).toBe('witness.example/w1');
    const bytes = Buffer.from(b64!, 'base64');
    expect(bytes.length).toBe(4 + 8 + 64);
    expect(bytes.readUInt32BE(0)).toBe(witnessKey.keyId);
    expect(bytes.readBigUInt64BE(4)).toBe(1_679_315_147n);
    const publicKey = createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), witnessKey.publicKey]),
      format: 'der',
      type: 'spki',
    });
    const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${body}`);
    expect(nodeVerify(null, message, publicKey, bytes.subarray(12))).toBe(true);
    expect(openCosignatureLines(body, line, witnessKey)).toEqual([
      {
        witness: 'witness.example/w1',
        keyId: witnessKey.keyId,
        timestamp: 1_679_315_147,
        line: line.trimEnd(),
      },
    ]);
  });

  it('counts the trusted witnesses that cosigned a note against a quorum, ignoring unknown keys', () => {
    const log = new ToyLog().grow(3);
    const note = log.checkpoint();
    const { body } = splitNote(note);
    const other = parseCosigningKey(generateCosigningKey('witness.example/w2', new Uint8Array(32).fill(6)));
    const stranger = parseCosigningKey(
      generateCosigningKey('elsewhere.example/w', new Uint8Array(32).fill(8)),
    );
    const both = note + cosign(body, witnessKey, 10) + cosign(body, stranger, 10);
    const verdict = witnessesOf(both, [witnessKey, other], 2);
    expect(verdict.cosigned.map((c) => c.witness)).toEqual(['witness.example/w1']);
    expect(verdict.met).toBe(false);
    expect(witnessesOf(both + cosign(body, other, 11), [witnessKey, other]).met).toBe(true);
    // A trusted witness's line over another checkpoint (or with its time changed) is named, not counted.
    const forged = cosign(splitNote(log.grow(1).checkpoint()).body, other, 11);
    const verdict2 = witnessesOf(both + forged, [witnessKey, other], 1);
    expect(verdict2).toMatchObject({ met: true, invalid: ['witness.example/w2'] });
  });
});

describe('witness drills', () => {
  const log = new ToyLog().grow(10);
  const seen = headAt(log, 6);
  const forkedLog = new ToyLog().grow(4).append('a different leaf 4').grow(5);
  const stranger = parseSigningKey(generateSigningKey(log.origin, new Uint8Array(32).fill(4)));

  const drills: Array<{
    name: string;
    body: () => string;
    reason: RefusalReason;
    status: number;
    size?: number;
  }> = [
    {
      name: 'wrong origin',
      body: () => formatAddCheckpoint(6, log.proof(6), log.checkpoint(10, { origin: 'other.example/log' })),
      reason: 'unknown_origin',
      status: 404,
    },
    {
      name: 'bad signature (another key under the log name)',
      body: () => formatAddCheckpoint(6, log.proof(6), log.checkpoint(10, { key: stranger })),
      reason: 'bad_signature',
      status: 403,
    },
    {
      name: 'bad signature (the signed text altered)',
      body: () => formatAddCheckpoint(6, log.proof(6), log.checkpoint(10).replace('\n10\n', '\n11\n')),
      reason: 'bad_signature',
      status: 403,
    },
    {
      name: 'rollback: from the cosigned size back to a smaller tree',
      body: () => formatAddCheckpoint(6, [], log.checkpoint(4)),
      reason: 'rollback',
      status: 400,
    },
    {
      name: 'replayed old checkpoint (an earlier request sent again)',
      body: () => formatAddCheckpoint(2, log.proof(2, 4), log.checkpoint(4)),
      reason: 'replay',
      status: 409,
      size: 6,
    },
    {
      name: 'fork: same size, another root',
      body: () => formatAddCheckpoint(6, [], log.checkpoint(6, { rootHash: sha256(new Uint8Array([1])) })),
      reason: 'fork',
      status: 409,
      size: 6,
    },
    {
      name: 'forked history: a larger tree that does not extend the cosigned one',
      body: () =>
        formatAddCheckpoint(
          6,
          forkedLog.proof(6, 10),
          forkedLog.checkpoint(10, { key: log.key, origin: log.origin }),
        ),
      reason: 'inconsistent',
      status: 422,
    },
    {
      name: 'truncated history: a proof from another size than claimed',
      body: () => formatAddCheckpoint(6, log.proof(5), log.checkpoint(10)),
      reason: 'inconsistent',
      status: 422,
    },
    {
      name: 'a client out of date is told the size to prove from',
      body: () => formatAddCheckpoint(3, log.proof(3), log.checkpoint(10)),
      reason: 'stale_old_size',
      status: 409,
      size: 6,
    },
    {
      name: 'old size beyond the checkpoint',
      body: () => formatAddCheckpoint(9, [], log.checkpoint(8)),
      reason: 'old_size_beyond_checkpoint',
      status: 400,
    },
    {
      name: 'not a request',
      body: () => `old 06\n\n${log.checkpoint(10)}`,
      reason: 'malformed',
      status: 400,
    },
  ];

  for (const drill of drills)
    it(`refuses ${drill.name}`, () => {
      const verdict = judge(log, seen, drill.body());
      expect(verdict).toMatchObject({ accepted: false, reason: drill.reason, status: drill.status });
      if (!verdict.accepted) expect(verdict.size).toBe(drill.size);
    });

  it('accepts the extension from the cosigned size, the same checkpoint again, and a first checkpoint', () => {
    const verdict = judge(log, seen, formatAddCheckpoint(6, log.proof(6), log.checkpoint(10)));
    expect(verdict).toMatchObject({ accepted: true, next: { size: 10 } });
    expect(judge(log, seen, formatAddCheckpoint(6, [], log.checkpoint(6)))).toMatchObject({ accepted: true });
    expect(judge(log, undefined, formatAddCheckpoint(0, [], log.checkpoint(10)))).toMatchObject({
      accepted: true,
    });
    // From size 0 the proof must be empty.
    expect(judge(log, undefined, formatAddCheckpoint(0, log.proof(3), log.checkpoint(10)))).toMatchObject({
      reason: 'inconsistent',
      status: 422,
    });
  });

  it('round-trips a request body', () => {
    const body = formatAddCheckpoint(6, log.proof(6), log.checkpoint(10));
    const request = parseAddCheckpoint(body);
    expect(request).toMatchObject({ oldSize: 6, note: log.checkpoint(10) });
    expect(parseAddCheckpoint(`old 1\n${'AAAA\n'.repeat(64)}\n${log.checkpoint(10)}`)).toMatchObject({
      reason: 'malformed',
    });
  });
});

describe('witness properties', () => {
  it('cosigns every checkpoint of a growing log, in order, each from the last size it cosigned', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 12 }), (steps) => {
        const log = new ToyLog();
        let seen: CosignedHead | undefined;
        for (const grow of steps) {
          log.grow(grow);
          const old = seen?.size ?? 0;
          const verdict = judge(
            log,
            seen,
            formatAddCheckpoint(old, old === 0 ? [] : log.proof(old), log.checkpoint()),
          );
          if (!verdict.accepted) return false;
          seen = verdict.next;
        }
        return seen!.size === log.size;
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a checkpoint whose root is changed in any bit, whatever the sizes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 255 }),
        (m, extra, bit) => {
          const log = new ToyLog().grow(m + extra);
          const n = m + extra;
          const root = log.root(n).slice();
          root[bit >> 3]! ^= 1 << (bit & 7);
          const verdict = judge(
            log,
            headAt(log, m),
            formatAddCheckpoint(m, log.proof(m, n), log.checkpoint(n, { rootHash: root })),
          );
          return !verdict.accepted && (verdict.reason === 'inconsistent' || verdict.reason === 'fork');
        },
      ),
      { numRuns: 80 },
    );
  });
});
