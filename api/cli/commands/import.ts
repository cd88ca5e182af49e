/**
 * `import FILE`: NDJSON events, CSV or a spreadsheet (.xlsx, .xls) through the same write path
 * as the API, idempotently: see api/import/ for the stages and the keys. Prints the report's
 * summary on stderr and, with `--report`, writes the whole report as JSON. Refused NDJSON lines
 * are also kept, with their reasons, in FILE.rejected.ndjson.
 */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { spreadsheetFormat } from '../../import/grid.ts';
import { readImportMap } from '../../import/mapping.ts';
import { loadImportNames } from '../../import/names.ts';
import { importNdjson } from '../../import/ndjson.ts';
import { importSpreadsheet, rowKinds, type RowKind } from '../../import/pipeline.ts';
import { createReconciler } from '../../import/reconcile.ts';
import { summary, type ImportReport } from '../../import/report.ts';
import { DecodeError } from '../../import/decode.ts';
import { eventsByKey, organizationRegistry } from '../../store/import-registry.ts';
import { LedgerWriter } from '../../store/ledger-writer.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { importOrganizations } from './org-import.ts';
import { importLoggerFile } from './import-temperatures.ts';

const kinds = [...rowKinds, 'organizations', 'events', 'temperatures'] as const;

export async function importCommand(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      map: { type: 'string' },
      'recorded-by': { type: 'string' },
      'as-of': { type: 'string' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean' },
      report: { type: 'string' },
      confirm: { type: 'boolean' },
      shipment: { type: 'string' },
      lot: { type: 'string' },
      item: { type: 'string' },
      range: { type: 'string' },
      'utc-offset': { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError('import needs a FILE (NDJSON, CSV, .xlsx or .xls)');
  const format = spreadsheetFormat(file);
  const as = values.as ?? (format ? 'needs' : 'events');
  if (!(kinds as readonly string[]).includes(as))
    throw new UsageError(`--as must be one of ${kinds.join(', ')}`);
  if (values['as-of'] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of']))
    throw new UsageError('--as-of takes a date such as 2020-02-15');
  if (values.source !== undefined && (values.source.trim() === '' || values.source.length > 500))
    throw new UsageError('--source takes where the figures come from, at most 500 characters');
  if (as === 'organizations')
    return importOrganizations(file, config, {
      map: values.map,
      dryRun: values['dry-run'] ?? false,
      confirm: values.confirm ?? false,
      report: values.report,
    });
  if (as === 'temperatures') {
    if (!format) throw new UsageError('a logger file is CSV, .xlsx or .xls');
    return importLoggerFile(file, format, config, values);
  }
  const bytes = await readFile(file);
  const map = await readImportMap(values.map);
  const ctx = await openContext(config);
  const writer = new LedgerWriter({ ...ctx, origin: ctx.signingKey.name });
  const dryRun = values['dry-run'] ?? false;
  const write = dryRun
    ? undefined
    : (batch: Parameters<LedgerWriter['recordBatch']>[0]) => writer.recordBatch(batch);
  let report: ImportReport;
  const rejectedPath = `${file}.rejected.ndjson`;
  try {
    if (as === 'events' || !format) {
      if (as !== 'events') throw new UsageError('NDJSON files hold events: use --as events (or no --as)');
      const rejected = dryRun ? null : createWriteStream(rejectedPath);
      try {
        report = await importNdjson(bytes, {
          file,
          dryRun,
          write,
          lookupKeys: (keys) => eventsByKey(ctx.database.db, keys),
          onRefused: (line, text, problem) =>
            rejected?.write(
              `${JSON.stringify({ line, problem: { type: problem.type, detail: problem.detail, errors: problem.fields }, input: text })}\n`,
            ),
        });
      } finally {
        if (rejected) await new Promise((r) => rejected.end(r));
      }
    } else {
      const registry = await organizationRegistry(ctx.database.db);
      if (values['recorded-by'] && !registry.some((o) => o.id === values['recorded-by']))
        throw new UsageError(`--recorded-by: no organization with id "${values['recorded-by']}"`);
      const reconciler = createReconciler(ctx.catalog, await loadImportNames(ctx.catalog), registry);
      report = await importSpreadsheet(bytes, {
        file,
        format,
        as: as as RowKind,
        map,
        recordedBy: values['recorded-by'],
        asOf: values['as-of'],
        source: values.source,
        dryRun,
        reconciler,
        write,
        knownKeys: async (keys) => {
          const found = await eventsByKey(
            ctx.database.db,
            keys.map((k) => k.key),
          );
          return new Set(
            keys
              .filter((k) => found.get(k.key)?.some((f) => f.organization === k.organization))
              .map((k) => `${k.organization}\u0000${k.key}`),
          );
        },
      });
    }
  } catch (e) {
    if (e instanceof DecodeError) throw new UsageError(`${file}: ${e.message}; nothing was imported`);
    throw e;
  } finally {
    ctx.database.close();
  }
  console.error(summary(report));
  if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
  return report.refused > 0 ? 2 : 0;
}
