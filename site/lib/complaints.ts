/**
 * The complaint pages' content: the list of every complaint with its status and answer time,
 * each organization's counts, and the open complaints about a gift or a need. All of it is read
 * through the one complaints answer (api/store/answers/complaints.ts), judged as of the latest
 * event in the ledger, like the other figures of a built page.
 */
import type { ComplaintCounts, ComplaintRow } from '../../api/contract/complaint.ts';
import { allComplaints, countComplaints } from '../../api/store/answers/complaints.ts';
import { latestOccurredAt } from '../../api/store/queries/signals.ts';
import { onceWith } from './build-data.ts';
import { complaintsTable, countStats } from './complaints-view.ts';
import { translator, type Locale } from './i18n.ts';
import type { Table } from './table.ts';

export { complaintFormPath } from './complaints-view.ts';

export interface ComplaintsRead {
  asOf: string | null;
  rows: ComplaintRow[];
}

/** Every complaint, read once per build. */
export const complaintsRead = onceWith<ComplaintsRead>(
  async (database) => {
    const { asOf } = await latestOccurredAt(database.client);
    return { asOf, rows: asOf ? await allComplaints(database.client, { asOf }) : [] };
  },
  { asOf: null, rows: [] },
);

export interface ComplaintsPage {
  empty: boolean;
  asOf: string | null;
  counts: ComplaintCounts;
  stats: Array<{ value: string; label: string }>;
  table: Table;
  rows: ComplaintRow[];
}

export async function complaintsPage(locale: Locale): Promise<ComplaintsPage> {
  const t = translator(locale);
  const { asOf, rows } = await complaintsRead();
  const counts = countComplaints(rows);
  return {
    empty: rows.length === 0,
    asOf,
    counts,
    stats: countStats(counts, t, locale),
    table: complaintsTable(rows, t('complaints.tableTitle'), locale),
    rows,
  };
}

/** One organization's complaints and counts, for its page (null when it has none). */
export async function organizationComplaints(org: string, locale: Locale) {
  const { rows } = await complaintsRead();
  const own = rows.filter((r) => r.organization === org);
  if (own.length === 0) return null;
  const t = translator(locale);
  const counts = countComplaints(own);
  return {
    counts,
    stats: countStats(counts, t, locale),
    table: complaintsTable(own, t('complaints.orgTableTitle'), locale),
  };
}

/** Complaints about an event or a need that are not resolved, by what they are about. */
export const openComplaintsByAbout = onceWith(async (_database) => {
  const { rows } = await complaintsRead();
  const out = new Map<string, ComplaintRow[]>();
  for (const r of rows)
    if (r.status !== 'resolved' && typeof r.about === 'string' && r.aboutKind !== 'organization')
      out.set(r.about, [...(out.get(r.about) ?? []), r]);
  return out;
}, new Map<string, ComplaintRow[]>());
