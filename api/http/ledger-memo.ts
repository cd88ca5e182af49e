/**
 * Whole-ledger reads (idle shares, outcome evaluation) cost seconds on a large ledger and change
 * only as the log grows. They are kept per query; when the log has grown since, the kept answer
 * is served — naming the log size it reflects — while a fresh one is computed in the background.
 * The first request for a query waits for it.
 */
interface Entry {
  logSize: number;
  value: Promise<unknown>;
  settled: boolean;
  refreshing: boolean;
}

export class LedgerMemo {
  private readonly entries = new Map<string, Entry>();
  /** The last computation started, when computations run one at a time. */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly logSize: () => Promise<number>,
    private readonly capacity = 32,
    /** Run computations one after another rather than side by side. */
    private readonly oneAtATime = false,
  ) {}

  async get<T>(key: string, compute: () => Promise<T>): Promise<{ value: T; logSize: number }> {
    const size = await this.logSize();
    const entry = this.entries.get(key);
    if (entry && (entry.logSize === size || (entry.settled && this.refresh(key, entry, size, compute)))) {
      return { value: (await entry.value) as T, logSize: entry.logSize };
    }
    const fresh = this.start(key, size, compute);
    return { value: (await fresh.value) as T, logSize: size };
  }

  /** Starts a background refresh unless one runs; the stale entry keeps answering meanwhile. */
  private refresh<T>(key: string, stale: Entry, size: number, compute: () => Promise<T>): true {
    if (!stale.refreshing) {
      stale.refreshing = true;
      const next: Entry = { logSize: size, value: this.run(compute), settled: false, refreshing: false };
      this.track(next.value);
      next.value.then(
        () => {
          next.settled = true;
          this.entries.set(key, next);
        },
        () => {
          stale.refreshing = false;
        },
      );
    }
    return true;
  }

  /** Resolves once every background refresh started so far has finished (kept or failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(p: Promise<unknown>): void {
    const done = p.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(done);
    done.then(() => this.inFlight.delete(done));
  }

  private start<T>(key: string, size: number, compute: () => Promise<T>): Entry {
    const entry: Entry = { logSize: size, value: this.run(compute), settled: false, refreshing: false };
    entry.value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  private run<T>(compute: () => Promise<T>): Promise<T> {
    if (!this.oneAtATime) return compute();
    const value = this.turn.then(() => compute());
    this.turn = value.catch(() => undefined);
    return value;
  }
}

/**
 * The memos of the whole-ledger reads. Answers at the ledger's own moment (no `asOf`) are
 * shared by everyone; answers at a moment a caller chose are kept apart, few, and computed
 * one at a time, so chosen moments can neither push out the shared answers nor start
 * whole-ledger computations side by side.
 */
export interface Memos {
  ledger: LedgerMemo;
  chosen: LedgerMemo;
}

export const ledgerMemos = (logSize: () => Promise<number>): Memos => ({
  ledger: new LedgerMemo(logSize),
  chosen: new LedgerMemo(logSize, 8, true),
});

/** The memo for a read at `asOf` as the caller gave it (undefined: the ledger's own moment). */
/** Resolves once every background refresh started so far, in either memo, has finished. */
export const memosSettled = async (memos: Memos): Promise<void> => {
  await Promise.all([memos.ledger.settled(), memos.chosen.settled()]);
};

export const memoFor = (memos: Memos, asOf: string | undefined): LedgerMemo =>
  asOf === undefined ? memos.ledger : memos.chosen;
