import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  backtest,
  fit,
  mape,
  project,
  seasonalIndex,
  thirtyDayPeak,
} from '../../api/domain/forecast.ts';

/** Known seasonality: winter months twice the summer ones, on a slowly rising level. */
const season = [2, 1.8, 1.4, 1, 0.8, 0.6, 0.5, 0.5, 0.7, 1, 1.3, 1.6];
const meanSeason = season.reduce((s, x) => s + x, 0) / 12;
const synthetic = (months: number, start = '2022-01', trend = 0) =>
  Array.from({ length: months }, (_, i) => {
    const m = Number(addMonths(start, i).slice(5)) - 1;
    return (100 + trend * i) * season[m]!;
  });

describe('seasonal index', () => {
  it('recovers a known season, scaled to average 1', () => {
    const index = seasonalIndex(synthetic(36), '2022-01');
    index.forEach((s, m) => expect(s).toBeCloseTo(season[m]! / meanSeason, 10));
    expect(index.reduce((s, x) => s + x, 0) / 12).toBeCloseTo(1, 10);
  });

  it('aligns calendar months whatever month the history starts in', () => {
    const index = seasonalIndex(synthetic(24, '2022-07'), '2022-07');
    expect(index[0]).toBeCloseTo(season[0]! / meanSeason, 10);
    expect(index[6]).toBeCloseTo(season[6]! / meanSeason, 10);
  });

  it('reads 1 for a history without demand', () => {
    expect(seasonalIndex([0, 0, 0], '2024-01')).toEqual(Array.from({ length: 12 }, () => 1));
  });
});

describe('forecast', () => {
  it('projects a seasonal series with a trend exactly, up to rounding', () => {
    const series = synthetic(36, '2022-01', 2);
    const f = fit(series, '2022-01');
    expect(f.method).toBe('seasonal');
    const ahead = project(f, 36, '2022-01', 6);
    const truth = synthetic(42, '2022-01', 2).slice(36);
    // The index is estimated from a trending series, so allow a few per cent.
    ahead.forEach((v, i) => expect(Math.abs(v - truth[i]!) / truth[i]!).toBeLessThan(0.06));
  });

  it('falls back to the level of the last three months without two years of history', () => {
    const f = fit([10, 20, 30, 40, 50], '2024-01');
    expect(f.method).toBe('level');
    expect(project(f, 5, '2024-01', 3)).toEqual([40, 40, 40]);
  });

  it('never forecasts below zero', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 24, maxLength: 60 }), (series) => {
        const f = fit(series, '2020-01');
        for (const v of project(f, series.length, '2020-01', 6)) expect(v).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe('back-test', () => {
  it('trains on the first two thirds and scores the last third', () => {
    const b = backtest(synthetic(36), '2022-01')!;
    expect(b.trainMonths).toBe(24);
    expect(b.testMonths).toBe(12);
    expect(b.points[0]!.month).toBe('2024-01');
    expect(b.method).toBe('seasonal');
    // A pure seasonal series is forecast almost exactly by the seasonal method.
    expect(b.mape!).toBeLessThan(0.01);
  });

  it('scores the level method when the training part is short, and the season shows as error', () => {
    const b = backtest(synthetic(24), '2022-01')!;
    expect(b.method).toBe('level');
    expect(b.trainMonths).toBe(16);
    expect(b.mape!).toBeGreaterThan(0.2);
  });

  it('computes MAPE over months with demand only', () => {
    expect(mape([100, 0, 50], [90, 10, 60])).toBeCloseTo((0.1 + 0.2) / 2, 12);
    expect(mape([0, 0], [1, 2])).toBeNull();
  });
});

describe('30-day peak rule', () => {
  it('takes 30 days of the highest daily demand', () => {
    const peak = thirtyDayPeak([
      { month: '2025-01', demand: 310 },
      { month: '2025-02', demand: 300 },
    ]);
    expect(peak.month).toBe('2025-02'); // 300 / 28 > 310 / 31
    expect(peak.target).toBe(Math.ceil((300 / 28) * 30));
  });
});
