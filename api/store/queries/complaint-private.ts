/**
 * A complaint's private part (its account, contact, summary and the complainant's follow-up
 * code), read only for whoever may see it: the organization complained about, and the
 * complainant presenting the follow-up code (contract/privacy.ts complaintWordsFor).
 */
import type { PrivatePart } from '../../contract/privacy.ts';
import type { Executor } from '../bulk-sql.ts';
import type { Withheld } from '../../contract/privacy.ts';

export interface ComplaintPrivate {
  seq: number;
  /** The organization that answers it. */
  organization: string;
  followUpCode: string | null;
  part: PrivatePart;
}

export async function complaintPrivate(sql: Executor, id: string): Promise<ComplaintPrivate | null> {
  const rs = await sql.execute({
    sql: `SELECT c.seq, c.organization, p.salt, p.withheld FROM complaints c JOIN event_private p ON p.seq = c.seq
          WHERE c.id = ?`,
    args: [id],
  });
  const r = rs.rows[0];
  if (!r) return null;
  const withheld = JSON.parse(String(r.withheld)) as Withheld;
  const code = withheld['/receiptCode'];
  return {
    seq: Number(r.seq),
    organization: String(r.organization),
    followUpCode: typeof code === 'string' ? code : null,
    part: { salt: String(r.salt), withheld },
  };
}
