/**
 * Signed checkpoints of the AidTrail log: C2SP tlog-checkpoint bodies (https://c2sp.org/tlog-checkpoint)
 * inside C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, byte-compatible with
 * Go's golang.org/x/mod/sumdb/note so any ecosystem tool (witnesses, monitors) can check ours.
 * Browser-safe: no Buffer, no node: imports; base64 via btoa/atob.
 *
 * Errors are `NoteError` with a stable `reason` code for the CLI and a sentence for humans.
 */
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

// noble-ed25519 only offers its synchronous API once told which SHA-512 to use. This is
// library configuration, not state of ours: idempotent, and every caller wants the same value.
if (ed.hashes.sha512 === undefined) ed.hashes.sha512 = sha512;

export type Checkpoint = {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Optional extra body lines (tlog-checkpoint: opaque, non-empty, NOT RECOMMENDED). */
  readonly extensions?: readonly string[];
};

/** An Ed25519 note signer: the seed is the 32-byte RFC 8032 private key. */
export type SigningKey = {
  readonly name: string;
  readonly keyId: number;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  /**
   * Signs with the platform's own Ed25519 where there is one (a server signs a checkpoint per
   * commit); Ed25519 signatures are deterministic, so the bytes are the same either way.
   */
  readonly sign?: (message: Uint8Array) => Uint8Array;
};

export type VerifierKey = { readonly name: string; readonly keyId: number; readonly publicKey: Uint8Array };

export type NoteFailureReason =
  | 'invalid_name' // key name or origin empty, or has whitespace, '+' or control characters
  | 'malformed_key' // key string not in the note key format
  | 'unknown_algorithm' // key type byte is not 0x01 (Ed25519)
  | 'key_id_mismatch' // key id in the string is not SHA-256(name ‖ \n ‖ 0x01 ‖ key)[:4]
  | 'malformed_note' // not a well-formed signed note
  | 'malformed_checkpoint' // note body is not a tlog-checkpoint
  | 'no_known_signature' // no signature by the trusted key (others are ignored, per spec)
  | 'invalid_signature' // the trusted key's signature does not verify
  | 'origin_mismatch'; // checkpoint origin is not the log we expected

export class NoteError extends Error {
  override readonly name = 'NoteError';
  readonly reason: NoteFailureReason;
  constructor(reason: NoteFailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

const ALG_ED25519 = 0x01; // signed-note §Signature types
const SIGNATURE_PREFIX = '\u2014 '; // em dash, space
const MAX_SIGNATURES = 100; // signed-note: verifiers SHOULD cap (and MUST accept ≥ 16); Go uses 100
const ROOT_HASH_SIZE = 32;
const utf8 = new TextEncoder();

function fail(reason: NoteFailureReason, message: string): never {
  throw new NoteError(reason, message);
}

// ---------------------------------------------------------------------------------------------
// base64 (RFC 4648 §4, padded), strict: Go emits canonical encodings, and rejecting any other
// spelling means one signature has exactly one textual form.

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes canonical padded base64; undefined for anything else. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return encodeBase64(bytes) === text ? bytes : undefined;
}

// ---------------------------------------------------------------------------------------------
// Names and text

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f]/;

/**
 * signed-note: key names are non-empty with no Unicode spaces or '+' ('+' separates the fields
 * of a key string). U+0085 is added because Go's unicode.IsSpace counts it and JS \s does not.
 */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/[\s\u0085+\u0000-\u001f]/u.test(name) && !LONE_SURROGATE.test(name);
}

export function requireKeyName(name: string, what: string): void {
  if (!isValidKeyName(name))
    fail('invalid_name', `${what} ${JSON.stringify(name)} must be non-empty, without spaces or '+'`);
}

/** signed-note: valid UTF-8, no ASCII control characters other than newline. */
export function isValidNoteText(text: string): boolean {
  return !CONTROL_EXCEPT_NEWLINE.test(text) && !LONE_SURROGATE.test(text);
}

// ---------------------------------------------------------------------------------------------
// Checkpoint bodies (tlog-checkpoint §Note text)

/** `<origin>\n<size>\n<base64 root>\n[extension lines]` — the text that gets signed. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  requireKeyName(origin, 'checkpoint origin'); // we also sign with key name = origin
  if (!Number.isSafeInteger(size) || size < 0)
    fail('malformed_checkpoint', `tree size ${size} is not a count`);
  if (rootHash.length !== ROOT_HASH_SIZE)
    fail('malformed_checkpoint', `root hash is ${rootHash.length} bytes`);
  for (const line of extensions) {
    if (line === '' || line.includes('\n') || !isValidNoteText(line)) {
      fail('malformed_checkpoint', `extension line ${JSON.stringify(line)} is empty or not one line of text`);
    }
  }
  return [origin, String(size), encodeBase64(rootHash), ...extensions].join('\n') + '\n';
}

/**
 * Parses a checkpoint body. Strict where the spec is (decimal size without leading zeros,
 * 32-byte base64 root, non-empty extension lines); the origin only has to be non-empty, because
 * tlog-checkpoint tells clients not to assume its shape — compare it to the origin you expect.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n') || !isValidNoteText(text))
    fail('malformed_checkpoint', 'checkpoint must be text ending in a newline');
  const [origin, sizeLine, rootLine, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeLine === undefined || rootLine === undefined) {
    fail('malformed_checkpoint', 'checkpoint needs origin, tree size and root hash lines');
  }
  if (origin === '') fail('malformed_checkpoint', 'checkpoint origin is empty');
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeLine) || !Number.isSafeInteger(Number(sizeLine))) {
    fail('malformed_checkpoint', `tree size ${JSON.stringify(sizeLine)} is not a decimal count`);
  }
  const rootHash = decodeBase64(rootLine);
  if (rootHash?.length !== ROOT_HASH_SIZE)
    fail('malformed_checkpoint', 'root hash is not 32 bytes of base64');
  if (extensions.includes('')) fail('malformed_checkpoint', 'extension lines must be non-empty');
  return { origin, size: Number(sizeLine), rootHash, extensions };
}

// ---------------------------------------------------------------------------------------------
// Keys (the golang.org/x/mod/sumdb/note key string formats)

/**
 * signed-note §Ed25519: key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian; the
 * type byte is 0x01 for note signatures, 0x04 for tlog-cosignature/v1 witness cosignatures.
 */
export function keyIdFor(name: string, publicKey: Uint8Array, type: number = ALG_ED25519): number {
  const digest = sha256(concat(utf8.encode(`${name}\n`), Uint8Array.of(type), publicKey));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0);
}

export const hex8 = (keyId: number): string => keyId.toString(16).padStart(8, '0');

/** A fresh `PRIVATE+KEY+<name>+<key id>+<base64(0x01 ‖ seed)>` string; keep it secret. */
export function generateSigningKey(name: string, seed: Uint8Array = ed.utils.randomSecretKey()): string {
  requireKeyName(name, 'key name');
  if (seed.length !== 32) fail('malformed_key', 'an Ed25519 seed is 32 bytes');
  const keyId = keyIdFor(name, ed.getPublicKey(seed));
  return `PRIVATE+KEY+${name}+${hex8(keyId)}+${encodeBase64(concat(Uint8Array.of(ALG_ED25519), seed))}`;
}

/**
 * Splits `<name>+<8 hex digits>+<base64(type ‖ key)>` (the base64 part may itself contain '+'),
 * requiring an Ed25519 key of the given signature type.
 */
export function splitKeyFields(
  text: string,
  type: number = ALG_ED25519,
): { name: string; keyId: number; key: Uint8Array } {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) fail('malformed_key', 'key must be <name>+<key id>+<key>');
  const name = text.slice(0, first);
  const idHex = text.slice(first + 1, second);
  requireKeyName(name, 'key name');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) fail('malformed_key', 'key id must be 8 hex digits');
  const key = decodeBase64(text.slice(second + 1));
  if (key === undefined || key.length === 0) fail('malformed_key', 'key must be base64');
  if (key[0] !== type)
    fail(
      'unknown_algorithm',
      `key type 0x${key[0]!.toString(16)} is not 0x${type.toString(16).padStart(2, '0')}`,
    );
  if (key.length !== 33) fail('malformed_key', 'an Ed25519 key is 32 bytes');
  return { name, keyId: Number.parseInt(idHex, 16), key: key.subarray(1) };
}

function requireKeyId(name: string, keyId: number, publicKey: Uint8Array): void {
  if (keyIdFor(name, publicKey) !== keyId)
    fail('key_id_mismatch', `key id ${hex8(keyId)} does not match key ${name}`);
}

export function parseSigningKey(text: string): SigningKey {
  if (!text.startsWith('PRIVATE+KEY+')) fail('malformed_key', 'signing key must start with PRIVATE+KEY+');
  const { name, keyId, key: seed } = splitKeyFields(text.slice('PRIVATE+KEY+'.length));
  const publicKey = ed.getPublicKey(seed);
  requireKeyId(name, keyId, publicKey); // the id commits to the public key, so derive it first
  return { name, keyId, seed, publicKey };
}

export function parseVerifierKey(text: string): VerifierKey {
  const { name, keyId, key: publicKey } = splitKeyFields(text);
  requireKeyId(name, keyId, publicKey);
  return { name, keyId, publicKey };
}

/** The public `<name>+<key id>+<base64(0x01 ‖ public key)>` string to publish for verifiers. */
export function verifierKeyFor(signingKey: SigningKey | string): string {
  const key = typeof signingKey === 'string' ? parseSigningKey(signingKey) : signingKey;
  return `${key.name}+${hex8(key.keyId)}+${encodeBase64(concat(Uint8Array.of(ALG_ED25519), key.publicKey))}`;
}

// ---------------------------------------------------------------------------------------------
// Signed notes

/** `<body>\n— <name> <base64(key id ‖ Ed25519 signature over the body)>\n` (signed-note §Format). */
export function signNote(body: string, signer: SigningKey | string): string {
  const key = typeof signer === 'string' ? parseSigningKey(signer) : signer;
  if (!body.endsWith('\n') || !isValidNoteText(body))
    fail('malformed_note', 'note text must end in a newline and have no control characters');
  requireKeyName(key.name, 'key name');
  const keyIdBytes = new Uint8Array(4);
  new DataView(keyIdBytes.buffer).setUint32(0, key.keyId);
  const message = utf8.encode(body);
  const signature = key.sign ? key.sign(message) : ed.sign(message, key.seed);
  return `${body}\n${SIGNATURE_PREFIX}${key.name} ${encodeBase64(concat(keyIdBytes, signature))}\n`;
}

/** One signature line of a note: `— <name> base64(<key id> ‖ <signature>)`. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The bytes after the key id (for Ed25519, the 64-byte signature). */
  readonly signature: Uint8Array;
  /** The line as it appears in the note, without its newline. */
  readonly line: string;
}

/**
 * Splits a signed note into its text (with the final newline) and its signature lines, checking
 * the format of signed-note §Format but no signature: which keys to trust is the caller's choice.
 */
export function splitNote(note: string | Uint8Array): { body: string; signatures: NoteSignature[] } {
  const text = typeof note === 'string' ? note : decodeUtf8(note);
  if (!isValidNoteText(text)) fail('malformed_note', 'note has control characters or is not UTF-8');
  const split = text.lastIndexOf('\n\n'); // the text is separated by the *last* blank line
  if (split < 0) fail('malformed_note', 'note has no blank line before its signatures');
  const body = text.slice(0, split + 1);
  const signatureBlock = text.slice(split + 2);
  if (signatureBlock === '' || !signatureBlock.endsWith('\n'))
    fail('malformed_note', 'signature lines must end in a newline');
  const lines = signatureBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) fail('malformed_note', `more than ${MAX_SIGNATURES} signatures`);
  return { body, signatures: lines.map(parseSignatureLine) };
}

/** Parses one `— <name> <base64>` line (without its newline). */
export function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX))
    fail('malformed_note', 'signature line must start with an em dash and a space');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const signature = space < 0 ? undefined : decodeBase64(rest.slice(space + 1));
  if (!isValidKeyName(name) || signature === undefined || signature.length < 5) {
    fail('malformed_note', 'signature line must be: — <key name> <base64 signature>');
  }
  const keyId = new DataView(signature.buffer, signature.byteOffset, 4).getUint32(0);
  return { name, keyId, signature: signature.subarray(4), line };
}

/**
 * Verifies a signed note against one trusted key and returns its text (with the final newline).
 * Per signed-note §Signatures: signatures by other keys (differing in name or id) are ignored,
 * every signature by the trusted key must verify, and at least one must be present. Ed25519 is
 * checked in RFC 8032 strict mode (noble's zip215: false), as Go's crypto/ed25519 does.
 */
export function openNote(note: string | Uint8Array, verifierKey: VerifierKey | string): string {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const { body, signatures } = splitNote(note);
  const message = utf8.encode(body);
  let verified = 0;
  for (const { name, keyId, signature } of signatures) {
    if (name !== key.name || keyId !== key.keyId) continue; // someone else's (e.g. a witness)
    if (signature.length !== 64 || !ed.verify(signature, message, key.publicKey, { zip215: false })) {
      fail('invalid_signature', `invalid signature for key ${key.name}+${hex8(key.keyId)}`);
    }
    verified++;
  }
  if (verified === 0) fail('no_known_signature', `note has no signature by ${key.name}+${hex8(key.keyId)}`);
  return body;
}

/** Formats and signs a checkpoint; the signing key's name should equal the origin. */
export function signCheckpoint(checkpoint: Checkpoint, signer: SigningKey | string): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/**
 * Verifies and parses a signed checkpoint. The origin must be the log we expect (by default the
 * key's name): a checkpoint from another log signed with the same key must not pass as ours.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifierKey: VerifierKey | string,
  expectedOrigin?: string,
): Checkpoint {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const checkpoint = parseCheckpoint(openNote(note, key));
  const origin = expectedOrigin ?? key.name;
  if (checkpoint.origin !== origin)
    fail('origin_mismatch', `checkpoint is for ${checkpoint.origin}, expected ${origin}`);
  return checkpoint;
}

// ---------------------------------------------------------------------------------------------

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return fail('malformed_note', 'note is not valid UTF-8');
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
