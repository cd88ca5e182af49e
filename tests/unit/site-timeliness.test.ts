/** An organization's timeliness and idle share as the site shows them, and the downloads the data page lists. */
import { describe, expect, it } from 'vitest';
import { publicTables } from '../../api/store/exports/public-tables.ts';
import { downloadGroups } from '../../site/lib/downloads.ts';
import { translator } from '../../site/lib/i18n.ts';
import { formatMinutes, idleFigure, idleFlagged, timelinessFigure } from '../../site/lib/timeliness.ts';

const asOf = '2026-03-31T00:00:00.000Z';
const hoursAfter = (iso: string, h: number) => new Date(Date.parse(iso) + h * 3_600_000).toISOString();
const reported = '2026-03-01T00:00:00.000Z';

describe('timeliness of a facility', () => {
  it('says durations the way people do, in both languages', () => {
    expect(formatMinutes(null, 'en')).toBe('—');
    expect(formatMinutes(45, 'en')).toBe('45 min');
    expect(formatMinutes(90, 'en')).toBe('1.5 h');
    expect(formatMinutes(47 * 60, 'zh-CN')).toBe('47 小时');
    expect(formatMinutes(1440 * 3.25, 'en')).toBe('3.3 days');
    expect(formatMinutes(1440 * 4, 'zh-CN')).toBe('4 天');
  });

  it('gives median and 90th percentile response and the share met within the window, as the API rule does', () => {
    const needs = [
      {
        urgency: '24h' as const,
        reportedAt: reported,
        firstDeliveryAt: hoursAfter(reported, 2),
        metAt: hoursAfter(reported, 10),
      },
      {
        urgency: '24h' as const,
        reportedAt: reported,
        firstDeliveryAt: hoursAfter(reported, 30),
        metAt: hoursAfter(reported, 30),
      },
      {
        urgency: '1w' as const,
        reportedAt: reported,
        firstDeliveryAt: hoursAfter(reported, 100),
        metAt: null,
      },
      { urgency: '1m' as const, reportedAt: '2026-03-30T00:00:00.000Z', firstDeliveryAt: null, metAt: null },
    ];
    const f = timelinessFigure(needs, asOf, translator('en'), 'en')!;
    expect(f.outcome.responseMinutesP50).toBe(30 * 60);
    expect(f.outcome.responseMinutesP90).toBe(100 * 60);
    // Judged: the two met ones and the 1-week need whose window has closed; the 1-month one is still open.
    expect(f.outcome.judged).toBe(3);
    expect(f.outcome.metWithinWindow).toBe(1);
    expect(f.stats.map((s) => s.value)).toEqual(['30 h', '4.2 days', '33%']);
    const raw = Object.fromEntries(f.table.rows.map((r) => [r[0]!.raw, r[1]!.raw]));
    expect(raw).toMatchObject({
      needs: 4,
      delivered: 3,
      p50: 1800,
      p90: 6000,
      met: 2,
      judged: 3,
      inWindow: 1,
      share: 0.3333,
    });
    expect(f.rule).toContain('6 h, 24 h, 72 h, 7 days, 30 days');
    expect(timelinessFigure([], asOf, translator('en'), 'en')).toBeNull();
  });

  it('flags an idle share above 30 %, and states the rule in the page language', () => {
    expect(idleFlagged(0.3)).toBe(false);
    expect(idleFlagged(0.31)).toBe(true);
    expect(idleFlagged(null)).toBe(false);
    const f = idleFigure(
      { receivedValue: 100_000, idleValue: 40_000, idleShare: 0.4 },
      asOf,
      translator('zh-CN'),
      'zh-CN',
    );
    expect(f.flagged).toBe(true);
    expect(f.table.rows.map((r) => r[1]!.text)).toEqual(['¥1,000.00', '¥400.00', '40%', '是']);
    expect(f.rule).toContain('30 天');
    expect(f.rule).toContain('超过 30% 的持有方被标记');
  });
});

describe('the data page downloads', () => {
  it('lists every public table as CSV and NDJSON, and the log, snapshot and package files, each once', () => {
    const names = downloadGroups('en').flatMap((g) => g.entries.flatMap((e) => e.files.map((f) => f.name)));
    expect(new Set(names).size).toBe(names.length);
    for (const t of publicTables)
      expect(names).toEqual(expect.arrayContaining([`${t.name}.csv`, `${t.name}.ndjson`]));
    expect(names).toEqual(
      expect.arrayContaining([
        'events.ndjson',
        'checkpoint.txt',
        'aidtrail.sqlite',
        'datapackage.json',
        'SHA256SUMS',
        'SHA256SUMS.note',
      ]),
    );
    // Chinese titles come from the export's own table specs.
    expect(downloadGroups('zh-CN')[1]!.entries[0]!.title).toBe(publicTables[0]!.titleZh);
  });
});
