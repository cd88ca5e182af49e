/**
 * The challenge a complaint is filed with: abuse is contained without accounts and without any
 * third-party service. The server issues a challenge signed with its own key (HMAC-SHA-256),
 * good for one complaint and until it expires; the complaint comes back with it.
 *
 *   - An API client proves work on it: a `solution` such that SHA-256(challenge ":" solution)
 *     starts with `bits` zero bits (2^bits hashes on average; checking costs one).
 *   - The complaint form works without JavaScript, so a browser cannot do the work: the form is
 *     served with a challenge of no work that is good only from a few seconds after it was
 *     issued (no person writes a complaint faster), a time lock instead of a proof.
 *
 * Either way a challenge is spent once (the store keeps spent nonces until they expire), and
 * complaints per address are rate limited on top.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const utf8 = new TextEncoder();

export interface Challenge {
  nonce: string;
  issuedMs: number;
  /** Not good before this moment (the form's time lock). */
  notBeforeMs: number;
  expiresMs: number;
  /** Leading zero bits the proof of work must reach (0: none). */
  bits: number;
}

export interface ChallengeTerms {
  /** Proof-of-work bits an API client must reach. */
  bits: number;
  /** How long a challenge is good for, in milliseconds. */
  lifetimeMs: number;
  /** Time lock of the form's challenges, in milliseconds. */
  formDelayMs: number;
  formLifetimeMs: number;
}

export const defaultChallengeTerms: ChallengeTerms = {
  bits: 18,
  lifetimeMs: 10 * 60_000,
  formDelayMs: 3_000,
  formLifetimeMs: 2 * 3_600_000,
};

const fields = (c: Challenge) => [c.nonce, c.issuedMs, c.notBeforeMs, c.expiresMs, c.bits].join('.');
const macOf = (key: Uint8Array, text: string) =>
  bytesToHex(hmac(sha256, key, utf8.encode(`aidtrail complaint challenge\n${text}`)));

/** The challenge as text: its fields and their signature, dot-separated. */
export function issueChallenge(key: Uint8Array, c: Challenge): string {
  const text = fields(c);
  return `${text}.${macOf(key, text)}`;
}

const shape = /^([0-9a-f]{32})\.(\d{1,15})\.(\d{1,15})\.(\d{1,15})\.(\d{1,2})\.([0-9a-f]{64})$/;

/** The challenge a text names, if its signature is the server's; null for a forged or garbled one. */
export function readChallenge(key: Uint8Array, text: string): Challenge | null {
  const m = shape.exec(text);
  if (!m) return null;
  const c: Challenge = {
    nonce: m[1]!,
    issuedMs: Number(m[2]),
    notBeforeMs: Number(m[3]),
    expiresMs: Number(m[4]),
    bits: Number(m[5]),
  };
  const expected = macOf(key, fields(c));
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ m[6]!.charCodeAt(i);
  return diff === 0 ? c : null;
}

/** Leading zero bits of SHA-256(challenge ":" solution). */
export function workOf(challenge: string, solution: string): number {
  const h = sha256(utf8.encode(`${challenge}:${solution}`));
  let bits = 0;
  for (const byte of h) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/** Finds a solution (what an API client does; 2^bits tries on average). */
export function solveChallenge(challenge: string, bits: number): string {
  for (let n = 0; ; n++) if (workOf(challenge, String(n)) >= bits) return String(n);
}

export type ChallengeRefusal = 'invalid' | 'expired' | 'too_soon' | 'no_work';

/** Why a challenge and its solution do not let a complaint in now; null when they do. */
export function checkChallenge(
  key: Uint8Array,
  text: string,
  solution: string | undefined,
  nowMs: number,
): { challenge: Challenge } | { refusal: ChallengeRefusal } {
  const c = readChallenge(key, text);
  if (!c) return { refusal: 'invalid' };
  if (nowMs >= c.expiresMs) return { refusal: 'expired' };
  if (nowMs < c.notBeforeMs) return { refusal: 'too_soon' };
  if (c.bits > 0 && (solution === undefined || workOf(text, solution) < c.bits))
    return { refusal: 'no_work' };
  return { challenge: c };
}
