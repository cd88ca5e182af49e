/**
 * `export DIR [--format csv,ndjson,sqlite]`: writes a verifiable snapshot of the ledger into
 * DIR: the event log with every checkpoint, every public table as CSV and NDJSON, a SQLite
 * snapshot, datapackage.json and checksums. All files are read in one read transaction, so
 * they describe the same moment: the latest signed checkpoint.
 */
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EmptyLogError, exportAll, tableFormats, type TableFormat } from '../../store/exports/bulk-export.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { Progress } from '../progress.ts';

function formatsFrom(option: string | undefined): TableFormat[] | undefined {
  if (option === undefined) return undefined;
  const formats = option
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = formats.find((f) => !(tableFormats as readonly string[]).includes(f));
  if (unknown || formats.length === 0)
    throw new UsageError(
      `--format takes a comma-separated list of ${tableFormats.join(', ')}${unknown ? `; "${unknown}" is not one of them` : ''}`,
    );
  return formats as TableFormat[];
}

export async function exportCommand(args: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' } },
  });
  const dir = positionals[0];
  if (!dir) throw new UsageError('export needs a directory');
  const formats = formatsFrom(values.format);
  await mkdir(dir, { recursive: true });
  const ctx = await openContext(config);
  const tx = await ctx.database.client.transaction('read');
  const t0 = performance.now();
  let stage: { name: string; progress: Progress } | undefined;
  const onProgress = (name: string, done: number, total?: number) => {
    if (stage?.name !== name) {
      stage?.progress.done();
      stage = { name, progress: new Progress(`export ${name}`, total) };
    }
    stage.progress.update(done);
  };
  try {
    const result = await exportAll(tx, dir, ctx.signingKey, { formats, onProgress });
    stage?.progress.done();
    const seconds = (performance.now() - t0) / 1000;
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    const bytes = result.files.reduce((a, f) => a + f.bytes, 0);
    console.error(
      `exported ${result.checkpoint.size.toLocaleString('en')} events and ${rows.toLocaleString('en')} table rows (${result.files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB) to ${dir} in ${seconds.toFixed(1)} s, matching the checkpoint at size ${result.checkpoint.size}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof EmptyLogError) throw new UsageError(e.message);
    throw e;
  } finally {
    tx.close();
    ctx.database.close();
  }
}
