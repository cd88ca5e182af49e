/**
 * Bytes to text, decided explicitly and never guessed silently. UTF-8 (with or without a byte
 * order mark) is tried first and strictly; otherwise GB18030 (a superset of GBK and GB2312).
 * A file that decodes cleanly as neither is refused: no replacement character (U+FFFD) may
 * ever reach the ledger, whose log is signed and permanent.
 */
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'gb18030';

export class DecodeError extends Error {}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Where the first replacement character is, as a line number (1-based), or -1. */
function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

export function decodeText(
  bytes: Uint8Array,
  forced?: TextEncoding,
): { text: string; encoding: TextEncoding } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (forced !== 'gb18030') {
    try {
      const text = utf8.decode(hasBom ? bytes.subarray(3) : bytes);
      const bad = text.indexOf('\uFFFD');
      if (bad >= 0)
        throw new DecodeError(
          `line ${lineOf(text, bad)} holds a replacement character (U+FFFD): the file was already garbled before it was saved; fix it at its source`,
        );
      return { text, encoding: 'utf-8' };
    } catch (e) {
      if (e instanceof DecodeError || forced === 'utf-8' || hasBom) {
        throw e instanceof DecodeError
          ? e
          : new DecodeError('the file starts as UTF-8 but is not valid UTF-8');
      }
    }
  }
  const text = iconv.decode(Buffer.from(bytes), 'gb18030');
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0)
    throw new DecodeError(
      `the file is neither valid UTF-8 nor valid GB18030/GBK (undecodable bytes on line ${lineOf(text, bad)}); save it again as UTF-8`,
    );
  // Bytes that decode "cleanly" as GB18030 but were meant as something else are still caught
  // by the round trip: GB18030 is a full Unicode mapping, so it must give the bytes back.
  if (!Buffer.from(bytes).equals(iconv.encode(text, 'gb18030')))
    throw new DecodeError('the file is neither valid UTF-8 nor valid GB18030/GBK; save it again as UTF-8');
  return { text, encoding: 'gb18030' };
}
