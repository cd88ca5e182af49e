/**
 * The write path. Each batch is one transaction: the events, every projection they change,
 * their log leaves and a signed checkpoint commit together or not at all. A single API
 * request is a batch of one; the CLI import and the demo generator send large batches, so
 * the working set stays in memory between events and rows are written in bulk.
 *
 * Writes from one process are queued so that batches never interleave; writes from other
 * processes are kept out by the transaction's write lock (BEGIN IMMEDIATE), so the same
 * code is safe against a shared libSQL server.
 *
 * Single events (API requests) are group-committed: those that arrive while a batch is
 * committing wait and go together in the next one, so a busy giving day pays for one
 * transaction and one signed checkpoint per group rather than per gift. Each is still judged
 * alone, in arrival order, and answered only once its group has committed.
 */
import type { Client, InValue } from '@libsql/client';
import canonicalize from 'canonicalize';
import { drizzle } from 'drizzle-orm/libsql';
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { encodeLeaf, splitEvent, type PartyLookup, type PrivatePart } from '../contract/privacy.ts';
import type { EventBody, RecordedEvent } from '../domain/events.ts';
import type { PrivateSalts } from '../domain/private-salts.ts';
import type { CatalogLookup } from '../domain/ledger-state.ts';
import type { SigningKey } from '../domain/merkle/index.ts';
import { ledgerTotalLimit, recordedMagnitude } from '../domain/amounts.ts';
import { checkOccurredAt } from '../domain/event-time.ts';
import { checkText } from '../domain/text.ts';
import { Problem } from '../domain/problems.ts';
import type { ReceiptCodes } from '../domain/receipt-codes.ts';
import type { Database, Db } from './database.ts';
import { keptLoaderLimit, LedgerLoader } from './ledger-loader.ts';
import { signedLog, type OpenBatchLog } from './log-store.ts';
import { insertRows, upsert, type Executor } from './bulk-sql.ts';
import { persistOutcomes, recordedTotalKey, workingSet, type AppliedEvent } from './outcome-rows.ts';
import * as schema from './schema.ts';
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

export type SubmissionResult =
  | { ok: true; answer: RecordedAnswer; replay: boolean }
  | { ok: false; problem: Problem };

export interface WriterDeps {
  database: Database;
  catalog: CatalogLookup;
  clock: () => Date;
  signingKey: SigningKey;
  /** The log's origin line, e.g. `aidtrail.example/log`. */
  origin: string;
  receiptCodes: ReceiptCodes;
  privateSalts: PrivateSalts;
  /** How leaves are logged; the signed Merkle log unless a benchmark measures without it. */
  openLog?: OpenBatchLog;
  /** Told after a batch that grew the log has committed (its checkpoint is published). */
  onCommit?: () => void;
  /** How an event becomes its leaf; the public leaf of log format 2 unless a benchmark compares. */
  leafOf?: LeafOf;
  /** At most this many single events share one commit (default 256). */
  groupLimit?: number;
  /**
   * How long the first event of a group waits for others before the group commits, in ms
   * (default 0: one turn of the event loop). Events arriving while a group commits wait anyway.
   */
  groupWindowMs?: number;
}

/** A single event waiting for its group's commit, and how to answer its caller. */
interface Waiting {
  submission: Submission;
  answer: (result: SubmissionResult) => void;
  fail: (error: unknown) => void;
}

/** An event's leaf bytes and the private part kept off the log. */
export type LeafOf = (
  e: RecordedEvent,
  party: PartyLookup,
  salts: PrivateSalts,
) => { leaf: string; privatePart: PrivatePart | null };

/** The leaf of an event: its public form (contract/privacy.ts) in RFC 8785 canonical JSON. */
export const leafOf: LeafOf = (e, party, salts) => {
  const { leaf, privatePart } = splitEvent(e, party, salts(e.id));
  return { leaf: encodeLeaf(leaf), privatePart };
};

const requestHash = (body: EventBody) => createHash('sha256').update(canonicalize(body)!).digest('hex');

export class LedgerWriter {
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The working set of the last committed batch and the log size it ends at. Ledger state is
   * a function of the log, so while the log is still that size no one else has written and
   * the working set is exact; otherwise it is thrown away and rebuilt from the database.
   */
  private warm: { loader: LedgerLoader; size: number } | null = null;
  /** Single events waiting for the next group commit, in arrival order. */
  private waiting: Waiting[] = [];
  private grouping = false;
  /** Wakes a group's window early once the group is full. */
  private full: (() => void) | null = null;

  constructor(private readonly deps: WriterDeps) {}

  /**
   * Records one event, or throws the problem that refused it. It joins the next group commit;
   * a storage failure fails the whole group with the same error.
   */
  record(submission: Submission): Promise<{ answer: RecordedAnswer; replay: boolean }> {
    return new Promise((resolve, reject) => {
      this.waiting.push({
        submission,
        answer: (r) => (r.ok ? resolve(r) : reject(r.problem)),
        fail: reject,
      });
      if (this.waiting.length >= this.groupLimit) this.full?.();
      if (!this.grouping) {
        this.grouping = true;
        void this.commitGroups();
      }
    });
  }

  private get groupLimit() {
    return this.deps.groupLimit ?? 256;
  }

  private async commitGroups(): Promise<void> {
    while (this.waiting.length > 0) {
      // Batches already queued (an import, a previous group) go first; whoever arrives meanwhile joins.
      await this.queue;
      await this.window();
      const group = this.waiting.splice(0, this.groupLimit);
      try {
        const results = await this.recordBatch(group.map((w) => w.submission));
        group.forEach((w, i) => w.answer(results[i]!));
      } catch (e) {
        for (const w of group) w.fail(e);
      }
    }
    this.grouping = false;
  }

  /** The short wait in which a group gathers: one turn, or up to `groupWindowMs` unless it fills first. */
  private window(): Promise<void> {
    const ms = this.deps.groupWindowMs ?? 0;
    if (ms <= 0 || this.waiting.length >= this.groupLimit) return nextTurn();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.full = () => {
        this.full = null;
        done();
      };
    }).finally(() => {
      this.full = null;
    });
  }

  /** Records events in order in one transaction; refused events are reported and skipped. */
  recordBatch(submissions: readonly Submission[]): Promise<SubmissionResult[]> {
    const run = this.queue.then(() => this.transaction(submissions));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async transaction(submissions: readonly Submission[]): Promise<SubmissionResult[]> {
    // BEGIN IMMEDIATE: the write lock is taken before the first read, so the state the
    // batch is checked against cannot change under it, in this process or any other.
    const raw = await this.deps.database.client.transaction('write');
    try {
      const results = await this.inTransaction(
        raw,
        drizzle(raw as unknown as Client, { schema }),
        submissions,
      );
      await raw.commit();
      if (results.some((r) => r.ok && !r.replay)) this.deps.onCommit?.();
      await nextTurn();
      return results;
    } catch (e) {
      this.warm = null;
      // A full or read-only disk can fail the rollback too; the error worth reporting is the first.
      await raw.rollback().catch(() => undefined);
      throw e;
    } finally {
      raw.close();
    }
  }

  private async inTransaction(
    raw: Executor,
    tx: Db,
    submissions: readonly Submission[],
  ): Promise<SubmissionResult[]> {
    const [meta] = await tx.select().from(ledgerMeta).where(eq(ledgerMeta.key, 'next_lot_id'));
    const [{ size }] = (await tx
      .select({ size: sql<number>`coalesce(max(${events.seq}), 0)` })
      .from(events)) as [{ size: number }];
    let loader: LedgerLoader;
    if (this.warm && this.warm.size === size && this.warm.loader.footprint <= keptLoaderLimit) {
      loader = this.warm.loader;
      loader.startBatch();
    } else loader = new LedgerLoader(this.deps.catalog, meta?.value ?? 1);
    this.warm = null;
    const log = await (this.deps.openLog ?? signedLog(this.deps.origin, this.deps.signingKey))(tx, size);
    const known = await this.knownKeys(tx, submissions);
    const results: SubmissionResult[] = [];
    const applied: AppliedEvent[] = [];
    const keyRows: InValue[][] = [];
    const recordedAt = this.deps.clock().toISOString();
    let recordedTotal = await readRecordedTotal(raw, size);
    await loader.prefetch(tx, submissions);

    for (const s of submissions) {
      const hash = s.idempotencyKey === undefined ? '' : requestHash(s.body);
      const prior =
        s.idempotencyKey === undefined ? undefined : known.get(`${s.recordedBy}\u0000${s.idempotencyKey}`);
      if (prior) {
        results.push(
          prior.hash === hash
            ? { ok: true, answer: prior.answer, replay: true }
            : {
                ok: false,
                problem: new Problem(
                  'idempotency-key-reuse',
                  'Idempotency key reused',
                  `Idempotency key "${s.idempotencyKey}" was already used for a different request.`,
                  [{ path: 'Idempotency-Key', message: 'already used with another body' }],
                ),
              },
        );
        continue;
      }
      try {
        checkOccurredAt(s.body, recordedAt);
        checkText(s.body);
        const magnitude = recordedMagnitude(s.body);
        if (recordedTotal + magnitude > ledgerTotalLimit) throw ledgerFull(recordedTotal);
        await loader.prepare(tx, s.body, s.recordedBy);
        const outcome = loader.record({
          body: s.body,
          recordedBy: s.recordedBy,
          seq: log.treeSize + 1,
          recordedAt,
          receiptCode: this.deps.receiptCodes,
        });
        const { leaf, privatePart } = (this.deps.leafOf ?? leafOf)(
          outcome.event,
          (id) => loader.ledger.organization(id),
          this.deps.privateSalts,
        );
        const leafIndex = log.append(leaf);
        recordedTotal += magnitude;
        applied.push({ outcome, leaf, privatePart });
        const answer: RecordedAnswer = {
          id: outcome.event.id,
          seq: outcome.event.seq,
          leafIndex,
          recordedAt,
          ...(outcome.event.receiptCode ? { receiptCode: outcome.event.receiptCode } : {}),
        };
        results.push({ ok: true, answer, replay: false });
        if (s.idempotencyKey !== undefined) {
          known.set(`${s.recordedBy}\u0000${s.idempotencyKey}`, { hash, answer });
          keyRows.push([s.recordedBy, s.idempotencyKey, hash, JSON.stringify(answer), recordedAt]);
        }
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        results.push({ ok: false, problem: e });
      }
    }
    if (applied.length === 0) {
      this.warm = { loader, size: log.treeSize };
      return results;
    }

    await persistOutcomes(raw, applied, workingSet(loader, this.deps.catalog));
    await insertRows(
      raw,
      idempotencyKeys,
      ['organization', 'key', 'request_hash', 'answer', 'created_at'],
      keyRows,
    );
    await insertRows(
      raw,
      ledgerMeta,
      ['key', 'value'],
      [['next_lot_id', loader.ledger.book.nextLotId]],
      upsert('key', ['value']),
    );
    await log.commit(raw, tx, recordedAt);
    this.warm = { loader, size: log.treeSize };
    return results;
  }

  private async knownKeys(tx: Db, submissions: readonly Submission[]) {
    const known = new Map<string, { hash: string; answer: RecordedAnswer }>();
    const byOrg = new Map<string, string[]>();
    for (const s of submissions)
      if (s.idempotencyKey !== undefined)
        byOrg.set(s.recordedBy, [...(byOrg.get(s.recordedBy) ?? []), s.idempotencyKey]);
    for (const [org, keys] of byOrg) {
      for (let i = 0; i < keys.length; i += 500) {
        const rows = await tx
          .select()
          .from(idempotencyKeys)
          .where(
            and(eq(idempotencyKeys.organization, org), inArray(idempotencyKeys.key, keys.slice(i, i + 500))),
          );
        for (const r of rows)
          known.set(`${org}\u0000${r.key}`, { hash: r.requestHash, answer: JSON.parse(r.answer) });
      }
    }
    return known;
  }
}

const ledgerFull = (recorded: number) =>
  new Problem(
    'ledger-limit',
    'Ledger limit reached',
    `The ledger has recorded ${recorded} in amounts, quantities and beneficiary counts; it records at most ${ledgerTotalLimit} in all, so that every public total stays exact.`,
  );

/**
 * The running total the ledger limit is checked against. A ledger written before the total
 * was kept has it computed once and kept (`rebuild` recomputes it exactly): the integers of
 * the public leaves, plus the exact counts their private parts withhold (a leaf shows "<5").
 */
async function readRecordedTotal(raw: Executor, logSize: number): Promise<number> {
  const kept = await raw.execute({
    sql: 'SELECT value FROM ledger_meta WHERE key = ?',
    args: [recordedTotalKey],
  });
  if (kept.rows[0]) return Number(kept.rows[0].value);
  if (logSize === 0) return 0;
  const scanned = await raw.execute(
    `SELECT (SELECT total(j.value) FROM events, json_tree(events.leaf, '$.event') AS j
       WHERE j.key IN ('amount', 'quantity', 'beneficiaries') AND j.type = 'integer')
     + (SELECT total(w.value) FROM event_private, json_each(event_private.withheld) AS w
       WHERE w.key LIKE '%/beneficiaries' AND w.type = 'integer') AS n`,
  );
  const total = Math.min(Math.round(Number(scanned.rows[0]!.n)), Number.MAX_SAFE_INTEGER);
  await raw.execute({
    sql: 'INSERT INTO ledger_meta (key, value) VALUES (?, ?)',
    args: [recordedTotalKey, total],
  });
  return total;
}

/**
 * One turn of the event loop. The libSQL client frees native statement memory on later turns;
 * a loader that writes batch after batch without ever yielding grows without bound.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
