/**
 * Monthly demand forecasts a reader can follow by hand: a seasonal index per calendar month,
 * a straight-line trend through the deseasonalized months, and their product ahead. The
 * back-test trains the same method on the first part of the history and scores it on the
 * rest (MAPE), so the error shown is the error of the method as used.
 */

export const forecastMethod = {
  seasonal: [
    'Monthly demand = goods used by facilities in the region that month + needs reported that month that recorded deliveries did not meet.',
    'Seasonal index of a calendar month = the mean, over the history, of that month’s demand ÷ the centred 12-month moving average around it (which takes out level and trend), scaled so the twelve indices average 1. It needs at least 24 months.',
    'Deseasonalized demand = demand ÷ its month’s index; a least-squares straight line through it gives the level and the trend.',
    'Forecast for a month ahead = (line extended to that month) × that month’s index, never below 0.',
    'Back-test: the last third of the months (at least 3) are held out; the method is fitted on the months before them, and MAPE = mean |actual − forecast| ÷ actual over the held-out months with demand.',
  ],
  level: [
    'Monthly demand = goods used by facilities in the region that month + needs reported that month that recorded deliveries did not meet.',
    'With less than 24 months of history no season can be measured: the forecast is the mean of the last 3 months, flat.',
    'Back-test: the last third of the months (at least 3) are held out and forecast by the mean of the 3 months before them; MAPE as above.',
  ],
} as const;

export type ForecastMethodName = keyof typeof forecastMethod;
export const seasonalMinimumMonths = 24;

/** `YYYY-MM` plus `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

export const monthsBetween = (from: string, to: string) => {
  const [a, b] = [from, to].map((s) => {
    const [y, m] = s.split('-').map(Number) as [number, number];
    return y * 12 + m;
  }) as [number, number];
  return b - a;
};

const calendarMonth = (month: string) => Number(month.slice(5, 7));
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);

/**
 * Index per calendar month (1–12), by classical decomposition: each month's demand ÷ the
 * centred 12-month moving average around it (which takes out level and trend), averaged per
 * calendar month and scaled so the twelve average 1. A month without a ratio reads 1.
 */
export function seasonalIndex(series: readonly number[], start: string): number[] {
  const ratios: number[][] = Array.from({ length: 12 }, () => []);
  for (let t = 6; t + 6 < series.length; t++) {
    let sum = (series[t - 6]! + series[t + 6]!) / 2;
    for (let k = t - 5; k <= t + 5; k++) sum += series[k]!;
    const centred = sum / 12;
    if (centred > 0) ratios[calendarMonth(addMonths(start, t)) - 1]!.push(series[t]! / centred);
  }
  const raw = ratios.map((xs) => (xs.length ? mean(xs) : 1));
  const scale = mean(raw);
  return scale > 0 ? raw.map((r) => r / scale) : raw.map(() => 1);
}

export interface Fit {
  method: ForecastMethodName;
  index: number[];
  /** Deseasonalized line: value at month i of the history = intercept + slope × i. */
  intercept: number;
  slope: number;
}

export function fit(series: readonly number[], start: string): Fit {
  if (series.length < seasonalMinimumMonths) {
    const tail = series.slice(-3);
    return { method: 'level', index: Array.from({ length: 12 }, () => 1), intercept: mean(tail), slope: 0 };
  }
  const index = seasonalIndex(series, start);
  const xs: number[] = [];
  const ys: number[] = [];
  series.forEach((v, i) => {
    const s = index[calendarMonth(addMonths(start, i)) - 1]!;
    if (s > 0) {
      xs.push(i);
      ys.push(v / s);
    }
  });
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, k) => {
    sxy += (x - mx) * (ys[k]! - my);
    sxx += (x - mx) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { method: 'seasonal', index, intercept: my - slope * mx, slope };
}

/** Demand for the `horizon` months after the history, rounded to whole units. */
export function project(f: Fit, length: number, start: string, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, h) => {
    const i = length + h;
    const month = addMonths(start, i);
    const base = f.method === 'level' ? f.intercept : f.intercept + f.slope * i;
    return Math.max(0, Math.round(base * f.index[calendarMonth(month) - 1]!));
  });
}

export interface Backtest {
  method: ForecastMethodName;
  trainMonths: number;
  testMonths: number;
  /** Mean absolute percentage error over held-out months with demand (0.12 = 12%); null if none had demand. */
  mape: number | null;
  /** Mean absolute error in units. */
  mae: number;
  points: Array<{ month: string; actual: number; forecast: number }>;
}

/** MAPE over pairs whose actual is above zero; null when there are none. */
export function mape(actual: readonly number[], forecast: readonly number[]): number | null {
  const errors = actual.flatMap((a, i) => (a > 0 ? [Math.abs(a - forecast[i]!) / a] : []));
  return errors.length ? mean(errors) : null;
}

/** The last third (at least 3) held out; null when fewer than 3 months would remain to train on. */
export function backtest(series: readonly number[], start: string): Backtest | null {
  const test = Math.max(3, Math.floor(series.length / 3));
  const train = series.length - test;
  if (train < 3) return null;
  const f = fit(series.slice(0, train), start);
  const predicted = project(f, train, start, test);
  const actual = series.slice(train);
  return {
    method: f.method,
    trainMonths: train,
    testMonths: test,
    mape: mape(actual, predicted),
    mae: mean(actual.map((a, i) => Math.abs(a - predicted[i]!))),
    points: actual.map((a, i) => ({
      month: addMonths(start, train + i),
      actual: a,
      forecast: predicted[i]!,
    })),
  };
}

/** The 30-day peak rule: 30 days of the highest daily demand of any month (history or forecast). */
export function thirtyDayPeak(months: ReadonlyArray<{ month: string; demand: number }>): {
  month: string | null;
  dailyDemand: number;
  target: number;
} {
  let best: { month: string | null; dailyDemand: number } = { month: null, dailyDemand: 0 };
  for (const m of months) {
    const daily = m.demand / daysInMonth(m.month);
    if (daily > best.dailyDemand) best = { month: m.month, dailyDemand: daily };
  }
  return { ...best, target: Math.ceil(best.dailyDemand * 30) };
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
