/**
 * The complaints answer, built once: GET /api/v1/complaints (and its CSV), the complaint pages,
 * the organization pages' counts, the open complaints on gift and need pages, an appeal's audit
 * and the `complaints` table of the bulk export all read complaints through `complaintFields`
 * and `complaintRow` here. The public part only: an organization registered anonymous reads by
 * its kind, a hidden summary is null, and a complaint's text, contact and follow-up code are
 * never read at all.
 */
import type { InValue } from '@libsql/client';
import { stringify } from 'csv-stringify/sync';
import type { ComplaintCounts, ComplaintDetail, ComplaintRow } from '../../contract/complaint.ts';
import { anonymousParty } from '../../contract/privacy.ts';
import { complaintStanding, type ComplaintRecord } from '../../domain/complaints.ts';
import { nearestRank } from '../../domain/outcomes.ts';
import { workingCalendar, type WorkingCalendar } from '../../domain/working-days.ts';
import type { Executor } from '../bulk-sql.ts';
import type { FieldSpec, TableSpec } from '../exports/public-tables.ts';
import { latestOccurredKey } from '../outcome-rows.ts';

const f = (
  name: string,
  type: FieldSpec['type'],
  sql: string,
  title: string,
  titleZh: string,
  description: string,
): FieldSpec => ({ name, type, sql, title, titleZh, description });

/** Where complaint rows come from: the projection, and the organizations it names (for anonymity). */
export const complaintsFrom =
  'complaints c LEFT JOIN organizations oo ON oo.id = c.organization LEFT JOIN organizations oa ON oa.id = c.about';

const hiddenOrg = 'coalesce(oo.anonymous, 0) = 1';
const hiddenAbout = "c.about_kind = 'organization' AND coalesce(oa.anonymous, 0) = 1";

/**
 * Every public field of a complaint, in SQL over `complaintsFrom`; the standing fields (status,
 * due date, working days, overdue) depend on the moment they are judged at and are filled by
 * `complaintRow` / the export's `finish` from the same standing rule.
 */
export const complaintFields: FieldSpec[] = [
  f('id', 'string', 'c.id', 'Id', '编号', 'the complaint event id'),
  f('seq', 'integer', 'c.seq', 'Seq', '序号', 'position of the complaint in the log'),
  f(
    'filed_at',
    'datetime',
    'c.filed_at',
    'Filed at',
    '投诉时间',
    'when the ledger recorded it, RFC 3339 UTC',
  ),
  f('about_kind', 'string', 'c.about_kind', 'About', '投诉对象类型', '`organization`, `event` or `need`'),
  f(
    'about',
    'string',
    `CASE WHEN ${hiddenAbout} THEN NULL ELSE c.about END`,
    'About id',
    '投诉对象',
    'the organization or event id complained about; empty for an organization registered anonymous',
  ),
  f(
    'organization',
    'string',
    `CASE WHEN ${hiddenOrg} THEN NULL ELSE c.organization END`,
    'Answering organization',
    '答复机构',
    'the organization that answers (organizations.id); empty for one registered anonymous',
  ),
  f(
    'organization_kind',
    'string',
    'oo.kind',
    'Organization kind',
    '机构类型',
    'the kind of the answering organization',
  ),
  f(
    'organization_name',
    'string',
    `CASE WHEN ${hiddenOrg} THEN NULL ELSE oo.name END`,
    'Organization name',
    '机构名称',
    'empty for an organization registered anonymous',
  ),
  f('appeal', 'string', 'c.appeal', 'Appeal', '项目', 'the appeal of the event or need complained about'),
  f(
    'category',
    'string',
    'c.category',
    'Category',
    '类别',
    'misallocation, not_received, expired, wrong_figures or other',
  ),
  f(
    'summary',
    'string',
    'CASE WHEN c.hidden_at IS NULL THEN c.summary END',
    'Summary',
    '摘要',
    "the complainant's public summary; empty once hidden by moderation",
  ),
  f(
    'hidden_reason',
    'string',
    'c.hidden_reason',
    'Hidden because',
    '隐藏原因',
    'why moderation hid the summary',
  ),
  f('hidden_at', 'datetime', 'c.hidden_at', 'Hidden at', '隐藏时间', 'when moderation hid the summary'),
  f('answers', 'integer', 'c.answers', 'Answers', '答复次数', 'answers given'),
  f(
    'first_answered_at',
    'datetime',
    'c.first_answered_at',
    'First answered at',
    '首次答复时间',
    'RFC 3339 UTC',
  ),
  f('answer', 'string', 'c.answer', 'Latest answer', '最新答复', 'the latest answer, as written'),
  f(
    'answer_resolved',
    'boolean',
    'c.answer_resolved',
    'Resolved, says the organization',
    '机构称已解决',
    'whether the answering organization considers the matter resolved',
  ),
  f('answered_at', 'datetime', 'c.answered_at', 'Latest answer at', '最新答复时间', 'RFC 3339 UTC'),
  f(
    'complainant_says',
    'string',
    'c.feedback',
    'Complainant says',
    '投诉人意见',
    '`resolved` or `not_resolved`: the complainant on the latest answer',
  ),
  f('status', 'string', 'NULL', 'Status', '状态', 'open, answered, resolved or disputed'),
  f(
    'due_on',
    'date',
    'NULL',
    'Answer due by',
    '答复期限',
    'the 7th working day after filing (China Standard Time)',
  ),
  f(
    'answer_working_days',
    'integer',
    'NULL',
    'Answer time (working days)',
    '答复用时（工作日）',
    'working days of the official Chinese calendar from filing to the first answer',
  ),
  f(
    'answered_late',
    'boolean',
    'NULL',
    'Answered late',
    '逾期答复',
    'first answered after the 7th working day',
  ),
  f(
    'working_days_open',
    'integer',
    'NULL',
    'Waiting (working days)',
    '已等待（工作日）',
    'while unanswered: working days waited, as of the latest event in the ledger',
  ),
  f('overdue', 'boolean', 'NULL', 'Overdue', '已逾期', 'not answered after 7 working days'),
];

/** What the standing of a row is judged from (read after the fields). */
const standingSql = ['c.filed_at', 'c.first_answered_at', 'c.answers', 'c.feedback'];

const positions = new Map(complaintFields.map((x, i) => [x.name, i]));
const at = (name: string) => positions.get(name)!;

/** Fills a row's standing fields, in place, as of `asOf`. */
function fillStanding(values: unknown[], standing: unknown[], asOf: string, calendar: WorkingCalendar): void {
  const [filedAt, firstAnsweredAt, answers, feedback] = standing as [
    string,
    string | null,
    number,
    string | null,
  ];
  const s = complaintStanding(
    {
      filedAt,
      firstAnsweredAt,
      answers: Number(answers),
      feedback: feedback as ComplaintRecord['feedback'],
    },
    asOf,
    calendar,
  );
  values[at('status')] = s.status;
  values[at('due_on')] = s.dueOn;
  values[at('answer_working_days')] = s.answerWorkingDays;
  values[at('answered_late')] = s.answeredLate;
  values[at('working_days_open')] = s.workingDaysOpen;
  values[at('overdue')] = s.overdue;
}

/** The `complaints` table of the bulk export, judged as of the latest event in the ledger. */
export function complaintsTable(): TableSpec {
  const calendar = workingCalendar();
  return {
    name: 'complaints',
    title: 'Complaints',
    titleZh: '投诉',
    description:
      "Complaints about organizations, events and needs, with the organization's public answers and answer times in working days of the official Chinese calendar (7 allowed). The complainants' own words and contacts are never published; a summary hidden by moderation is empty, with the reason.",
    from: complaintsFrom,
    key: ['c.seq'],
    fields: complaintFields,
    extra: [...standingSql, `(SELECT value FROM ledger_meta WHERE key = '${latestOccurredKey}')`],
    finish: (row, extra) => {
      const asOfMs = extra[standingSql.length];
      fillStanding(row, extra, new Date(Number(asOfMs ?? 0)).toISOString(), calendar);
    },
    indexes: ['organization', 'about'],
  };
}

const rowSql = `SELECT ${[...complaintFields.map((x) => x.sql), ...standingSql, 'coalesce(oo.anonymous, 0)', 'coalesce(oa.anonymous, 0)', 'oa.kind'].join(', ')} FROM ${complaintsFrom}`;

/** A public complaint from the values of `rowSql`. */
function complaintRow(values: unknown[], asOf: string, calendar: WorkingCalendar): ComplaintRow {
  const n = complaintFields.length;
  fillStanding(values, values.slice(n, n + standingSql.length), asOf, calendar);
  const [orgHidden, aboutHidden, aboutKind] = values.slice(n + standingSql.length) as [
    number,
    number,
    string,
  ];
  const v = (name: string) => values[at(name)];
  const str = (name: string) => (v(name) === null ? null : String(v(name)));
  const kind = String(v('organization_kind') ?? 'organization');
  return {
    id: String(v('id')),
    seq: Number(v('seq')),
    filedAt: String(v('filed_at')),
    aboutKind: v('about_kind') as ComplaintRow['aboutKind'],
    about: Number(aboutHidden) ? anonymousParty(aboutKind) : String(v('about')),
    organization: Number(orgHidden) ? anonymousParty(kind) : String(v('organization')),
    organizationName: str('organization_name'),
    organizationKind: str('organization_kind'),
    appeal: str('appeal'),
    category: v('category') as ComplaintRow['category'],
    summary: str('summary'),
    hidden:
      v('hidden_at') === null ? null : { reason: String(v('hidden_reason')), at: String(v('hidden_at')) },
    status: v('status') as ComplaintRow['status'],
    dueOn: String(v('due_on')),
    answers: Number(v('answers')),
    firstAnsweredAt: str('first_answered_at'),
    answerWorkingDays: v('answer_working_days') as number | null,
    answeredLate: Boolean(v('answered_late')),
    workingDaysOpen: v('working_days_open') as number | null,
    overdue: Boolean(v('overdue')),
    answer:
      v('answer') === null
        ? null
        : {
            text: String(v('answer')),
            resolved: Boolean(v('answer_resolved')),
            at: String(v('answered_at')),
          },
    complainantSays: str('complainant_says') as ComplaintRow['complainantSays'],
  };
}

export interface ComplaintFilter {
  /** The answering organization; one registered anonymous finds nothing, as if unknown. */
  organization?: string;
  /** The organization or event complained about. */
  about?: string;
  appeal?: string;
  category?: string;
  status?: ComplaintRow['status'];
  /** Only complaints overdue (true) or not (false) as of `asOf`. */
  overdue?: boolean;
}

const statusSql: Record<ComplaintRow['status'], string> = {
  open: 'c.answers = 0',
  answered: 'c.answers > 0 AND c.feedback IS NULL',
  resolved: "c.feedback = 'resolved'",
  disputed: "c.feedback = 'not_resolved'",
};

function whereOf(q: ComplaintFilter, after: number): { sql: string; args: InValue[] } {
  const terms = ['c.seq > ?'];
  const args: InValue[] = [after];
  if (q.organization !== undefined) {
    terms.push('c.organization = ?', `NOT (${hiddenOrg})`);
    args.push(q.organization);
  }
  if (q.about !== undefined) {
    terms.push('c.about = ?', `NOT (${hiddenAbout})`);
    args.push(q.about);
  }
  if (q.appeal !== undefined) {
    terms.push('c.appeal = ?');
    args.push(q.appeal);
  }
  if (q.category !== undefined) {
    terms.push('c.category = ?');
    args.push(q.category);
  }
  if (q.status !== undefined) terms.push(statusSql[q.status]);
  // Only an unanswered complaint can be overdue.
  if (q.overdue === true) terms.push(statusSql.open);
  return { sql: terms.join(' AND '), args };
}

/**
 * Complaints in log order after seq `after`, at most `limit`, judged as of `asOf`: each as its
 * public row and as the values of `complaintFields`. The overdue filter depends on the
 * calendar, so rows are read on until the page is full.
 */
async function readComplaints(
  sql: Executor,
  q: ComplaintFilter & { asOf: string; after?: number; limit: number },
  calendar: WorkingCalendar,
): Promise<Array<{ row: ComplaintRow; values: unknown[] }>> {
  const out: Array<{ row: ComplaintRow; values: unknown[] }> = [];
  let after = q.after ?? 0;
  const chunk = Math.min(Math.max(q.limit, 100), 5_000);
  for (;;) {
    const where = whereOf(q, after);
    const rs = await sql.execute({
      sql: `${rowSql} WHERE ${where.sql} ORDER BY c.seq LIMIT ?`,
      args: [...where.args, chunk],
    });
    for (const r of rs.rows) {
      const values = Array.from({ length: r.length }, (_, i) => r[i]);
      const row = complaintRow(values, q.asOf, calendar);
      if (q.overdue === undefined || row.overdue === q.overdue)
        out.push({ row, values: values.slice(0, complaintFields.length) });
      if (out.length === q.limit) return out;
    }
    if (rs.rows.length < chunk) return out;
    after = Number(rs.rows.at(-1)![at('seq')]);
  }
}

export async function complaintList(
  sql: Executor,
  q: ComplaintFilter & { asOf: string; after?: number; limit: number },
  calendar: WorkingCalendar = workingCalendar(),
): Promise<ComplaintRow[]> {
  return (await readComplaints(sql, q, calendar)).map((x) => x.row);
}

/**
 * Every complaint matching `q` as CSV: the columns of the export's `complaints` table, written
 * as the export writes them (UTF-8 with a byte-order mark, formulas neutralised, true/false).
 */
export async function complaintsCsv(sql: Executor, q: ComplaintFilter & { asOf: string }): Promise<string> {
  const rows = await readComplaints(sql, { ...q, limit: Number.MAX_SAFE_INTEGER }, workingCalendar());
  const booleans = complaintFields.flatMap((x, i) => (x.type === 'boolean' ? [i] : []));
  return stringify(
    rows.map(({ values }) => {
      for (const i of booleans) if (typeof values[i] === 'number') values[i] = values[i] === 1;
      return values;
    }),
    {
      bom: true,
      header: true,
      columns: complaintFields.map((x) => x.name),
      escape_formulas: true,
      cast: { boolean: (b) => (b ? 'true' : 'false') },
    },
  );
}

/** Every complaint matching `q`, as of `asOf` (for a page or a CSV of them all). */
export const allComplaints = (sql: Executor, q: ComplaintFilter & { asOf: string }) =>
  complaintList(sql, { ...q, limit: Number.MAX_SAFE_INTEGER });

/** One complaint, with every answer it was given; null when there is none. */
export async function complaintDetail(
  sql: Executor,
  id: string,
  asOf: string,
): Promise<ComplaintDetail | null> {
  const rs = await sql.execute({ sql: `${rowSql} WHERE c.id = ?`, args: [id] });
  const r = rs.rows[0];
  if (!r) return null;
  const row = complaintRow(
    Array.from({ length: r.length }, (_, i) => r[i]),
    asOf,
    workingCalendar(),
  );
  // Answers are public in full in their leaves.
  const answers = await sql.execute({
    sql: `SELECT id, recorded_at, leaf FROM events
          WHERE type = 'complaint_answer' AND seq > ? AND json_extract(leaf, '$.event.complaint') = ? ORDER BY seq`,
    args: [row.seq, id],
  });
  return {
    ...row,
    answerHistory: answers.rows.map((a) => {
      const e = (JSON.parse(String(a.leaf)) as { event: { answer: string; resolved: boolean } }).event;
      return { id: String(a.id), at: String(a.recorded_at), text: e.answer, resolved: e.resolved };
    }),
  };
}

/** Complaints counted for one organization's rows. */
export function countComplaints(rows: readonly ComplaintRow[]): ComplaintCounts {
  const took = rows
    .map((r) => r.answerWorkingDays)
    .filter((n): n is number => n !== null)
    .sort((a, b) => a - b);
  const count = (p: (r: ComplaintRow) => boolean) => rows.filter(p).length;
  return {
    filed: rows.length,
    open: count((r) => r.status === 'open'),
    overdue: count((r) => r.overdue),
    answered: took.length,
    answeredInTime: count((r) => r.answerWorkingDays !== null && !r.answeredLate),
    answeredLate: count((r) => r.answeredLate),
    resolved: count((r) => r.status === 'resolved'),
    disputed: count((r) => r.status === 'disputed'),
    hidden: count((r) => r.hidden !== null),
    answerWorkingDaysMedian: nearestRank(took, 0.5),
    answerWorkingDaysMax: took.at(-1) ?? null,
  };
}

/** Complaint counts of every organization answerable for any, by organization id; none registered anonymous. */
export async function complaintCountsByOrganization(
  sql: Executor,
  asOf: string,
): Promise<Map<string, ComplaintCounts>> {
  const byOrg = new Map<string, ComplaintRow[]>();
  for (const r of await allComplaints(sql, { asOf }))
    if (typeof r.organization === 'string')
      byOrg.set(r.organization, [...(byOrg.get(r.organization) ?? []), r]);
  return new Map([...byOrg].map(([org, rows]) => [org, countComplaints(rows)]));
}

/** Complaint counts of one organization (all zero when it has none). */
export async function organizationComplaints(sql: Executor, organization: string, asOf: string) {
  return countComplaints(await allComplaints(sql, { organization, asOf }));
}

/** The complaints about an event or a need that its complainants do not call resolved. */
export async function openComplaintsAbout(
  sql: Executor,
  about: string,
  asOf: string,
): Promise<ComplaintRow[]> {
  return (await allComplaints(sql, { about, asOf })).filter((r) => r.status !== 'resolved');
}

/** The complaints about the events and needs of an appeal: what its post-response audit lists. */
export const complaintsAbout = (sql: Executor, appeal: string, asOf: string) =>
  allComplaints(sql, { appeal, asOf });
