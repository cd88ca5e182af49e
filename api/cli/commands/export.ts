/**
 * `export DIR`: writes a verifiable snapshot of the ledger into DIR. All files are read in
 * one read transaction, so they describe the same moment: the latest signed checkpoint.
 */
import { mkdir } from 'node:fs/promises';
import { exportLogFiles } from '../../store/exports/log-files.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../main.ts';
import { Progress } from '../progress.ts';

export async function exportCommand(args: string[], config: Config): Promise<number> {
  const dir = args[0];
  if (!dir) throw new UsageError('export needs a directory');
  await mkdir(dir, { recursive: true });
  const ctx = await openContext(config);
  const tx = await ctx.database.client.transaction('read');
  try {
    const latest = (await tx.execute('SELECT coalesce(max(size), 0) AS size FROM checkpoints')).rows[0]!;
    const size = Number(latest.size);
    if (size === 0) throw new UsageError('the log is empty: nothing to export');
    const progress = new Progress('export events', size);
    const n = await exportLogFiles(tx, dir, size, ctx.signingKey, (d) => progress.update(d));
    const seconds = progress.done();
    console.error(`exported ${n.toLocaleString('en')} events to ${dir} in ${seconds.toFixed(1)} s, matching the checkpoint at size ${size}`);
    return 0;
  } finally {
    tx.close();
    ctx.database.close();
  }
}
