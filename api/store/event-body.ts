/**
 * An event's current body, read back without a copy of it: event_state keeps no body, since
 * the event's leaf and its private part (contract/privacy.ts joinEvent) already hold it, and
 * once a correction replaced it, that correction's `replacement` holds it instead.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { joinEvent, type PublicLeaf, type Withheld } from '../contract/privacy.ts';
import { EventId, eventId, seqOf, type EventBody, type Of } from '../domain/events.ts';
import type { Db } from './database.ts';
import { eventPrivate, eventState, events } from './schema.ts';

/** An event's standing with its current body, as event_state and the log hold it. */
export interface EventStanding {
  id: string;
  seq: number;
  recordedBy: string;
  status: string;
  effectiveEvent: string;
  replacedBy: string | null;
  receivedBy: string | null;
  breach: boolean;
  body: EventBody;
  /** The lot deltas in the encoding of delta-codec.ts. */
  deltas: string;
}

/** The seq of an event id, or null for text that is no event id as the ledger writes them. */
export function seqOfId(id: string): number | null {
  if (!EventId.safeParse(id).success) return null;
  const seq = seqOf(id);
  return eventId(seq) === id && Number.isSafeInteger(seq) ? seq : null;
}

const idOrNull = (seq: number | null) => (seq === null ? null : eventId(seq));

/** The standings of the events with these seqs (those that exist), in no particular order. */
export async function readStandings(db: Pick<Db, 'select'>, seqs: number[]): Promise<EventStanding[]> {
  if (seqs.length === 0) return [];
  // One leaf per event either way: its own, or the replacing correction's.
  const bodySeq = sql`coalesce(${eventState.replacementSeq}, ${eventState.seq})`;
  const rows = await db
    .select({ state: eventState, leaf: events.leaf, withheld: eventPrivate.withheld })
    .from(eventState)
    .innerJoin(events, eq(events.seq, bodySeq))
    .leftJoin(eventPrivate, eq(eventPrivate.seq, bodySeq))
    .where(inArray(eventState.seq, seqs));
  return rows.map(({ state: r, leaf, withheld }) => {
    const source = joinEvent(
      JSON.parse(leaf) as PublicLeaf,
      withheld === null ? null : { salt: '', withheld: JSON.parse(withheld) as Withheld },
    );
    return {
      id: eventId(r.seq),
      seq: r.seq,
      recordedBy: source.recordedBy,
      status: r.status,
      effectiveEvent: eventId(r.effectiveSeq),
      replacedBy: idOrNull(r.replacementSeq),
      receivedBy: idOrNull(r.receiptSeq),
      breach: r.breach,
      body: r.replacementSeq === null ? source.body : (source.body as Of<'correction'>).replacement!,
      deltas: r.deltas,
    };
  });
}

/** The standing of one event by its id, or undefined. */
export async function readStanding(db: Pick<Db, 'select'>, id: string): Promise<EventStanding | undefined> {
  const seq = seqOfId(id);
  return seq === null ? undefined : (await readStandings(db, [seq]))[0];
}

/**
 * SQL for fields of an event's current body, given the alias of its event_state row (`state`),
 * of its events row (`own`) and of the replacing correction's events row (`replacing`, joined
 * by `replacingJoin`). Public values are read from the leaves; `party` reads an organization
 * field, whose real id an anonymous party's leaf withholds, from the private part.
 */
export function bodySql(state: string, own: string, replacing: string) {
  const pick = (ownSql: string, replacingSql: string) =>
    `CASE WHEN ${state}.replacement_seq IS NULL THEN ${ownSql} ELSE ${replacingSql} END`;
  // A party the leaf shows as `{ anonymous, kind }` has its id in the private part.
  const at = (alias: string, place: string, field: string) => {
    const pointer = `/${place.replace('.', '/')}/${field}`;
    return (
      `CASE WHEN json_type(${alias}.leaf, '$.${place}.${field}') = 'object' ` +
      `THEN (SELECT withheld->>'$."${pointer}"' FROM event_private WHERE seq = ${alias}.seq) ` +
      `ELSE ${alias}.leaf->>'$.${place}.${field}' END`
    );
  };
  return {
    replacingJoin: `LEFT JOIN events ${replacing} ON ${replacing}.seq = ${state}.replacement_seq`,
    /** A value (`->>`) at `path` (e.g. `.goods.lot`) of the body. */
    value: (path: string) =>
      pick(`${own}.leaf->>'$.event${path}'`, `${replacing}.leaf->>'$.event.replacement${path}'`),
    /** JSON text (`->`) at `path` of the body. */
    json: (path: string) =>
      pick(`${own}.leaf->'$.event${path}'`, `${replacing}.leaf->'$.event.replacement${path}'`),
    party: (field: string) => pick(at(own, 'event', field), at(replacing, 'event.replacement', field)),
  };
}
