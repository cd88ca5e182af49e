/**
 * Reference checks: everything an event names must exist, and the recorder must be the
 * party the event speaks for. Failures are 4xx problems naming the offending field.
 */
import type { Goods, Money, Of, PlainEvent } from './events.ts';
import type { LedgerState } from './ledger-state.ts';
import { goodsAsset, moneyAsset } from './lots.ts';
import { Problem, invalid, unknownReference } from './problems.ts';
import { facilityKinds } from './need-effects.ts';
import { checkCustody } from './custody.ts';
import { checkDispatch, checkDispatchRequest, checkReservePlan } from './dispatch-workflow.ts';

/**
 * A facility reports its own needs; a health authority (government) reports for facilities in
 * its region; any other organization only as a named third party (`reportedBy`, shown so).
 */
function mayReportFor(
  state: LedgerState,
  recordedBy: string,
  facilityId: string,
  reportedBy?: string,
): boolean {
  if (recordedBy === facilityId) return true;
  if (reportedBy !== undefined && reportedBy === recordedBy) return true;
  const recorder = state.organization(recordedBy);
  const facility = state.organization(facilityId);
  return (
    !!recorder &&
    !!facility &&
    recorder.kind === 'government' &&
    state.catalog.isWithin(facility.region, recorder.region)
  );
}

const assetOf = (a: { money?: Money; goods?: Goods }) =>
  a.money ? moneyAsset(a.money.currency) : goodsAsset(a.goods!.item);

/**
 * Checks everything an event names exists and that the recorder may record it. `prefix` is
 * the path of the body inside the request (a correction's replacement sits under `replacement.`).
 */
export function checkReferences(
  state: LedgerState,
  body: PlainEvent,
  recordedBy: string,
  prefix: string,
): void {
  const org = (path: string, orgId: string) => {
    if (!state.organization(orgId)) throw unknownReference(prefix + path, 'organization', orgId);
  };
  const goods = (g: Goods | undefined) => {
    if (g && !state.catalog.item(g.item)) throw unknownReference(`${prefix}goods.item`, 'item', g.item);
  };
  const place = (path: string, r: { region?: string; disease?: string; appeal?: string } | undefined) => {
    if (!r) return;
    const at = (key: string) => prefix + (path ? `${path}.${key}` : key);
    if (r.region !== undefined && !state.catalog.hasRegion(r.region))
      throw unknownReference(at('region'), 'region', r.region);
    if (r.disease !== undefined && !state.catalog.hasDisease(r.disease))
      throw unknownReference(at('disease'), 'disease', r.disease);
    if (r.appeal !== undefined && !state.appeal(r.appeal))
      throw unknownReference(at('appeal'), 'appeal', r.appeal);
  };
  const forbidden = (what: string) =>
    new Problem('forbidden', 'Forbidden', `${recordedBy} may not record ${what}.`);

  switch (body.type) {
    case 'donation':
    case 'pledge':
      if (body.recipient !== recordedBy) throw forbidden(`a ${body.type} received by ${body.recipient}`);
      if (body.donor !== undefined) {
        org('donor', body.donor);
        if (body.donor === body.recipient)
          throw invalid(`${prefix}donor`, 'an organization cannot give to itself');
      }
      goods(body.goods);
      place('restriction', body.restriction);
      return;
    case 'transfer':
    case 'return':
      org('to', body.to);
      if (body.to === recordedBy) throw invalid(`${prefix}to`, 'cannot transfer to oneself');
      goods(body.goods);
      place('toward', body.toward);
      if (body.type === 'transfer') {
        body.needs?.forEach((id, i) => {
          const need = state.need(id);
          if (!need) throw unknownReference(`${prefix}needs.${i}`, 'need', id);
          if (need.facility !== body.to || need.status !== 'open')
            throw invalid(`${prefix}needs.${i}`, `not an open need of ${body.to}`);
        });
        if (body.request !== undefined) checkDispatch(state, body, recordedBy, prefix);
      }
      return;
    case 'receipt': {
      const t = state.event(body.transfer);
      if (!t || (t.type !== 'transfer' && t.type !== 'return'))
        throw unknownReference(`${prefix}transfer`, 'transfer', body.transfer);
      const shipped = t.body as Of<'transfer'> | Of<'return'>;
      if (shipped.to !== recordedBy) throw forbidden(`the receipt of a shipment to ${shipped.to}`);
      if (t.status === 'reversed')
        throw new Problem(
          'conflict',
          'Transfer reversed',
          `${body.transfer} was reversed by a correction; there is nothing to receive.`,
        );
      if (t.receivedBy)
        throw new Problem(
          'conflict',
          'Already received',
          `${body.transfer} was already acknowledged by ${t.receivedBy}.`,
        );
      const sent = assetOf(shipped);
      const got = assetOf(body);
      if (sent !== got) {
        const field =
          body.money && shipped.money
            ? 'money.currency'
            : body.goods && shipped.goods
              ? 'goods.item'
              : body.money
                ? 'money'
                : 'goods';
        throw invalid(prefix + field, `the shipment carried ${sent}, not ${got}`);
      }
      const sentAmount = shipped.money?.amount ?? shipped.goods!.quantity;
      const gotAmount = body.money?.amount ?? body.goods!.quantity;
      if (gotAmount > sentAmount)
        throw invalid(
          prefix + (body.money ? 'money.amount' : 'goods.quantity'),
          `more than the ${sentAmount} shipped`,
        );
      return;
    }
    case 'purchase':
      org('supplier', body.supplier);
      goods(body.goods);
      place('toward', body.toward);
      return;
    case 'use':
      goods(body.goods);
      place('', body.disease === undefined ? undefined : { disease: body.disease });
      return;
    case 'write_off':
      goods(body.goods);
      return;
    case 'opening_balance':
      // Only the holder can state what it held: no one records stock into another's books.
      if (body.holder !== undefined && body.holder !== recordedBy)
        throw forbidden(`an opening balance held by ${body.holder}`);
      goods(body.goods);
      return;
    case 'need': {
      const facility = state.organization(body.facility);
      if (!facility) throw unknownReference(`${prefix}facility`, 'organization', body.facility);
      if (!facilityKinds.has(facility.kind))
        throw invalid(`${prefix}facility`, 'must be a hospital, health centre or village clinic');
      if (body.reportedBy !== undefined && body.reportedBy !== recordedBy)
        throw invalid(`${prefix}reportedBy`, 'must be the recording organization');
      if (!mayReportFor(state, recordedBy, body.facility, body.reportedBy))
        throw forbidden(`needs of ${body.facility} (a third party names itself in reportedBy)`);
      if (body.item !== undefined && !state.catalog.item(body.item))
        throw unknownReference(`${prefix}item`, 'item', body.item);
      place('', { disease: body.disease, appeal: body.appeal });
      return;
    }
    case 'need_update':
    case 'need_close': {
      const need = state.need(body.need);
      if (!need) throw unknownReference(`${prefix}need`, 'need', body.need);
      if (!mayReportFor(state, recordedBy, need.facility) && recordedBy !== need.recordedBy)
        throw forbidden(`changes to ${body.need}`);
      if (need.status === 'withdrawn' || need.status === 'closed')
        throw new Problem('conflict', 'Need closed', `${body.need} is already ${need.status}.`, [
          { path: `${prefix}need`, message: need.status },
        ]);
      if (body.type === 'need_update') place('', { disease: body.disease });
      return;
    }
    case 'donation_confirm': {
      const gift = state.donation(body.donation);
      if (!gift || gift.key !== body.donation)
        throw unknownReference(`${prefix}donation`, 'donation', body.donation);
      if (gift.donor !== recordedBy)
        throw forbidden(`consent for ${body.donation}: only the donor it names can confirm it`);
      if (gift.status === 'reversed')
        throw new Problem('conflict', 'Gift reversed', `${body.donation} was reversed by a correction.`, [
          { path: `${prefix}donation`, message: 'reversed' },
        ]);
      if (gift.donorConfirmed)
        throw new Problem(
          'conflict',
          'Already confirmed',
          `${body.donation} already names its donor with consent.`,
          [{ path: `${prefix}donation`, message: 'already confirmed' }],
        );
      return;
    }
    case 'custody_handover':
    case 'temperature_log':
    case 'lot_release':
      checkCustody(state, body, recordedBy, prefix);
      return;
    case 'appeal':
      if (state.appeal(body.appeal))
        throw new Problem('conflict', 'Appeal exists', `An appeal with id "${body.appeal}" already exists.`, [
          { path: `${prefix}appeal`, message: 'already exists' },
        ]);
      place('', { region: body.region, disease: body.disease });
      return;
    case 'reserve_plan':
      checkReservePlan(state, body, recordedBy, prefix);
      return;
    case 'dispatch_request':
      checkDispatchRequest(state, body, recordedBy, prefix);
      return;
    // A review and a settlement are checked against the request's standing as they are applied.
    case 'dispatch_review':
    case 'settlement':
      return;
  }
}
