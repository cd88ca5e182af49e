/** `org import FILE` (and `import FILE --as organizations`): a spreadsheet of organizations. */
import { readFile, writeFile } from 'node:fs/promises';
import { spreadsheetFormat } from '../../import/grid.ts';
import { readImportMap } from '../../import/mapping.ts';
import { loadImportNames } from '../../import/names.ts';
import { importOrganizationSheet } from '../../import/organizations.ts';
import { createReconciler } from '../../import/reconcile.ts';
import { summary } from '../../import/report.ts';
import { createOrganization } from '../../store/admin.ts';
import { addAliases, organizationRegistry } from '../../store/import-registry.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

export async function importOrganizations(
  file: string,
  config: Config,
  opts: { map?: string; dryRun: boolean; confirm: boolean; report?: string },
): Promise<number> {
  const format = spreadsheetFormat(file);
  if (!format) throw new UsageError('org import reads CSV, .xlsx or .xls');
  const bytes = await readFile(file);
  const map = await readImportMap(opts.map);
  const ctx = await openContext(config, { createKey: true });
  try {
    const registry = await organizationRegistry(ctx.database.db);
    const reconciler = createReconciler(ctx.catalog, await loadImportNames(ctx.catalog), registry);
    const report = await importOrganizationSheet(bytes, {
      file,
      format,
      map,
      dryRun: opts.dryRun,
      confirm: opts.confirm,
      reconciler,
      takenIds: new Set(registry.map((o) => o.id)),
      create: async (o) => {
        await createOrganization(ctx.database.db, o, ctx.clock(), ctx.catalog.hasRegion);
        await addAliases(ctx.database.db, o.id, o.aliases);
      },
      addAliases: (id, aliases) => addAliases(ctx.database.db, id, aliases),
    });
    console.error(summary(report));
    if (opts.report) await writeFile(opts.report, `${JSON.stringify(report, null, 2)}\n`);
    return report.refused > 0 ? 2 : 0;
  } finally {
    ctx.database.close();
  }
}
