/**
 * A rebuild reads what each page of events refers to in a few queries per page, not one
 * query per event: on the demo ledger, the number of reads of lots, open needs and events
 * follows the number of pages, and the projections come out exactly as recorded.
 */
import type { Client, InStatement, Transaction, TransactionMode } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../api/cli/commands/demo.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { privateSaltsFor, receiptCodesFor, type Context } from '../../api/cli/context.ts';
import { memoryDatabase } from '../../api/store/database.ts';
import { projectionDigest, rebuildProjections } from '../../api/store/rebuild.ts';
import { testCatalog, testSigningKey } from '../support/test-app.ts';

const events = 1_500;
const pageSize = 250;
let ctx: Context;

beforeAll(async () => {
  ctx = {
    config: configFromEnv({}),
    database: await memoryDatabase(),
    catalog: await testCatalog(),
    signingKey: testSigningKey,
    receiptCodes: receiptCodesFor(testSigningKey),
    privateSalts: privateSaltsFor(testSigningKey),
    clock: () => new Date(),
  };
  await generateDemo(ctx, { events, seed: 'rebuild-reads' });
});
afterAll(() => ctx.database.close());

/** Counts the reads of each table made inside the client's transactions. */
function countReads(client: Client): Map<string, number> {
  const reads = new Map<string, number>();
  const open = client.transaction.bind(client);
  client.transaction = (async (mode?: TransactionMode) => {
    const tx: Transaction = await open(mode);
    const execute = tx.execute.bind(tx);
    tx.execute = (stmt: InStatement) => {
      const text = typeof stmt === 'string' ? stmt : stmt.sql;
      const table = /^\s*select\b[\s\S]*?\bfrom\s+"?(\w+)"?/i.exec(text)?.[1];
      if (table) reads.set(table, (reads.get(table) ?? 0) + 1);
      return execute(stmt);
    };
    return tx;
  }) as Client['transaction'];
  return reads;
}

describe('rebuild reads', () => {
  it('reads lots, needs and earlier events a page at a time', async () => {
    const before = await projectionDigest(ctx.database);
    const reads = countReads(ctx.database.client);
    await rebuildProjections(ctx.database, ctx.catalog, () => {}, pageSize);
    const pages = Math.ceil(events / pageSize);
    // A few queries per page at most (a correction still reads what it undoes on its own).
    for (const table of ['lots', 'needs', 'event_state', 'organizations', 'donations'])
      expect(reads.get(table) ?? 0, table).toBeLessThanOrEqual(pages * 4);
    expect(await projectionDigest(ctx.database)).toBe(before);
  });
});
