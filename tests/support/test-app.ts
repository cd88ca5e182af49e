/**
 * A fresh app on a fresh, migrated in-memory database for each test (never a shared seeded
 * database), with a fixed signing key, a ticking clock and a cast of organizations holding
 * API tokens.
 */
import { memosSettled } from '../../api/http/ledger-memo.ts';
import { createApp, type AppDeps } from '../../api/http/app.ts';
import { generateSigningKey, parseSigningKey } from '../../api/domain/merkle/index.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';
import { receiptCodes } from '../../api/domain/receipt-codes.ts';
import type { Catalog } from '../../api/domain/catalog.ts';
import { createOrganization, createToken } from '../../api/store/admin.ts';
import { loadCatalog } from '../../api/store/catalog-files.ts';
import { memoryDatabase, type Database } from '../../api/store/database.ts';

let catalogOnce: Promise<Catalog> | undefined;
export const testCatalog = () => (catalogOnce ??= loadCatalog());

export const testOrigin = 'test.aidtrail.org/log';
export const testSigningKey = parseSigningKey(generateSigningKey(testOrigin, new Uint8Array(32).fill(7)));
/** The log's key and the secrets behind receipt codes and commitments, as every test app has them. */
export const testLogSecrets = () => ({
  signingKey: testSigningKey,
  origin: testOrigin,
  receiptCodes: receiptCodes(new Uint8Array(32).fill(9)),
  privateSalts: privateSalts(new Uint8Array(32).fill(10)),
});

export const cast = [
  { id: 'donor-li', name: '李明', kind: 'individual', region: '110105' },
  { id: 'acme-pharma', name: 'Acme Pharma', kind: 'company', region: '110105' },
  { id: 'charity', name: '爱心基金会', kind: 'charity', region: '110105' },
  { id: 'redcross-hubei', name: '湖北省红十字会', kind: 'red_cross', region: '420000' },
  { id: 'wuhan-depot', name: '武汉储备仓库', kind: 'reserve_operator', region: '420100' },
  { id: 'huanggang-hospital', name: '黄冈市中心医院', kind: 'hospital', region: '421100' },
  { id: 'xishui-county-hospital', name: '浠水县人民医院', kind: 'hospital', region: '421125' },
  { id: 'xishui-clinic', name: '浠水县某村卫生室', kind: 'village_clinic', region: '421125' },
  { id: 'yichang-clinic', name: '宜昌某村卫生室', kind: 'village_clinic', region: '420502' },
  { id: 'supplier', name: '医药供应商', kind: 'company', region: '420100' },
  { id: 'hubei-health', name: '湖北省卫生健康委员会', kind: 'government', region: '420000' },
] as const;
export type CastId = (typeof cast)[number]['id'];

export interface TestAppOptions
  extends Pick<
    AppDeps,
    | 'readLimit'
    | 'writeLimit'
    | 'trustProxy'
    | 'clientAddress'
    | 'cacheFreshMs'
    | 'rateNow'
    | 'siteDir'
    | 'complaintLimit'
    | 'challengeTerms'
    | 'challengeNow'
    | 'complaintPages'
  > {
  /** Dependencies that need the test's database (e.g. gift pages read from it). */
  withDatabase?: (database: Database) => Partial<AppDeps>;
  /** Where the ticking clock starts (default 2026-03-01T00:00:00Z); events may be dated up to a day after it. */
  clockStart?: string;
}

export async function testApp(options: TestAppOptions = {}) {
  const { withDatabase, clockStart, ...deps } = options;
  const database = await memoryDatabase();
  const catalog = await testCatalog();
  let tick = Date.parse(clockStart ?? '2026-03-01T00:00:00Z');
  const clock = () => new Date((tick += 1000));
  const { app, writer, memos, witnessing, desk } = createApp({
    database,
    catalog,
    clock,
    ...testLogSecrets(),
    log: () => undefined,
    // Tests share one address; the rate limit has its own tests.
    readLimit: { limit: 1_000_000, windowMs: 60_000 },
    writeLimit: { limit: 0, windowMs: 60_000 },
    rateSyncMs: 0,
    cacheFreshMs: 0,
    // Complaints have their own limit tests; a challenge asks little work here.
    complaintLimit: { limit: 0, windowMs: 3_600_000 },
    challengeTerms: { bits: 6, lifetimeMs: 600_000, formDelayMs: 3_000, formLifetimeMs: 7_200_000 },
    ...deps,
    ...withDatabase?.(database),
  });
  const tokens = {} as Record<CastId, string>;
  for (const o of cast) {
    await createOrganization(database.db, o, clock(), catalog.hasRegion);
    tokens[o.id] = (await createToken(database.db, o.id, clock())).token;
  }
  const post = (as: CastId, body: unknown, headers: Record<string, string> = {}) =>
    app.request('/api/v1/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[as]}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  /** Posts and expects 201; returns the answer. */
  const record = async (as: CastId, body: unknown) => {
    const res = await post(as, body);
    if (res.status !== 201)
      throw new Error(`expected 201 for ${JSON.stringify(body)}, got ${res.status}: ${await res.text()}`);
    return (await res.json()) as { id: string; seq: number; leafIndex: number; receiptCode?: string };
  };
  const get = async (path: string) => app.request(path);
  /** Both whole-ledger memos, waited on together: tests need not know which one an answer used. */
  const memo = { settled: () => memosSettled(memos) };
  return { app, writer, memo, witnessing, desk, database, catalog, tokens, post, record, get, clock };
}

export const at = '2026-02-10T08:00:00+08:00';
export const cny = (amount: number) => ({ currency: 'CNY', amount });
