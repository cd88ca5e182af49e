/**
 * `import FILE`: records events from NDJSON through the same write path as the API, in
 * batches. Nothing is lost on bad input: every refused line is written, with its reason, to
 * FILE.rejected.ndjson, and the counts are reported.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { EventBody } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import { LedgerWriter, type Submission } from '../../store/ledger-writer.ts';
import { validationProblem } from '../../http/problem.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { Progress } from '../progress.ts';

const Line = z
  .object({
    recordedBy: z.string().min(1),
    event: EventBody,
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict();

export async function importCommand(args: string[], config: Config): Promise<number> {
  const file = args[0];
  if (!file) throw new UsageError('import needs a FILE (NDJSON)');
  const ctx = await openContext(config);
  const writer = new LedgerWriter({ ...ctx, origin: ctx.signingKey.name });
  const rejectedPath = `${file}.rejected.ndjson`;
  const rejected = createWriteStream(rejectedPath);
  let accepted = 0;
  let refused = 0;
  let lineNo = 0;
  const progress = new Progress('import');
  let batch: Array<{ line: number; text: string; submission: Submission }> = [];
  const reject = (line: number, text: string, problem: Problem) => {
    refused += 1;
    rejected.write(
      `${JSON.stringify({ line, problem: { type: problem.type, detail: problem.detail, errors: problem.fields }, input: text })}\n`,
    );
  };
  const flush = async () => {
    const results = await writer.recordBatch(batch.map((b) => b.submission));
    results.forEach((r, i) => (r.ok ? (accepted += 1) : reject(batch[i]!.line, batch[i]!.text, r.problem)));
    batch = [];
    progress.update(lineNo);
  };
  try {
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      lineNo += 1;
      if (!text.trim()) continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        reject(lineNo, text, new Problem('validation', 'Malformed JSON', 'the line is not JSON'));
        continue;
      }
      const parsed = Line.safeParse(json);
      if (!parsed.success) {
        reject(lineNo, text, validationProblem(parsed.error));
        continue;
      }
      batch.push({
        line: lineNo,
        text,
        submission: {
          recordedBy: parsed.data.recordedBy,
          body: parsed.data.event,
          idempotencyKey: parsed.data.idempotencyKey,
        },
      });
      if (batch.length >= 2_000) await flush();
    }
    if (batch.length) await flush();
    const seconds = progress.done();
    console.error(
      `imported ${accepted.toLocaleString('en')} events in ${seconds.toFixed(1)} s (${Math.round(accepted / Math.max(seconds, 1e-3)).toLocaleString('en')} events/s); refused ${refused}${refused ? `, see ${rejectedPath}` : ''}`,
    );
    return refused > 0 ? 2 : 0;
  } finally {
    await new Promise((r) => rejected.end(r));
    ctx.database.close();
  }
}
