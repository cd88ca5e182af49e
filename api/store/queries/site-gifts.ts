/**
 * Gifts the site pre-renders as trail pages, and the log proof a trail page carries. A site
 * cannot pre-render every gift (a real ledger has millions); it renders a bounded sample of
 * the gifts with the longest trails, and the lookup page follows any other gift live.
 *
 * Only gifts from named, public donors are sampled (an anonymous donor has not chosen to have
 * their gift shown as an example), and a sampled page shows the gift's public form by event id:
 * a receipt code is its donor's private handle and is never listed.
 */
import { sql } from 'drizzle-orm';
import { encodeBase64 } from '../../domain/merkle/index.ts';
import type { Db } from '../database.ts';
import { latestCheckpoint, proveInclusion } from '../log-store.ts';

type Read = Pick<Db, 'all' | 'select'>;

export interface SampledGift {
  /** The donation event's id: sampled pages are named by it, never by a receipt code. */
  key: string;
  hops: number;
}

export async function mostTravelledGifts(db: Read, limit: number): Promise<SampledGift[]> {
  return db.all<SampledGift>(sql`
    SELECT d.key AS key,
      (SELECT count(DISTINCT f.event) FROM flows f WHERE f.donation = d.key AND f.kind IN ('transferred', 'returned', 'purchased', 'used')) AS hops
    FROM donations d LEFT JOIN organizations donor ON donor.id = d.donor
    WHERE d.kind = 'donation' AND d.status = 'active' AND d.anonymous = 0 AND donor.anonymous = 0
    ORDER BY hops DESC, d.seq ASC
    LIMIT ${limit}`);
}

export interface GiftProof {
  leafIndex: number;
  /** The exact bytes hashed into the log. */
  leaf: string;
  treeSize: number;
  /** The signed checkpoint note the proof leads to. */
  checkpoint: string | null;
  /** Base64 hashes of the RFC 9162 audit path. */
  inclusionProof: string[];
}

/** Leaf `leafIndex` and its inclusion proof in the latest signed checkpoint. */
export async function giftProof(db: Read, leafIndex: number): Promise<GiftProof> {
  const checkpoint = await latestCheckpoint(db);
  const treeSize = checkpoint?.size ?? 0;
  const [row] = await db.all<{ leaf: string }>(sql`SELECT leaf FROM events WHERE seq = ${leafIndex + 1}`);
  const proof = checkpoint && leafIndex < treeSize ? await proveInclusion(db, leafIndex, treeSize) : [];
  return {
    leafIndex,
    leaf: row?.leaf ?? '',
    treeSize,
    checkpoint: checkpoint?.note ?? null,
    inclusionProof: proof.map(encodeBase64),
  };
}
