/**
 * The auditor's check of the private parts: every leaf's commitment must be SHA-256 over the
 * private part kept beside it (contract/privacy.ts commitmentOf), and a leaf without one must
 * have nothing kept. Run over the stored log, or over the leaves of an export, against the
 * private parts of the database the auditor holds.
 */
import { commits, logFormat, type PublicLeaf, type Withheld } from '../contract/privacy.ts';
import type { Executor } from './bulk-sql.ts';
import type { AuditFailure } from './log-audit.ts';

export interface CommitmentAudit {
  leaves: number;
  /** Leaves that carried a commitment, each checked against its private part. */
  committed: number;
  failure: AuditFailure | null;
}

const pageSize = 5_000;

/** The stored leaves in seq order, a page at a time. */
export async function* storedLeaves(client: Executor): AsyncGenerator<string> {
  for (let after = 0; ; after += pageSize) {
    const rows = await client.execute({
      sql: 'SELECT leaf FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
      args: [after, pageSize],
    });
    for (const r of rows.rows) yield String(r.leaf);
    if (rows.rows.length < pageSize) return;
  }
}

export async function auditCommitments(
  client: Executor,
  leaves: AsyncIterable<string>,
  onProgress: (done: number) => void = () => {},
): Promise<CommitmentAudit> {
  let count = 0;
  let committed = 0;
  let page: PublicLeaf[] = [];
  const check = async (): Promise<AuditFailure | null> => {
    if (page.length === 0) return null;
    const rows = await client.execute({
      sql: 'SELECT seq, salt, withheld FROM event_private WHERE seq >= ? AND seq <= ?',
      args: [page[0]!.seq, page.at(-1)!.seq],
    });
    const kept = new Map(
      rows.rows.map((r) => [
        Number(r.seq),
        { salt: String(r.salt), withheld: JSON.parse(String(r.withheld)) as Withheld },
      ]),
    );
    for (const leaf of page) {
      const index = leaf.seq - 1;
      const part = kept.get(leaf.seq) ?? null;
      if (!commits(leaf, part))
        return {
          index,
          eventId: leaf.id,
          reason:
            part === null
              ? `${leaf.id} carries a commitment but no private part is kept for it`
              : leaf.private === undefined
                ? `${leaf.id} carries no commitment but a private part is kept for it`
                : `the private part kept for ${leaf.id} does not match the commitment in its leaf`,
        };
      if (part) committed += 1;
    }
    onProgress(count);
    page = [];
    return null;
  };
  for await (const text of leaves) {
    let leaf: PublicLeaf;
    try {
      leaf = JSON.parse(text) as PublicLeaf;
    } catch {
      return {
        leaves: count,
        committed,
        failure: { index: count, reason: `leaf ${count} is not valid JSON` },
      };
    }
    if (leaf.v !== logFormat || leaf.seq !== count + 1)
      return {
        leaves: count,
        committed,
        failure: {
          index: count,
          reason: `leaf ${count} is not the leaf of seq ${count + 1} in log format ${logFormat}`,
        },
      };
    count += 1;
    page.push(leaf);
    if (page.length >= pageSize) {
      const failure = await check();
      if (failure) return { leaves: count, committed, failure };
    }
  }
  const failure = await check();
  return { leaves: count, committed, failure };
}
