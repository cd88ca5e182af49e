/**
 * Witness cosignatures, C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature) with Ed25519:
 * a note signature line whose key id is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4] and whose
 * signature is `timestamp (u64, big-endian) ‖ Ed25519(message)`, where the message is
 *
 *     cosignature/v1
 *     time <POSIX seconds>
 *     <the checkpoint's note text>
 *
 * Keys are written as in signed-note: the public `<name>+<key id>+base64(0x04 ‖ key)` (a vkey)
 * and the secret `PRIVATE+KEY+<name>+<key id>+base64(0x04 ‖ seed)`. Browser-safe, like the
 * checkpoint code it builds on.
 */
import * as ed from '@noble/ed25519';
import {
  NoteError,
  concat,
  encodeBase64,
  hex8,
  keyIdFor,
  parseSignatureLine,
  requireKeyName,
  splitKeyFields,
  splitNote,
  type NoteSignature,
} from '../merkle/checkpoint.ts';

/** signed-note §Signature types: timestamped Ed25519 witness cosignatures. */
export const COSIGNATURE_TYPE = 0x04;
const SIGNATURE_PREFIX = '\u2014 ';
const utf8 = new TextEncoder();

export interface CosignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
}

export interface CosigningKey extends CosignerKey {
  readonly seed: Uint8Array;
}

/** A verified cosignature: whose, when (POSIX seconds) and the line as it appears in a note. */
export interface Cosignature {
  readonly witness: string;
  readonly keyId: number;
  readonly timestamp: number;
  readonly line: string;
}

const cosignerKeyId = (name: string, publicKey: Uint8Array) => keyIdFor(name, publicKey, COSIGNATURE_TYPE);

/** A fresh witness key string; keep it secret. */
export function generateCosigningKey(name: string, seed: Uint8Array = ed.utils.randomSecretKey()): string {
  requireKeyName(name, 'witness name');
  if (seed.length !== 32) throw new NoteError('malformed_key', 'an Ed25519 seed is 32 bytes');
  const keyId = cosignerKeyId(name, ed.getPublicKey(seed));
  return `PRIVATE+KEY+${name}+${hex8(keyId)}+${encodeBase64(concat(Uint8Array.of(COSIGNATURE_TYPE), seed))}`;
}

export function parseCosigningKey(text: string): CosigningKey {
  if (!text.startsWith('PRIVATE+KEY+'))
    throw new NoteError('malformed_key', 'witness key must start with PRIVATE+KEY+');
  const { name, keyId, key: seed } = splitKeyFields(text.slice('PRIVATE+KEY+'.length), COSIGNATURE_TYPE);
  const publicKey = ed.getPublicKey(seed);
  if (cosignerKeyId(name, publicKey) !== keyId)
    throw new NoteError('key_id_mismatch', `key id ${hex8(keyId)} does not match witness key ${name}`);
  return { name, keyId, seed, publicKey };
}

/** Parses a witness vkey `<name>+<key id>+base64(0x04 ‖ public key)`. */
export function parseCosignerKey(text: string): CosignerKey {
  const { name, keyId, key: publicKey } = splitKeyFields(text.trim(), COSIGNATURE_TYPE);
  if (cosignerKeyId(name, publicKey) !== keyId)
    throw new NoteError('key_id_mismatch', `key id ${hex8(keyId)} does not match witness key ${name}`);
  return { name, keyId, publicKey };
}

/** The public vkey of a witness key, to give to logs and verifiers. */
export function cosignerKeyFor(key: CosignerKey): string {
  return `${key.name}+${hex8(key.keyId)}+${encodeBase64(concat(Uint8Array.of(COSIGNATURE_TYPE), key.publicKey))}`;
}

/** The cosigned message: the two header lines, then the checkpoint's note text. */
export function cosignedMessage(body: string, timestamp: number): Uint8Array {
  return utf8.encode(`cosignature/v1\ntime ${timestamp}\n${body}`);
}

function requireTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new NoteError('malformed_note', `cosignature time ${timestamp} is not a POSIX timestamp`);
}

/** The cosignature line (with its newline) for a checkpoint's note text at `timestamp` seconds. */
export function cosign(body: string, key: CosigningKey, timestamp: number): string {
  requireTimestamp(timestamp);
  const head = new Uint8Array(12);
  const view = new DataView(head.buffer);
  view.setUint32(0, key.keyId);
  view.setBigUint64(4, BigInt(timestamp));
  const signature = ed.sign(cosignedMessage(body, timestamp), key.seed);
  return `${SIGNATURE_PREFIX}${key.name} ${encodeBase64(concat(head, signature))}\n`;
}

/**
 * Checks one signature line as a cosignature by `key` over `body`. Lines by other keys answer
 * undefined (ignored, per signed-note); a line by this key that does not verify throws.
 */
export function checkCosignature(
  body: string,
  signature: NoteSignature,
  key: CosignerKey,
): Cosignature | undefined {
  if (signature.name !== key.name || signature.keyId !== key.keyId) return undefined;
  const bytes = signature.signature;
  const fail = () => {
    throw new NoteError('invalid_signature', `invalid cosignature by witness ${key.name}+${hex8(key.keyId)}`);
  };
  if (bytes.length !== 8 + 64) fail();
  const time = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0);
  if (time > BigInt(Number.MAX_SAFE_INTEGER)) fail();
  const timestamp = Number(time);
  if (!ed.verify(bytes.subarray(8), cosignedMessage(body, timestamp), key.publicKey, { zip215: false }))
    fail();
  return { witness: key.name, keyId: key.keyId, timestamp, line: signature.line };
}

/** A witness's answer (signature lines) checked against its key for the given checkpoint text. */
export function openCosignatureLines(body: string, lines: string, key: CosignerKey): Cosignature[] {
  if (!lines.endsWith('\n')) throw new NoteError('malformed_note', 'cosignature lines must end in a newline');
  const found: Cosignature[] = [];
  for (const line of lines.slice(0, -1).split('\n')) {
    const cosignature = checkCosignature(body, parseSignatureLine(line), key);
    if (cosignature) found.push(cosignature);
  }
  return found;
}

export interface WitnessedVerdict {
  /** The witnesses whose cosignature on the note verified, one entry each. */
  readonly cosigned: Cosignature[];
  /** Trusted witnesses with a signature line that did not verify. */
  readonly invalid: string[];
  readonly quorum: number;
  readonly met: boolean;
}

/**
 * Which of the trusted witnesses cosigned a note, and whether `quorum` of them did. Lines by
 * unknown keys are ignored; a trusted witness's line that fails counts as not cosigned and is
 * named, so a verifier can say which.
 */
export function witnessesOf(
  note: string | Uint8Array,
  witnesses: readonly CosignerKey[],
  quorum: number = witnesses.length,
): WitnessedVerdict {
  const { body, signatures } = splitNote(note);
  const cosigned: Cosignature[] = [];
  const invalid: string[] = [];
  for (const key of witnesses) {
    let found: Cosignature | undefined;
    let failed = false;
    for (const s of signatures) {
      try {
        found ??= checkCosignature(body, s, key);
      } catch (e) {
        if (!(e instanceof NoteError)) throw e;
        failed = true;
      }
    }
    if (found && !failed) cosigned.push(found);
    else if (failed) invalid.push(key.name);
  }
  return { cosigned, invalid, quorum, met: cosigned.length >= quorum };
}
