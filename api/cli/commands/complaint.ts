/**
 * `complaint hide ID --reason TEXT`: moderation. The complaint's summary leaves every public
 * output and the reason is shown in its place; the complaint itself still counts (its category,
 * what it is about, its answer times). The log records the moderation as done by `moderator`.
 * `complaint list`: the public part of every complaint, for the operator's review.
 */
import { parseArgs } from 'node:util';
import { moderatorRecorder } from '../../domain/complaints.ts';
import { EventId } from '../../domain/events.ts';
import { allComplaints } from '../../store/answers/complaints.ts';
import { LedgerWriter } from '../../store/ledger-writer.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

export async function complaintCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { reason: { type: 'string' } },
  });
  if (sub !== 'hide' && sub !== 'list') throw new UsageError('complaint needs a subcommand: hide or list');
  if (sub === 'hide') {
    if (!positionals[0] || !EventId.safeParse(positionals[0]).success)
      throw new UsageError('complaint hide needs the complaint id (evt_N)');
    if (!values.reason?.trim()) throw new UsageError('complaint hide needs --reason TEXT (it is published)');
  }
  const ctx = await openContext(config);
  try {
    if (sub === 'list') {
      for (const c of await allComplaints(ctx.database.client, { asOf: ctx.clock().toISOString() }))
        console.log(
          [
            c.id,
            c.filedAt,
            c.status,
            c.overdue ? 'overdue' : '',
            c.hidden ? 'hidden' : '',
            c.summary ?? `(${c.hidden?.reason})`,
          ].join('\t'),
        );
      return 0;
    }
    const writer = new LedgerWriter({ ...ctx, origin: ctx.signingKey.name });
    const { answer } = await writer.record({
      recordedBy: moderatorRecorder,
      body: {
        type: 'complaint_hide',
        occurredAt: ctx.clock().toISOString(),
        complaint: positionals[0]!,
        reason: values.reason!,
      },
    });
    console.log(answer.id);
    return 0;
  } finally {
    ctx.database.close();
  }
}
