/** Donations as a public list: filtered by organization, region, disease, appeal and date, in log order. */
import type { Client, InValue, Transaction } from '@libsql/client';
import { type AnonymousParty, anonymousParty, hidesDonor } from '../../contract/privacy.ts';
import { questionMarks } from '../bulk-sql.ts';

type Sql = Pick<Client | Transaction, 'execute'>;

export interface DonationFilter {
  /** Donor (unless anonymous) or recipient. */
  organization?: string;
  /** Recipient's region or restriction region, within these codes. */
  regions?: string[];
  disease?: string;
  appeal?: string;
  kind?: 'donation' | 'pledge';
  from?: string;
  to?: string;
}

export interface DonationListRow {
  id: string;
  seq: number;
  kind: string;
  status: string;
  donor: { id: string; name: string; kind: string; region: string } | AnonymousParty;
  /** The named donor consented (its own token recorded or confirmed the gift). */
  donorConfirmed: boolean;
  recipient: { id: string; name: string; kind: string; region: string } | AnonymousParty;
  asset: string;
  lotCode: string;
  amount: number;
  restriction: {
    region: string | null;
    disease: string | null;
    appeal: string | null;
    purpose: string | null;
  } | null;
  occurredAt: string;
}

export async function listDonations(
  sql: Sql,
  f: DonationFilter,
  after: number,
  limit: number,
): Promise<DonationListRow[]> {
  const where = ['d.seq > ?'];
  const args: InValue[] = [after];
  if (f.organization) {
    // An organization registered anonymous is answered as if unknown: a filter must not link its gifts.
    where.push(
      '(d.recipient = ? OR (d.donor = ? AND d.anonymous = 0)) AND ? NOT IN (SELECT id FROM organizations WHERE anonymous = 1)',
    );
    args.push(f.organization, f.organization, f.organization);
  }
  if (f.regions) {
    where.push(
      `(r.region IN (${questionMarks(f.regions.length)}) OR d.restriction_region IN (${questionMarks(f.regions.length)}))`,
    );
    args.push(...f.regions, ...f.regions);
  }
  if (f.disease) {
    where.push('d.restriction_disease = ?');
    args.push(f.disease);
  }
  if (f.appeal) {
    where.push('d.restriction_appeal = ?');
    args.push(f.appeal);
  }
  if (f.kind) {
    where.push('d.kind = ?');
    args.push(f.kind);
  }
  // Instants keep their writers' offsets, so compare as instants.
  if (f.from) {
    where.push('julianday(d.occurred_at) >= julianday(?)');
    args.push(f.from);
  }
  if (f.to) {
    where.push('julianday(d.occurred_at) < julianday(?)');
    args.push(f.to);
  }
  const rows = (
    await sql.execute({
      sql: `SELECT d.*, r.name AS r_name, r.kind AS r_kind, r.region AS r_region, r.anonymous AS r_anonymous, o.name AS o_name, o.region AS o_region, o.anonymous AS o_anonymous
          FROM donations d JOIN organizations r ON r.id = d.recipient LEFT JOIN organizations o ON o.id = d.donor
          WHERE ${where.join(' AND ')} ORDER BY d.seq LIMIT ?`,
      args: [...args, limit],
    })
  ).rows;
  return rows.map((r) => {
    const anonymous = hidesDonor(
      { anonymous: Number(r.anonymous) === 1, donor: r.donor as string | null },
      Number(r.o_anonymous) === 1,
    );
    const restriction = {
      region: r.restriction_region,
      disease: r.restriction_disease,
      appeal: r.restriction_appeal,
      purpose: r.restriction_purpose,
    } as Record<string, string | null>;
    return {
      id: String(r.key),
      seq: Number(r.seq),
      kind: String(r.kind),
      status: String(r.status),
      donor: anonymous
        ? anonymousParty(String(r.donor_kind))
        : {
            id: String(r.donor),
            name: String(r.o_name),
            kind: String(r.donor_kind),
            region: String(r.o_region),
          },
      donorConfirmed: !anonymous && Number(r.donor_confirmed) === 1,
      recipient:
        Number(r.r_anonymous) === 1
          ? anonymousParty(String(r.r_kind))
          : {
              id: String(r.recipient),
              name: String(r.r_name),
              kind: String(r.r_kind),
              region: String(r.r_region),
            },
      asset: String(r.asset),
      lotCode: String(r.lot_code),
      amount: Number(r.amount),
      restriction: Object.values(restriction).some((v) => v !== null)
        ? (restriction as DonationListRow['restriction'])
        : null,
      occurredAt: String(r.occurred_at),
    };
  });
}
