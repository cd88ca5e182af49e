/**
 * Public receipt codes. A code is derived from the gift's event id with a secret key
 * (HMAC-SHA-256), so codes cannot be guessed or enumerated from event ids, yet the same
 * ledger replayed with the same key gives the same codes. Crockford base32 avoids the
 * letters people misread (I, L, O, U), and lookups forgive lower case and those letters.
 *
 * Format: `AT-` and three groups of four Crockford base-32 characters, e.g. `AT-7K3M-9QXF-2B4D` (60 bits).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const utf8 = new TextEncoder();

export type ReceiptCodes = (eventId: string) => string;

export function receiptCodes(secret: Uint8Array): ReceiptCodes {
  return (eventId) => {
    const mac = hmac(sha256, secret, utf8.encode(`aidtrail receipt code\n${eventId}`));
    let bits = 0n;
    for (let i = 0; i < 8; i++) bits = (bits << 8n) | BigInt(mac[i]!);
    bits >>= 4n; // 60 bits
    let out = '';
    for (let i = 0; i < 12; i++) {
      out = alphabet[Number(bits & 31n)] + out;
      bits >>= 5n;
    }
    return `AT-${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
  };
}

export const receiptCodePattern = /^AT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** Normalizes what a person typed: case, spaces, and the misread letters O→0, I/L→1. */
export function normalizeReceiptCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = compact.startsWith('AT') ? compact.slice(2) : compact;
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(body)) return null;
  return `AT-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}
