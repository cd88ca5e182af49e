/**
 * The ledger's rules: given the state an event refers to, decide whether the event may be
 * recorded and exactly what it changes. Pure: nothing here reads or writes storage.
 *
 * Conservation holds by construction: every change is a set of lot deltas that move units
 * (a lot taken from here is a lot put there, or a flow to `used`, `written_off` or `lost`),
 * and the lot book refuses any delta that would take a lot below zero.
 */
import type { EventBody, Of, RecordedEvent } from './events.ts';
import { eventId } from './events.ts';
import type { EventFacts, LedgerState, Outcome } from './ledger-state.ts';
import { unknownReference } from './problems.ts';
import { checkReferences } from './references.ts';
import { applyCorrection } from './corrections.ts';
import { effectsOf } from './movements.ts';
import { applyComplaintEvent, isComplaintEvent } from './complaints.ts';

export interface EventInput {
  body: EventBody;
  recordedBy: string;
  seq: number;
  recordedAt: string;
  /** Derives a donation's public receipt code from its event id. */
  receiptCode: (eventId: string) => string;
}

export function applyEvent(state: LedgerState, input: EventInput): Outcome {
  const { body, recordedBy, seq } = input;
  const id = eventId(seq);
  const event: RecordedEvent = { id, seq, recordedBy, recordedAt: input.recordedAt, body };
  // Complaints come from the public and moderation from the portal, neither an organization.
  if (isComplaintEvent(body)) {
    if (body.type === 'complaint') event.receiptCode = input.receiptCode(id);
    return applyComplaintEvent(state, event as RecordedEvent<typeof body>);
  }
  if (!state.organization(recordedBy)) throw unknownReference('recordedBy', 'organization', recordedBy);
  if (body.type === 'donation' || body.type === 'pledge') event.receiptCode = input.receiptCode(id);

  if (body.type === 'correction') {
    const outcome = applyCorrection(state, event as RecordedEvent<Of<'correction'>>);
    // The correction's own standing: it cannot be corrected, but its breach flag and the
    // fact that it exists are public like any other event's.
    outcome.facts.push({
      id,
      seq,
      type: 'correction',
      recordedBy,
      body,
      status: 'active',
      effectiveEvent: id,
      replacedBy: null,
      receivedBy: null,
      deltas: [],
      flows: [],
    });
    return outcome;
  }

  checkReferences(state, body, recordedBy, '');
  const effects = effectsOf(state, body, {
    id,
    seq,
    recordedBy,
    donationKey: id,
    receiptCode: event.receiptCode,
  });
  state.book.apply(effects.deltas);
  const facts: EventFacts = {
    id,
    seq,
    type: body.type,
    recordedBy,
    body,
    status: 'active',
    effectiveEvent: id,
    replacedBy: null,
    receivedBy: null,
    deltas: effects.deltas,
    flows: effects.flows,
  };
  return { event, ...effects, facts: [facts, ...effects.facts] };
}
