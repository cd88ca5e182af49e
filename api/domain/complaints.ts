/**
 * Complaints and their answers. Anyone may complain about an organization, an event or a need,
 * without an account; the organization answerable for it (the organization itself, or the one
 * that recorded the event or need) answers in public; the complainant says whether that resolved
 * the matter; moderation may hide an abusive summary, with a public reason, and the complaint
 * still counts.
 *
 * Answer times are counted in working days of the official Chinese calendar (working-days.ts)
 * between the moments the ledger recorded the complaint and its first answer: a recorder cannot
 * date its answer earlier than it was given. A complaint still unanswered after 7 working days
 * is overdue, publicly.
 */
import type { Of, RecordedEvent } from './events.ts';
import { EventId, type complaintCategories } from './events.ts';
import type { EventFacts, LedgerState, Outcome } from './ledger-state.ts';
import { none } from './movements.ts';
import { Problem, unknownReference } from './problems.ts';
import type { WorkingCalendar } from './working-days.ts';

/** Who the log says recorded a complaint or a complainant's feedback: the public, through the portal. */
export const publicRecorder = 'public';
/** Who the log says recorded a moderation: the portal's operator (`aidtrail complaint hide`). */
export const moderatorRecorder = 'moderator';
/** Recorders that are not organizations; no organization may take these ids. */
export const portalRecorders = [publicRecorder, moderatorRecorder] as const;

/** Working days an organization has to answer. */
export const answerWorkingDays = 7;

export const complaintEventTypes = [
  'complaint',
  'complaint_answer',
  'complaint_feedback',
  'complaint_hide',
] as const;
export type ComplaintEventType = (typeof complaintEventTypes)[number];
export type ComplaintEventBody = Of<ComplaintEventType>;

export const isComplaintEvent = (body: { type: string }): body is ComplaintEventBody =>
  (complaintEventTypes as readonly string[]).includes(body.type);

export type ComplaintCategory = (typeof complaintCategories)[number];
export type AboutKind = 'organization' | 'event' | 'need';

/** A complaint as the ledger keeps it: its public part and how it stands. Never its text or contact. */
export interface ComplaintRecord {
  id: string;
  seq: number;
  about: string;
  aboutKind: AboutKind;
  /** The organization that answers: the one complained about, or the recorder of the event or need. */
  organization: string;
  /** The appeal the event or need complained about belongs to, if any. */
  appeal: string | null;
  category: ComplaintCategory;
  /** Null once hidden by moderation. */
  summary: string | null;
  /** When the ledger recorded the complaint. */
  filedAt: string;
  firstAnswerSeq: number | null;
  firstAnsweredAt: string | null;
  answers: number;
  /** The latest answer, and whether its organization considers the matter resolved. */
  answer: string | null;
  answerResolved: boolean | null;
  answeredAt: string | null;
  /** The complainant's say on the latest answer; a new answer asks again. */
  feedback: 'resolved' | 'not_resolved' | null;
  feedbackAt: string | null;
  hiddenReason: string | null;
  hiddenAt: string | null;
}

const forbidden = (detail: string) => new Problem('forbidden', 'Forbidden', detail);
const conflict = (title: string, detail: string, path: string) =>
  new Problem('conflict', title, detail, [{ path, message: title.toLowerCase() }]);

/**
 * The appeal an event or need belongs to, as its body says: a gift's or transfer's restriction,
 * or the `appeal` a need, a dispatch request or the appeal itself names.
 */
function appealOf(facts: EventFacts): string | null {
  const b = facts.body as Record<string, unknown> & {
    appeal?: string;
    restriction?: { appeal?: string };
    toward?: { appeal?: string };
  };
  return b.restriction?.appeal ?? b.toward?.appeal ?? b.appeal ?? null;
}

/** Applies a complaint event: the rules of who may record it and what it changes. */
export function applyComplaintEvent(state: LedgerState, event: RecordedEvent<ComplaintEventBody>): Outcome {
  const body = event.body;
  const outcome = (complaint: ComplaintRecord): Outcome => ({ event, ...none(), complaints: [complaint] });
  const recorded = (who: string, what: string) => {
    if (event.recordedBy !== who)
      throw forbidden(
        who === publicRecorder
          ? `${what} is filed by the public through POST /api/v1/complaints, never with an organization's token.`
          : `${what} is recorded by the portal's moderation (aidtrail complaint hide), never with an organization's token.`,
      );
  };

  if (body.type === 'complaint') {
    recorded(publicRecorder, 'A complaint');
    let aboutKind: AboutKind;
    let organization: string;
    let appeal: string | null = null;
    if (EventId.safeParse(body.about).success) {
      const facts = state.event(body.about);
      const need = state.need(body.about);
      if (facts) {
        aboutKind = facts.type === 'need' ? 'need' : 'event';
        organization = facts.recordedBy;
        appeal = appealOf(facts);
      } else if (need) {
        aboutKind = 'need';
        organization = need.recordedBy;
        appeal = need.appeal;
      } else throw unknownReference('about', 'event', body.about);
    } else {
      if (!state.organization(body.about)) throw unknownReference('about', 'organization', body.about);
      aboutKind = 'organization';
      organization = body.about;
    }
    return outcome({
      id: event.id,
      seq: event.seq,
      about: body.about,
      aboutKind,
      organization,
      appeal,
      category: body.category,
      summary: body.summary,
      filedAt: event.recordedAt,
      firstAnswerSeq: null,
      firstAnsweredAt: null,
      answers: 0,
      answer: null,
      answerResolved: null,
      answeredAt: null,
      feedback: null,
      feedbackAt: null,
      hiddenReason: null,
      hiddenAt: null,
    });
  }

  const complaint = state.complaint(body.complaint);
  if (!complaint) throw unknownReference('complaint', 'complaint', body.complaint);
  switch (body.type) {
    case 'complaint_answer':
      if (!state.organization(event.recordedBy))
        throw forbidden(
          `${event.recordedBy} is not an organization; only the organization complained about answers.`,
        );
      if (event.recordedBy !== complaint.organization)
        throw forbidden(
          `${body.complaint} is answered by the organization it is about, not by ${event.recordedBy}.`,
        );
      return outcome({
        ...complaint,
        firstAnswerSeq: complaint.firstAnswerSeq ?? event.seq,
        firstAnsweredAt: complaint.firstAnsweredAt ?? event.recordedAt,
        answers: complaint.answers + 1,
        answer: body.answer,
        answerResolved: body.resolved,
        answeredAt: event.recordedAt,
        feedback: null,
        feedbackAt: null,
      });
    case 'complaint_feedback':
      recorded(publicRecorder, "A complainant's say");
      if (complaint.answers === 0)
        throw conflict(
          'Not answered yet',
          `${body.complaint} has no answer yet; say whether it resolved the matter once it is answered.`,
          'complaint',
        );
      return outcome({
        ...complaint,
        feedback: body.resolved ? 'resolved' : 'not_resolved',
        feedbackAt: event.recordedAt,
      });
    case 'complaint_hide':
      recorded(moderatorRecorder, 'Moderation');
      if (complaint.hiddenAt !== null)
        throw conflict('Already hidden', `${body.complaint} is already hidden.`, 'complaint');
      return outcome({ ...complaint, summary: null, hiddenReason: body.reason, hiddenAt: event.recordedAt });
  }
}

// ---- how a complaint stands, as of a moment ----

export type ComplaintStatus = 'open' | 'answered' | 'resolved' | 'disputed';

export interface ComplaintStanding {
  status: ComplaintStatus;
  /** The last day the organization may answer in time: the 7th working day after filing (China dates). */
  dueOn: string;
  /** Working days from filing to the first answer; null while unanswered. */
  answerWorkingDays: number | null;
  /** Answered after the 7th working day. */
  answeredLate: boolean;
  /** Working days it has waited so far, while unanswered (as of `asOf`); null once answered. */
  workingDaysOpen: number | null;
  /** Unanswered after 7 working days, as of `asOf`. */
  overdue: boolean;
}

type Standable = Pick<ComplaintRecord, 'filedAt' | 'firstAnsweredAt' | 'answers' | 'feedback'>;

export function complaintStanding(c: Standable, asOf: string, calendar: WorkingCalendar): ComplaintStanding {
  const dueOn = calendar.nthWorkingDayAfter(c.filedAt, answerWorkingDays);
  if (c.firstAnsweredAt === null) {
    const waited = calendar.workingDaysBetween(c.filedAt, asOf);
    return {
      status: 'open',
      dueOn,
      answerWorkingDays: null,
      answeredLate: false,
      workingDaysOpen: waited,
      overdue: waited > answerWorkingDays,
    };
  }
  const took = calendar.workingDaysBetween(c.filedAt, c.firstAnsweredAt);
  return {
    status: c.feedback === 'resolved' ? 'resolved' : c.feedback === 'not_resolved' ? 'disputed' : 'answered',
    dueOn,
    answerWorkingDays: took,
    answeredLate: took > answerWorkingDays,
    workingDaysOpen: null,
    overdue: false,
  };
}

export const complaintRule = `Answer time: working days of the official Chinese calendar (public holidays off, make-up working days on) after the day the complaint was recorded, up to and including the day of the first answer, in China Standard Time; both moments are when the ledger recorded them. An organization has ${answerWorkingDays} working days: a complaint unanswered after that is overdue, and one answered after it was answered late. A summary hidden by moderation still counts, with the reason shown.`;
