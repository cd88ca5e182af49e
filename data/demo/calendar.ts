/**
 * The demo's timeline: one year of China Standard Time (UTC+08:00) days ending at a fixed
 * date, so the same seed always tells the same year. Days are counted from 0 at the start;
 * times inside a day are seconds after local midnight.
 */
export interface Timeline {
  /** First day, YYYY-MM-DD (local). */
  start: string;
  /** Last day, YYYY-MM-DD (local); "now" for the dataset. */
  end: string;
  days: number;
}

const dayMs = 86_400_000;
const offsetMs = 8 * 3_600_000;

export function timeline(start = '2025-04-01', end = '2026-03-31'): Timeline {
  return {
    start,
    end,
    days: Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / dayMs) + 1,
  };
}

/** The local date `day` days after `t.start`. */
export const dateOf = (t: Timeline, day: number): string => addDays(t.start, day);

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Day index of a local date (may be negative or past the end). */
export const dayOf = (t: Timeline, date: string): number =>
  Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${t.start}T00:00:00Z`)) / dayMs);

/** The instant of local time `second` on `day`. */
export const instantOf = (t: Timeline, day: number, second: number): Date =>
  new Date(Date.parse(`${t.start}T00:00:00Z`) + day * dayMs + Math.floor(second) * 1000 - offsetMs);

/** RFC 3339 with the +08:00 offset, as a Chinese organization would write it. */
export function localStamp(date: string, second: number): string {
  const s = Math.min(86_399, Math.max(0, Math.floor(second)));
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:${ss}+08:00`;
}

/** A smooth bump: 1 at `peak`, falling to ~0 about `width` days either side; 0 outside [from, to]. */
export function bump(day: number, from: number, peak: number, to: number): number {
  if (day < from || day > to) return 0;
  const width = day < peak ? Math.max(1, peak - from) : Math.max(1, to - peak);
  const x = (day - peak) / width;
  return Math.exp(-4 * x * x);
}
