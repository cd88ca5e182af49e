/**
 * Working days of the official Chinese calendar: Monday to Friday, less the public holidays the
 * State Council announces each year, plus the weekend days it makes working days in exchange
 * (调休). The announcements come from the `chinese-days` package; a year it does not know yet
 * (announced each November for the next year) counts Monday to Friday until it is updated.
 *
 * Days are China Standard Time (UTC+08:00) dates whatever the server's time zone: a complaint
 * filed at 01:00 in Beijing is filed on that Beijing day.
 */
import chineseDays from 'chinese-days';

const dayMs = 86_400_000;
const chinaOffsetMs = 8 * 3_600_000;

/** The China Standard Time date (YYYY-MM-DD) of an instant. */
export const chinaDate = (instant: string | number): string =>
  new Date((typeof instant === 'number' ? instant : Date.parse(instant)) + chinaOffsetMs)
    .toISOString()
    .slice(0, 10);

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
const ordinal = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / dayMs);
const dateOf = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/**
 * Whether a date is a working day. The package reads dates in the server's local time, so it is
 * given a local noon of that date: right in every time zone (a date string would be read as UTC
 * midnight and land on the day before west of Greenwich).
 */
function officialWorkday(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return chineseDays.isWorkday(new Date(y, m - 1, d, 12));
}

/** The years whose holidays and make-up working days the calendar knows, first and last. */
export function calendarYears(): { from: number; to: number } {
  const known = (y: number) => chineseDays.getHolidaysInRange(`${y}-01-01`, `${y}-12-31`, false).length > 0;
  let to = 2100;
  while (to > 2000 && !known(to)) to--;
  let from = to;
  while (known(from - 1)) from--;
  return { from, to };
}

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /**
   * Working days after the China date of `from`, up to and including the China date of `to`:
   * 0 on the same day or earlier, 1 when `to` falls on the first working day after `from`'s day.
   */
  workingDaysBetween(from: string, to: string): number;
  /** The date of the `n`th working day after the China date of `from` (n ≥ 1). */
  nthWorkingDayAfter(from: string, n: number): string;
}

/**
 * A working-day calendar that counts with running totals per year, so a count over months costs
 * two lookups; each year is read from the official calendar once, when first asked.
 */
export function workingCalendar(isWorkday: (date: string) => boolean = officialWorkday): WorkingCalendar {
  /** Per year: working days from 1 January up to and including each day of the year. */
  const years = new Map<number, { start: number; upTo: Int32Array }>();
  const year = (y: number) => {
    let kept = years.get(y);
    if (!kept) {
      const start = ordinal(`${y}-01-01`);
      const length = ordinal(`${y + 1}-01-01`) - start;
      const upTo = new Int32Array(length);
      let n = 0;
      for (let i = 0; i < length; i++) upTo[i] = n += isWorkday(dateOf(start + i)) ? 1 : 0;
      kept = { start, upTo };
      years.set(y, kept);
    }
    return kept;
  };
  /** The year of a date and its working days from 1 January up to and including the date. */
  const upTo = (date: string) => {
    const y = Number(date.slice(0, 4));
    const { start, upTo: running } = year(y);
    return { y, n: running[ordinal(date) - start]! };
  };
  const isWorkingDay = (date: string) => {
    const y = Number(date.slice(0, 4));
    const { start, upTo: running } = year(y);
    const i = ordinal(date) - start;
    return running[i]! - (i > 0 ? running[i - 1]! : 0) === 1;
  };
  return {
    isWorkingDay,
    workingDaysBetween(from, to) {
      const a = chinaDate(from);
      const b = chinaDate(to);
      if (b <= a) return 0;
      const start = upTo(a);
      const end = upTo(b);
      let count = end.n - start.n;
      // Whole years between the two: each year's total.
      for (let y = start.y; y < end.y; y++) count += year(y).upTo.at(-1)!;
      return count;
    },
    nthWorkingDayAfter(from, n) {
      let day = ordinal(chinaDate(from));
      for (let found = 0; found < n; ) if (isWorkingDay(dateOf(++day))) found++;
      return dateOf(day);
    },
  };
}
