/**
 * What the public may see — the one home of the privacy rules. Every public output (log
 * leaves, API answers, pages, signals, exports) decides through these functions, so a rule
 * changes here and nowhere else:
 *   - small counts: a count of people below 5 reads "<5";
 *   - anonymity: a donor who gave anonymously, or an organization registered anonymous, is
 *     shown only as "anonymous" with its kind, and never by id or name;
 *   - receipt codes are the donor's private handle: never listed, shown only to whoever
 *     presents the code;
 *   - the public leaf: what an event's entry in the public log holds.
 */
import type { RecordedEvent } from '../domain/events.ts';

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

/** The content of an event's public log leaf, before its canonical encoding. */
export const publicLeaf = (e: RecordedEvent) => ({
  id: e.id,
  seq: e.seq,
  recordedBy: e.recordedBy,
  recordedAt: e.recordedAt,
  receiptCode: e.receiptCode,
  event: e.body,
});
