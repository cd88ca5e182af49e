/** `rebuild`: recreate every projection from the event log, and show that nothing changed. */
import { logFormatProblem, projectionDigest, rebuildProjections } from '../../store/rebuild.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { Progress } from '../progress.ts';
import { UsageError } from '../usage-error.ts';

export async function rebuildCommand(_args: string[], config: Config): Promise<number> {
  const ctx = await openContext(config);
  try {
    const stale = await logFormatProblem(ctx.database.client);
    if (stale) throw new UsageError(stale);
    const before = await projectionDigest(ctx.database);
    const progress = new Progress('rebuild');
    const n = await rebuildProjections(ctx.database, ctx.catalog, (done, total) => progress.update(done));
    const seconds = progress.done();
    const after = await projectionDigest(ctx.database);
    console.error(
      `replayed ${n.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${Math.round(n / seconds).toLocaleString('en')} events/s)`,
    );
    console.log(`projection digest ${after} (${before === after ? 'identical to before' : `was ${before}`})`);
    return 0;
  } finally {
    ctx.database.close();
  }
}
