/**
 * Node's own Ed25519 for the log's signing key: a server signs a checkpoint after every
 * commit, and the native signer takes a tenth of the time of the portable one the browser
 * code uses. The signatures are identical (Ed25519 is deterministic).
 */
import { createPrivateKey, sign } from 'node:crypto';
import type { SigningKey } from '../domain/merkle/index.ts';

/** PKCS #8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410). */
const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

export function withNativeSigning(key: SigningKey): SigningKey {
  const privateKey = createPrivateKey({
    key: Buffer.concat([pkcs8Prefix, key.seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { ...key, sign: (message) => new Uint8Array(sign(null, message, privateKey)) };
}
