/**
 * Data-logger files through the importer: each fixture layout read to the same summary, one
 * temperature_log per file, idempotent re-runs, and a file with an unreadable reading refused
 * whole. Fixtures are written by fixtures/make-logger-fixtures.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';
import { parseFile } from '../../api/import/grid.ts';
import { readLoggerRows, summariseReadings } from '../../api/import/logger.ts';
import type { ImportReport } from '../../api/import/report.ts';
import { openDatabase } from '../../api/store/database.ts';
import { events, lots } from '../../api/store/schema.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const eight = 8 * 60;

describe('reading logger files', () => {
  for (const [name, serial] of [
    ['logger-zh.csv', 'TR5-2026-0042'],
    ['logger-gb18030.csv', 'GB-7731'],
    ['logger-en.csv', 'EN-55012'],
  ] as const) {
    it(`reads ${name}: its serial, 229 readings, 95 minutes above 8 °C`, () => {
      const parsed = parseFile(readFileSync(fixture(name)), 'csv');
      const file = readLoggerRows(parsed.sheets[0]!.rows, eight);
      expect(file.problems).toEqual([]);
      expect(file.serial).toBe(serial);
      expect(file.readings).toHaveLength(229);
      expect(file.readings[0]!.at).toBe(Date.parse('2026-02-10T09:00:00+08:00'));
      expect(summariseReadings(file.readings, [2, 8])).toMatchObject({
        min: 2.4,
        max: 13.1,
        outsideMinutes: 95,
        readings: 229,
        intervalSeconds: 300,
      });
    });
  }

  it('names the unreadable reading between good ones', () => {
    const parsed = parseFile(readFileSync(fixture('logger-unreadable.csv')), 'csv');
    const file = readLoggerRows(parsed.sheets[0]!.rows, eight);
    expect(file.problems).toEqual([expect.objectContaining({ row: 19, field: '温度(°C)' })]);
  });

  it('counts minutes outside range exactly, whatever the order and spacing of readings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.boolean()), { minLength: 2, maxLength: 60 }),
        (steps) => {
          let t = 0;
          const readings = steps.map(([gap, out]) => ({ at: (t += gap * 60_000), celsius: out ? 9 : 5 }));
          const s = summariseReadings([...readings].reverse(), [2, 8]);
          let expected = 0;
          for (let i = 0; i + 1 < readings.length; i++)
            if (readings[i]!.celsius > 8) expected += (readings[i + 1]!.at - readings[i]!.at) / 60_000;
          if (readings.at(-1)!.celsius > 8) expected += s.intervalSeconds / 60;
          expect(s.outsideMinutes).toBe(Math.ceil(expected));
          expect(s.outsideMinutes === 0).toBe(readings.every((r) => r.celsius <= 8));
        },
      ),
    );
  });
});

describe('aidtrail import --as temperatures', () => {
  let dir: string;
  let err: string[];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aidtrail-logger-'));
    vi.stubEnv('DATABASE_URL', `file:${join(dir, 'test.db')}`);
    vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'test.key'));
    err = [];
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
    await main(['init', '--empty']);
    for (const [id, kind] of [
      ['charity', 'charity'],
      ['maker', 'company'],
      ['clinic', 'village_clinic'],
    ] as const)
      await main(['org', 'create', '--name', `机构${id}`, '--kind', kind, '--region', '421125', '--id', id]);
    const goods = { item: 'hepatitis-b-vaccine', quantity: 200, lot: 'HB2026A', expiresOn: '2027-06-30' };
    const lines = [
      {
        recordedBy: 'charity',
        event: {
          type: 'donation',
          occurredAt: '2026-02-10T08:00:00+08:00',
          donor: 'maker',
          recipient: 'charity',
          goods,
        },
      },
      {
        recordedBy: 'charity',
        event: { type: 'transfer', occurredAt: '2026-02-10T08:30:00+08:00', to: 'clinic', goods },
      },
    ];
    writeFileSync(join(dir, 'setup.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(await main(['import', join(dir, 'setup.ndjson')])).toBe(0);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const withDb = async <T>(read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>) => {
    const database = await openDatabase(`file:${join(dir, 'test.db')}`);
    try {
      return await read(database.db);
    } finally {
      database.close();
    }
  };
  const report = async (...args: string[]) => {
    const path = join(dir, 'report.json');
    const status = await main([...args, '--report', path]);
    return { status, report: JSON.parse(readFileSync(path, 'utf8')) as ImportReport };
  };

  it('records one temperature_log for the shipment, quarantines it, and writes nothing twice', async () => {
    const dry = await report(
      'import',
      fixture('logger-zh.csv'),
      '--as',
      'temperatures',
      '--shipment',
      'evt_2',
      '--dry-run',
    );
    expect(dry.status).toBe(0);
    expect(dry.report).toMatchObject({ rows: 229, accepted: 229, refused: 0, created: { events: 0 } });
    expect(await withDb(async (db) => (await db.select().from(events)).length)).toBe(2);

    const run = await report(
      'import',
      fixture('logger-zh.csv'),
      '--as',
      'temperatures',
      '--shipment',
      'evt_2',
    );
    expect(run.status).toBe(0);
    expect(run.report).toMatchObject({
      accepted: 229,
      created: { events: 1 },
      stages: { parse: { encoding: 'utf-8' } },
    });
    const leaves = await withDb(async (db) =>
      (await db.select().from(events).orderBy(asc(events.seq))).map((e) => JSON.parse(e.leaf)),
    );
    expect(leaves[2]).toMatchObject({
      recordedBy: 'clinic',
      event: {
        type: 'temperature_log',
        shipment: 'evt_2',
        min: 2.4,
        max: 13.1,
        outsideMinutes: 95,
        range: [2, 8],
        readings: 229,
        firstReadingAt: '2026-02-10T09:00:00+08:00',
        lastReadingAt: '2026-02-11T04:00:00+08:00',
        occurredAt: '2026-02-11T04:00:00+08:00',
        logger: 'TR5-2026-0042',
      },
    });
    const inQuarantine = await withDb(async (db) =>
      (await db.select().from(lots)).filter((l) => l.quarantine),
    );
    expect(inQuarantine.map((l) => [l.amount, l.quarantine])).toEqual([[200, 'evt_3']]);

    // Again, and the same readings in another layout by the same recorder: nothing new.
    const again = await report(
      'import',
      fixture('logger-zh.csv'),
      '--as',
      'temperatures',
      '--shipment',
      'evt_2',
    );
    expect(again.report).toMatchObject({ alreadyImported: 229, created: { events: 0 } });
    const gb = await report(
      'import',
      fixture('logger-gb18030.csv'),
      '--as',
      'temperatures',
      '--shipment',
      'evt_2',
    );
    expect(gb.report).toMatchObject({ created: { events: 0 }, stages: { parse: { encoding: 'gb18030' } } });
    expect(await withDb(async (db) => (await db.select().from(events)).length)).toBe(3);
  });

  it('refuses a file with an unreadable reading, and wrong options, writing nothing', async () => {
    const bad = await report(
      'import',
      fixture('logger-unreadable.csv'),
      '--as',
      'temperatures',
      '--shipment',
      'evt_2',
    );
    expect(bad.status).toBe(2);
    expect(bad.report.problems[0]).toMatchObject({ row: 19 });
    expect(err.join('\n')).toContain('row 19');
    for (const args of [
      ['--shipment', 'evt_9'],
      ['--shipment', 'evt_1'],
      ['--lot', 'HB2026A'],
      ['--shipment', 'evt_2', '--range', '8,2'],
      ['--shipment', 'evt_2', '--utc-offset', 'CST'],
    ])
      expect(
        await main(['import', fixture('logger-en.csv'), '--as', 'temperatures', ...args]),
        args.join(' '),
      ).toBe(2);
    // A range wider than the vaccine's is refused by the ledger, and reported.
    const wide = await report(
      'import',
      fixture('logger-en.csv'),
      '--as',
      'temperatures',
      '--shipment',
      'evt_2',
      '--range',
      '0,10',
    );
    expect(wide.status).toBe(2);
    expect(wide.report.problems.at(-1)!.detail).toContain('storage range');
    expect(await withDb(async (db) => (await db.select().from(events)).length)).toBe(2);
  });
});
