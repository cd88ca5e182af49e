/**
 * The write path. Each batch is one transaction: the events, every projection they change,
 * their log leaves and a signed checkpoint commit together or not at all. A single API
 * request is a batch of one; the CLI import and the demo generator send large batches, so
 * the working set stays in memory between events and rows are written in bulk.
 *
 * Writes from one process are queued so that batches never interleave; writes from other
 * processes are kept out by the transaction's write lock (BEGIN IMMEDIATE), so the same
 * code is safe against a shared libSQL server.
 */
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EventBody, RecordedEvent } from '../domain/events.ts';
import type { CatalogLookup, Outcome } from '../domain/ledger-state.ts';
import type { SigningKey } from '../domain/merkle/index.ts';
import { Problem } from '../domain/problems.ts';
import type { ReceiptCodes } from '../domain/receipt-codes.ts';
import type { Database, Db } from './database.ts';
import { LedgerLoader } from './ledger-loader.ts';
import { LogAppender, saveCheckpoint } from './log-store.ts';
import { persistOutcomes } from './outcome-rows.ts';
import { events, idempotencyKeys, ledgerMeta } from './schema.ts';

export interface Submission {
  recordedBy: string;
  body: EventBody;
  idempotencyKey?: string;
}

/** The answer to a recorded event, as the write API returns it. */
export interface RecordedAnswer {
  id: string;
  seq: number;
  leafIndex: number;
  recordedAt: string;
  receiptCode?: string;
}

export type SubmissionResult = { ok: true; answer: RecordedAnswer; replay: boolean } | { ok: false; problem: Problem };

export interface WriterDeps {
  database: Database;
  catalog: CatalogLookup;
  clock: () => Date;
  signingKey: SigningKey;
  /** The log's origin line, e.g. `aidtrail.example/log`. */
  origin: string;
  receiptCodes: ReceiptCodes;
}

/** The leaf of an event: its recorded form in RFC 8785 canonical JSON. */
export const leafOf = (e: RecordedEvent): string =>
  canonicalize({ id: e.id, seq: e.seq, recordedBy: e.recordedBy, recordedAt: e.recordedAt, receiptCode: e.receiptCode, event: e.body })!;

const requestHash = (body: EventBody) => createHash('sha256').update(canonicalize(body)!).digest('hex');

export class LedgerWriter {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: WriterDeps) {}

  /** Records one event, or throws the problem that refused it. */
  async record(submission: Submission): Promise<{ answer: RecordedAnswer; replay: boolean }> {
    const [result] = await this.recordBatch([submission]);
    if (!result!.ok) throw result!.problem;
    return result!;
  }

  /** Records events in order in one transaction; refused events are reported and skipped. */
  recordBatch(submissions: readonly Submission[]): Promise<SubmissionResult[]> {
    const run = this.queue.then(() => this.deps.database.db.transaction((tx) => this.inTransaction(tx as unknown as Db, submissions)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async inTransaction(tx: Db, submissions: readonly Submission[]): Promise<SubmissionResult[]> {
    const [meta] = await tx.select().from(ledgerMeta).where(eq(ledgerMeta.key, 'next_lot_id'));
    const [{ size }] = (await tx.select({ size: sql<number>`coalesce(max(${events.seq}), 0)` }).from(events)) as [{ size: number }];
    const loader = new LedgerLoader(this.deps.catalog, meta?.value ?? 1);
    const log = await LogAppender.open(tx, size);
    const known = await this.knownKeys(tx, submissions);
    const results: SubmissionResult[] = [];
    const outcomes: Outcome[] = [];
    const keyRows: Array<typeof idempotencyKeys.$inferInsert> = [];
    const recordedAt = this.deps.clock().toISOString();

    for (const s of submissions) {
      const hash = s.idempotencyKey === undefined ? '' : requestHash(s.body);
      const prior = s.idempotencyKey === undefined ? undefined : known.get(`${s.recordedBy}\u0000${s.idempotencyKey}`);
      if (prior) {
        results.push(prior.hash === hash
          ? { ok: true, answer: prior.answer, replay: true }
          : { ok: false, problem: new Problem('idempotency-key-reuse', 'Idempotency key reused', `Idempotency key "${s.idempotencyKey}" was already used for a different request.`, [{ path: 'Idempotency-Key', message: 'already used with another body' }]) });
        continue;
      }
      try {
        await loader.prepare(tx, s.body, s.recordedBy);
        const outcome = loader.ledger.record({ body: s.body, recordedBy: s.recordedBy, seq: log.treeSize + 1, recordedAt, receiptCode: this.deps.receiptCodes });
        const leafIndex = log.append(leafOf(outcome.event));
        outcomes.push(outcome);
        const answer: RecordedAnswer = { id: outcome.event.id, seq: outcome.event.seq, leafIndex, recordedAt, ...(outcome.event.receiptCode ? { receiptCode: outcome.event.receiptCode } : {}) };
        results.push({ ok: true, answer, replay: false });
        if (s.idempotencyKey !== undefined) {
          known.set(`${s.recordedBy}\u0000${s.idempotencyKey}`, { hash, answer });
          keyRows.push({ organization: s.recordedBy, key: s.idempotencyKey, requestHash: hash, answer: JSON.stringify(answer), createdAt: recordedAt });
        }
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        results.push({ ok: false, problem: e });
      }
    }
    if (outcomes.length === 0) return results;

    await persistOutcomes(tx, outcomes, loader.ledger.book, leafOf);
    for (let i = 0; i < keyRows.length; i += 200) await tx.insert(idempotencyKeys).values(keyRows.slice(i, i + 200));
    await tx.insert(ledgerMeta).values({ key: 'next_lot_id', value: loader.ledger.book.nextLotId })
      .onConflictDoUpdate({ target: ledgerMeta.key, set: { value: loader.ledger.book.nextLotId } });
    await log.flush(tx);
    await saveCheckpoint(tx, this.deps.origin, log.treeSize, log.rootHash(), this.deps.signingKey, recordedAt);
    return results;
  }

  private async knownKeys(tx: Db, submissions: readonly Submission[]) {
    const known = new Map<string, { hash: string; answer: RecordedAnswer }>();
    const byOrg = new Map<string, string[]>();
    for (const s of submissions) if (s.idempotencyKey !== undefined) byOrg.set(s.recordedBy, [...(byOrg.get(s.recordedBy) ?? []), s.idempotencyKey]);
    for (const [org, keys] of byOrg) {
      for (let i = 0; i < keys.length; i += 500) {
        const rows = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.organization, org), inArray(idempotencyKeys.key, keys.slice(i, i + 500))));
        for (const r of rows) known.set(`${org}\u0000${r.key}`, { hash: r.requestHash, answer: JSON.parse(r.answer) });
      }
    }
    return known;
  }
}
