// C2SP tlog-checkpoint bodies and signed notes, checked against the Go reference
// (golang.org/x/mod/sumdb/note, note_test.go) byte for byte: Ed25519 is deterministic, so our
// signature over Go's test message must equal Go's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  encodeBase64,
  formatCheckpoint,
  generateSigningKey,
  keyIdFor,
  NoteError,
  openCheckpoint,
  openNote,
  parseCheckpoint,
  parseSigningKey,
  parseVerifierKey,
  signCheckpoint,
  signNote,
  verifierKeyFor,
} from '../../api/domain/merkle/index.ts';

/** The NoteError reason a call throws, or 'ok'. */
function reasonOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof NoteError) return error.reason;
    throw error;
  }
}

// golang/mod sumdb/note/note_test.go (TestSign, TestOpen, TestNewVerifier, TestNewSigner).
const go = {
  peterSigner: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz',
  peterVerifier: 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
  enochVerifier: 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop',
  text: "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n",
  peterSig:
    '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
  enochSig:
    '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n',
};

const origin = 'aidtrail.example/log';
const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const logKey = generateSigningKey(origin, seed);
const root = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

describe('checkpoint body (tlog-checkpoint)', () => {
  it('formats the three mandatory lines', () => {
    expect(formatCheckpoint({ origin, size: 0, rootHash: root })).toBe(
      `${origin}\n0\n${encodeBase64(root)}\n`,
    );
  });

  it('parses the C2SP example', () => {
    const cp = parseCheckpoint(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.size).toBe(20852163);
    expect(encodeBase64(cp.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
  });

  it('round-trips format → parse', () => {
    const name = fc.stringMatching(/^[a-z0-9./-]{1,30}$/);
    const extension = fc.stringMatching(/^[ -~]{1,20}$/);
    fc.assert(
      fc.property(
        name,
        fc.nat(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(extension, { maxLength: 3 }),
        (o, size, rootHash, extensions) => {
          const text = formatCheckpoint({ origin: o, size, rootHash, extensions });
          expect(parseCheckpoint(text)).toEqual({ origin: o, size, rootHash, extensions });
        },
      ),
    );
  });

  it.each([
    ['no trailing newline', `${origin}\n1\n${encodeBase64(root)}`],
    ['missing root line', `${origin}\n1\n`],
    ['empty origin', `\n1\n${encodeBase64(root)}\n`],
    ['leading zero in size', `${origin}\n01\n${encodeBase64(root)}\n`],
    ['negative size', `${origin}\n-1\n${encodeBase64(root)}\n`],
    ['size beyond 2^53', `${origin}\n9007199254740993\n${encodeBase64(root)}\n`],
    ['31-byte root', `${origin}\n1\n${encodeBase64(root.subarray(1))}\n`],
    ['root without padding', `${origin}\n1\n${encodeBase64(root).replace('=', '')}\n`],
    ['empty extension line', `${origin}\n1\n${encodeBase64(root)}\n\n`],
    ['control character', `${origin}\n1\n${encodeBase64(root)}\nx\ty\n`],
  ])('rejects %s', (_, text) => {
    expect(reasonOf(() => parseCheckpoint(text))).toBe('malformed_checkpoint');
  });

  it.each([
    '',
    'aidtrail example/log',
    'aidtrail.example/log+1',
    'tab\there',
    'nbsp\u00a0here',
    'nel\u0085here',
  ])('refuses origin/key name %j', (name) => {
    expect(reasonOf(() => formatCheckpoint({ origin: name, size: 1, rootHash: root }))).toBe('invalid_name');
    expect(reasonOf(() => generateSigningKey(name, seed))).toBe('invalid_name');
  });
});

describe('keys (Go note key strings)', () => {
  it('derives the Go verifier key and key id from the Go signing key', () => {
    const signer = parseSigningKey(go.peterSigner);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(verifierKeyFor(signer)).toBe(go.peterVerifier);
    expect(verifierKeyFor(go.peterSigner)).toBe(go.peterVerifier);
    expect(keyIdFor('PeterNeumann', parseVerifierKey(go.peterVerifier).publicKey)).toBe(0xc74f20a3);
    expect(parseVerifierKey(go.enochVerifier).keyId).toBe(0xaf0cfe78);
  });

  it('generates keys that round-trip: PRIVATE+KEY+<name>+<id>+<key>', () => {
    expect(logKey).toMatch(/^PRIVATE\+KEY\+aidtrail\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const parsed = parseSigningKey(logKey);
    expect(parsed.seed).toEqual(seed);
    expect(verifierKeyFor(parsed)).toMatch(/^aidtrail\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    expect(generateSigningKey(origin)).not.toBe(generateSigningKey(origin)); // random by default
  });

  it('rejects every proper substring and every single-character change of a verifier key (Go TestNewVerifier)', () => {
    const key = go.peterVerifier;
    for (let i = 0; i <= key.length; i++) {
      for (let j = i + 1; j <= key.length; j++) {
        if (i !== 0 || j !== key.length)
          expect(() => parseVerifierKey(key.slice(i, j)), key.slice(i, j)).toThrow(NoteError);
      }
    }
    for (let i = 0; i < key.length; i++) {
      const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
      expect(() => parseVerifierKey(changed), changed).toThrow(NoteError);
    }
    expect(
      reasonOf(() =>
        parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
      ),
    ).toBe('malformed_key');
    expect(
      reasonOf(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')),
    ).toBe('unknown_algorithm');
    expect(
      reasonOf(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')),
    ).toBe('key_id_mismatch');
  });

  it('rejects every proper substring and every single-character change of a signing key (Go TestNewSigner)', () => {
    const key = go.peterSigner;
    for (let i = 0; i <= key.length; i++) {
      for (let j = i + 1; j <= key.length; j++) {
        if (i !== 0 || j !== key.length) expect(() => parseSigningKey(key.slice(i, j))).toThrow(NoteError);
      }
    }
    for (let i = 0; i < key.length; i++) {
      const changed = key.slice(0, i) + String.fromCharCode(key.charCodeAt(i) + 1) + key.slice(i + 1);
      expect(() => parseSigningKey(changed), changed).toThrow(NoteError);
    }
  });
});

describe('signed notes', () => {
  it("reproduces Go's signature bytes exactly (TestSign)", () => {
    expect(signNote(go.text, go.peterSigner)).toBe(`${go.text}\n${go.peterSig}`);
  });

  it("opens Go's notes (TestOpen), ignoring signatures by other keys", () => {
    expect(openNote(`${go.text}\n${go.peterSig}`, go.peterVerifier)).toBe(go.text);
    expect(openNote(`${go.text}\n${go.peterSig}${go.enochSig}`, go.peterVerifier)).toBe(go.text);
    expect(openNote(`${go.text}\n${go.peterSig}${go.enochSig}`, go.enochVerifier)).toBe(go.text);
    expect(openNote(new TextEncoder().encode(`${go.text}\n${go.peterSig}`), go.peterVerifier)).toBe(go.text);
  });

  it('fails with a reason', () => {
    const note = `${go.text}\n${go.peterSig}`;
    const corruptSig = `${go.text}\n${go.peterSig.slice(0, 60)}ABCD${go.peterSig.slice(60)}`;
    expect(reasonOf(() => openNote(corruptSig, go.peterVerifier))).toBe('invalid_signature');
    expect(reasonOf(() => openNote(note.replace('cryptography', 'cryptographY'), go.peterVerifier))).toBe(
      'invalid_signature',
    );
    expect(reasonOf(() => openNote(note, go.enochVerifier))).toBe('no_known_signature');
    expect(reasonOf(() => openNote(note, verifierKeyFor(logKey)))).toBe('no_known_signature');
    expect(reasonOf(() => openNote(note.replace('x08g', 'xxxx'), go.peterVerifier))).toBe(
      'no_known_signature',
    ); // other key id
    expect(reasonOf(() => openNote(`${go.text}\n${go.peterSig.repeat(101)}`, go.peterVerifier))).toBe(
      'malformed_note',
    );
  });

  it.each([
    ['text only', go.text],
    ['no signature after the blank line', `${go.text}\n`],
    ['signature line without newline', `${go.text}\n${go.peterSig.slice(0, -1)}`],
    ['control character', `\u0001${go.text}\n${go.peterSig}`],
    [
      'name with a space',
      `${go.text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
    ],
    ['trailing non-signature line', `${go.text}\n${go.peterSig}Unexpected line.\n`],
    ['hyphen instead of em dash', `${go.text}\n${go.peterSig.replace('—', '-')}`],
  ])('rejects a malformed note: %s (Go badMsgs)', (_, note) => {
    expect(reasonOf(() => openNote(note, go.peterVerifier))).toBe('malformed_note');
  });

  it('rejects invalid UTF-8 bytes', () => {
    const bytes = new TextEncoder().encode(`x${go.text}\n${go.peterSig}`);
    bytes[0] = 0xff;
    expect(reasonOf(() => openNote(bytes, go.peterVerifier))).toBe('malformed_note');
  });

  it('separates text from signatures at the last blank line', () => {
    const body = 'first paragraph\n\nsecond paragraph\n';
    expect(openNote(signNote(body, logKey), verifierKeyFor(logKey))).toBe(body);
    expect(reasonOf(() => signNote('no final newline', logKey))).toBe('malformed_note');
  });
});

describe('signed checkpoints', () => {
  const checkpoint = { origin, size: 42, rootHash: root, extensions: [] };
  const verifier = verifierKeyFor(logKey);

  it('sign then open', () => {
    const note = signCheckpoint(checkpoint, logKey);
    expect(note.startsWith(`${origin}\n42\n${encodeBase64(root)}\n\n— ${origin} `)).toBe(true);
    expect(openCheckpoint(note, verifier)).toEqual(checkpoint);
  });

  it('rejects tampering, the wrong key and the wrong log', () => {
    const note = signCheckpoint(checkpoint, logKey);
    expect(reasonOf(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), verifier))).toBe(
      'invalid_signature',
    );
    const sigStart = note.lastIndexOf(' ') + 10;
    const flipped = note.slice(0, sigStart) + (note[sigStart] === 'A' ? 'B' : 'A') + note.slice(sigStart + 1);
    expect(reasonOf(() => openCheckpoint(flipped, verifier))).toBe('invalid_signature');
    const otherKey = generateSigningKey(
      origin,
      seed.map((b) => b ^ 1),
    );
    expect(reasonOf(() => openCheckpoint(note, verifierKeyFor(otherKey)))).toBe('no_known_signature');
    expect(reasonOf(() => openCheckpoint(note, verifier, 'other.example/log'))).toBe('origin_mismatch');
  });
});

describe('base64 helper', () => {
  it('matches Buffer and rejects non-canonical text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
      }),
    );
    for (const bad of ['AR==', 'AQ', 'A===', 'AQ==\n', 'A Q==', '-_8='])
      expect(decodeBase64(bad), bad).toBeUndefined();
  });
});
