/**
 * The bulk export's files: a round trip through the offline verifier, tampering caught by
 * file name, the data package valid against the Frictionless profiles, every CSV parsing back
 * to its table's rows with the declared types, and spreadsheet formulas neutralised in CSV
 * only.
 */
import Ajv from 'ajv-draft-04';
import { parse } from 'csv-parse/sync';
import { createClient } from '@libsql/client';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { exportAll, type ExportResult } from '../../api/store/exports/bulk-export.ts';
import { packageFileNames, sha256File, sumsText } from '../../api/store/exports/data-package.ts';
import { publicTables, type FieldType } from '../../api/store/exports/public-tables.ts';
import { tablePages } from '../../api/store/exports/table-pages.ts';
import { verifyExportDir } from '../../api/store/exports/verify-export.ts';
import { exportWorld } from '../support/export-world.ts';
import { testSigningKey } from '../support/test-app.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/frictionless-v1/${name}`, import.meta.url), 'utf8')) as object;
const key = verifierKeyFor(testSigningKey);
const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'aidtrail-export-'));
  dirs.push(d);
  return d;
};

let world: Awaited<ReturnType<typeof exportWorld>>;
let dir: string;
let result: ExportResult;

async function exportInto(target: string): Promise<ExportResult> {
  const tx = await world.database.client.transaction('read');
  try {
    return await exportAll(tx, target, testSigningKey);
  } finally {
    tx.close();
  }
}

const csvRows = (name: string) =>
  parse(readFileSync(join(dir, `${name}.csv`)), { bom: true, columns: true, relax_quotes: false }) as Record<
    string,
    string
  >[];

beforeAll(async () => {
  world = await exportWorld();
  dir = freshDir();
  result = await exportInto(dir);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('export round trip', () => {
  it('writes every table in three formats, and the offline verifier passes every file', async () => {
    const names = result.files.map((f) => f.name);
    for (const t of publicTables)
      expect(names).toEqual(expect.arrayContaining([`${t.name}.csv`, `${t.name}.ndjson`]));
    expect(names).toEqual(
      expect.arrayContaining([
        'events.ndjson',
        'checkpoint.txt',
        'checkpoints.ndjson',
        'public-key.txt',
        'aidtrail.sqlite',
        'datapackage.json',
        'SHA256SUMS',
        'SHA256SUMS.note',
      ]),
    );
    for (const f of result.files)
      expect(await sha256File(join(dir, f.name))).toEqual({ sha256: f.sha256, bytes: f.bytes });
    const verdict = await verifyExportDir(dir, key);
    expect(verdict).toMatchObject({
      ok: true,
      leaves: result.checkpoint.size,
      files: result.files.length - 2,
    });
  });

  it('is the same bytes when exported again at the same checkpoint', async () => {
    const again = await exportInto(freshDir());
    expect(again.files.map((f) => [f.name, f.sha256])).toEqual(result.files.map((f) => [f.name, f.sha256]));
  });

  it('every CSV has a BOM and parses to as many rows as its table, in NDJSON and SQLite alike', async () => {
    const db = createClient({ url: `file:${join(dir, packageFileNames.sqlite)}`, intMode: 'number' });
    try {
      for (const t of publicTables) {
        const bytes = readFileSync(join(dir, `${t.name}.csv`));
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const rows = csvRows(t.name);
        expect(rows.length, t.name).toBe(result.rows[t.name]);
        expect(Object.keys(rows[0] ?? Object.fromEntries(t.fields.map((f) => [f.name, '']))), t.name).toEqual(
          t.fields.map((f) => f.name),
        );
        const lines = readFileSync(join(dir, `${t.name}.ndjson`), 'utf8')
          .split('\n')
          .filter(Boolean);
        expect(lines.length, t.name).toBe(rows.length);
        const inSqlite = Number((await db.execute(`SELECT count(*) AS n FROM "${t.name}"`)).rows[0]!.n);
        expect(inSqlite, t.name).toBe(rows.length);
      }
      expect(result.rows.donations).toBe(65);
      expect(result.rows.uses).toBe(2);
      expect(result.rows.opening_balances).toBe(1);
      const stock = (await db.execute('SELECT * FROM opening_balances')).rows[0]!;
      expect(stock).toMatchObject({
        holder: 'wuhan-depot',
        item: 'n95-respirator',
        amount: 500,
        lot: 'N95-OB',
        as_of: '2026-02-01',
      });
      const unknown = await db.execute('SELECT holder, amount FROM holdings WHERE provenance_unknown = 1');
      expect(unknown.rows.map((r) => [r.holder, r.amount])).toEqual([['wuhan-depot', 500]]);
      expect(result.rows.event_index).toBe(result.checkpoint.size);
      // Every row of the projections behind the tables is there.
      const count = async (sql: string) => Number((await world.database.client.execute(sql)).rows[0]![0]);
      expect(result.rows.gift_flows).toBe(await count('SELECT count(*) FROM flows'));
      expect(result.rows.holdings).toBe(await count('SELECT count(*) FROM lots WHERE amount > 0'));
      expect(result.rows.coverage_monthly).toBe(
        await count(
          "SELECT count(*) FROM coverage_cells WHERE period = 'month' AND (needs <> 0 OR unmatched <> 0)",
        ),
      );
      expect(result.rows.coverage_monthly).toBeGreaterThan(2);
      expect(result.rows.needs).toBe(1);
      const meta = (await db.execute("SELECT value FROM meta_export WHERE key = 'checkpoint_size'")).rows[0]!;
      expect(Number(meta.value)).toBe(result.checkpoint.size);
      const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) =>
        String(r.name),
      );
      expect(tables.sort()).toEqual(
        [...publicTables.map((t) => t.name), 'meta_export', 'meta_fields', 'meta_tables'].sort(),
      );
    } finally {
      db.close();
    }
  });

  it('every CSV cell reads as its declared Table Schema type', () => {
    const checks: Record<FieldType, (v: string) => boolean> = {
      string: () => true,
      integer: (v) => /^-?\d+$/.test(v),
      number: (v) => Number.isFinite(Number(v)),
      boolean: (v) => v === 'true' || v === 'false',
      date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
      datetime: (v) =>
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
        !Number.isNaN(Date.parse(v)),
      yearmonth: (v) => /^\d{4}-\d{2}$/.test(v),
    };
    let cells = 0;
    for (const t of publicTables) {
      for (const row of csvRows(t.name)) {
        for (const f of t.fields) {
          const v = row[f.name]!;
          if (v === '') continue;
          cells++;
          expect(checks[f.type](v), `${t.name}.${f.name} = ${JSON.stringify(v)}`).toBe(true);
          if (f.pattern) expect(v).toMatch(new RegExp(f.pattern));
        }
      }
    }
    expect(cells).toBeGreaterThan(300);
  });
});

describe('paging', () => {
  it('pages join up: read in pages of a few rows, every table gives exactly the rows of one page', async () => {
    const tx = await world.database.client.transaction('read');
    try {
      for (const spec of publicTables) {
        const whole: unknown[][] = [];
        for await (const page of tablePages(tx, spec, 10 * 1024 * 1024)) whole.push(...page.rows);
        const paged: unknown[][] = [];
        let pages = 0;
        for await (const page of tablePages(tx, spec, 1)) {
          paged.push(...page.rows);
          pages++;
        }
        expect(paged, spec.name).toEqual(whole);
        if (spec.name === 'donations' || spec.name === 'gift_flows')
          expect(pages, spec.name).toBeGreaterThan(1);
      }
    } finally {
      tx.close();
    }
  });
});

describe('datapackage.json', () => {
  const descriptor = () =>
    JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as {
      licenses: unknown[];
      checkpoint: { size: number; note: string; rootHash: string };
      created: string;
      resources: Array<{
        name: string;
        path: string;
        profile?: string;
        hash: string;
        bytes: number;
        schema?: { fields: Array<Record<string, unknown>> };
      }>;
    };

  it('validates against the Frictionless data package and tabular data resource profiles', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const d = descriptor();
    const validPackage = ajv.compile(fixture('data-package.json'));
    expect(validPackage(d), JSON.stringify(validPackage.errors)).toBe(true);
    const validTabular = ajv.compile(fixture('tabular-data-resource.json'));
    const tabular = d.resources.filter((r) => r.profile === 'tabular-data-resource');
    expect(tabular.length).toBe(publicTables.length);
    for (const r of tabular)
      expect(validTabular(r), `${r.name}: ${JSON.stringify(validTabular.errors)}`).toBe(true);
    expect(Number.isNaN(Date.parse(d.created))).toBe(false);
  });

  it('names every file with its hash and size, the licence, the checkpoint, and every field with both titles', () => {
    const d = descriptor();
    expect(d.licenses).toEqual([
      expect.objectContaining({ name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }),
    ]);
    expect(d.checkpoint).toMatchObject({
      size: result.checkpoint.size,
      rootHash: result.checkpoint.rootHash,
    });
    expect(d.checkpoint.note).toBe(readFileSync(join(dir, 'checkpoint.txt'), 'utf8'));
    const byName = new Map(result.files.map((f) => [f.name, f]));
    expect(d.resources.map((r) => r.path).sort()).toEqual(
      result.files
        .map((f) => f.name)
        .filter((n) => !['datapackage.json', 'SHA256SUMS', 'SHA256SUMS.note'].includes(n))
        .sort(),
    );
    for (const r of d.resources) {
      expect(r.hash).toBe(`sha256:${byName.get(r.path)!.sha256}`);
      expect(r.bytes).toBe(byName.get(r.path)!.bytes);
      for (const f of r.schema?.fields ?? []) {
        expect(f.title, `${r.name}.${String(f.name)}`).toEqual(expect.any(String));
        expect(f['title:zh'], `${r.name}.${String(f.name)}`).toEqual(expect.any(String));
        expect(f.description).toEqual(expect.any(String));
      }
    }
    const amount = d.resources
      .find((r) => r.name === 'donations')!
      .schema!.fields.find((f) => f.name === 'amount')!;
    expect(amount).toMatchObject({ type: 'integer', unit: expect.stringContaining('minor units') });
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8')).toBe(
      sumsText(result.files.filter((f) => !f.name.startsWith('SHA256SUMS'))),
    );
  });
});

describe('tampering', () => {
  async function tampered(change: (d: string) => void) {
    const d = freshDir();
    await exportInto(d);
    change(d);
    return verifyExportDir(d, key);
  }

  it('a changed CSV fails, naming the file', async () => {
    const verdict = await tampered((d) => {
      const file = join(d, 'donations.csv');
      writeFileSync(file, readFileSync(file, 'utf8').replace('50000', '5000'));
    });
    expect(verdict.ok).toBe(false);
    expect(verdict.file).toBe('donations.csv');
    expect(verdict.reason).toMatch(/donations\.csv.*has been changed/);
  });

  it('a changed table whose checksums were rewritten to match fails on the signature', async () => {
    const verdict = await tampered((d) => {
      appendFileSync(join(d, 'uses.ndjson'), '{"id":"evt_999"}\n');
      const sums = readFileSync(join(d, 'SHA256SUMS'), 'utf8');
      writeFileSync(
        join(d, 'SHA256SUMS'),
        sums.replace(/^[0-9a-f]{64}( {2}uses\.ndjson)$/m, `${'0'.repeat(64)}$1`),
      );
    });
    expect(verdict).toMatchObject({ ok: false, file: 'SHA256SUMS' });
  });

  it('a missing file and a changed SQLite snapshot fail', async () => {
    expect(await tampered((d) => rmSync(join(d, 'holdings.csv')))).toMatchObject({
      ok: false,
      file: 'holdings.csv',
      reason: expect.stringContaining('missing'),
    });
    expect(await tampered((d) => appendFileSync(join(d, 'aidtrail.sqlite'), Buffer.from([0])))).toMatchObject(
      { ok: false, file: 'aidtrail.sqlite' },
    );
  });
});

describe('spreadsheet formula injection (OWASP)', () => {
  it('text cells starting with = + - @ or a tab get a leading quote in CSV; numbers never do', () => {
    const orgs = new Map(csvRows('organizations').map((r) => [r.id, r.name]));
    expect(orgs.get('formula-co')).toBe('\'=HYPERLINK("http://evil.example/x","click me")');
    expect(orgs.get('at-co')).toBe("'@SUM(1+1)");
    expect(orgs.get('plus-co')).toBe("'+1-2");
    const gifts = new Map(csvRows('donations').map((r) => [r.id, r]));
    expect(gifts.get(world.ids.fromFormula)).toMatchObject({
      donor_name: '\'=HYPERLINK("http://evil.example/x","click me")',
      restriction_purpose: "'-1+1 for insulin",
    });
    expect([...gifts.values()].find((g) => g.donor === 'at-co')!.restriction_purpose).toBe("'\tkeep cold");
    // The reversed gift's flows are negated: negative numbers stay numbers.
    const undone = csvRows('gift_flows').filter(
      (f) => f.donation === world.ids.reversed && f.undo === 'true',
    );
    expect(undone.map((f) => f.amount)).toEqual(['-7000']);
    const raw = readFileSync(join(dir, 'gift_flows.csv'), 'utf8');
    expect(raw).toContain(',-7000,');
    expect(raw).not.toContain("'-7000");
  });

  it('NDJSON and SQLite keep the values exactly', async () => {
    const orgs = readFileSync(join(dir, 'organizations.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; name: string });
    expect(orgs.find((o) => o.id === 'formula-co')!.name).toBe(
      '=HYPERLINK("http://evil.example/x","click me")',
    );
    const db = createClient({ url: `file:${join(dir, packageFileNames.sqlite)}` });
    try {
      expect((await db.execute("SELECT name FROM organizations WHERE id = 'at-co'")).rows[0]!.name).toBe(
        '@SUM(1+1)',
      );
      expect(
        (
          await db.execute(
            `SELECT amount FROM gift_flows WHERE donation = '${world.ids.reversed}' AND "undo" = 1`,
          )
        ).rows[0]!.amount,
      ).toBe(-7000);
    } finally {
      db.close();
    }
  });
});
