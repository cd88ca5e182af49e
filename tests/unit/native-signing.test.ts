/** The native Ed25519 signer signs exactly as the portable one: same notes, byte for byte. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withNativeSigning } from '../../api/cli/native-signing.ts';
import { generateSigningKey, parseSigningKey, signNote } from '../../api/domain/merkle/index.ts';

describe('native signing', () => {
  it('gives the same signed note as the portable signer, for any key and text', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }).map((s) => s.replace(/[\p{Cc}]/gu, '')),
        (seed, text) => {
          const portable = parseSigningKey(generateSigningKey('test.example/log', seed));
          const native = withNativeSigning(portable);
          const body = `test.example/log\n${text}\n`;
          expect(native.sign).toBeTypeOf('function');
          expect(signNote(body, native)).toBe(signNote(body, portable));
        },
      ),
      { numRuns: 200 },
    );
  });
});
