/**
 * Each fixture through the command line, as a clerk would run it: dry run, import, re-run.
 * The report is checked against the contract's shape and the ledger against what the sheet
 * says. The fixtures are written by fixtures/make-fixtures.ts; every name in them is invented.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';
import { openDatabase } from '../../api/store/database.ts';
import { events, needs, organizationAliases, organizations } from '../../api/store/schema.ts';
import type { ImportReport } from '../../api/import/report.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
let dir: string;
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-import-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'test.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'test.key'));
  err = [];
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const run = (...args: string[]) => main(args);
const report = async (...args: string[]) => {
  const path = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  const status = await run(...args, '--report', path);
  return { status, report: JSON.parse(readFileSync(path, 'utf8')) as ImportReport };
};
const ledger = async <T>(read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>) => {
  const database = await openDatabase(`file:${join(dir, 'test.db')}`);
  try {
    return await read(database.db);
  } finally {
    database.close();
  }
};
const eventCount = () => ledger(async (db) => (await db.select().from(events)).length);

async function withOrganizations() {
  await run('init', '--empty');
  expect(await run('org', 'import', fixture('organizations.csv'), '--confirm')).toBe(0);
}

describe('org import', () => {
  it('matches names and places, guesses kinds only when confirmed, adds aliases and English names', async () => {
    await run('init', '--empty');
    const dry = await report('org', 'import', fixture('organizations.csv'), '--dry-run');
    expect(dry.status).toBe(2);
    expect(dry.report).toMatchObject({
      rows: 7,
      accepted: 5,
      refused: 2,
      created: { organizations: 5, events: 0 },
    });
    expect(dry.report.problems.map((p) => p.detail)).toEqual([
      expect.stringContaining('guessed "health_centre"'),
      expect.stringContaining('guessed "health_centre"'),
    ]);
    expect(await ledger((db) => db.select().from(organizations))).toEqual([]);

    const done = await report('org', 'import', fixture('organizations.csv'), '--confirm');
    expect(done.report).toMatchObject({ rows: 7, accepted: 7, refused: 0, created: { organizations: 7 } });
    const orgs = await ledger((db) => db.select().from(organizations).orderBy(asc(organizations.id)));
    const byName = new Map(orgs.map((o) => [o.name, o]));
    // A former county name and a development zone land on today's codes.
    expect(byName.get('监利县康宁医院')).toMatchObject({ region: '421088', kind: 'hospital' });
    expect(byName.get('光谷未来社区卫生服务中心')).toMatchObject({ region: '420111', kind: 'health_centre' });
    expect(byName.get('黄冈仁和医院')).toMatchObject({
      nameEn: 'Huanggang Renhe Hospital',
      region: '421102',
    });
    expect(byName.get('浠水县清泉卫生院')!.nameEn).toBe('Xishui County Qingquan Health Centre');
    const aliases = await ledger((db) => db.select().from(organizationAliases));
    expect(aliases).toContainEqual({ organization: byName.get('黄冈仁和医院')!.id, alias: '仁和医院' });

    // Again: everything is matched, nothing created twice.
    const again = await report('org', 'import', fixture('organizations.csv'));
    expect(again.report).toMatchObject({ accepted: 7, created: { organizations: 0 } });
    expect(await ledger((db) => db.select().from(organizations))).toHaveLength(7);
  });

  it('lists an ambiguous name with its candidates instead of merging it', async () => {
    await withOrganizations();
    const file = join(dir, 'more.csv');
    // "仁和医院" is an alias of the Huanggang hospital, but this row places it in Yichang.
    writeFileSync(file, '名称,地区,类型\n仁和医院,宜昌市,hospital\n黄冈仁和医院 ,黄冈市,hospital\n');
    const { report: r } = await report('org', 'import', file);
    expect(r).toMatchObject({ accepted: 1, refused: 1, created: { organizations: 0 } });
    expect(await ledger((db) => db.select().from(organizations))).toHaveLength(7);
    expect(r.unresolved.organizations).toEqual([
      expect.objectContaining({
        text: '仁和医院',
        count: 1,
        candidates: expect.arrayContaining([
          expect.objectContaining({ id: 'huanggang-renhe-hospital' }),
          expect.objectContaining({ id: 'yichang-renhe-hospital' }),
        ]),
      }),
    ]);
  });
});

describe('import of a needs list (CSV in GB18030, long layout)', () => {
  it('dry run, import, re-run: reports the same, writes once, never twice', async () => {
    await withOrganizations();
    const dry = await report('import', fixture('needs-gb18030.csv'), '--dry-run');
    expect(dry.report).toMatchObject({
      rows: 9,
      accepted: 7,
      refused: 2,
      created: { organizations: 0, events: 7 },
      unresolved: { organizations: [], regions: [], items: [{ text: '量子护盾', count: 1, candidates: [] }] },
    });
    expect(dry.report.stages.parse.encoding).toBe('gb18030');
    expect(dry.report.stages.normalise.totalsRowsSkipped).toEqual([12]);
    expect(dry.report.stages.normalise.ignoredColumns).toContain(
      '联系电话 (contact details are never stored)',
    );
    expect(dry.report.problems).toEqual([
      { row: 9, field: 'unit', detail: expect.stringContaining('state the pack size') },
      { row: 10, field: 'item', detail: expect.stringContaining('量子护盾') },
    ]);
    expect(await eventCount()).toBe(0);

    const done = await report('import', fixture('needs-gb18030.csv'));
    expect(done.report).toMatchObject({ accepted: 7, refused: 2, created: { events: 7 } });
    const rows = await ledger((db) => db.select().from(needs).orderBy(asc(needs.seq)));
    expect(rows.map((n) => [n.facility, n.item, n.quantity, n.reportedAt])).toEqual([
      ['jianli-xiankangning-hospital', 'n95-respirator', 20_000, '2020-02-04T00:00:00+08:00'],
      ['jianli-xiankangning-hospital', 'surgical-mask', 10, '2020-02-04T00:00:00+08:00'],
      ['jianli-xiankangning-hospital', 'protective-coverall', 1_200, '2020-02-05T00:00:00+08:00'],
      ['huanggang-renhe-hospital', 'protective-goggles', 300, '2020-02-06T00:00:00+08:00'],
      ['huanggang-renhe-hospital', 'protective-goggles', 3_000, '2020-02-06T00:00:00+08:00'],
      ['huanggang-renhe-hospital', 'kn95-respirator', 5_000, '2020-02-06T00:00:00+08:00'],
      [
        'guangguweilai-community-health-service-centre',
        'infrared-thermometer',
        20,
        '2020-02-07T00:00:00+08:00',
      ],
    ]);
    // Nothing of the contact column, and no replacement character, reached the log.
    const leaves = await ledger(async (db) => (await db.select().from(events)).map((e) => e.leaf).join('\n'));
    expect(leaves).not.toContain('13800000000');
    expect(leaves).not.toContain('\uFFFD');

    const again = await report('import', fixture('needs-gb18030.csv'));
    expect(again.report).toMatchObject({ accepted: 7, alreadyImported: 7, created: { events: 0 } });
    expect(await eventCount()).toBe(7);

    // A mapping fixes what was unresolved; only the newly resolved rows are written.
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ items: { 量子护盾: 'face-shield' } }));
    const fixed = await report('import', fixture('needs-gb18030.csv'), '--map', map);
    expect(fixed.report).toMatchObject({ accepted: 8, alreadyImported: 7, created: { events: 1 } });
    expect(await eventCount()).toBe(8);
  });
});

describe('import of a wide needs sheet (.xlsx)', () => {
  it('reads merged two-row headers, the standards row, and "1" as needed with the amount not stated', async () => {
    await withOrganizations();
    const { report: r } = await report(
      'import',
      fixture('needs-wide.xlsx'),
      '--as-of',
      '2020-02-08',
      '--dry-run',
    );
    expect(r.stages.normalise).toMatchObject({
      headerRows: [3, 4],
      columns: { '医院信息 / 医院名称': 'organization', '医院信息 / 所在地区': 'region' },
      itemColumns: [
        { header: '医用防护口罩', standard: 'GB19083' },
        { header: '医用外科口罩', standard: 'YY0469' },
        { header: '防护服', standard: 'GB19082' },
        { header: '护目镜', standard: '' },
      ],
    });
    expect(r.stages.normalise.instructions[0]).toContain('1');
    expect(r.stages.normalise.unstatedQuantity).toContain('1');
    expect(r).toMatchObject({ rows: 9, accepted: 9, refused: 0 });

    const done = await report(
      'import',
      fixture('needs-wide.xlsx'),
      '--as-of',
      '2020-02-08',
      '--recorded-by',
      'jingchuzhiyuanzhelianmeng',
    );
    expect(done.report).toMatchObject({ accepted: 9, created: { events: 9 } });
    const rows = await ledger((db) => db.select().from(needs).orderBy(asc(needs.seq)));
    expect(rows.map((n) => [n.facility, n.item, n.quantityStated ? n.quantity : 'not stated'])).toEqual([
      ['jianli-xiankangning-hospital', 'n95-respirator', 'not stated'],
      ['jianli-xiankangning-hospital', 'surgical-mask', 200],
      ['jianli-xiankangning-hospital', 'protective-coverall', 'not stated'],
      ['jianli-xiankangning-hospital', 'protective-goggles', 50],
      ['huanggang-renhe-hospital', 'n95-respirator', 'not stated'],
      ['huanggang-renhe-hospital', 'surgical-mask', 'not stated'],
      ['huanggang-renhe-hospital', 'protective-goggles', 'not stated'],
      ['xishui-county-qingquan-health-centre', 'n95-respirator', 500],
      ['xishui-county-qingquan-health-centre', 'protective-coverall', 'not stated'],
    ]);
    // The volunteers' group recorded them on the facilities' behalf, and every need says so.
    expect(new Set(rows.map((n) => n.reportedBy))).toEqual(new Set(['jingchuzhiyuanzhelianmeng']));
    expect(rows.every((n) => n.reportedAt === '2020-02-08T00:00:00+08:00')).toBe(true);
  });
});

describe('import of a needs list published on a date (--as-of)', () => {
  it('marks every need as known only as of that date, and refuses rows dated after it', async () => {
    await withOrganizations();
    const done = await report('import', fixture('needs-as-of.csv'), '--as-of', '2020-02-20');
    expect(done.report).toMatchObject({ rows: 3, accepted: 2, refused: 1, created: { events: 2 } });
    expect(done.report.problems).toEqual([
      { row: 4, field: 'asOf', detail: expect.stringContaining('not before') },
    ]);
    const rows = await ledger((db) => db.select().from(needs).orderBy(asc(needs.seq)));
    expect(rows.map((n) => [n.facility, n.reportedAt, n.asOf])).toEqual([
      ['huanggang-renhe-hospital', '2020-02-20T00:00:00+08:00', '2020-02-20'],
      ['jianli-xiankangning-hospital', '2020-02-04T00:00:00+08:00', '2020-02-20'],
    ]);
    // The public log carries the as-of date with each need.
    const leaves = await ledger(async (db) => (await db.select().from(events)).map((e) => e.leaf));
    expect(leaves.filter((l) => l.includes('"asOf":"2020-02-20"'))).toHaveLength(2);
  });
});

describe('import of a charity disclosure (.xls)', () => {
  it('records money in 万元 and goods by the box, anonymous donors as anonymous', async () => {
    await withOrganizations();
    const { status, report: r } = await report(
      'import',
      fixture('donations.xls'),
      '--as',
      'donations',
      '--recorded-by',
      'jiangcheng-aixin-foundation',
    );
    expect(status).toBe(0);
    expect(r).toMatchObject({ rows: 4, accepted: 4, refused: 0, created: { events: 4 } });
    const bodies = await ledger(async (db) =>
      (await db.select().from(events).where(eq(events.type, 'donation'))).map(
        (e) => JSON.parse(e.leaf).event,
      ),
    );
    expect(bodies.map((b) => b.money ?? b.goods)).toEqual([
      { currency: 'CNY', amount: 5_000_000 },
      { currency: 'CNY', amount: 50_000 },
      { item: 'surgical-mask', quantity: 800 },
      { item: 'chlorine-disinfectant', quantity: 1_000 },
    ]);
    expect(bodies[1]).toMatchObject({ anonymous: true, donorKind: 'individual' });
    expect(bodies[0].occurredAt).toBe('2020-02-03T00:00:00+08:00');
  });
});

describe('import of opening balances (CSV), then the hand-outs they make possible', () => {
  it("records stock of unknown provenance once, after which the day's hand-outs are accepted", async () => {
    await withOrganizations();
    const charity = 'jiangcheng-aixin-foundation';
    const handOuts = ['import', fixture('hand-outs.csv'), '--as', 'transfers', '--recorded-by', charity];
    // The disclosure never listed the gifts that built the stock: every hand-out is short.
    const refused = await report(...handOuts);
    expect(refused.status).toBe(2);
    expect(refused.report).toMatchObject({ rows: 3, accepted: 0, refused: 3 });
    expect(await eventCount()).toBe(0);

    const balances = [
      'import',
      fixture('opening-balances.csv'),
      '--as',
      'balances',
      '--recorded-by',
      charity,
    ];
    const dry = await report(...balances, '--as-of', '2020-02-01', '--dry-run');
    expect(dry.report).toMatchObject({ rows: 3, accepted: 3, refused: 0, created: { events: 3 } });
    expect(await eventCount()).toBe(0);
    const done = await report(...balances, '--as-of', '2020-02-01');
    expect(done.status).toBe(0);
    expect(done.report).toMatchObject({ rows: 3, accepted: 3, refused: 0, created: { events: 3 } });
    const bodies = await ledger(async (db) =>
      (await db.select().from(events).where(eq(events.type, 'opening_balance'))).map(
        (e) => JSON.parse(e.leaf).event,
      ),
    );
    expect(bodies).toEqual([
      {
        type: 'opening_balance',
        occurredAt: '2020-02-01T00:00:00+08:00',
        asOf: '2020-02-01',
        goods: { item: 'n95-respirator', quantity: 20_000, lot: 'N95-2001', expiresOn: '2022-12-31' },
        source: 'opening-balances.csv',
      },
      {
        type: 'opening_balance',
        occurredAt: '2020-02-01T00:00:00+08:00',
        asOf: '2020-02-01',
        goods: { item: 'surgical-mask', quantity: 300 },
        source: 'opening-balances.csv',
      },
      {
        type: 'opening_balance',
        occurredAt: '2020-02-01T00:00:00+08:00',
        asOf: '2020-02-01',
        money: { currency: 'CNY', amount: 1_200_050 },
        source: '2019年度审计报告',
      },
    ]);
    // A re-run writes nothing twice.
    const again = await report(...balances, '--as-of', '2020-02-01');
    expect(again.report).toMatchObject({ accepted: 3, alreadyImported: 3, created: { events: 0 } });

    const accepted = await report(...handOuts);
    expect(accepted.status).toBe(0);
    expect(accepted.report).toMatchObject({ rows: 3, accepted: 3, refused: 0, created: { events: 3 } });
    expect(await eventCount()).toBe(6);
  });

  it('needs a date and the recording holder', async () => {
    await withOrganizations();
    const { status, report: r } = await report(
      'import',
      fixture('opening-balances.csv'),
      '--as',
      'balances',
      '--recorded-by',
      'jiangcheng-aixin-foundation',
    );
    expect(status).toBe(2);
    expect(r.problems.map((p) => p.field)).toEqual(['date', 'date', 'date']);
    expect(await run('import', fixture('opening-balances.csv'), '--as', 'balances', '--source', ' ')).toBe(2);
    expect(await eventCount()).toBe(0);
  });
});

describe('bytes that do not decode', () => {
  it('refuses the whole file with exit status 2 and writes nothing', async () => {
    await withOrganizations();
    expect(await run('import', fixture('bad-bytes.csv'))).toBe(2);
    expect(err.join('\n')).toContain('neither valid UTF-8 nor valid GB18030');
    expect(await eventCount()).toBe(0);
  });
});
