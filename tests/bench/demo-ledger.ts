/**
 * Demo ledgers at a given size for read benchmarks, kept under the OS temp directory and reused
 * across runs (a million events take minutes to generate). Each is the demo dataset of the README.
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemo } from '../../api/cli/commands/demo.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { openContext, type Context } from '../../api/cli/context.ts';
import { writeCatalogTables } from '../../api/store/catalog-tables.ts';

export const demoLedgerPath = (events: number) => join(tmpdir(), `aidtrail-bench-demo-${events}.db`);

export async function demoLedger(events: number, onProgress?: (done: number) => void): Promise<Context> {
  const path = demoLedgerPath(events);
  const fresh = !existsSync(path);
  const config = { ...configFromEnv({}), databaseUrl: `file:${path}`, signingKeyPath: `${path}.key` };
  const ctx = await openContext(config, { createKey: true });
  const size = Number(
    (await ctx.database.client.execute('SELECT coalesce(max(seq), 0) AS n FROM events')).rows[0]!.n,
  );
  if (fresh || size === 0) {
    // As `init --demo` does: the catalogue tables, then the demo events.
    await writeCatalogTables(ctx.database, ctx.catalog);
    await generateDemo(ctx, { events, onProgress: (d) => onProgress?.(d) });
  } else if (size < events * 0.9)
    throw new Error(`${path} holds ${size} events, not ~${events}; delete it to regenerate`);
  return ctx;
}
