/**
 * What the public may see — the one home of the privacy rules. Every public output (log
 * leaves, API answers, pages, signals, exports) decides through these functions, so a rule
 * changes here and nowhere else:
 *   - small counts: a count of people below 5 reads "<5";
 *   - anonymity: a donor who gave anonymously, or an organization registered anonymous, is
 *     shown only as "anonymous" with its kind, and never by id or name;
 *   - receipt codes are the donor's private handle: never listed, shown only to whoever
 *     presents the code;
 *   - free-text notes are private unless the recorder marks them public (`notePublic: true`);
 *   - a complaint's text and contact, and a complainant's follow-up code, are the complainant's:
 *     never public. Its summary is published beside the log (on /complaints) but kept off the
 *     leaf, since a leaf is forever and moderation must be able to take abusive words down;
 *   - the public leaf: what an event's entry in the public log holds, and the commitment to
 *     what it withholds (splitEvent, commitmentOf, joinEvent).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import type { EventBody, RecordedEvent } from '../domain/events.ts';

const utf8 = new TextEncoder();

/** Public outputs never show a count small enough to point at a person. */
export const smallCountThreshold = 5;

/** How a count below the threshold reads in every public output. */
export const smallCountLabel = `<${smallCountThreshold}`;

export const isSmallCount = (n: number): boolean => n < smallCountThreshold;

/** A count of people as the public sees it: exact from 5 up, "<5" below. */
export const publicCount = (n: number): string => (isSmallCount(n) ? smallCountLabel : String(n));

/** A party the public sees only by its kind. */
export interface AnonymousParty {
  anonymous: true;
  kind: string;
}

export const anonymousParty = (kind: string): AnonymousParty => ({ anonymous: true, kind });

/** An organization's name as the public sees it: none for one registered anonymous. */
export const publicName = <Name extends string | null>(org: {
  name: Name;
  anonymous: boolean;
}): Name | null => (org.anonymous ? null : org.name);

/**
 * Whether a gift shows its donor only as anonymous: given anonymously, given by an
 * organization registered anonymous, or recorded without a donor organization.
 */
export const hidesDonor = (
  gift: { anonymous: boolean; donor: string | null | undefined },
  donorRegisteredAnonymous: boolean,
): boolean => gift.anonymous || !gift.donor || donorRegisteredAnonymous;

/**
 * A complaint's summary as the public sees it: as written, or nothing once moderation hid it
 * (the reason is shown instead). Its text and contact are never shown.
 */
export const publicSummary = (c: { summary: string | null; hiddenAt: string | null }): string | null =>
  c.hiddenAt === null ? c.summary : null;

/**
 * What of a complaint's private part its readers are shown. The organization complained about
 * reads the account and contact, so it can answer (never the follow-up code, which would let it
 * speak as the complainant); the complainant, holding the code, reads everything and can check
 * the commitment.
 */
export function complaintWordsFor(
  part: PrivatePart,
  reader: 'organization' | 'complainant',
): { text: string | null; contact: string | null; summary: string | null; private?: PrivatePart } {
  const word = (k: string) => {
    const v = part.withheld[`/event/${k}`];
    return typeof v === 'string' ? v : null;
  };
  return {
    text: word('text'),
    contact: word('contact'),
    summary: word('summary'),
    ...(reader === 'complainant' ? { private: part } : {}),
  };
}

// ---- the public leaf (log format 2) ----

/** The log format every leaf states in its `v` field; a ledger holds leaves of one format only. */
export const logFormat = 2;

/**
 * What an event's entry in the public log holds: exactly the public form of the event, plus a
 * commitment to what was withheld from it. `event` is the event body with every private value
 * replaced by its public form (a count below 5 reads "<5", a party registered anonymous reads
 * `{ anonymous: true, kind }`, a private note is left out); `private` is the hex SHA-256
 * commitment to the withheld values (see `commitmentOf`), absent when nothing was withheld.
 */
export interface PublicLeaf {
  v: typeof logFormat;
  id: string;
  seq: number;
  recordedBy: string | AnonymousParty;
  recordedAt: string;
  event: Record<string, unknown>;
  private?: string;
}

/**
 * The values withheld from a leaf, by their place in the event's full form: a JSON Pointer
 * (RFC 6901) into `{ recordedBy, receiptCode, event }`, e.g. `/event/beneficiaries`,
 * `/event/donor`, `/event/note`, `/receiptCode`, `/recordedBy`.
 */
export type Withheld = Record<string, string | number>;

/** The private part of an event: its withheld values and the salt that hides them. */
export interface PrivatePart {
  /** 32 random-looking bytes, hex: without it the commitment says nothing, even about "<5". */
  salt: string;
  withheld: Withheld;
}

/** How an organization is registered, as the privacy rules need to know it. */
export type PartyLookup = (id: string) => { anonymous: boolean; kind: string } | undefined;

/**
 * Fields of an event body that name an organization (a complaint's `about` may name one; a
 * handover's `from` and `to` name carriers and depots; a reserve plan's `authority` and a
 * dispatch request's `reserve` name the reserve's organizations; an opening balance's
 * `holder` names its recorder).
 */
const partyFields = [
  'donor',
  'recipient',
  'to',
  'from',
  'supplier',
  'facility',
  'reportedBy',
  'about',
  'reserve',
  'authority',
  'holder',
] as const;
/** Words kept off the leaf, by event type: a complainant's account and contact, and a complaint's summary. */
const withheldWords: Record<string, readonly string[]> = {
  complaint: ['summary', 'text', 'contact'],
  complaint_feedback: ['text'],
};
/** Fields of an event body that count people. */
const countFields = ['beneficiaries'] as const;

type Body = Record<string, unknown>;

function publicBody(body: Body, at: string, party: PartyLookup, withheld: Withheld): Body {
  const out: Body = { ...body };
  for (const f of partyFields) {
    const id = out[f];
    if (typeof id !== 'string') continue;
    const p = party(id);
    if (p?.anonymous) {
      withheld[`${at}/${f}`] = id;
      out[f] = anonymousParty(p.kind);
    }
  }
  for (const f of countFields) {
    const n = out[f];
    if (typeof n === 'number' && isSmallCount(n)) {
      withheld[`${at}/${f}`] = n;
      out[f] = smallCountLabel;
    }
  }
  for (const f of withheldWords[String(out.type)] ?? []) {
    if (typeof out[f] !== 'string') continue;
    withheld[`${at}/${f}`] = out[f] as string;
    delete out[f];
  }
  if (typeof out.note === 'string' && out.notePublic !== true) {
    withheld[`${at}/note`] = out.note;
    delete out.note;
  }
  if (out.replacement && typeof out.replacement === 'object')
    out.replacement = publicBody(out.replacement as Body, `${at}/replacement`, party, withheld);
  return out;
}

/**
 * Splits a recorded event into its public leaf and its private part, the one place the log's
 * privacy rules are applied. `salt` is the event's salt (hex, 32 bytes); `party` says which
 * organizations are registered anonymous.
 */
export function splitEvent(
  e: RecordedEvent,
  party: PartyLookup,
  salt: string,
): { leaf: PublicLeaf; privatePart: PrivatePart | null } {
  const withheld: Withheld = {};
  const recorder = party(e.recordedBy);
  let recordedBy: PublicLeaf['recordedBy'] = e.recordedBy;
  if (recorder?.anonymous) {
    withheld['/recordedBy'] = e.recordedBy;
    recordedBy = anonymousParty(recorder.kind);
  }
  if (e.receiptCode !== undefined) withheld['/receiptCode'] = e.receiptCode;
  const event = publicBody(e.body as Body, '/event', party, withheld);
  const leaf: PublicLeaf = {
    v: logFormat,
    id: e.id,
    seq: e.seq,
    recordedBy,
    recordedAt: e.recordedAt,
    event,
  };
  if (Object.keys(withheld).length === 0) return { leaf, privatePart: null };
  const privatePart = { salt, withheld };
  leaf.private = commitmentOf(privatePart);
  return { leaf, privatePart };
}

/** The leaf's bytes: RFC 8785 canonical JSON, UTF-8. */
export const encodeLeaf = (leaf: PublicLeaf): string => canonicalize(leaf)!;

/**
 * The commitment to a private part: SHA-256 over the RFC 8785 canonical JSON of
 * `{ salt, withheld }`, in hex. Whoever holds the private part (a donor shown it for their
 * receipt code; an auditor with the database) recomputes it and compares it with the leaf.
 */
export const commitmentOf = (p: PrivatePart): string =>
  bytesToHex(sha256(utf8.encode(canonicalize({ salt: p.salt, withheld: p.withheld })!)));

/** Whether a private part is the one a leaf committed to. */
export const commits = (leaf: { private?: unknown }, p: PrivatePart | null): boolean =>
  p === null ? leaf.private === undefined : leaf.private === commitmentOf(p);

/** Puts withheld values back at their places: the event's full form, as it was recorded. */
export function joinEvent(leaf: PublicLeaf, p: PrivatePart | null): RecordedEvent {
  const full = { recordedBy: leaf.recordedBy, receiptCode: undefined, event: leaf.event } as Body;
  // Copy on write: only the objects on a withheld value's path are copied, so the leaf is
  // never changed and an event with nothing withheld costs no copy at all.
  for (const [pointer, value] of Object.entries(p?.withheld ?? {})) {
    const path = pointer.split('/').slice(1);
    let at = full;
    for (const step of path.slice(0, -1)) {
      const next = at[step] as Body;
      at = at[step] = (Array.isArray(next) ? [...next] : { ...next }) as Body;
    }
    at[path.at(-1)!] = value;
  }
  return {
    id: leaf.id,
    seq: leaf.seq,
    recordedBy: full.recordedBy as string,
    recordedAt: leaf.recordedAt,
    body: full.event as unknown as EventBody,
    ...(typeof full.receiptCode === 'string' ? { receiptCode: full.receiptCode } : {}),
  };
}

/**
 * Checks a gift's leaf against the gift it is said to record: the leaf is of log format 2 and
 * of that event, and, for whoever presented the receipt code, the private part shown to them
 * is the one the leaf committed to and holds that very code. Null when it holds, else why not.
 */
export function checkGiftLeaf(
  leafText: string,
  gift: { id: string; receiptCode?: string; private?: PrivatePart },
): string | null {
  let leaf: Partial<PublicLeaf>;
  try {
    leaf = JSON.parse(leafText) as Partial<PublicLeaf>;
  } catch {
    return 'the logged record is not JSON';
  }
  if (leaf.v !== logFormat) return `the logged record is not of log format ${logFormat}`;
  if (leaf.id !== gift.id) return `the logged record is ${String(leaf.id)}, not ${gift.id}`;
  if (gift.receiptCode === undefined) return null;
  if (!gift.private) return `no private part was shown for ${gift.receiptCode}`;
  if (leaf.private !== commitmentOf(gift.private))
    return 'the private part shown does not match the commitment in the logged record';
  if (gift.private.withheld['/receiptCode'] !== gift.receiptCode)
    return `the logged record commits to another receipt code than ${gift.receiptCode}`;
  return null;
}
