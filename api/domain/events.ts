/**
 * The event vocabulary of the ledger, as one zod discriminated union on `type`: a new kind of
 * event cannot be written without its schema. These schemas validate API requests, drive the
 * OpenAPI document, and check imported files, so the three can never disagree.
 *
 * Shapes only: references to organizations, items, regions and earlier events are checked
 * against the ledger when the event is applied (see ledger.ts).
 */
import { z } from 'zod';
import { importances, urgencies } from '../contract/vocabulary.ts';
import { maxAmount } from './amounts.ts';
import { earliestOccurredAt } from './event-time.ts';

export const organizationKinds = [
  'individual',
  'company',
  'foundation',
  'charity',
  'red_cross',
  'government',
  'reserve_operator',
  'hospital',
  'health_centre',
  'village_clinic',
] as const;
export const OrganizationKind = z.enum(organizationKinds);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

const isoCurrencies = new Set(Intl.supportedValuesOf('currency'));

export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'an id of letters, digits and _ . : - (at most 64)');
export const EventId = z.string().regex(/^evt_[0-9]+$/, 'an event id such as evt_42');
const RegionCode = z.string().regex(/^[0-9]{6}$/, 'a six-digit GB/T 2260 region code');
const DiseaseCode = z.string().regex(/^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/, 'an ICD-10 code such as J18');
const Amount = z
  .int()
  .positive()
  .max(maxAmount)
  .describe('at most 10^12; the whole ledger records at most 2^51 in all amounts together');
const DateOnly = z.iso.date();
const Timestamp = z.iso
  .datetime({ offset: true })
  .refine((t) => Date.parse(t) >= Date.parse(earliestOccurredAt), `not before ${earliestOccurredAt}`);

export const Money = z
  .object({
    currency: z.string().refine((c) => isoCurrencies.has(c), 'an ISO 4217 currency code such as CNY'),
    amount: Amount.describe('integer minor units (fen for CNY)'),
  })
  .strict();
export type Money = z.infer<typeof Money>;

export const Goods = z
  .object({
    item: Id.describe('catalogue item id'),
    quantity: Amount.describe("integer quantity in the item's unit"),
    lot: z.string().min(1).max(64).optional().describe('batch/lot number as printed by the maker'),
    expiresOn: DateOnly.optional(),
  })
  .strict();
export type Goods = z.infer<typeof Goods>;

export const Restriction = z
  .object({
    region: RegionCode.optional(),
    disease: DiseaseCode.optional(),
    appeal: Id.optional(),
    purpose: z.string().min(1).max(200).optional(),
  })
  .strict();
export type Restriction = z.infer<typeof Restriction>;

export const Toward = z
  .object({ region: RegionCode.optional(), disease: DiseaseCode.optional(), appeal: Id.optional() })
  .strict();
export type Toward = z.infer<typeof Toward>;

const common = {
  occurredAt: Timestamp.describe(
    'when it happened (RFC 3339): not before 1900 and at most one day after the event is recorded',
  ),
  note: z.string().max(2000).optional().describe('private unless notePublic is true'),
  notePublic: z
    .literal(true)
    .optional()
    .describe('publish the note in the public log; otherwise it is kept off the log, behind a commitment'),
};

/** Exactly one asset: `money` or `goods`. */
const oneAsset = (v: { money?: unknown; goods?: unknown }, ctx: z.RefinementCtx) => {
  if ((v.money === undefined) === (v.goods === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['money'], message: 'give exactly one of money or goods' });
  }
};

const giftFields = {
  ...common,
  donor: Id.optional().describe('donor organization id; omit for an anonymous gift'),
  anonymous: z.boolean().optional(),
  donorKind: OrganizationKind.optional().describe('kind of an anonymous donor'),
  recipient: Id.describe('receiving organization: the one recording the event'),
  money: Money.optional(),
  goods: Goods.optional(),
  restriction: Restriction.optional(),
};
const donorGiven = (v: { donor?: string; anonymous?: boolean; donorKind?: string }, ctx: z.RefinementCtx) => {
  if (v.anonymous) {
    if (v.donor !== undefined)
      ctx.addIssue({ code: 'custom', path: ['donor'], message: 'an anonymous gift names no donor' });
    if (v.donorKind === undefined)
      ctx.addIssue({ code: 'custom', path: ['donorKind'], message: 'an anonymous gift needs donorKind' });
  } else if (v.donor === undefined) {
    ctx.addIssue({ code: 'custom', path: ['donor'], message: 'name the donor or set anonymous: true' });
  }
};

export const DonationEvent = z
  .object({ type: z.literal('donation'), ...giftFields })
  .strict()
  .superRefine(oneAsset)
  .superRefine(donorGiven);
export const PledgeEvent = z
  .object({ type: z.literal('pledge'), ...giftFields, dueOn: DateOnly.optional() })
  .strict()
  .superRefine(oneAsset)
  .superRefine(donorGiven);

const shipment = {
  ...common,
  to: Id.describe('receiving organization'),
  money: Money.optional(),
  goods: Goods.optional(),
  toward: Toward.optional().describe('where it is meant to end up; steers earmark-aware FIFO'),
};
export const TransferEvent = z
  .object({
    type: z.literal('transfer'),
    ...shipment,
    needs: z.array(EventId).max(50).optional(),
    request: EventId.optional().describe(
      'the approved dispatch_request this shipment dispatches (a reserve dispatch order)',
    ),
  })
  .strict()
  .superRefine(oneAsset);
export const ReturnEvent = z
  .object({ type: z.literal('return'), ...shipment })
  .strict()
  .superRefine(oneAsset);

export const ReceiptEvent = z
  .object({
    type: z.literal('receipt'),
    ...common,
    transfer: EventId.describe('the transfer or return being acknowledged'),
    money: Money.optional(),
    goods: Goods.optional(),
  })
  .strict()
  .superRefine(oneAsset);

export const PurchaseEvent = z
  .object({
    type: z.literal('purchase'),
    ...common,
    supplier: Id,
    money: Money,
    goods: Goods,
    toward: Toward.optional(),
  })
  .strict();

export const UseEvent = z
  .object({
    type: z.literal('use'),
    ...common,
    money: Money.optional(),
    goods: Goods.optional(),
    disease: DiseaseCode.optional(),
    beneficiaries: z
      .int()
      .min(0)
      .max(100_000_000)
      .describe('aggregate count of people helped; never patient-level data'),
  })
  .strict()
  .superRefine(oneAsset);

export const writeOffReasons = ['expired', 'damaged', 'lost', 'other'] as const;
export const WriteOffEvent = z
  .object({
    type: z.literal('write_off'),
    ...common,
    money: Money.optional(),
    goods: Goods.optional(),
    reason: z.enum(writeOffReasons),
  })
  .strict()
  .superRefine(oneAsset);

export const AppealEvent = z
  .object({
    type: z.literal('appeal'),
    ...common,
    appeal: Id.describe('the appeal id donors and needs refer to'),
    titleZh: z.string().min(1).max(200),
    titleEn: z.string().min(1).max(200),
    region: RegionCode.optional(),
    disease: DiseaseCode.optional(),
  })
  .strict();

export { importances, urgencies };
export const itemCategories = [
  'medicine',
  'vaccine',
  'device',
  'protective_equipment',
  'consumable',
  'service',
] as const;

export const NeedEvent = z
  .object({
    type: z.literal('need'),
    ...common,
    facility: Id.describe(
      'the facility in need; recorded by the facility itself or by a health authority over its region',
    ),
    item: Id.optional().describe('catalogue item needed'),
    category: z.enum(itemCategories).optional().describe('or any item of this category'),
    quantity: Amount.optional().describe(
      'in the item\'s unit; omitted when the need was published without an amount ("needed, amount not stated"), never written as 1',
    ),
    reportedBy: Id.optional().describe(
      "a third party (a volunteer group, a Red Cross branch, a health authority) reporting on the facility's behalf; must be the recording organization",
    ),
    source: z.url().max(500).optional().describe('where the need was published'),
    disease: DiseaseCode.optional(),
    targetGroup: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('e.g. "children under 5"; never patient-level data'),
    urgency: z.enum(urgencies),
    importance: z.enum(importances),
    appeal: Id.optional(),
    beneficiaries: z
      .int()
      .min(0)
      .max(100_000_000)
      .optional()
      .describe('aggregate number of people the need concerns'),
    asOf: DateOnly.optional().describe(
      'a historical record: the date the published need is known to be current to (e.g. the date of the disclosure it comes from), not updated since; its waiting time is measured to this date. A later need_update or need_close supersedes it',
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.item === undefined) === (v.category === undefined))
      ctx.addIssue({ code: 'custom', path: ['item'], message: 'give exactly one of item or category' });
    // A record cannot be current to a date before the need was reported (by its local date).
    if (v.asOf !== undefined && v.asOf < v.occurredAt.slice(0, 10))
      ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'not before the date the need was reported' });
  });

export const NeedUpdateEvent = z
  .object({
    type: z.literal('need_update'),
    ...common,
    need: EventId,
    quantity: Amount.optional(),
    urgency: z.enum(urgencies).optional(),
    importance: z.enum(importances).optional(),
    disease: DiseaseCode.optional(),
    beneficiaries: z.int().min(0).max(100_000_000).optional(),
    asOf: DateOnly.optional().describe(
      "for a historical update: the date it is known to be current to; an update dated after the need's asOf supersedes it (without asOf of its own, the need is live again)",
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.asOf !== undefined && v.asOf < v.occurredAt.slice(0, 10))
      ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'not before the date of the update' });
  });

export const needCloseReasons = ['met', 'cancelled', 'expired', 'met_elsewhere', 'other'] as const;
export const NeedCloseEvent = z
  .object({ type: z.literal('need_close'), ...common, need: EventId, reason: z.enum(needCloseReasons) })
  .strict();

/**
 * The donor's consent to be named: recorded by the donor organization about a gift another
 * organization recorded naming it. Until then the gift reads "named by the recipient,
 * unconfirmed".
 */
export const DonationConfirmEvent = z
  .object({
    type: z.literal('donation_confirm'),
    ...common,
    donation: EventId.describe('the donation or pledge event that names the recording organization as donor'),
  })
  .strict();

// ---- custody of goods on their way (cold chain) ----

export const CustodyHandoverEvent = z
  .object({
    type: z.literal('custody_handover'),
    ...common,
    shipment: EventId.describe('the transfer or return whose goods change hands'),
    from: Id.describe('organization handing the goods over'),
    to: Id.describe('organization taking them (a carrier, a depot, the receiver)'),
    at: Timestamp.describe('when the goods changed hands (RFC 3339)'),
    place: z.string().min(1).max(200).optional().describe('where, e.g. a depot or a township health centre'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.from === v.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'goods are handed over to someone else' });
  });

const Celsius = z.number().min(-100).max(100).describe('°C');

export const TemperatureLogEvent = z
  .object({
    type: z.literal('temperature_log'),
    ...common,
    shipment: EventId.optional().describe('the transfer or return the logger travelled with'),
    lot: z.string().min(1).max(64).optional().describe('or a lot kept at the recorder (with item)'),
    item: Id.optional().describe('catalogue item of the lot'),
    min: Celsius.describe('lowest reading, °C'),
    max: Celsius.describe('highest reading, °C'),
    outsideMinutes: z
      .int()
      .min(0)
      .max(10_000_000)
      .describe('minutes the readings were outside range, summed over the record'),
    range: z.tuple([Celsius, Celsius]).describe('[low, high] °C the readings were judged against'),
    readings: z.int().positive().max(100_000_000).optional().describe('how many readings were summarised'),
    firstReadingAt: Timestamp.optional(),
    lastReadingAt: Timestamp.optional(),
    logger: z.string().min(1).max(100).optional().describe("the data logger's serial number"),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.shipment === undefined) === (v.lot === undefined))
      ctx.addIssue({ code: 'custom', path: ['shipment'], message: 'give exactly one of shipment or lot' });
    if (v.lot !== undefined && v.item === undefined)
      ctx.addIssue({ code: 'custom', path: ['item'], message: 'a lot is named with its item' });
    if (v.shipment !== undefined && v.item !== undefined)
      ctx.addIssue({ code: 'custom', path: ['item'], message: "a shipment's item is the one it carries" });
    if (v.min > v.max) ctx.addIssue({ code: 'custom', path: ['min'], message: 'min is above max' });
    if (v.range[0] >= v.range[1])
      ctx.addIssue({ code: 'custom', path: ['range'], message: 'the low end must be below the high end' });
    if (
      v.firstReadingAt !== undefined &&
      v.lastReadingAt !== undefined &&
      Date.parse(v.firstReadingAt) > Date.parse(v.lastReadingAt)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['lastReadingAt'],
        message: 'the last reading is before the first',
      });
  });

export const LotReleaseEvent = z
  .object({
    type: z.literal('lot_release'),
    ...common,
    item: Id.describe('catalogue item of the quarantined lot'),
    lot: z.string().min(1).max(64).describe('batch/lot number as printed by the maker'),
    reason: z
      .string()
      .min(1)
      .max(2000)
      .describe("why the goods are fit for use after the excursion (e.g. the maker's stability data)"),
  })
  .strict();

export const reserveBases = ['30d_peak', 'population', 'agreement', 'other'] as const;
export const ReservePlanEvent = z
  .object({
    type: z.literal('reserve_plan'),
    ...common,
    region: RegionCode.describe('the region the reserve serves'),
    item: Id.describe('catalogue item held in reserve'),
    target: Amount.describe("units to hold, in the item's unit"),
    min: z.int().min(0).max(maxAmount).describe('units below which the reserve must be replenished'),
    basis: z
      .enum(reserveBases)
      .describe('how the target was sized: 30d_peak = 30 days of peak use in an epidemic'),
    validFrom: DateOnly,
    authority: Id.describe('the organization whose reviewers approve dispatches from this reserve'),
    approvalThreshold: z
      .int()
      .min(0)
      .max(maxAmount)
      .describe('approvals of more units than this need two distinct reviewers'),
    rotationDays: z
      .int()
      .min(1)
      .max(730)
      .describe('lots expiring within this many days are due to rotate out to facilities'),
    price: Money.optional().describe('agreed price per unit that receiving facilities settle at'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.min > v.target) ctx.addIssue({ code: 'custom', path: ['min'], message: 'not above target' });
  });

export const DispatchRequestEvent = z
  .object({
    type: z.literal('dispatch_request'),
    ...common,
    reserve: Id.describe('the reserve holder asked to dispatch'),
    facility: Id.describe('the facility the goods are for: the one recording, or its health authority'),
    item: Id,
    quantity: Amount,
    urgency: z.enum(urgencies),
    reason: z.string().min(1).max(500),
    appeal: Id.optional(),
  })
  .strict();

export const dispatchDecisions = ['approved', 'partly', 'refused'] as const;
export const DispatchReviewEvent = z
  .object({
    type: z.literal('dispatch_review'),
    ...common,
    request: EventId.describe('the dispatch_request reviewed'),
    reviewer: Id.describe(
      "the reviewer's staff code within the authority (a role or badge number, never a personal name)",
    ),
    decision: z.enum(dispatchDecisions),
    quantity: Amount.optional().describe('units approved: required when partly, less than requested'),
    reason: z.string().min(1).max(500),
  })
  .strict();

export const SettlementEvent = z
  .object({
    type: z.literal('settlement'),
    ...common,
    dispatch: EventId.describe('the dispatch (a transfer naming its request) settled'),
    money: Money.optional().describe("paid to the reserve: units signed for × the plan's agreed price"),
    waived: z.literal(true).optional().describe('the reserve waives payment'),
    reason: z.string().min(1).max(500).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.money === undefined) === (v.waived === undefined))
      ctx.addIssue({ code: 'custom', path: ['money'], message: 'give exactly one of money or waived: true' });
    if (v.waived && v.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'say why payment is waived' });
  });
// ---- complaints: anyone may complain; the organization complained about answers in public ----

export const complaintCategories = [
  'misallocation',
  'not_received',
  'expired',
  'wrong_figures',
  'other',
] as const;

/** Sizes a complaint's words may have: enough to say what happened, too little to flood. */
export const complaintLimits = { summary: 280, text: 4000, contact: 200, answer: 4000, reason: 500 } as const;

const someText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'must not be blank');

/**
 * A complaint, filed by anyone through the portal (POST /api/v1/complaints), never with a token:
 * the log records it as recorded by `public`. Its text and contact are the complainant's and are
 * never published; its summary is published on /complaints but kept off the log's leaf (see
 * contract/privacy.ts), so moderation can take abusive words down.
 */
export const ComplaintEvent = z
  .object({
    type: z.literal('complaint'),
    occurredAt: common.occurredAt,
    about: Id.describe(
      'what the complaint is about: an organization id, or an event id (a gift, a transfer, a need…)',
    ),
    category: z.enum(complaintCategories),
    summary: someText(complaintLimits.summary).describe('one public sentence saying what is wrong'),
    text: z
      .string()
      .max(complaintLimits.text)
      .optional()
      .describe(
        'the whole account: private, shown only to the organization complained about and the complainant',
      ),
    contact: z
      .string()
      .max(complaintLimits.contact)
      .optional()
      .describe('how to reach the complainant (phone, e-mail): private like the text'),
  })
  .strict();

/** The public answer of the organization complained about, recorded with its token. */
export const ComplaintAnswerEvent = z
  .object({
    type: z.literal('complaint_answer'),
    ...common,
    complaint: EventId,
    answer: someText(complaintLimits.answer).describe('the answer, published as written'),
    resolved: z.boolean().describe('whether the organization considers the matter resolved'),
  })
  .strict();

/** The complainant's say on the answer, given with the follow-up code handed out at filing. */
export const ComplaintFeedbackEvent = z
  .object({
    type: z.literal('complaint_feedback'),
    occurredAt: common.occurredAt,
    complaint: EventId,
    resolved: z.boolean().describe("whether the answer resolved the matter, in the complainant's view"),
    text: z.string().max(complaintLimits.text).optional().describe("private, like the complaint's text"),
  })
  .strict();

/** Moderation: a complaint's summary is hidden for abuse, with a public reason; it still counts. */
export const ComplaintHideEvent = z
  .object({
    type: z.literal('complaint_hide'),
    occurredAt: common.occurredAt,
    complaint: EventId,
    reason: someText(complaintLimits.reason).describe('why the summary was hidden, published'),
  })
  .strict();

/**
 * Stock of unknown provenance: what a holder held as of a date, stated from a disclosure whose
 * earlier records (the gifts that built the stock) were never published. Its units are held
 * like any others but carry no gift: they read "provenance unknown" wherever they go.
 */
export const OpeningBalanceEvent = z
  .object({
    type: z.literal('opening_balance'),
    ...common,
    holder: Id.optional().describe('the organization holding the stock: the recording organization itself'),
    money: Money.optional(),
    goods: Goods.optional(),
    asOf: DateOnly.describe('the date the figure stood on; not after the day of occurredAt'),
    source: someText(500).describe(
      'where the figure comes from: a disclosure, an annual report, a URL (at most 500 characters)',
    ),
  })
  .strict()
  .superRefine(oneAsset)
  .superRefine((v, ctx) => {
    // The day as written in occurredAt, in its own offset: the date a clerk would read there.
    if (v.asOf > v.occurredAt.slice(0, 10))
      ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'not after the day of occurredAt' });
  });

/** Everything but a correction: what a correction may put in place of an earlier event. */
export const PlainEvent = z.discriminatedUnion('type', [
  DonationEvent,
  PledgeEvent,
  TransferEvent,
  ReturnEvent,
  ReceiptEvent,
  PurchaseEvent,
  UseEvent,
  WriteOffEvent,
  AppealEvent,
  NeedEvent,
  NeedUpdateEvent,
  NeedCloseEvent,
  DonationConfirmEvent,
  CustodyHandoverEvent,
  TemperatureLogEvent,
  LotReleaseEvent,
  ReservePlanEvent,
  DispatchRequestEvent,
  DispatchReviewEvent,
  SettlementEvent,
  OpeningBalanceEvent,
]);
export type PlainEvent = z.infer<typeof PlainEvent>;

export const CorrectionEvent = z
  .object({
    type: z.literal('correction'),
    ...common,
    corrects: EventId,
    reason: z.string().min(1).max(2000),
    reverse: z.literal(true).optional(),
    replacement: PlainEvent.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.reverse === undefined) === (v.replacement === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reverse'],
        message: 'give exactly one of reverse: true or replacement',
      });
    }
  });

export const EventBody = z.discriminatedUnion('type', [
  DonationEvent,
  PledgeEvent,
  TransferEvent,
  ReturnEvent,
  ReceiptEvent,
  PurchaseEvent,
  UseEvent,
  WriteOffEvent,
  AppealEvent,
  NeedEvent,
  NeedUpdateEvent,
  NeedCloseEvent,
  DonationConfirmEvent,
  CustodyHandoverEvent,
  TemperatureLogEvent,
  LotReleaseEvent,
  ReservePlanEvent,
  DispatchRequestEvent,
  DispatchReviewEvent,
  SettlementEvent,
  OpeningBalanceEvent,
  CorrectionEvent,
  ComplaintEvent,
  ComplaintAnswerEvent,
  ComplaintFeedbackEvent,
  ComplaintHideEvent,
]);
export type EventBody = z.infer<typeof EventBody>;
export type EventType = EventBody['type'];
export type Of<T extends EventType> = Extract<EventBody, { type: T }>;

/**
 * An event as it is recorded: the body plus what the ledger adds. Its public form (see
 * contract/privacy.ts splitEvent), in canonical JSON, is the event's leaf in the verifiable log.
 */
export interface RecordedEvent<B extends EventBody = EventBody> {
  id: string;
  seq: number;
  recordedBy: string;
  recordedAt: string;
  body: B;
  /**
   * Public receipt code of a donation or pledge; for a complaint, the complainant's follow-up
   * code. Either is its holder's private handle, withheld from the leaf.
   */
  receiptCode?: string;
}

export const eventId = (seq: number) => `evt_${seq}`;
export const seqOf = (id: string) => Number(id.slice(4));

/**
 * The seq an id names when it is exactly `eventId(seq)`, else null: lookups by an id that came
 * from outside (a URL, a leaf field) go through the log's primary key, and an id such as
 * `evt_007` or `evt_x` finds nothing, as a comparison of ids would.
 */
export const seqOfEventId = (id: string): number | null => {
  if (!/^evt_[1-9][0-9]{0,15}$/.test(id)) return null;
  const seq = Number(id.slice(4));
  return Number.isSafeInteger(seq) ? seq : null;
};
