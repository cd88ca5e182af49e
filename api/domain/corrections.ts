/**
 * Corrections. Nothing is edited in place: a correction is a new event that undoes an
 * earlier one (applying the negation of its lot deltas and flows) and, for a replacement,
 * then applies the corrected body as if it stood in the original's place (same identity,
 * same receipt code, the correction's own position in the log).
 *
 * An undo is only possible while what the original did is still where it put it: a gift
 * already passed on, or a shipment already received, is refused with the reason, and the
 * recorder corrects the later events first (or records a return).
 */
import { seqOf, type Of, type PlainEvent, type RecordedEvent } from './events.ts';
import { negateFlow } from './flows.ts';
import type { EventFacts, LedgerState, Outcome } from './ledger-state.ts';
import { negate } from './lots.ts';
import { Problem, invalid, unknownReference } from './problems.ts';
import { checkReferences } from './references.ts';
import { effectsOf } from './movements.ts';
import { undeliver } from './need-effects.ts';
import { settle, type NeedRecord } from './needs.ts';

export function applyCorrection(state: LedgerState, event: RecordedEvent<Of<'correction'>>): Outcome {
  const body = event.body;
  const target = state.event(body.corrects);
  if (!target) throw unknownReference('corrects', 'event', body.corrects);
  if (target.recordedBy !== event.recordedBy) {
    throw new Problem(
      'forbidden',
      'Forbidden',
      `${body.corrects} was recorded by ${target.recordedBy}; only its recorder can correct it.`,
    );
  }
  if (target.type === 'correction') {
    throw invalid('corrects', 'a correction cannot itself be corrected; correct the original event again');
  }
  if (target.status === 'reversed') {
    throw new Problem(
      'conflict',
      'Already reversed',
      `${body.corrects} was already reversed; record a new event instead.`,
      [{ path: 'corrects', message: 'already reversed' }],
    );
  }
  if (target.receivedBy) {
    throw new Problem(
      'conflict',
      'Already received',
      `${body.corrects} was acknowledged by ${target.receivedBy}; correct that receipt first, or record a return.`,
      [{ path: 'corrects', message: 'already received' }],
    );
  }
  if (target.type === 'donation_confirm') {
    // A donor's consent is its own statement, not the recorder's bookkeeping: it stands as given.
    throw invalid('corrects', "a donor's confirmation is not corrected");
  }
  if (target.type === 'need_update' || target.type === 'need_close') {
    throw invalid('corrects', `a ${target.type} is not corrected; record another need_update instead`);
  }
  if (target.type === 'need' && !body.replacement && (state.need(target.id)?.allocations.length ?? 0) > 0) {
    throw new Problem(
      'conflict',
      'Need already answered',
      `${body.corrects} has received deliveries; close it with need_close instead of reversing it.`,
      [{ path: 'corrects', message: 'already answered' }],
    );
  }
  refuseWorkflowCorrection(state, target, body.replacement);
  if (body.replacement && body.replacement.type !== target.type) {
    throw invalid('replacement.type', `must stay "${target.type}"`);
  }

  const undoDeltas = target.deltas.map(negate).reverse();
  const gap = state.book.shortfall(undoDeltas);
  if (gap) {
    throw new Problem(
      'insufficient-holdings',
      'Already passed on',
      `${body.corrects} cannot be undone: ${gap.missing} of ${gap.attrs.asset} it put at ${gap.attrs.holder} has since moved on. Correct the later events first.`,
      [{ path: 'corrects', message: `short by ${gap.missing}` }],
      { shortfall: { holder: gap.attrs.holder, asset: gap.attrs.asset, missing: gap.missing } },
    );
  }
  state.book.apply(undoDeltas);
  const undoFlows = target.flows.map(negateFlow);
  const facts: EventFacts[] = [];
  // A receipt undone puts its shipment back in transit.
  const unreceived =
    target.type === 'receipt' ? state.event((target.body as Of<'receipt'>).transfer) : undefined;
  if (unreceived) facts.push({ ...unreceived, receivedBy: null });
  // Deliveries it made are taken back from the needs they answered.
  const undone = undeliver(state, seqOf(target.effectiveEvent));
  const undoneDeliveries =
    undone.needs.length > 0 || isDelivery(target) ? [seqOf(target.effectiveEvent)] : [];
  const overlay = withFacts(
    state,
    facts,
    target.type === 'appeal' ? (target.body as Of<'appeal'>).appeal : null,
    undone.needs,
  );

  const base = {
    event,
    breach: false,
    deltas: undoDeltas,
    flows: undoFlows,
    donations: [],
    appeals: [],
    deliveries: [],
    undoneDeliveries,
    custody: [],
  } satisfies Partial<Outcome>;
  if (!body.replacement) {
    facts.push({ ...target, status: 'reversed', effectiveEvent: event.id, deltas: [], flows: [] });
    const withdrawn =
      target.type === 'need' ? [{ ...state.need(target.id)!, status: 'withdrawn' as const }] : [];
    return {
      ...base,
      facts,
      donations: reversedDonation(state, target),
      appeals: reversedAppeal(state, target),
      needs: [...undone.needs, ...withdrawn],
    };
  }
  try {
    checkReferences(overlay, body.replacement, event.recordedBy, 'replacement.');
    const donation = state.donation(target.id);
    const effects = effectsOf(overlay, body.replacement, {
      id: target.id,
      seq: event.seq,
      recordedBy: event.recordedBy,
      donationKey: target.id,
      receiptCode: donation?.receiptCode,
    });
    state.book.apply(effects.deltas);
    facts.push(...effects.facts, {
      ...target,
      body: body.replacement,
      effectiveEvent: event.id,
      replacedBy: event.id,
      deltas: effects.deltas,
      flows: effects.flows,
    });
    // A replaced need keeps what it has received; its new quantity decides whether it is met.
    const needs = effects.needs.map((n) => {
      const before = overlay.need(n.id);
      return before && target.type === 'need'
        ? settle({
            ...n,
            seq: before.seq,
            allocations: before.allocations,
            status: before.status === 'closed' ? 'closed' : 'open',
            closeReason: before.closeReason,
            closedAt: before.closedAt,
          })
        : n;
    });
    const changed = new Map([...undone.needs, ...needs].map((n) => [n.id, n]));
    return {
      event,
      breach: effects.breach,
      deltas: [...undoDeltas, ...effects.deltas],
      flows: [...undoFlows, ...effects.flows],
      facts,
      donations: effects.donations.map((d) => ({ ...d, currentEvent: event.id })),
      appeals: effects.appeals,
      needs: [...changed.values()],
      deliveries: effects.deliveries,
      undoneDeliveries,
      custody: effects.custody,
    };
  } catch (e) {
    state.book.apply(undoDeltas.map(negate).reverse());
    throw e;
  }
}

/**
 * The steps of a reserve's dispatch workflow stand as filed: a later step relies on each one, so
 * none is undone or replaced; a new plan supersedes a plan, a refusal or a new request follows.
 */
function refuseWorkflowCorrection(state: LedgerState, target: EventFacts, replacement?: PlainEvent) {
  const steps = new Set(['reserve_plan', 'dispatch_request', 'dispatch_review', 'settlement']);
  const names = (b: PlainEvent | undefined) => b?.type === 'transfer' && b.request !== undefined;
  const signed =
    target.type === 'receipt' &&
    names(state.event((target.body as Of<'receipt'>).transfer)?.body as PlainEvent | undefined);
  if (steps.has(target.type) || names(target.body as PlainEvent) || signed || names(replacement))
    throw invalid(
      'corrects',
      `a step of a reserve dispatch (${target.type}) stands as filed; record the next step, a refusal or a new plan instead`,
    );
}

function reversedDonation(state: LedgerState, target: EventFacts) {
  const d = state.donation(target.id);
  return d ? [{ ...d, status: 'reversed' as const }] : [];
}

function reversedAppeal(state: LedgerState, target: EventFacts) {
  if (target.type !== 'appeal') return [];
  const a = state.appeal((target.body as Of<'appeal'>).appeal);
  return a ? [{ ...a, status: 'reversed' as const }] : [];
}

/** The state as it will be once `facts` are written: lets a replacement be checked after the undo. */
const isDelivery = (e: EventFacts) =>
  (e.type === 'receipt' || e.type === 'donation') && 'goods' in e.body && e.body.goods !== undefined;

function withFacts(
  state: LedgerState,
  facts: EventFacts[],
  replacedAppeal: string | null,
  needs: NeedRecord[],
): LedgerState {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const needBy = new Map(needs.map((n) => [n.id, n]));
  const current = (n: NeedRecord) => needBy.get(n.id) ?? n;
  return {
    book: state.book,
    catalog: state.catalog,
    organization: (id) => state.organization(id),
    event: (id) => byId.get(id) ?? state.event(id),
    donation: (key) => state.donation(key),
    appeal: (id) => (id === replacedAppeal ? undefined : state.appeal(id)),
    need: (id) => needBy.get(id) ?? state.need(id),
    openNeeds: (facility) => {
      const merged = new Map(state.openNeeds(facility).map((n) => [n.id, current(n)]));
      for (const n of needs) if (n.facility === facility) merged.set(n.id, n);
      return [...merged.values()].filter((n) => n.status === 'open');
    },
    needsAnsweredBy: (seq) => state.needsAnsweredBy(seq).map(current),
    reservePlans: (holder, item) => state.reservePlans(holder, item),
    dispatchRequest: (id) => state.dispatchRequest(id),
    complaint: (id) => state.complaint(id),
  };
}
