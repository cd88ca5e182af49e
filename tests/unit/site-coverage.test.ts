/**
 * The regions, diseases, needs and appeals pages' data shaping: coverage classes (no need is
 * not 0 %), heat map layout, map geometry, the needs board's views and columns (counts of
 * people under 5 as "<5"), appeal summaries, and the queries behind them on the fixture world.
 */
import { matchesByHolder, type NeedMatch } from '../../site/lib/needs-board.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverage } from '../../api/store/queries/coverage.ts';
import { memoryDatabase, type Database } from '../../api/store/database.ts';
import { listNeeds } from '../../api/store/queries/needs.ts';
import { appealGiving, appealList, appealNeeds } from '../../api/store/queries/site-appeals.ts';
import { mappableRegions } from '../../api/store/queries/site-regions.ts';
import { barsModel } from '../../site/charts/bars-state.ts';
import { coverageClass, coverageLegend, coverageOf } from '../../site/charts/coverage-scale.ts';
import { heatmapLayout } from '../../site/charts/heatmap-state.ts';
import { needsByItem, summariseNeeds } from '../../site/lib/appeals.ts';
import { formatMinutes, perMillion } from '../../site/lib/coverage-data.ts';
import { diseaseOrder } from '../../site/lib/diseases.ts';
import { nationMap, provinceMap, rewind } from '../../site/lib/geo.ts';
import { translator } from '../../site/lib/i18n.ts';
import { createNamer } from '../../site/lib/names.ts';
import {
  boardViews,
  metInWindow,
  needColumns,
  needsTable,
  type NeedRow,
} from '../../site/lib/needs-board.ts';
import { writeFixture } from '../e2e/fixtures/fixture-db.ts';

describe('coverage classes', () => {
  it('keep "no need reported" apart from 0 % and bin the rest in fifths', () => {
    expect(coverageClass(null)).toBe('none');
    expect(coverageClass(0)).toBe('c0');
    expect(coverageClass(0.1999)).toBe('c0');
    expect(coverageClass(0.2)).toBe('c1');
    expect(coverageClass(0.79)).toBe('c3');
    expect(coverageClass(0.8)).toBe('c4');
    expect(coverageClass(1)).toBe('c4');
    expect(coverageLegend().map((e) => [e.cls, e.from, e.to])).toEqual([
      ['c0', 0, 20],
      ['c1', 20, 40],
      ['c2', 40, 60],
      ['c3', 60, 80],
      ['c4', 80, 100],
      ['none', null, null],
    ]);
  });

  it('is covered over needed, never above 1, and null when nothing was needed', () => {
    expect(coverageOf(30, 40)).toBe(0.75);
    expect(coverageOf(0, 40)).toBe(0);
    expect(coverageOf(0, 0)).toBeNull();
    expect(coverageOf(50, 40)).toBe(1);
  });
});

describe('heat map layout', () => {
  it('places a cell for every row and column, hatching the pairs with no need', () => {
    const l = heatmapLayout(
      ['E11', 'J18'],
      ['420000', '510000', '530000'],
      [
        { row: 'E11', column: '420000', coverage: 0.9 },
        { row: 'J18', column: '530000', coverage: 0 },
      ],
      { labelWidth: 100, headerHeight: 60, cell: 20 },
    );
    expect(l.cells).toHaveLength(6);
    expect(l.width).toBe(Math.ceil(100 + 3 * 20 + 60 * 0.58 + 8));
    expect(l.height).toBe(60 + 2 * 20 + 4);
    const at = (r: string, c: string) => l.cells.find((x) => x.row === r && x.column === c)!;
    expect(at('E11', '420000')).toMatchObject({ x: 100, y: 60, cls: 'c4' });
    expect(at('J18', '530000')).toMatchObject({ x: 140, y: 80, cls: 'c0', coverage: 0 });
    expect(at('E11', '510000').cls).toBe('none');
  });
});

describe('map geometry', () => {
  it('turns rings so that outer rings enclose the small side, as d3-geo reads them', () => {
    const ccw = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [100, 30],
          [101, 30],
          [101, 31],
          [100, 31],
          [100, 30],
        ],
      ],
    };
    const turned = rewind(structuredClone(ccw));
    expect(turned.coordinates[0]).toEqual([...ccw.coordinates[0]!].reverse());
    // Turning twice is turning once: a ring already right is left alone.
    expect(rewind(structuredClone(turned))).toEqual(turned);
  });

  it('draws every province by its GB/T 2260 code, with the South China Sea inset, in little markup', () => {
    const m = nationMap();
    const codes = m.shapes.map((s) => s.code);
    for (const code of ['110000', '420000', '460000', '650000', '540000']) expect(codes).toContain(code);
    for (const s of m.shapes) {
      expect(s.d, s.code).toMatch(/^M/);
      expect(s.at[0]).toBeGreaterThanOrEqual(0);
      expect(s.at[0]).toBeLessThanOrEqual(m.width);
    }
    expect(m.inset!.shapes.length).toBeGreaterThan(0);
    expect(m.shapes.reduce((n, s) => n + s.d.length, 0)).toBeLessThan(120_000);
  });

  it('draws a province by its prefectures, and a municipality by its districts', () => {
    const hubei = provinceMap('420000')!;
    expect(hubei.shapes.map((s) => s.code)).toEqual(expect.arrayContaining(['420100', '421100', '429004']));
    expect(hubei.height).toBeGreaterThan(100);
    expect(provinceMap('110000')!.shapes.map((s) => s.code)).toContain('110105');
    expect(provinceMap('999999')).toBeNull();
  });
});

describe('number shaping', () => {
  it('writes response times in minutes, hours or days, and the open-ended bucket in words', () => {
    expect(formatMinutes(45, 'en')).toBe('45 min');
    expect(formatMinutes(330, 'en')).toBe('5.5 h');
    expect(formatMinutes(4608, 'zh-CN')).toBe('3.2 天');
    expect(formatMinutes(null, 'en')).toBe('—');
    expect(formatMinutes(Number.POSITIVE_INFINITY, 'en')).toBe('over a year');
  });

  it('gives needs per million people only where the population is known', () => {
    expect(perMillion(141, 57_752_557)).toBe(2.44);
    expect(perMillion(3, null)).toBeNull();
  });

  it('orders diseases by needs reported, then code', () => {
    const row = (disease: string, needs: number) => ({ keys: { disease }, needs }) as never;
    expect(diseaseOrder([row('J18', 2), row('E11', 5), row('A15', 2)]).map((r) => r.keys.disease)).toEqual([
      'E11',
      'A15',
      'J18',
    ]);
  });

  it('puts bars on a fixed axis when asked (coverage in ‰ of 1000)', () => {
    const m = barsModel(
      [
        { key: 'a', value: 500 },
        { key: 'b', value: 1000 },
      ],
      { width: 400, labelWidth: 100, valueWidth: 100, domainMax: 1000 },
    );
    expect(m.bars.map((b) => b.width)).toEqual([100, 200]);
    expect(m.ticks.at(-1)!.value).toBe(1000);
  });
});

describe('needs and appeals on the fixture world', () => {
  let database: Database;
  let open: NeedRow[];

  beforeAll(async () => {
    database = await memoryDatabase();
    expect((await writeFixture(database)).refused).toEqual([]);
    open = (await listNeeds(database.db, { status: 'open' }, null, 1000)).map((r) => ({
      ...r.need,
      facilityName: r.facilityName,
      anonymousKind: r.anonymousFacility?.kind ?? null,
    }));
  });

  it('pre-renders a view per priority and per province, each in board order', () => {
    const views = boardViews(open, (region) => `${region.slice(0, 2)}0000`);
    expect(views[0]).toMatchObject({ key: '', kind: 'all' });
    expect(views[0]!.needs.map((n) => n.priority)).toEqual([...open.map((n) => n.priority)].sort());
    expect(views.filter((v) => v.kind === 'priority').map((v) => v.key)).toEqual([
      'priority-1',
      'priority-2',
      'priority-3',
      'priority-4',
    ]);
    expect(views.filter((v) => v.kind === 'priority').reduce((s, v) => s + v.needs.length, 0)).toBe(
      open.length,
    );
    expect(views.filter((v) => v.kind === 'province').map((v) => v.key)).toEqual([
      '420000',
      '510000',
      '530000',
      '620000',
    ]);
  });

  it('shows the board with one cell per column, "<5" for few people, and what is still lacking', async () => {
    const names = {
      regions: {},
      diseases: { J18: 'Pneumonia' },
      items: { 'n95-respirator': ['N95 respirator', '只', 'piece'] },
    } as never;
    const match = (holder: string, quantity: number, score: number) =>
      ({
        holderName: holder,
        quantity,
        score,
        lot: { holder, item: 'n95-respirator' },
      }) as unknown as NeedMatch;
    const target = open.findIndex((n) => n.item === 'n95-respirator');
    const first = open[target]!.id;
    const matches = new Map([
      [
        first,
        [
          match('Depot A', 30, 12.25),
          match('Depot B', 10, 3),
          match('Depot A', 10, 3),
          match('Depot C', 5, 2),
          match('Depot D', 1, 1),
        ],
      ],
    ]);
    const ctx = {
      locale: 'en' as const,
      t: translator('en'),
      namer: createNamer(names, 'en'),
      asOfMs: Date.parse('2026-03-01T00:00:00Z'),
      complaints: new Map(),
      matches,
    };
    const table = needsTable(open, 'Open needs', ctx);
    const suggested = table.columns.findIndex((c) => c.id === 'matches');
    // A holder's lots are offered together, at its best score; three holders at most.
    expect(table.rows[target]![suggested]!.text).toBe(
      'Depot A: 40 pieces of N95 respirator (score 12.3); Depot B: 10 pieces of N95 respirator (score 3); Depot C: 5 pieces of N95 respirator (score 2)',
    );
    expect(table.rows[target === 0 ? 1 : 0]![suggested]!.text).toBe('none idle nearby');
    // Never more than the need lacks.
    expect(matchesByHolder([match('Depot A', 150, 5), match('Depot A', 150, 4)], 170)).toEqual([
      expect.objectContaining({ holder: 'Depot A', quantity: 170, score: 5 }),
    ]);
    expect(table.columns.map((c) => c.id)).toEqual(needColumns.map((c) => c.column.id));
    expect(table.rows.every((r) => r.length === table.columns.length)).toBe(true);
    const people = table.columns.findIndex((c) => c.id === 'people');
    expect(table.rows.map((r) => r[people]!.text)).toContain('<5');
    expect(table.rows.map((r) => r[people]!.raw)).not.toContain(3);
    const n95 = open.findIndex((n) => n.item === 'n95-respirator');
    const still = table.columns.findIndex((c) => c.id === 'still_needed');
    expect(table.rows[n95]![still]).toEqual({ text: '170 of 1,000 pieces', raw: 170 });
    const category = open.findIndex((n) => n.item === null);
    expect(table.rows[category]![table.columns.findIndex((c) => c.id === 'item')]!.text).toBe(
      'any protective equipment',
    );
    expect(table.csvExtra!.rows.every((r) => r.length === table.csvExtra!.ids.length)).toBe(true);
  });

  it('says "open as of" for a historical record, never years of waiting, in both languages', () => {
    const row = (asOf: string | null) =>
      ({
        ...open[0]!,
        reportedAt: '2020-02-04T00:00:00+08:00',
        urgency: '72h',
        metAt: null,
        closedAt: null,
        asOf,
      }) as NeedRow;
    const names = { regions: {}, diseases: {}, items: {} } as never;
    const cells = (locale: 'en' | 'zh-CN', n: NeedRow) => {
      const table = needsTable([n], '', {
        locale,
        t: translator(locale),
        namer: createNamer(names, locale),
        asOfMs: Date.parse('2026-03-01T00:00:00Z'),
        complaints: new Map(),
        matches: new Map(),
      });
      const at = (id: string) => table.rows[0]![table.columns.findIndex((c) => c.id === id)]!.text;
      const csv = Object.fromEntries(table.csvExtra!.ids.map((id, i) => [id, table.csvExtra!.rows[0]![i]]));
      return { reported: at('reported_at'), urgency: at('urgency'), csv };
    };
    const history = cells('en', row('2020-02-20'));
    expect(history.reported).toBe('4 Feb 2020 (open as of 20 Feb 2020, historical record)');
    expect(history.urgency).toContain('still open on 20 Feb 2020 (historical record)');
    expect(history.csv).toMatchObject({
      age_days: 16,
      as_of: '2020-02-20',
      waited_until: '2020-02-20T00:00:00.000Z',
      waited_until_reason: 'as_of',
    });
    expect(cells('zh-CN', row('2020-02-20')).reported).toContain('历史记录');
    // Without an as-of date the same need waits until the ledger's moment.
    const live = cells('en', row(null));
    expect(live.reported).toMatch(/\(2,\d{3} days\)$/);
    expect(live.csv).toMatchObject({ as_of: null, waited_until_reason: 'ledger' });
  });

  it('measures urgency windows', () => {
    expect(
      metInWindow({ reportedAt: '2026-03-01T00:00:00Z', urgency: '72h', metAt: '2026-03-04T00:00:00Z' }),
    ).toBe(true);
    expect(
      metInWindow({ reportedAt: '2026-03-01T00:00:00Z', urgency: '72h', metAt: '2026-03-04T00:00:01Z' }),
    ).toBe(false);
    expect(metInWindow({ reportedAt: '2026-03-01T00:00:00Z', urgency: '1m', metAt: null })).toBeNull();
  });

  it('agrees with the coverage cells on needs met within their window', async () => {
    const all = (await database.client.execute('SELECT reported_at, urgency, met_at FROM needs')).rows;
    const ours = all.filter((r) =>
      metInWindow({
        reportedAt: String(r.reported_at),
        urgency: String(r.urgency),
        metAt: r.met_at === null ? null : String(r.met_at),
      }),
    ).length;
    const [total] = await coverage(database, { groupBy: [], level: 'province', period: 'month' });
    expect(ours).toBe(total!.metInWindow);
  });

  it('sums what was given toward an appeal, apart from pledges, and its needs item by item', async () => {
    expect((await appealList(database.db)).map((a) => a.id)).toEqual(['jiuzhaigou-quake-2026']);
    const given = await appealGiving(database.db);
    expect(given).toEqual([
      {
        appeal: 'jiuzhaigou-quake-2026',
        asset: 'money:CNY',
        gifts: 1,
        given: 200_000,
        used: expect.any(Number),
        pledges: 0,
        pledged: 0,
      },
    ]);
    expect(given[0]!.used).toBeLessThanOrEqual(200_000);
    const needs = await appealNeeds(database.db);
    expect(summariseNeeds(needs)).toEqual({ needs: 2, open: 1, met: 1, metInWindow: expect.any(Number) });
    const items = needsByItem([
      ...needs,
      { ...needs[1]!, id: 'x', quantity: 10, delivered: 30, status: 'met', metAt: needs[1]!.reportedAt },
    ]);
    const amox = items.find((i) => i.item === 'amoxicillin-capsules')!;
    // A need's surplus never fills another's gap: covered counts each need up to what it needed.
    expect(amox).toMatchObject({ needs: 2, needed: 210, delivered: 230, covered: 210 });
    expect(items.find((i) => i.item === null)).toMatchObject({
      key: 'category:protective_equipment',
      needed: 500,
      covered: 0,
    });
  });

  it('reads every province and prefecture, and the counties a province runs directly', async () => {
    const regions = await mappableRegions(database.db);
    const by = new Map(regions.map((r) => [r.code, r]));
    expect(regions.filter((r) => r.level === 'province')).toHaveLength(31);
    expect(by.get('421100')?.level).toBe('prefecture');
    expect(by.get('429004')?.parent).toBe('420000');
    expect(by.get('110105')?.parent).toBe('110000');
    expect(by.has('421125')).toBe(false);
  });
});
