/**
 * A witness as an HTTP service: C2SP tlog-witness `POST /add-checkpoint`. Decisions are the
 * pure judgeCheckpoint; this module serialises them (check and store are one step, as the spec
 * requires, so two requests can never roll the remembered size back), keeps the state durable
 * before answering, and cosigns with tlog-cosignature/v1.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Sha256 } from '../../domain/merkle/tree.ts';
import { cosign, type CosigningKey } from '../../domain/witness/cosignature.ts';
import {
  judgeCheckpoint,
  parseAddCheckpoint,
  type Refusal,
  type Verdict,
  type WitnessedLog,
} from '../../domain/witness/witness.ts';
import type { WitnessState } from '../../store/witness-state.ts';
import { problemTypeBase } from '../problem.ts';

export interface WitnessDeps {
  key: CosigningKey;
  logs: readonly WitnessedLog[];
  state: WitnessState;
  sha256: Sha256;
  clock: () => Date;
  /** Told of every refusal after the signature checked: evidence of a log misbehaving. */
  onRefusal?: (origin: string, refusal: Refusal) => void;
}

/** Requests are small: at most 63 proof lines and a checkpoint with a few signatures. */
const maxBody = 64 * 1024;

export class Witness {
  private queue: Promise<unknown> = Promise.resolve();
  /** Cosignature times never go backwards, even if the clock does. */
  private lastTime = 0;

  constructor(private readonly deps: WitnessDeps) {}

  /** Decides and, when accepted, remembers and cosigns: one request at a time. */
  addCheckpoint(text: string): Promise<{ verdict: Verdict; cosignature?: string }> {
    const run = this.queue.then(async () => {
      const request = parseAddCheckpoint(text);
      if ('accepted' in request) return { verdict: request };
      const verdict = judgeCheckpoint(
        this.deps.sha256,
        this.deps.logs,
        (o) => this.deps.state.get(o),
        request,
      );
      if (!verdict.accepted) {
        if (verdict.status !== 404 && verdict.status !== 403 && verdict.reason !== 'malformed')
          this.deps.onRefusal?.(request.note.slice(0, request.note.indexOf('\n')), verdict);
        return { verdict };
      }
      await this.deps.state.put(verdict.checkpoint.origin, verdict.next);
      const time = Math.max(this.lastTime, Math.floor(this.deps.clock().getTime() / 1000));
      this.lastTime = time;
      return { verdict, cosignature: cosign(verdict.body, this.deps.key, time) };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function refusalResponse(c: Context, refusal: Refusal): Response {
  if (refusal.status === 409 && refusal.size !== undefined)
    return c.body(`${refusal.size}\n`, 409, { 'content-type': 'text/x.tlog.size' });
  return c.body(
    JSON.stringify({
      type: `${problemTypeBase}witness-${refusal.reason.replaceAll('_', '-')}`,
      title: 'Checkpoint not cosigned',
      status: refusal.status,
      detail: refusal.detail,
      instance: c.req.path,
    }),
    refusal.status,
    { 'content-type': 'application/problem+json' },
  );
}

/** The witness's HTTP face: `POST /add-checkpoint` under the submission prefix (here, the root). */
export function witnessApp(witness: Witness) {
  const app = new Hono();
  app.post(
    '/add-checkpoint',
    bodyLimit({
      maxSize: maxBody,
      onError: (c) => c.text(`a request is at most ${maxBody} bytes\n`, 413),
    }),
    async (c) => {
      const { verdict, cosignature } = await witness.addCheckpoint(await c.req.text());
      if (!verdict.accepted) return refusalResponse(c, verdict);
      return c.body(cosignature!, 200, { 'content-type': 'text/plain; charset=utf-8' });
    },
  );
  app.all('/add-checkpoint', (c) => c.text('use POST\n', 405, { allow: 'POST' }));
  app.notFound((c) => c.text('this witness answers POST /add-checkpoint\n', 404));
  return app;
}
