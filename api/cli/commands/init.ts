/** `init [--demo | --empty]`: database, catalogues and signing key; optionally the demo dataset. */
import { parseArgs } from 'node:util';
import { writeCatalogTables } from '../../store/catalog-tables.ts';
import { logSize } from '../../store/log-size.ts';
import type { Config } from '../config.ts';
import { ensureSigningKey, openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { loadDemo } from './demo.ts';

export async function initCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean' }, empty: { type: 'boolean' } } });
  if (values.demo && values.empty) throw new UsageError('choose one of --demo and --empty');
  const { created } = await ensureSigningKey(config.signingKeyPath, config.logOrigin);
  if (created)
    console.error(
      `created the log's signing key at ${config.signingKeyPath} (keep it safe: it signs every checkpoint)`,
    );
  const ctx = await openContext(config);
  try {
    await writeCatalogTables(ctx.database, ctx.catalog);
    console.error(
      `database ready at ${config.databaseUrl}: ${ctx.catalog.regions.length} regions, ${ctx.catalog.diseases.length} diseases, ${ctx.catalog.items.length} items`,
    );
    if (values.demo) {
      const n = await logSize(ctx.database.client);
      if (n > 0)
        console.error(
          `the ledger already holds ${n.toLocaleString('en')} events; the demo dataset is loaded only into an empty ledger`,
        );
      else await loadDemo(ctx, {});
    }
    return 0;
  } finally {
    ctx.database.close();
  }
}
