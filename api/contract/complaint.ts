/**
 * The public answer about complaints, as GET /api/v1/complaints returns it, the complaint pages
 * render it and the complaints table of the bulk export holds it: the public part of each
 * complaint, how it stands and how long its answer took, in working days.
 */
import { z } from 'zod';
import { complaintCategories } from '../domain/events.ts';
import { AnonymousRef } from './gift.ts';

export const complaintStatuses = ['open', 'answered', 'resolved', 'disputed'] as const;
export const ComplaintStatus = z
  .enum(complaintStatuses)
  .describe(
    'open: not answered yet; answered: answered, the complainant has not said whether it resolved the matter; resolved / disputed: the complainant says it did / did not',
  );

export const ComplaintRow = z
  .object({
    id: z.string().describe('the complaint event id'),
    seq: z.int(),
    filedAt: z.string().describe('when the ledger recorded the complaint, RFC 3339 UTC'),
    aboutKind: z.enum(['organization', 'event', 'need']),
    about: z
      .union([z.string(), AnonymousRef])
      .describe(
        'the organization or event complained about; an organization registered anonymous reads by its kind',
      ),
    organization: z
      .union([z.string(), AnonymousRef])
      .describe(
        'the organization that answers: the one complained about, or the recorder of the event or need',
      ),
    organizationName: z.string().nullable().describe('null for an organization registered anonymous'),
    organizationKind: z.string().nullable(),
    appeal: z.string().nullable().describe('the appeal of the event or need complained about'),
    category: z.enum(complaintCategories),
    summary: z
      .string()
      .nullable()
      .describe("the complainant's public summary; null once hidden by moderation"),
    hidden: z
      .object({ reason: z.string(), at: z.string() })
      .nullable()
      .describe('moderation: why the summary was hidden; the complaint still counts'),
    status: ComplaintStatus,
    dueOn: z
      .string()
      .describe('the 7th working day after filing (China Standard Time): the last day to answer in time'),
    answers: z.int().describe('answers given'),
    firstAnsweredAt: z.string().nullable(),
    answerWorkingDays: z
      .int()
      .nullable()
      .describe('working days from filing to the first answer; null while unanswered'),
    answeredLate: z.boolean().describe('first answered after the 7th working day'),
    workingDaysOpen: z
      .int()
      .nullable()
      .describe('while unanswered: working days waited so far, as of `asOf`'),
    overdue: z.boolean().describe('unanswered after 7 working days, as of `asOf`'),
    answer: z
      .object({ text: z.string(), resolved: z.boolean(), at: z.string() })
      .nullable()
      .describe('the latest answer, and whether its organization considers the matter resolved'),
    complainantSays: z
      .enum(['resolved', 'not_resolved'])
      .nullable()
      .describe("the complainant's say on the latest answer"),
  })
  .meta({ id: 'Complaint' });
export type ComplaintRow = z.infer<typeof ComplaintRow>;

export const ComplaintDetail = ComplaintRow.extend({
  answerHistory: z
    .array(z.object({ id: z.string(), at: z.string(), text: z.string(), resolved: z.boolean() }))
    .describe('every answer, oldest first'),
}).meta({ id: 'ComplaintDetail' });
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;

/** Complaints about one organization, counted. */
export const ComplaintCounts = z
  .object({
    filed: z.int(),
    open: z.int().describe('not answered yet'),
    overdue: z.int().describe('not answered after 7 working days'),
    answered: z.int(),
    answeredInTime: z.int(),
    answeredLate: z.int(),
    resolved: z.int().describe('the complainant says the answer resolved the matter'),
    disputed: z.int().describe('the complainant says it did not'),
    hidden: z.int().describe('summaries hidden by moderation (still counted)'),
    answerWorkingDaysMedian: z
      .int()
      .nullable()
      .describe('median working days to the first answer (nearest rank)'),
    answerWorkingDaysMax: z.int().nullable(),
  })
  .meta({ id: 'ComplaintCounts' });
export type ComplaintCounts = z.infer<typeof ComplaintCounts>;

// ---- the complaint pages the server renders (the form works without JavaScript) ----

export type PageLocale = 'zh-CN' | 'en';

/** What a complainant typed into the form, kept when the form comes back with a problem. */
export interface ComplaintFormValues {
  about?: string;
  category?: string;
  summary?: string;
  text?: string;
  contact?: string;
}

/**
 * Why a field was refused, as the form says it in the visitor's language: missing, too long,
 * not one of the choices, or naming nothing the ledger knows.
 */
export type FieldRefusal = 'required' | 'too_long' | 'invalid' | 'unknown';

/** Why the whole form was refused: the challenge (expired, too soon, used, not ours) or the address's limit. */
export type FormNotice = 'expired' | 'too_soon' | 'used' | 'invalid' | 'limited';

export interface ComplaintPages {
  /** The form, with a fresh challenge; null when there is no built site to render it in. */
  form(
    locale: PageLocale,
    view: {
      values: ComplaintFormValues;
      errors: Record<string, FieldRefusal>;
      challenge: string;
      notice?: FormNotice;
    },
  ): Promise<string | null>;
  /** The confirmation: the complaint's id, its due date, and the follow-up code, shown this once. */
  filed(
    locale: PageLocale,
    view: { id: string; followUpCode: string; dueOn: string; about: string },
  ): Promise<string | null>;
  /** The complainant's say: the form, or (done) its confirmation. */
  followUp(
    locale: PageLocale,
    view: {
      values: { id?: string; code?: string; resolved?: string; text?: string };
      errors: Record<string, FieldRefusal>;
      notice?: FormNotice | 'not_answered' | 'refused';
      done?: boolean;
    },
  ): Promise<string | null>;
}
