/**
 * Where generated events go: each is stamped with the next moment of the simulated day
 * (so `occurredAt` never goes backwards), applied to the shadow ledger (so a bad event stops
 * the generator at once, naming it), counted, and added to the current write batch. Tasks
 * (a receipt a few days after a shipment, a write-off after an expiry) wait in a schedule
 * by day.
 */
import { EventBody } from '../../api/domain/events.ts';
import type { Outcome } from '../../api/domain/ledger-state.ts';
import { dateOf, instantOf, localStamp, type Timeline } from './calendar.ts';
import type { Random } from './random.ts';
import type { Shadow } from './shadow.ts';
import type { World } from './world.ts';

/** An event body without its time: the stream adds `occurredAt` when it emits it. */
export type EventDraft = EventBody extends infer T
  ? T extends EventBody
    ? Omit<T, 'occurredAt'>
    : never
  : never;

export interface DemoSubmission {
  recordedBy: string;
  body: EventBody;
}

/** One write batch: recorded together, at `recordedAt`, as seqs firstSeq, firstSeq + 1, …. */
export interface DemoBatch {
  recordedAt: Date;
  firstSeq: number;
  submissions: DemoSubmission[];
}

/** What the generated ledger exhibits, counted as it is generated. */
export interface DemoStats {
  byType: Record<string, number>;
  breaches: number;
  /** Breaches made on purpose (care.ts); any other breach would be a generator bug. */
  deliberateBreaches: number;
  shortfalls: number;
  expiredWrittenOff: number;
  relaysCompleted: number;
}

export type Task = () => void;

const dayStart = 8 * 3600;
const dayLength = 13 * 3600;
const lastSecond = 23 * 3600;

export class Stream {
  readonly stats: DemoStats = {
    byType: {},
    breaches: 0,
    deliberateBreaches: 0,
    shortfalls: 0,
    expiredWrittenOff: 0,
    relaysCompleted: 0,
  };
  emitted = 0;
  day = 0;
  /** The local date of the current day. */
  date: string;
  private second = dayStart;
  private spacing = 60;
  private batch: DemoSubmission[] = [];
  private firstSeq = 1;
  private readonly tasks = new Map<number, Task[]>();
  private endToday = false;

  constructor(
    readonly world: World,
    readonly shadow: Shadow,
    readonly rng: Random,
    readonly limit: number,
  ) {
    this.date = world.timeline.start;
  }

  get timeline(): Timeline {
    return this.world.timeline;
  }

  /** How many more events may be emitted. */
  get room(): number {
    return this.limit - this.emitted;
  }

  get batchSize(): number {
    return this.batch.length;
  }

  /** Starts a simulated day on which about `expected` events will happen. */
  startDay(day: number, expected: number): void {
    this.day = day;
    this.date = dateOf(this.timeline, day);
    this.second = dayStart + this.rng.int(0, 1800);
    this.spacing = dayLength / Math.max(1, expected);
  }

  /** The moment of the last event emitted (or the day's start): for times an event names, such as a handover's. */
  now(): string {
    return localStamp(this.date, this.second);
  }

  emit(recordedBy: string, draft: EventDraft): Outcome {
    this.second = Math.min(lastSecond, this.second + this.spacing * this.rng.between(0.2, 1.8));
    return this.emitAt(recordedBy, draft, localStamp(this.date, this.second));
  }

  /**
   * Emits an event at a time of its own: the records of months before the simulated year
   * (published demand statistics), emitted in date order before the year's first event, so
   * the log stays in time order.
   */
  emitAt(recordedBy: string, draft: EventDraft, occurredAt: string): Outcome {
    if (this.room <= 0) throw new Error('demo stream: no room left for another event');
    const draftBody = { ...draft, occurredAt };
    let body: EventBody;
    let outcome: Outcome;
    try {
      // Parsed like a request to the API: the shape is checked, and the body comes out in the
      // schema's key order, as a rebuild from the log will read it back.
      body = EventBody.parse(draftBody);
      outcome = this.shadow.record(recordedBy, body);
    } catch (e) {
      throw new Error(
        `demo generator proposed an event the ledger refuses (seq ${this.shadow.seq + 1}, by ${recordedBy}): ${(e as Error).message}\n${JSON.stringify(draftBody)}`,
      );
    }
    this.batch.push({ recordedBy, body });
    this.emitted += 1;
    this.stats.byType[body.type] = (this.stats.byType[body.type] ?? 0) + 1;
    if (outcome.breach) this.stats.breaches += 1;
    return outcome;
  }

  /** Runs `task` on `day`; a task for today or earlier waits for tomorrow (today's are already under way). */
  schedule(day: number, task: Task): void {
    day = Math.max(day, this.day + 1);
    if (day >= this.timeline.days) return;
    const list = this.tasks.get(day);
    if (list) list.push(task);
    else this.tasks.set(day, [task]);
  }

  /**
   * Ends the write batch with today's last event, whatever its size: an event whose recording
   * time matters (a complaint, its answer) is then recorded the evening of the day it happens.
   */
  endBatchToday(): void {
    this.endToday = true;
  }

  /** Whether the batch should end with the day (see endBatchToday); asking clears it. */
  takeEndOfDay(): boolean {
    const end = this.endToday;
    this.endToday = false;
    return end;
  }

  /** Takes the tasks due on `day`. */
  due(day: number): Task[] {
    const list = this.tasks.get(day) ?? [];
    this.tasks.delete(day);
    return list;
  }

  /** Hands over the events emitted since the last batch; they are recorded a minute after the last one happened. */
  takeBatch(): DemoBatch {
    const batch: DemoBatch = {
      recordedAt: new Date(instantOf(this.timeline, this.day, this.second).getTime() + 60_000),
      firstSeq: this.firstSeq,
      submissions: this.batch,
    };
    this.firstSeq += this.batch.length;
    this.batch = [];
    this.shadow.endBatch();
    return batch;
  }
}
