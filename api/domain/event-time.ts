/**
 * When an event may say it happened. Reads measure ages, idle periods and expiry against
 * event times, so one event dated in year 9999 (or 0001) would skew every such answer: an
 * event may be dated at most a day after it is recorded (time zones, clocks a little fast)
 * and not before 1900.
 */
import type { EventBody } from './events.ts';
import { invalid } from './problems.ts';

export const earliestOccurredAt = '1900-01-01T00:00:00Z';
export const maxOccurredAheadMs = 24 * 60 * 60 * 1000;

/** Refuses an event (or a correction's replacement) dated too far after `recordedAt`. */
export function checkOccurredAt(body: EventBody, recordedAt: string): void {
  const latest = Date.parse(recordedAt) + maxOccurredAheadMs;
  const check = (occurredAt: string, path: string) => {
    const at = Date.parse(occurredAt);
    if (at > latest) throw invalid(path, `more than a day after the event is recorded (${recordedAt})`);
    if (at < Date.parse(earliestOccurredAt)) throw invalid(path, `before ${earliestOccurredAt}`);
  };
  check(body.occurredAt, 'occurredAt');
  if (body.type === 'correction' && body.replacement)
    check(body.replacement.occurredAt, 'replacement.occurredAt');
}

/**
 * The moment reads measure ages and expiry against when none is asked for: the end of the
 * current UTC day by the server's clock (never the latest date an event claims), so whole-ledger
 * answers can be kept for the day and still count every event recorded today.
 */
export function defaultAsOf(now: Date): string {
  const day = now.toISOString().slice(0, 10);
  return `${day}T23:59:59.999Z`;
}
