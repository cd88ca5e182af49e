/**
 * `aidtrail export DIR` and `aidtrail verify DIR` on a database file: the whole export
 * verifies, a changed CSV fails with exit 1 naming the file, `--format` picks the table
 * formats, and bad input exits 2.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configFromEnv } from '../../api/cli/config.ts';
import { openContext } from '../../api/cli/context.ts';
import { main } from '../../api/cli/main.ts';
import { parseSigningKey, verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';

let dir: string;
let err: string[];

/** The log's vkey, as a verifier obtains it independently of an export or a server. */
const logKey = () => verifierKeyFor(parseSigningKey(readFileSync(join(dir, 'ledger.key'), 'utf8').trim()));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-cli-export-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'ledger.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'ledger.key'));
  err = [];
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function ledger(gifts: number) {
  expect(await main(['init', '--empty'])).toBe(0);
  const ctx = await openContext(configFromEnv());
  await createOrganization(
    ctx.database.db,
    { id: 'c', name: 'Charity', kind: 'charity', region: '420100' },
    new Date(),
    ctx.catalog.hasRegion,
  );
  await createOrganization(
    ctx.database.db,
    { id: 'h', name: 'Hospital', kind: 'hospital', region: '421100' },
    new Date(),
    ctx.catalog.hasRegion,
  );
  const writer = new LedgerWriter({ ...ctx, origin: ctx.signingKey.name });
  for (let i = 1; i <= gifts; i++) {
    await writer.record({
      recordedBy: 'c',
      body: {
        type: 'donation',
        occurredAt: '2026-01-01T00:00:00Z',
        anonymous: true,
        donorKind: 'individual',
        recipient: 'c',
        money: { currency: 'CNY', amount: 1000 * i },
      },
    });
  }
  await writer.record({
    recordedBy: 'c',
    body: {
      type: 'transfer',
      occurredAt: '2026-01-02T00:00:00Z',
      to: 'h',
      money: { currency: 'CNY', amount: 1500 },
    },
  });
  ctx.database.close();
}

describe('aidtrail export', () => {
  it('exports every table with the catalogues, verifies, and fails with exit 1 naming a changed CSV', async () => {
    await ledger(5);
    const out = join(dir, 'export');
    expect(await main(['export', out])).toBe(0);
    expect(err.join('\n')).toMatch(/exported 6 events and \d[\d,]* table rows/);
    const files = readdirSync(out);
    expect(files).toEqual(
      expect.arrayContaining([
        'donations.csv',
        'transfers.ndjson',
        'regions.csv',
        'aidtrail.sqlite',
        'datapackage.json',
        'SHA256SUMS',
        'SHA256SUMS.note',
      ]),
    );
    // init loaded the catalogues, so the reference tables are full.
    expect(readFileSync(join(out, 'regions.csv'), 'utf8').split('\n').length).toBeGreaterThan(3_000);
    expect(await main(['verify', out, '--key', logKey()])).toBe(0);

    const file = join(out, 'transfers.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('1500', '150'));
    err = [];
    expect(await main(['verify', out, '--key', logKey()])).toBe(1);
    expect(err.join('\n')).toMatch(/FAILED: transfers\.csv: .*has been changed/);
  });

  it('--format writes only the formats asked for, and what it writes verifies', async () => {
    await ledger(2);
    const out = join(dir, 'csv-only');
    expect(await main(['export', out, '--format', 'csv'])).toBe(0);
    const files = readdirSync(out);
    expect(files).toContain('donations.csv');
    expect(
      files.some((f) => f.endsWith('.ndjson') && f !== 'events.ndjson' && f !== 'checkpoints.ndjson'),
    ).toBe(false);
    expect(existsSync(join(out, 'aidtrail.sqlite'))).toBe(false);
    expect(await main(['verify', out, '--key', logKey()])).toBe(0);
  });

  it('exits 2 on bad input: no directory, an unknown format, an empty log', async () => {
    expect(await main(['export'])).toBe(2);
    expect(await main(['init', '--empty'])).toBe(0);
    expect(await main(['export', join(dir, 'x'), '--format', 'xlsx'])).toBe(2);
    expect(err.join('\n')).toContain('"xlsx" is not one of them');
    expect(await main(['export', join(dir, 'x')])).toBe(2);
    expect(err.join('\n')).toContain('the log is empty');
  });
});
