/**
 * The database, in one drizzle schema. The only tables ever written outside a ledger
 * transaction are the administrative ones (organizations, api_tokens) and the catalogues.
 *
 * `events` is the ledger: append-only, ordered by `seq` (never by a timestamp), one row per
 * event holding the exact bytes of its log leaf. No row of it is ever updated or deleted and
 * no foreign key cascades into it. Every other ledger table is a projection: derived from
 * `events` alone and recreated byte for byte by `aidtrail rebuild`.
 */
import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

export const regions = sqliteTable(
  'regions',
  {
    code: text('code').primaryKey(),
    level: text('level').notNull(),
    parent: text('parent'),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    population: integer('population'),
  },
  (t) => [index('regions_parent').on(t.parent)],
);

export const diseases = sqliteTable('diseases', {
  code: text('code').primaryKey(),
  chapter: text('chapter').notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  rare: integer('rare', { mode: 'boolean' }).notNull(),
  group: text('group').notNull(),
});

export const items = sqliteTable('items', {
  id: text('id').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  category: text('category').notNull(),
  group: text('group').notNull(),
  unit: text('unit').notNull(),
  coldChain: integer('cold_chain', { mode: 'boolean' }).notNull(),
  shelfLifeDays: integer('shelf_life_days'),
});

export const organizations = sqliteTable(
  'organizations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    region: text('region').notNull(),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    /** English name: given, or pinyin of the Chinese name when none was given. */
    nameEn: text('name_en'),
  },
  (t) => [index('organizations_region').on(t.region), index('organizations_kind').on(t.kind)],
);

/** Other names an organization is known by in the lists people publish; the importer matches them. */
export const organizationAliases = sqliteTable(
  'organization_aliases',
  {
    organization: text('organization').notNull(),
    alias: text('alias').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organization, t.alias] }),
    index('organization_aliases_alias').on(t.alias),
  ],
);

/** Only a SHA-256 of each token is kept; the token itself is shown once, when it is created. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    organization: text('organization').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash)],
);

export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey(),
    /**
     * Always `evt_<seq>` (domain eventId): computed when read, never stored (migration 0019).
     * Find an event by its seq (seqOfEventId), never by this column: it has no index.
     */
    id: text('id').notNull().generatedAlwaysAs(sql`'evt_' || "seq"`, { mode: 'virtual' }),
    type: text('type').notNull(),
    recordedBy: text('recorded_by').notNull(),
    /** Read from the leaf, which carries it exactly (migration 0019); never stored twice. */
    recordedAt: text('recorded_at')
      .notNull()
      .generatedAlwaysAs(sql`json_extract("leaf", '$.recordedAt')`, { mode: 'virtual' }),
    occurredAt: text('occurred_at').notNull(),
    /** The event in RFC 8785 canonical JSON: exactly the bytes of its Merkle leaf. */
    leaf: text('leaf').notNull(),
  },
  (t) => [
    index('events_recorded_by').on(t.recordedBy, t.seq),
    index('events_type').on(t.type, t.seq),
    // A gift's corrections, found without reading every correction's leaf.
    index('events_corrects')
      .on(sql`json_extract(${t.leaf}, '$.event.corrects')`)
      .where(sql`${t.type} = 'correction'`),
  ],
);

/**
 * What each event's public leaf withholds (contract/privacy.ts): the withheld values by their
 * place in the event, as canonical JSON, and the salt of the commitment the leaf carries.
 * Written in the event's transaction, append-only like `events`; never exported or served,
 * except to a donor presenting the receipt code of that very gift.
 */
export const eventPrivate = sqliteTable('event_private', {
  seq: integer('seq').primaryKey(),
  salt: text('salt').notNull(),
  withheld: text('withheld').notNull(),
});

/** Replays of a write with the same key answer the first answer. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    organization: text('organization').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    answer: text('answer').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organization, t.key] })],
);

/**
 * Request counts per client (or token) and fixed window, shared by every API process on the
 * database so that a rate limit holds however many copies serve. Not part of the ledger.
 */
export const rateCounts = sqliteTable(
  'rate_counts',
  {
    key: text('key').notNull(),
    window: integer('window').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.window] })],
);

// ---- projections ----

export const lots = sqliteTable(
  'lots',
  {
    id: integer('id').primaryKey(),
    holder: text('holder').notNull(),
    asset: text('asset').notNull(),
    lotCode: text('lot_code').notNull(),
    expiresOn: text('expires_on'),
    restrictionRegion: text('restriction_region'),
    restrictionDisease: text('restriction_disease'),
    restrictionAppeal: text('restriction_appeal'),
    state: text('state').notNull(),
    transfer: text('transfer'),
    acquiredSeq: integer('acquired_seq').notNull(),
    amount: integer('amount').notNull(),
    /** The temperature record whose excursion holds the lot in quarantine (domain/custody.ts). */
    quarantine: text('quarantine'),
    /** A released excursion the goods went through: their uses are flagged. */
    excursion: text('excursion'),
  },
  (t) => [
    index('lots_holding').on(t.holder, t.asset, t.state),
    index('lots_transfer').on(t.transfer),
    // Signals: stock of an item anywhere, and stock by expiry date.
    index('lots_asset').on(t.asset, t.state),
    index('lots_expiry').on(t.expiresOn),
    index('lots_quarantine').on(t.quarantine),
  ],
);

/**
 * Which gifts each lot carries, and how much of each. A WITHOUT ROWID table clustered on its
 * key (migration 0019; drizzle's schema cannot say so): the key is stored once, not twice.
 * `position` keeps the order a lot's shares were written in, which splits of integer amounts
 * break ties by (ledger-loader.ts); a lot's shares are always rewritten together.
 */
export const lotShares = sqliteTable(
  'lot_shares',
  {
    lot: integer('lot').notNull(),
    donation: text('donation').notNull(),
    amount: integer('amount').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.lot, t.donation] }), index('lot_shares_donation').on(t.donation)],
);

/** One row per gift share an event moved; the event is `evt_<seq>` (eventId), so it is not stored. */
export const flows = sqliteTable(
  'flows',
  {
    id: integer('id').primaryKey(),
    seq: integer('seq').notNull(),
    donation: text('donation').notNull(),
    kind: text('kind').notNull(),
    fromOrg: text('from_org'),
    toOrg: text('to_org').notNull(),
    asset: text('asset').notNull(),
    lotCode: text('lot_code').notNull(),
    amount: integer('amount').notNull(),
    disease: text('disease'),
    reason: text('reason'),
    breach: integer('breach', { mode: 'boolean' }).notNull(),
    /** Written by a correction to cancel an earlier event's flow (its amount is negated). */
    undo: integer('undo', { mode: 'boolean' }).notNull().default(false),
    /** A use of goods that went through this released temperature excursion. */
    excursion: text('excursion'),
  },
  (t) => [
    // A gift's flows are few (hundreds at most): sorting them by seq costs less than an index entry's seq.
    index('flows_donation').on(t.donation),
    index('flows_seq').on(t.seq),
    // Only uses and expired write-offs are looked up by holder and item (a device's last use,
    // who used an item most, a reserve's expired lots), so only they are indexed that way.
    index('flows_used').on(t.toOrg, t.asset).where(sql`${t.kind} = 'used'`),
    index('flows_expired')
      .on(t.toOrg, t.asset)
      .where(sql`${t.kind} = 'written_off' AND ${t.reason} = 'expired'`),
    // Custody signals: the few uses of goods that went through a released excursion.
    index('flows_excursion').on(t.excursion).where(sql`${t.excursion} IS NOT NULL`),
  ],
);

/**
 * Each event's current standing and effects (what a correction would undo), keyed by the
 * event's seq. Its body is not kept here: it is the event's leaf joined with its private part
 * (or, once replaced, the replacing correction's), and its type and recorder are in `events`.
 */
export const eventState = sqliteTable('event_state', {
  seq: integer('seq').primaryKey(),
  status: text('status').notNull(),
  /** The event whose effects are current: the event itself or its latest correction. */
  effectiveSeq: integer('effective_seq').notNull(),
  /** The correction whose replacement is the event's current body; null while its own body stands. */
  replacementSeq: integer('replacement_seq'),
  /** For a transfer or return: the receipt that acknowledged it. */
  receiptSeq: integer('receipt_seq'),
  breach: integer('breach', { mode: 'boolean' }).notNull(),
  /** The event's current lot deltas in the compact encoding of delta-codec.ts. */
  deltas: text('deltas').notNull(),
});

export const donations = sqliteTable(
  'donations',
  {
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    receiptCode: text('receipt_code').notNull(),
    currentEvent: text('current_event').notNull(),
    status: text('status').notNull(),
    donor: text('donor'),
    donorKind: text('donor_kind').notNull(),
    anonymous: integer('anonymous', { mode: 'boolean' }).notNull(),
    recipient: text('recipient').notNull(),
    asset: text('asset').notNull(),
    lotCode: text('lot_code').notNull(),
    amount: integer('amount').notNull(),
    restrictionRegion: text('restriction_region'),
    restrictionDisease: text('restriction_disease'),
    restrictionAppeal: text('restriction_appeal'),
    restrictionPurpose: text('restriction_purpose'),
    occurredAt: text('occurred_at').notNull(),
    seq: integer('seq').notNull(),
    /** The donor consented to be named: its own token recorded the gift or a donation_confirm. */
    donorConfirmed: integer('donor_confirmed', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('donations_receipt_code').on(t.receiptCode),
    index('donations_recipient').on(t.recipient, t.seq),
    index('donations_donor').on(t.donor, t.seq),
  ],
);

export const appeals = sqliteTable('appeals', {
  id: text('id').primaryKey(),
  titleZh: text('title_zh').notNull(),
  titleEn: text('title_en').notNull(),
  region: text('region'),
  disease: text('disease'),
  openedBy: text('opened_by').notNull(),
  openedAt: text('opened_at').notNull(),
  seq: integer('seq').notNull(),
  status: text('status').notNull(),
});

// ---- custody of shipments (cold chain); each row is one event, its standing in event_state ----

export const custodyHandovers = sqliteTable(
  'custody_handovers',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    shipment: text('shipment').notNull(),
    fromOrg: text('from_org').notNull(),
    toOrg: text('to_org').notNull(),
    at: text('at').notNull(),
    atMs: integer('at_ms').notNull(),
    place: text('place'),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('custody_handovers_shipment').on(t.shipment, t.atMs, t.seq),
    index('custody_handovers_seq').on(t.seq),
  ],
);

export const temperatureLogs = sqliteTable(
  'temperature_logs',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    shipment: text('shipment'),
    holder: text('holder').notNull(),
    item: text('item').notNull(),
    lotCode: text('lot_code'),
    minC: real('min_c').notNull(),
    maxC: real('max_c').notNull(),
    outsideMinutes: integer('outside_minutes').notNull(),
    rangeLow: real('range_low').notNull(),
    rangeHigh: real('range_high').notNull(),
    toleranceMinutes: integer('tolerance_minutes').notNull(),
    excursion: integer('excursion', { mode: 'boolean' }).notNull(),
    quarantined: integer('quarantined').notNull(),
    readings: integer('readings'),
    firstReadingAt: text('first_reading_at'),
    lastReadingAt: text('last_reading_at'),
    logger: text('logger'),
    recordedBy: text('recorded_by').notNull(),
    occurredAt: text('occurred_at').notNull(),
  },
  (t) => [
    index('temperature_logs_shipment').on(t.shipment, t.seq),
    index('temperature_logs_lot').on(t.holder, t.item, t.lotCode),
    index('temperature_logs_seq').on(t.seq),
  ],
);

export const lotReleases = sqliteTable(
  'lot_releases',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    holder: text('holder').notNull(),
    item: text('item').notNull(),
    lotCode: text('lot_code').notNull(),
    reason: text('reason').notNull(),
    quantity: integer('quantity').notNull(),
    /** The temperature records (event ids, comma-separated) whose quarantine it ended. */
    excursions: text('excursions').notNull(),
    occurredAt: text('occurred_at').notNull(),
  },
  (t) => [index('lot_releases_lot').on(t.holder, t.item, t.lotCode), index('lot_releases_seq').on(t.seq)],
);

/** Small counters the write path carries from batch to batch (next lot id). */
export const ledgerMeta = sqliteTable('ledger_meta', {
  key: text('key').primaryKey(),
  value: integer('value').notNull(),
});

// ---- verifiable log ----

/**
 * Complete subtrees of the Merkle tree: level 0 holds leaf hashes, by leaf index. A WITHOUT
 * ROWID table clustered on (level, idx) (migration 0019; drizzle's schema cannot say so).
 */
export const logNodes = sqliteTable(
  'log_nodes',
  {
    level: integer('level').notNull(),
    idx: integer('idx').notNull(),
    hash: blob('hash', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/** Every checkpoint ever published, by tree size. */
export const checkpoints = sqliteTable('checkpoints', {
  size: integer('size').primaryKey(),
  rootHash: blob('root_hash', { mode: 'buffer' }).notNull(),
  note: text('note').notNull(),
  signedAt: text('signed_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/**
 * Witness cosignatures (C2SP tlog-cosignature/v1) of published checkpoints: each line exactly
 * as the witness answered it, verified against the witness's configured key before it is kept.
 */
export const cosignatures = sqliteTable(
  'cosignatures',
  {
    checkpointSize: integer('checkpoint_size').notNull(),
    /** The witness's key name and key id: the signature line's identity. */
    witness: text('witness').notNull(),
    keyId: integer('key_id').notNull(),
    /** When the witness cosigned (POSIX seconds, from the signature). */
    timestamp: integer('timestamp').notNull(),
    line: text('line').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.checkpointSize, t.witness, t.keyId] }),
    index('cosignatures_by_witness').on(t.witness, t.keyId, t.checkpointSize),
  ],
);

/** What the dataset is: above all whether it is synthetic, so every output can say so. */
export const datasetInfo = sqliteTable('dataset_info', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// ---- needs and coverage (projections) ----

export const needs = sqliteTable(
  'needs',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    facility: text('facility').notNull(),
    region: text('region').notNull(),
    recordedBy: text('recorded_by').notNull(),
    item: text('item'),
    category: text('category').notNull(),
    /** 0 while `quantity_stated` is false ("needed, amount not stated"). */
    quantity: integer('quantity').notNull(),
    quantityStated: integer('quantity_stated', { mode: 'boolean' }).notNull().default(true),
    reportedBy: text('reported_by'),
    source: text('source'),
    disease: text('disease'),
    targetGroup: text('target_group'),
    urgency: text('urgency').notNull(),
    importance: text('importance').notNull(),
    priority: integer('priority').notNull(),
    appeal: text('appeal'),
    beneficiaries: integer('beneficiaries'),
    reportedAt: text('reported_at').notNull(),
    reportedAtMs: integer('reported_at_ms').notNull(),
    status: text('status').notNull(),
    closeReason: text('close_reason'),
    closedAt: text('closed_at'),
    delivered: integer('delivered').notNull(),
    firstDeliveryAt: text('first_delivery_at'),
    metAt: text('met_at'),
    /** A historical record's as-of date (YYYY-MM-DD); null for a need kept current. */
    asOf: text('as_of'),
  },
  (t) => [
    index('needs_facility').on(t.facility, t.status),
    index('needs_board').on(t.status, t.priority, t.reportedAtMs, t.seq),
    index('needs_region').on(t.region),
    index('needs_appeal').on(t.appeal),
  ],
);

/** Which delivery gave how much to which need. */
export const needAllocations = sqliteTable(
  'need_allocations',
  {
    need: text('need').notNull(),
    seq: integer('seq').notNull(),
    quantity: integer('quantity').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.need, t.seq] }), index('need_allocations_seq').on(t.seq)],
);

/** Goods that arrived at a facility (a receipt, or a gift it recorded). */
export const deliveries = sqliteTable(
  'deliveries',
  {
    seq: integer('seq').primaryKey(),
    facility: text('facility').notNull(),
    region: text('region').notNull(),
    item: text('item').notNull(),
    category: text('category').notNull(),
    quantity: integer('quantity').notNull(),
    unmatched: integer('unmatched').notNull(),
    at: text('at').notNull(),
    undone: integer('undone', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('deliveries_facility').on(t.facility, t.item)],
);

/** Response-time histogram columns of coverage cells (edges in domain/needs.ts). */
export const responseBucketCount = 48;
const rtColumns = Object.fromEntries(
  Array.from({ length: responseBucketCount }, (_, i) => [`rt${i}`, integer(`rt${i}`).notNull().default(0)]),
);

/**
 * Coverage, kept up to date in the transaction of every event that changes it: one row per
 * region level × region × disease × item × category × period grain × period start. Each need
 * is counted once at every level, so a province's figures are exactly the sum of its
 * prefectures'.
 */
export const coverageCells = sqliteTable(
  'coverage_cells',
  {
    level: text('level').notNull(),
    region: text('region').notNull(),
    disease: text('disease').notNull(),
    item: text('item').notNull(),
    category: text('category').notNull(),
    period: text('period').notNull(),
    periodStart: text('period_start').notNull(),
    needs: integer('needs').notNull().default(0),
    needed: integer('needed').notNull().default(0),
    covered: integer('covered').notNull().default(0),
    delivered: integer('delivered').notNull().default(0),
    excess: integer('excess').notNull().default(0),
    unmatched: integer('unmatched').notNull().default(0),
    open1: integer('open_p1').notNull().default(0),
    open2: integer('open_p2').notNull().default(0),
    open3: integer('open_p3').notNull().default(0),
    open4: integer('open_p4').notNull().default(0),
    responded: integer('responded').notNull().default(0),
    metInWindow: integer('met_in_window').notNull().default(0),
    /** Need lines whose amount was not stated, and need lines met. */
    unstated: integer('unstated').notNull().default(0),
    met: integer('met').notNull().default(0),
    ...rtColumns,
  },
  (t) => [
    primaryKey({ columns: [t.level, t.period, t.periodStart, t.region, t.disease, t.item, t.category] }),
  ],
);

// ---- emergency reserves (projections) ----

/** Every reserve plan filed; the one governing a request is chosen by dispatch-workflow.ts. */
export const reservePlans = sqliteTable(
  'reserve_plans',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    holder: text('holder').notNull(),
    region: text('region').notNull(),
    item: text('item').notNull(),
    target: integer('target').notNull(),
    min: integer('min').notNull(),
    basis: text('basis').notNull(),
    validFrom: text('valid_from').notNull(),
    authority: text('authority').notNull(),
    approvalThreshold: integer('approval_threshold').notNull(),
    rotationDays: integer('rotation_days').notNull(),
    priceCurrency: text('price_currency'),
    priceAmount: integer('price_amount'),
    recordedAt: text('recorded_at').notNull(),
  },
  (t) => [index('reserve_plans_holder').on(t.holder, t.item)],
);

/** One row per dispatch request, carrying each later step as it happens. */
export const dispatchRequests = sqliteTable(
  'dispatch_requests',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    reserve: text('reserve').notNull(),
    facility: text('facility').notNull(),
    region: text('region').notNull(),
    item: text('item').notNull(),
    quantity: integer('quantity').notNull(),
    urgency: text('urgency').notNull(),
    reason: text('reason').notNull(),
    appeal: text('appeal'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: text('requested_at').notNull(),
    plan: text('plan').notNull(),
    authority: text('authority').notNull(),
    approvalThreshold: integer('approval_threshold').notNull(),
    priceCurrency: text('price_currency'),
    priceAmount: integer('price_amount'),
    status: text('status').notNull(),
    approvedQuantity: integer('approved_quantity'),
    decidedAt: text('decided_at'),
    refusalReason: text('refusal_reason'),
    dispatch: text('dispatch'),
    dispatchedQuantity: integer('dispatched_quantity'),
    dispatchedAt: text('dispatched_at'),
    receipt: text('receipt'),
    receivedQuantity: integer('received_quantity'),
    receivedAt: text('received_at'),
    settlement: text('settlement'),
    settledAt: text('settled_at'),
    settledAmount: integer('settled_amount'),
    settledCurrency: text('settled_currency'),
    waived: integer('waived', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    index('dispatch_requests_reserve').on(t.reserve, t.seq),
    index('dispatch_requests_status').on(t.status, t.seq),
    index('dispatch_requests_dispatch').on(t.dispatch),
    index('dispatch_requests_appeal').on(t.appeal),
  ],
);

/** Each review of a request, in log order. */
export const dispatchReviews = sqliteTable(
  'dispatch_reviews',
  {
    request: text('request').notNull(),
    seq: integer('seq').notNull(),
    event: text('event').notNull(),
    reviewer: text('reviewer').notNull(),
    decision: text('decision').notNull(),
    quantity: integer('quantity'),
    reason: text('reason').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.request, t.seq] })],
);
// ---- complaints (a projection) and the challenges spent filing them ----

/**
 * Complaints and how they stand: the public part only. A complaint's text and contact, and its
 * complainant's follow-up code, stay in `event_private`; a summary hidden by moderation is
 * dropped here (null) and the reason kept.
 */
export const complaints = sqliteTable(
  'complaints',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    about: text('about').notNull(),
    aboutKind: text('about_kind').notNull(),
    organization: text('organization').notNull(),
    appeal: text('appeal'),
    category: text('category').notNull(),
    summary: text('summary'),
    filedAt: text('filed_at').notNull(),
    firstAnswerSeq: integer('first_answer_seq'),
    firstAnsweredAt: text('first_answered_at'),
    answers: integer('answers').notNull(),
    answer: text('answer'),
    answerResolved: integer('answer_resolved', { mode: 'boolean' }),
    answeredAt: text('answered_at'),
    feedback: text('feedback'),
    feedbackAt: text('feedback_at'),
    hiddenReason: text('hidden_reason'),
    hiddenAt: text('hidden_at'),
  },
  (t) => [
    uniqueIndex('complaints_seq').on(t.seq),
    index('complaints_organization').on(t.organization, t.seq),
    index('complaints_about').on(t.about, t.seq),
    index('complaints_appeal').on(t.appeal),
  ],
);

/**
 * Complaint challenges already used, so each is good for one complaint; shared by every API
 * process on the database. Not part of the ledger: rows are forgotten once their challenge
 * has expired anyway.
 */
export const spentChallenges = sqliteTable('spent_challenges', {
  nonce: text('nonce').primaryKey(),
  expiresMs: integer('expires_ms').notNull(),
});
