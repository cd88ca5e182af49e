/**
 * The working-day calendar complaints are timed by: the official Chinese calendar across the
 * 2026 Spring Festival and the 2025 National Day holidays with their make-up working days, China
 * dates whatever the server's time zone, and, over any two moments, an answer time that is never
 * negative and is exactly the count of working days between them.
 */
import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { complaintStanding } from '../../api/domain/complaints.ts';
import { calendarYears, chinaDate, workingCalendar } from '../../api/domain/working-days.ts';

const calendar = workingCalendar();
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};
/** The package's own answer for a date, asked at local noon of that date (right in any time zone). */
const official = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return chineseDays.isWorkday(new Date(y, m - 1, d, 12));
};
/** Noon in Beijing on a date, as an instant. */
const beijingNoon = (date: string) => `${date}T12:00:00+08:00`;

describe('the working-day calendar', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('knows the years the demo and the tests use (2025 and 2026)', () => {
    const { from, to } = calendarYears();
    expect(from).toBeLessThanOrEqual(2025);
    expect(to).toBeGreaterThanOrEqual(2026);
  });

  it('takes the 2026 Spring Festival off and works its make-up Saturdays, 14 and 28 February', () => {
    const working = days('2026-02-13', '2026-03-02').filter((d) => calendar.isWorkingDay(d));
    expect(working).toEqual([
      '2026-02-13', // Friday
      '2026-02-14', // Saturday, made a working day
      '2026-02-24', // Tuesday: the holiday runs 15–23 February
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28', // Saturday, made a working day
      '2026-03-02', // Monday
    ]);
  });

  it('takes the 2025 National Day and Mid-Autumn holiday off and works Sunday 28 September and Saturday 11 October', () => {
    const working = days('2025-09-26', '2025-10-13').filter((d) => calendar.isWorkingDay(d));
    expect(working).toEqual([
      '2025-09-26',
      '2025-09-28', // Sunday, made a working day
      '2025-09-29',
      '2025-09-30',
      '2025-10-09', // the holiday runs 1–8 October
      '2025-10-10',
      '2025-10-11', // Saturday, made a working day
      '2025-10-13',
    ]);
  });

  it('counts answer times across the Spring Festival in working days, and finds the 7th working day', () => {
    // Filed Thursday 12 February 2026: working days after it are 13, 14 (make-up), 24, 25, 26, 27, 28 (make-up), 2 March…
    const filed = beijingNoon('2026-02-12');
    expect(calendar.nthWorkingDayAfter(filed, 7)).toBe('2026-02-28');
    expect(calendar.workingDaysBetween(filed, beijingNoon('2026-02-23'))).toBe(2);
    expect(calendar.workingDaysBetween(filed, beijingNoon('2026-02-28'))).toBe(7);
    expect(calendar.workingDaysBetween(filed, beijingNoon('2026-03-02'))).toBe(8);
    // Fifteen calendar days of waiting, only seven of them working days: answered in time.
    const answered = complaintStanding(
      { filedAt: filed, firstAnsweredAt: beijingNoon('2026-02-28'), answers: 1, feedback: null },
      beijingNoon('2026-03-10'),
      calendar,
    );
    expect(answered).toMatchObject({ answerWorkingDays: 7, answeredLate: false, dueOn: '2026-02-28' });
    const waiting = (asOf: string) =>
      complaintStanding(
        { filedAt: filed, firstAnsweredAt: null, answers: 0, feedback: null },
        asOf,
        calendar,
      );
    expect(waiting(beijingNoon('2026-02-28'))).toMatchObject({ workingDaysOpen: 7, overdue: false });
    expect(waiting(beijingNoon('2026-03-01'))).toMatchObject({ workingDaysOpen: 7, overdue: false });
    expect(waiting(beijingNoon('2026-03-02'))).toMatchObject({ workingDaysOpen: 8, overdue: true });
  });

  it('counts across National Day 2025 and across a new year', () => {
    const filed = beijingNoon('2025-09-27'); // a Saturday
    expect(calendar.nthWorkingDayAfter(filed, 7)).toBe('2025-10-13');
    expect(calendar.workingDaysBetween(filed, beijingNoon('2025-10-08'))).toBe(3);
    expect(calendar.workingDaysBetween(beijingNoon('2025-12-30'), beijingNoon('2026-01-05'))).toBe(
      days('2025-12-31', '2026-01-05').filter(official).length,
    );
  });

  it('reads dates in China Standard Time whatever the server time zone', () => {
    // 23:30 UTC on Friday 13 February is 07:30 on Saturday 14 February in Beijing.
    expect(chinaDate('2026-02-13T23:30:00Z')).toBe('2026-02-14');
    for (const tz of ['America/Los_Angeles', 'Asia/Shanghai', 'UTC', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      const c = workingCalendar();
      expect([
        c.isWorkingDay('2026-02-14'),
        c.isWorkingDay('2026-02-16'),
        c.isWorkingDay('2026-02-24'),
      ]).toEqual([true, false, true]);
    }
  });

  it('gives answer times that are never negative and equal the working days counted one by one', () => {
    const instant = fc
      .integer({ min: Date.parse('2024-12-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(instant, instant, (from, to) => {
        const n = calendar.workingDaysBetween(from, to);
        expect(n).toBeGreaterThanOrEqual(0);
        const a = chinaDate(from);
        const b = chinaDate(to);
        const counted = b <= a ? 0 : days(a, b).slice(1).filter(official).length;
        expect(n).toBe(counted);
      }),
      { numRuns: 300 },
    );
  });
});
