/**
 * The `complaints` projection: written in the transaction of each complaint event, read back
 * into a write batch's working set. Only the public part of a complaint is ever stored here.
 */
import type { InValue } from '@libsql/client';
import { inArray } from 'drizzle-orm';
import type { ComplaintRecord } from '../domain/complaints.ts';
import type { Db } from './database.ts';
import { insertRows, upsert, type Executor } from './bulk-sql.ts';
import { complaints } from './schema.ts';

const columns = [
  'id',
  'seq',
  'about',
  'about_kind',
  'organization',
  'appeal',
  'category',
  'summary',
  'filed_at',
  'first_answer_seq',
  'first_answered_at',
  'answers',
  'answer',
  'answer_resolved',
  'answered_at',
  'feedback',
  'feedback_at',
  'hidden_reason',
  'hidden_at',
];

const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

/** Upserts the latest version of each complaint a batch filed or changed. */
export async function persistComplaints(db: Executor, changed: Iterable<ComplaintRecord>): Promise<void> {
  const latest = new Map<string, ComplaintRecord>();
  for (const c of changed) latest.set(c.id, c);
  await insertRows(
    db,
    complaints,
    columns,
    [...latest.values()].map((c): InValue[] => [
      c.id,
      c.seq,
      c.about,
      c.aboutKind,
      c.organization,
      c.appeal,
      c.category,
      c.summary,
      c.filedAt,
      c.firstAnswerSeq,
      c.firstAnsweredAt,
      c.answers,
      c.answer,
      bit(c.answerResolved),
      c.answeredAt,
      c.feedback,
      c.feedbackAt,
      c.hiddenReason,
      c.hiddenAt,
    ]),
    upsert(
      'id',
      columns.filter(
        (k) =>
          !['id', 'seq', 'about', 'about_kind', 'organization', 'appeal', 'category', 'filed_at'].includes(k),
      ),
    ),
  );
}

type Row = typeof complaints.$inferSelect;

export const complaintRecord = (r: Row): ComplaintRecord => ({
  id: r.id,
  seq: r.seq,
  about: r.about,
  aboutKind: r.aboutKind as ComplaintRecord['aboutKind'],
  organization: r.organization,
  appeal: r.appeal,
  category: r.category as ComplaintRecord['category'],
  summary: r.summary,
  filedAt: r.filedAt,
  firstAnswerSeq: r.firstAnswerSeq,
  firstAnsweredAt: r.firstAnsweredAt,
  answers: r.answers,
  answer: r.answer,
  answerResolved: r.answerResolved,
  answeredAt: r.answeredAt,
  feedback: r.feedback as ComplaintRecord['feedback'],
  feedbackAt: r.feedbackAt,
  hiddenReason: r.hiddenReason,
  hiddenAt: r.hiddenAt,
});

export async function loadComplaints(tx: Pick<Db, 'select'>, ids: string[]): Promise<ComplaintRecord[]> {
  if (ids.length === 0) return [];
  return (await tx.select().from(complaints).where(inArray(complaints.id, ids))).map(complaintRecord);
}
