/**
 * The log's side of witnessing: after each committed checkpoint, the newest checkpoint is sent
 * to every configured witness (C2SP tlog-witness add-checkpoint) with the consistency proof from
 * the size that witness last cosigned, and the cosignatures it answers are verified and kept.
 *
 * All of it runs in the background, one lane per witness: a write never waits for a witness and
 * never fails because of one. Commits that arrive while a lane is busy collapse into one more
 * round, which sends whatever checkpoint is newest then (only the newest matters).
 */
import { splitNote } from '../../domain/merkle/index.ts';
import { openCosignatureLines, type CosignerKey } from '../../domain/witness/cosignature.ts';
import { formatAddCheckpoint } from '../../domain/witness/witness.ts';
import { lastCosignedSize, saveCosignatures } from '../../store/cosignatures.ts';
import type { Db } from '../../store/database.ts';
import { latestCheckpoint, proveConsistency } from '../../store/log-store.ts';

export interface WitnessEndpoint {
  /** The witness's submission prefix; requests go to `<url>/add-checkpoint`. */
  url: string;
  key: CosignerKey;
}

export interface SubmitterDeps {
  db: Db;
  witnesses: readonly WitnessEndpoint[];
  clock: () => Date;
  fetch?: typeof fetch;
  log?: (message: string) => void;
  /** How long to wait for a witness's answer (default 10 s). */
  timeoutMs?: number;
}

interface Lane {
  witness: WitnessEndpoint;
  /** The largest checkpoint this witness has cosigned for us (read once from the table). */
  cosigned?: number;
  /** The size this witness says it cosigned last (from its 409 answers), when it differs. */
  known?: number;
  again: boolean;
  running: Promise<void> | null;
}

/** 409 answers are retried from the size the witness names, a few times at most. */
const maxAttempts = 3;

export class WitnessSubmitter {
  private readonly lanes: Lane[];

  constructor(private readonly deps: SubmitterDeps) {
    this.lanes = deps.witnesses.map((witness) => ({ witness, again: false, running: null }));
  }

  /** A checkpoint was committed: every witness is sent the newest one, in the background. */
  notify(): void {
    for (const lane of this.lanes) {
      lane.again = true;
      lane.running ??= this.run(lane).finally(() => {
        lane.running = null;
      });
    }
  }

  /** Resolves when no lane has work left (for tests, benchmarks and shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      const busy = this.lanes.flatMap((l) => (l.running ? [l.running] : []));
      if (busy.length === 0) return;
      await Promise.all(busy);
    }
  }

  private async run(lane: Lane): Promise<void> {
    while (lane.again) {
      lane.again = false;
      try {
        await this.submitNewest(lane);
      } catch (e) {
        const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
        this.say(
          `witness ${lane.witness.key.name} at ${lane.witness.url} is unreachable (${cause}); will try again after the next checkpoint`,
        );
      }
    }
  }

  private say(message: string) {
    (this.deps.log ?? ((m: string) => console.error(m)))(message);
  }

  private async submitNewest(lane: Lane): Promise<void> {
    const { db, clock } = this.deps;
    const cp = await latestCheckpoint(db);
    if (!cp) return;
    const name = lane.witness.key.name;
    lane.cosigned ??= await lastCosignedSize(db, lane.witness.key);
    if (lane.cosigned >= cp.size) return;
    let old = lane.known ?? lane.cosigned;
    const fetcher = this.deps.fetch ?? fetch;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (old > cp.size) {
        this.say(
          `witness ${name} has cosigned ${old} leaves of this log, more than its ${cp.size}: the log was reset or rolled back, and the witness will not cosign it`,
        );
        return;
      }
      const proof = old === 0 ? [] : await proveConsistency(db, old, cp.size);
      const res = await fetcher(`${lane.witness.url}/add-checkpoint`, {
        method: 'POST',
        body: formatAddCheckpoint(old, proof, cp.note),
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      if (res.status === 200) {
        const found = openCosignatureLines(splitNote(cp.note).body, text, lane.witness.key);
        if (found.length === 0) {
          this.say(`witness ${name} answered without a cosignature by its configured key`);
          return;
        }
        await saveCosignatures(db, cp.size, found, clock().toISOString());
        lane.known = lane.cosigned = cp.size;
        return;
      }
      const said = /^(0|[1-9][0-9]*)\n$/.exec(text);
      if (res.status === 409 && said && Number(said[1]) !== old) {
        old = Number(said[1]);
        lane.known = old;
        continue;
      }
      this.say(
        `witness ${name} refused the checkpoint of ${cp.size} leaves from ${old} (${res.status}): ${text.trim().slice(0, 300)}`,
      );
      return;
    }
  }
}
