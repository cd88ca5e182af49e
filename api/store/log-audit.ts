/**
 * Audits the log as stored: every event row's leaf must re-hash to the leaf node appended
 * with it, every stored subtree must hash from its children, and every published checkpoint
 * must carry a valid signature over the root recomputed from the event rows. The first
 * failure names the event (or the subtree, or the checkpoint) and why.
 */
import {
  RootAccumulator,
  leafHash,
  openCheckpoint,
  type SigningKey,
  verifierKeyFor,
} from '../domain/merkle/index.ts';
import type { Database } from './database.ts';
import { sha256 } from './log-store.ts';

export interface AuditFailure {
  index?: number;
  eventId?: string;
  reason: string;
}

const utf8 = new TextEncoder();
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export async function auditStoredLog(
  database: Database,
  key: SigningKey,
  onProgress: (done: number) => void = () => {},
): Promise<{ leaves: number; checkpoints: number; failure: AuditFailure | null }> {
  const { client } = database;
  const checkpoints = (await client.execute('SELECT size, note FROM checkpoints ORDER BY size')).rows.map(
    (r) => ({ size: Number(r.size), note: String(r.note) }),
  );
  const verifier = verifierKeyFor(key);
  const acc = new RootAccumulator(sha256);
  let next = 0;
  const pageSize = 10_000;
  for (let start = 0; ; start += pageSize) {
    const rows = (
      await client.execute({
        sql: `SELECT e.seq, e.id, e.leaf, n.hash FROM events e LEFT JOIN log_nodes n ON n.level = 0 AND n.idx = e.seq - 1
            WHERE e.seq > ? ORDER BY e.seq LIMIT ?`,
        args: [start, pageSize],
      })
    ).rows;
    for (const r of rows) {
      const index = Number(r.seq) - 1;
      const eventId = String(r.id);
      if (index !== acc.size)
        return {
          leaves: acc.size,
          checkpoints: 0,
          failure: {
            index: acc.size,
            reason: `event rows skip from seq ${acc.size} to ${index + 1}: the log has been truncated or reordered`,
          },
        };
      const leaf = String(r.leaf);
      const computed = leafHash(sha256, utf8.encode(leaf));
      const stored = r.hash ? new Uint8Array(r.hash as ArrayBuffer) : null;
      if (!stored) return fail(acc, { index, eventId, reason: `no leaf hash was stored for ${eventId}` });
      if (hex(computed) !== hex(stored))
        return fail(acc, {
          index,
          eventId,
          reason: `${eventId} (leaf ${index}) has been changed: its bytes hash to ${hex(computed).slice(0, 16)}…, the log recorded ${hex(stored).slice(0, 16)}…`,
        });
      let parsed: { id?: string; seq?: number };
      try {
        parsed = JSON.parse(leaf);
      } catch {
        return fail(acc, { index, eventId, reason: `${eventId} (leaf ${index}) is not valid JSON` });
      }
      if (parsed.id !== eventId || parsed.seq !== index + 1)
        return fail(acc, {
          index,
          eventId,
          reason: `row ${eventId} holds the leaf of ${parsed.id} (seq ${parsed.seq})`,
        });
      acc.append(computed);
      while (next < checkpoints.length && checkpoints[next]!.size === acc.size) {
        const cp = checkpoints[next]!;
        let signed;
        try {
          signed = openCheckpoint(cp.note, verifier);
        } catch (e) {
          return fail(acc, {
            index,
            reason: `the checkpoint at size ${cp.size} does not verify: ${(e as Error).message}`,
          });
        }
        if (hex(signed.rootHash) !== hex(acc.root())) {
          return fail(acc, {
            index,
            reason: `the signed checkpoint at size ${cp.size} does not match the events: an event between the previous checkpoint and leaf ${cp.size - 1} has been changed`,
          });
        }
        next += 1;
      }
    }
    onProgress(acc.size);
    if (rows.length < pageSize) break;
  }
  if (next < checkpoints.length) {
    return fail(acc, {
      index: acc.size,
      reason: `checkpoints were published up to size ${checkpoints.at(-1)!.size} but only ${acc.size} events remain: the log has been truncated`,
    });
  }
  return { leaves: acc.size, checkpoints: next, failure: null };
}

const fail = (acc: RootAccumulator, failure: AuditFailure) => ({ leaves: acc.size, checkpoints: 0, failure });
