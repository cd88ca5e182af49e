/**
 * How long a need waited: to when it was met or closed, else to a historical record's as-of
 * date, else to the ledger's moment; and updates that supersede an as-of date.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asOfAfterUpdate } from '../../api/domain/need-effects.ts';
import { asOfDateMs, waitingTime, type WaitingNeed } from '../../api/domain/need-waiting.ts';

const ledger = Date.parse('2026-03-01T00:00:00Z');
const need = (extra: Partial<WaitingNeed> = {}): WaitingNeed => ({
  reportedAt: '2020-02-04T00:00:00+08:00',
  metAt: null,
  closedAt: null,
  asOf: null,
  ...extra,
});

describe('waiting time', () => {
  it.each([
    ['open and kept current: to the ledger', {}, '2026-03-01T00:00:00.000Z', 'ledger', 2217],
    ['historical record: to its as-of date', { asOf: '2020-02-20' }, '2020-02-20T00:00:00.000Z', 'as_of', 16],
    [
      'met: to when it was met',
      { metAt: '2020-02-10T08:00:00+08:00', asOf: '2020-02-20' },
      '2020-02-10T00:00:00.000Z',
      'met',
      6,
    ],
    [
      'closed: to the close',
      { closedAt: '2020-02-06T00:00:00Z', asOf: '2020-02-20' },
      '2020-02-06T00:00:00.000Z',
      'closed',
      2,
    ],
    [
      'met then closed: to when it was met',
      { metAt: '2020-02-05T00:00:00Z', closedAt: '2020-03-01T00:00:00Z' },
      '2020-02-05T00:00:00.000Z',
      'met',
      1,
    ],
    [
      'as-of after the ledger moment: to the ledger',
      { asOf: '2027-01-01' },
      '2026-03-01T00:00:00.000Z',
      'ledger',
      2217,
    ],
  ] as Array<[string, Partial<WaitingNeed>, string, string, number]>)(
    '%s',
    (_, extra, until, reason, days) => {
      const w = waitingTime(need(extra), ledger);
      expect(w).toMatchObject({ until, reason, days, historical: reason === 'as_of' });
    },
  );

  it('is zero, not negative, for a record current to the day it was reported', () => {
    const w = waitingTime(need({ reportedAt: '2020-02-20T10:00:00Z', asOf: '2020-02-20' }), ledger);
    expect(w).toMatchObject({ hours: 0, days: 0, until: '2020-02-20T10:00:00.000Z', reason: 'as_of' });
  });

  it('is never negative and never runs past the close, the meeting, the as-of date or the ledger (property)', () => {
    const day = 86_400_000;
    const base = Date.parse('2020-01-01T00:00:00Z');
    const at = (d: number) => new Date(base + d * 3_600_000).toISOString();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.option(fc.integer({ min: -100, max: 20_000 })),
        fc.option(fc.integer({ min: -100, max: 20_000 })),
        fc.option(fc.integer({ min: 0, max: 1_000 })),
        fc.integer({ min: 0, max: 60_000 }),
        (reported, met, closed, asOfDays, ledgerHours) => {
          const n = need({
            reportedAt: at(reported),
            metAt: met === null ? null : at(reported + met),
            closedAt: closed === null ? null : at(reported + closed),
            asOf: asOfDays === null ? null : new Date(base + asOfDays * day).toISOString().slice(0, 10),
          });
          const ledgerAt = base + ledgerHours * 3_600_000;
          const w = waitingTime(n, ledgerAt);
          const until = Date.parse(w.until);
          expect(w.hours).toBeGreaterThanOrEqual(0);
          expect(w.days).toBe(Math.floor(w.hours / 24));
          expect(until).toBeGreaterThanOrEqual(Date.parse(n.reportedAt));
          const bound = Math.max(Date.parse(n.reportedAt), ledgerAt);
          expect(until).toBeLessThanOrEqual(bound);
          for (const end of [n.metAt, n.closedAt])
            if (end !== null)
              expect(until).toBeLessThanOrEqual(Math.max(Date.parse(n.reportedAt), Date.parse(end)));
          if (n.asOf !== null && n.metAt === null && n.closedAt === null)
            expect(until).toBeLessThanOrEqual(Math.max(Date.parse(n.reportedAt), asOfDateMs(n.asOf)));
          expect(w.historical).toBe(w.reason === 'as_of');
        },
      ),
    );
  });
});

describe('an update and the as-of date', () => {
  it('an update after the as-of date supersedes it: live again, or known as of its own date', () => {
    expect(asOfAfterUpdate('2020-02-20', { occurredAt: '2020-03-01T00:00:00Z' })).toBeNull();
    expect(asOfAfterUpdate('2020-02-20', { occurredAt: '2020-03-01T00:00:00Z', asOf: '2020-03-05' })).toBe(
      '2020-03-05',
    );
    expect(asOfAfterUpdate(null, { occurredAt: '2020-03-01T00:00:00Z', asOf: '2020-03-05' })).toBe(
      '2020-03-05',
    );
  });

  it('an update from before the as-of date is history the record already reflects', () => {
    expect(asOfAfterUpdate('2020-02-20', { occurredAt: '2020-02-10T00:00:00Z' })).toBe('2020-02-20');
    expect(asOfAfterUpdate('2020-02-20', { occurredAt: '2020-02-10T00:00:00Z', asOf: '2020-02-25' })).toBe(
      '2020-02-25',
    );
  });
});
