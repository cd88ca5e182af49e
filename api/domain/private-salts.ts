/**
 * The salt of each event's private part (see contract/privacy.ts commitmentOf). A salt is
 * derived from the event id with a secret key (HMAC-SHA-256), like receipt codes, rather than
 * drawn at random: the same ledger replayed with the same key gives the same leaves, so the
 * demo and every rebuild are reproducible byte for byte. Nothing is lost by it: a salt is
 * as unguessable as the key, which already guards the receipt codes and the log's signature,
 * and every salt is stored with its private part, so checking a commitment never needs the key.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export type PrivateSalts = (eventId: string) => string;

const utf8 = new TextEncoder();

export const privateSalts =
  (secret: Uint8Array): PrivateSalts =>
  (eventId) =>
    bytesToHex(hmac(sha256, secret, utf8.encode(`aidtrail private salt\n${eventId}`)));
