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
import { seqOfEventId } from '../../domain/events.ts';
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
      (SELECT count(DISTINCT f.seq) FROM flows f WHERE f.donation = d.key AND f.kind IN ('transferred', 'returned', 'purchased', 'used')) AS hops
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
  /** The other events on the gift's trail, each proven in the same checkpoint. */
  trail?: Array<{ event: string; leafIndex: number; leaf: string; inclusionProof: string[] }>;
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

/**
 * Inclusion proofs, at the checkpoint of `proof`, for the events on a gift's trail: the gift
 * page proves each event its fate and trail are computed from, not only the gift itself.
 */
export async function trailProofs(db: Read, proof: GiftProof, eventIds: readonly string[]) {
  if (!proof.checkpoint || eventIds.length === 0) return [];
  const out: NonNullable<GiftProof['trail']> = [];
  for (let i = 0; i < eventIds.length; i += 500) {
    const chunk = eventIds.slice(i, i + 500);
    // By seq, the log's key: an id is never looked up as such (it is not stored).
    const seqs = chunk.map(seqOfEventId).filter((seq) => seq !== null);
    if (seqs.length === 0) continue;
    const rows = await db.all<{ id: string; seq: number; leaf: string }>(
      sql`SELECT id, seq, leaf FROM events WHERE seq IN (${sql.join(
        seqs.map((seq) => sql`${seq}`),
        sql`, `,
      )}) ORDER BY seq`,
    );
    for (const r of rows) {
      const leafIndex = r.seq - 1;
      if (leafIndex === proof.leafIndex || leafIndex >= proof.treeSize) continue;
      const path = await proveInclusion(db, leafIndex, proof.treeSize);
      out.push({ event: r.id, leafIndex, leaf: r.leaf, inclusionProof: path.map(encodeBase64) });
    }
  }
  return out.sort((a, b) => a.leafIndex - b.leafIndex);
}
