/**
 * Writes what a batch of applied events changed: event rows, lots and their shares, flows,
 * event standings, gifts and appeals. Rows go in bulk; when an id occurs twice in a batch,
 * the last version wins, as it would have row by row.
 */
import { inArray, sql } from 'drizzle-orm';
import type { RecordedEvent } from '../domain/events.ts';
import type { Outcome } from '../domain/ledger-state.ts';
import type { LotBook } from '../domain/lots.ts';
import type { Db } from './database.ts';
import { appeals, donations, eventState, events, flows, lotShares, lots } from './schema.ts';

const chunk = 250;
async function insertAll<T>(rows: T[], write: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += chunk) await write(rows.slice(i, i + chunk));
}
const excludedAll = (cols: string[]) => Object.fromEntries(cols.map((c) => [c, sql.raw(`excluded.${c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)}`)]));

export async function persistOutcomes(tx: Db, outcomes: Outcome[], book: LotBook, leafOf: (e: RecordedEvent) => string): Promise<void> {
  await insertAll(outcomes.map((o) => ({
    seq: o.event.seq, id: o.event.id, type: o.event.body.type, recordedBy: o.event.recordedBy, recordedAt: o.event.recordedAt,
    occurredAt: o.event.body.occurredAt, leaf: leafOf(o.event),
  })), (part) => tx.insert(events).values(part));

  // Lots: only the amount of a lot ever changes after it is created.
  const changed = [...book.changed].sort((a, b) => a - b);
  const live = changed.map((id) => book.get(id)!).filter((l) => l.amount > 0);
  const empty = changed.filter((id) => book.get(id)!.amount === 0);
  for (let i = 0; i < changed.length; i += 500) await tx.delete(lotShares).where(inArray(lotShares.lot, changed.slice(i, i + 500)));
  for (let i = 0; i < empty.length; i += 500) await tx.delete(lots).where(inArray(lots.id, empty.slice(i, i + 500)));
  await insertAll(live.map((l) => ({
    id: l.id, holder: l.holder, asset: l.asset, lotCode: l.lotCode, expiresOn: l.expiresOn,
    restrictionRegion: l.restriction?.region ?? null, restrictionDisease: l.restriction?.disease ?? null, restrictionAppeal: l.restriction?.appeal ?? null,
    state: l.state, transfer: l.transfer, acquiredSeq: l.acquiredSeq, amount: l.amount,
  })), (part) => tx.insert(lots).values(part).onConflictDoUpdate({ target: lots.id, set: { amount: sql`excluded.amount` } }));
  await insertAll(live.flatMap((l) => [...l.shares].map(([donation, amount]) => ({ lot: l.id, donation, amount }))),
    (part) => tx.insert(lotShares).values(part));
  book.clearChanged();

  await insertAll(outcomes.flatMap((o) => o.flows.map((f) => ({
    seq: o.event.seq, event: o.event.id, donation: f.donation, kind: f.kind, fromOrg: f.from, toOrg: f.to, asset: f.asset,
    lotCode: f.lotCode, amount: f.amount, disease: f.disease, reason: f.reason, breach: f.breach,
  }))), (part) => tx.insert(flows).values(part));

  const facts = new Map(outcomes.flatMap((o) => o.facts.map((f) => [f.id, { f, breach: o.event.id === f.id || o.event.id === f.effectiveEvent ? o.breach : undefined }] as const)));
  const factRows = [...facts.values()].map(({ f, breach }) => ({
    id: f.id, seq: f.seq, type: f.type, recordedBy: f.recordedBy, status: f.status, effectiveEvent: f.effectiveEvent, receivedBy: f.receivedBy,
    breach: breach ?? false, body: JSON.stringify(f.body), deltas: JSON.stringify(f.deltas), flows: JSON.stringify(f.flows),
  }));
  await insertAll(factRows, (part) => tx.insert(eventState).values(part).onConflictDoUpdate({
    target: eventState.id,
    set: excludedAll(['status', 'effectiveEvent', 'receivedBy', 'body', 'deltas', 'flows']),
  }));

  const gifts = new Map(outcomes.flatMap((o) => o.donations.map((d) => [d.key, d] as const)));
  await insertAll([...gifts.values()].map((d) => ({
    key: d.key, kind: d.kind, receiptCode: d.receiptCode, currentEvent: d.currentEvent, status: d.status, donor: d.donor,
    donorKind: d.donorKind, anonymous: d.anonymous, recipient: d.recipient, asset: d.asset, lotCode: d.lotCode, amount: d.amount,
    restrictionRegion: d.restriction?.region ?? null, restrictionDisease: d.restriction?.disease ?? null,
    restrictionAppeal: d.restriction?.appeal ?? null, restrictionPurpose: d.restriction?.purpose ?? null, occurredAt: d.occurredAt, seq: d.seq,
  })), (part) => tx.insert(donations).values(part).onConflictDoUpdate({
    target: donations.key,
    set: excludedAll(['currentEvent', 'status', 'donor', 'donorKind', 'anonymous', 'recipient', 'asset', 'lotCode', 'amount',
      'restrictionRegion', 'restrictionDisease', 'restrictionAppeal', 'restrictionPurpose', 'occurredAt']),
  }));

  const appealRows = new Map(outcomes.flatMap((o) => o.appeals.map((a) => [a.id, a] as const)));
  await insertAll([...appealRows.values()], (part) => tx.insert(appeals).values(part).onConflictDoUpdate({
    target: appeals.id, set: excludedAll(['titleZh', 'titleEn', 'region', 'disease', 'status']),
  }));
}
