/**
 * A gift's public answer is built once: the API's GET /api/v1/donations/{code} and the
 * site's gift page both call api/store/answers/gift.ts, and show exactly what it returns.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { privateSaltsFor, receiptCodesFor } from '../../api/cli/context.ts';
import { parseSigningKey } from '../../api/domain/merkle/index.ts';
import { createApp } from '../../api/http/app.ts';
import * as answers from '../../api/store/answers/gift.ts';
import { loadCatalog } from '../../api/store/catalog-files.ts';
import { correctionsOf } from '../../api/store/queries/donation-fate.ts';
import { migrateDatabase, openDatabase, type Database } from '../../api/store/database.ts';
import { fixtureOrigin, fixtureSigningKeyText, writeFixture } from '../e2e/fixtures/fixture-db.ts';

vi.mock('../../api/store/answers/gift.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../api/store/answers/gift.ts')>();
  return { ...real, giftAnswer: vi.fn(real.giftAnswer) };
});

let dir: string;
let database: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aidtrail-gift-'));
  const url = `file:${join(dir, 'ledger.db')}`;
  database = await openDatabase(url);
  await migrateDatabase(database);
  expect((await writeFixture(database)).refused).toEqual([]);
  // The site reads the ledger named by DATABASE_URL at build time.
  vi.stubEnv('DATABASE_URL', url);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the gift answer', () => {
  it('is the same function, and the same answer, for the API and the gift page', async () => {
    const { giftAnswer: sitePage, giftSample } = await import('../../site/lib/gift-pages.ts');
    const [gift] = await giftSample();
    expect(gift).toBeDefined();
    const signingKey = parseSigningKey(fixtureSigningKeyText);
    const { app } = createApp({
      database,
      catalog: await loadCatalog(),
      clock: () => new Date('2026-04-01T00:00:00Z'),
      signingKey,
      origin: fixtureOrigin,
      receiptCodes: receiptCodesFor(signingKey),
      privateSalts: privateSaltsFor(signingKey),
      log: () => undefined,
      cacheFreshMs: 0,
    });
    const built = vi.mocked(answers.giftAnswer);
    built.mockClear();

    const code = (
      await database.client.execute({
        sql: 'SELECT receipt_code FROM donations WHERE key = ?',
        args: [gift!.key],
      })
    ).rows[0]!.receipt_code as string;
    const res = await app.request(`/api/v1/donations/${code}`);
    expect(res.status).toBe(200);
    const fromApi = await res.json();
    expect(built).toHaveBeenCalledTimes(1);
    expect(built.mock.calls[0]![1]).toBe(gift!.key);

    const fromSite = await sitePage(gift!.key);
    expect(built).toHaveBeenCalledTimes(2);
    expect(built.mock.calls[1]![1]).toBe(gift!.key);

    // The site's page is the public form; the API answers the code's presenter with the code and
    // the private part besides.
    const { receiptCode, private: privatePart, ...publicForm } = fromApi;
    expect(receiptCode).toBe(code);
    expect(privatePart.withheld['/receiptCode']).toBe(code);
    expect(fromSite).toEqual(publicForm);
    expect(fromApi.fate.length).toBeGreaterThan(0);
  });
});

describe('a gift lookup', () => {
  it("finds the gift's corrections through an index, without reading every correction", async () => {
    const query = correctionsOf(database.db, 'evt_1').toSQL();
    const plan = await database.client.execute({
      sql: `EXPLAIN QUERY PLAN ${query.sql}`,
      args: query.params as never,
    });
    const steps = plan.rows.map((r) => String(r.detail));
    expect(steps.join('\n')).toMatch(/USING INDEX events_corrects/);
    expect(steps.some((s) => /^SCAN events\b/.test(s))).toBe(false);
  });
});
