/**
 * How long a need waited — the one rule the API, the needs board and its CSV all use.
 *
 * A need waits from when it was reported until it was met (fully delivered) or closed,
 * whichever came first. A need still open waits until the ledger's moment (the latest signed
 * checkpoint), unless it is a historical record: one known to be current only to its `asOf`
 * date (a disclosure published on that date, not updated since). Such a record waited until
 * its as-of date; whether it stayed open after that the ledger cannot say, so it never claims
 * years of waiting for a sheet read long after.
 *
 * The waiting time is never negative and never runs past the moment it was measured to.
 */

/** What ended (or bounds) the wait. */
export const waitedUntilReasons = ['met', 'closed', 'as_of', 'ledger'] as const;
export type WaitedUntilReason = (typeof waitedUntilReasons)[number];

export interface WaitingNeed {
  /** RFC 3339. */
  reportedAt: string;
  /** When the need was fully met, if it was. */
  metAt: string | null;
  /** When a need_close (or a withdrawal) ended it, if one did. */
  closedAt: string | null;
  /** The date (YYYY-MM-DD) a historical record is known to be current to. */
  asOf: string | null;
}

export interface WaitingTime {
  /** The moment the wait is measured to, RFC 3339 in UTC; never before the report. */
  until: string;
  reason: WaitedUntilReason;
  /** Whole hours waited, never negative. */
  hours: number;
  /** Whole days waited, never negative. */
  days: number;
  /** True while the need is open and known only as of its `asOf` date. */
  historical: boolean;
}

const hourMs = 3_600_000;

/** The start (00:00 UTC) of an as-of date: the record says nothing about later that day. */
export const asOfDateMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export function waitingTime(n: WaitingNeed, ledgerAtMs: number): WaitingTime {
  const reported = Date.parse(n.reportedAt);
  const met = n.metAt === null ? null : Date.parse(n.metAt);
  const closed = n.closedAt === null ? null : Date.parse(n.closedAt);
  // A need met and later closed stopped waiting when it was met.
  let end: number;
  let reason: WaitedUntilReason;
  if (met !== null && (closed === null || met <= closed)) [end, reason] = [met, 'met'];
  else if (closed !== null) [end, reason] = [closed, 'closed'];
  else if (n.asOf !== null && asOfDateMs(n.asOf) < ledgerAtMs) [end, reason] = [asOfDateMs(n.asOf), 'as_of'];
  else [end, reason] = [ledgerAtMs, 'ledger'];
  const until = Math.max(reported, Math.min(end, ledgerAtMs));
  const hours = Math.floor((until - reported) / hourMs);
  return {
    until: new Date(until).toISOString(),
    reason,
    hours,
    days: Math.floor(hours / 24),
    historical: reason === 'as_of',
  };
}
