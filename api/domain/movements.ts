/**
 * What each kind of event does to lots and flows. Every function here returns deltas that
 * conserve units; `consume` refuses with the exact shortfall when a holder lacks what the
 * event needs, before anything is changed.
 */
import { splitLargestRemainder } from './amounts.ts';
import { attrsOf, selectLots, sharesOf, takeFrom, type Destination, type LotPick } from './attribution.ts';
import type { Goods, Money, Of, PlainEvent } from './events.ts';
import type { Flow, FlowKind } from './flows.ts';
import type { AppealRecord, DonationRecord, EventFacts, LedgerState } from './ledger-state.ts';
import { goodsAsset, moneyAsset, type LotAttrs, type LotDelta, type LotRestriction } from './lots.ts';
import { Problem } from './problems.ts';
import { closeNeed, deliver, recordNeed, updateNeed } from './need-effects.ts';
import { custodyEffects, quarantineRefusal, type CustodyRecord } from './custody.ts';
import type { Delivery, NeedRecord } from './needs.ts';
import type { DispatchRecord, ReservePlanRecord } from './reserves.ts';
import {
  checkDispatchRequest,
  dispatchOfShipment,
  dispatched,
  planRecord,
  requestRecord,
  review,
  settle,
  signedFor,
} from './dispatch-workflow.ts';

export interface Effects {
  deltas: LotDelta[];
  flows: Flow[];
  breach: boolean;
  facts: EventFacts[];
  donations: DonationRecord[];
  appeals: AppealRecord[];
  needs: NeedRecord[];
  deliveries: Delivery[];
  undoneDeliveries: number[];
  /** Handovers, temperature records and releases the event recorded. */
  custody: CustodyRecord[];
  plans?: ReservePlanRecord[];
  dispatches?: DispatchRecord[];
}

export interface EffectContext {
  /** The identity the effects belong to: the event itself, or the event a replacement stands in for. */
  id: string;
  seq: number;
  recordedBy: string;
  donationKey: string;
  receiptCode?: string;
}

/** Effects of an event that moves nothing. */
export const none = (): Effects => ({
  deltas: [],
  flows: [],
  breach: false,
  facts: [],
  donations: [],
  appeals: [],
  needs: [],
  deliveries: [],
  undoneDeliveries: [],
  custody: [],
});

interface Asset {
  asset: string;
  amount: number;
  lotCode?: string;
}
const assetOf = (a: { money?: Money; goods?: Goods }): Asset =>
  a.money
    ? { asset: moneyAsset(a.money.currency), amount: a.money.amount }
    : { asset: goodsAsset(a.goods!.item), amount: a.goods!.quantity, lotCode: a.goods!.lot };

export function effectsOf(state: LedgerState, body: PlainEvent, ctx: EffectContext): Effects {
  switch (body.type) {
    case 'donation':
      return donate(state, body, ctx);
    case 'pledge':
      return { ...none(), donations: [donationRecord(state, body, ctx, 'pledge')] };
    case 'transfer':
    case 'return':
      return ship(state, body, ctx);
    case 'receipt':
      return receive(state, body, ctx);
    case 'purchase':
      return purchase(state, body, ctx);
    case 'use':
      return consumeAs(
        state,
        body,
        ctx,
        'used',
        {
          region: state.organization(ctx.recordedBy)!.region,
          disease: body.disease,
          diseaseRequired: true,
        },
        body.disease ?? null,
        null,
      );
    case 'write_off':
      return consumeAs(state, body, ctx, 'written_off', null, null, body.reason);
    case 'need':
      return { ...none(), ...recordNeed(state, body, ctx.id, ctx.seq, ctx.recordedBy) };
    case 'need_update':
      return { ...none(), ...updateNeed(state, body) };
    case 'need_close':
      return { ...none(), ...closeNeed(state, body) };
    case 'donation_confirm':
      return { ...none(), donations: [{ ...state.donation(body.donation)!, donorConfirmed: true }] };
    case 'custody_handover':
    case 'temperature_log':
    case 'lot_release':
      return { ...none(), ...custodyEffects(state, body, ctx) };
    case 'reserve_plan':
      return { ...none(), plans: [planRecord(body, ctx.id, ctx.seq, ctx.recordedBy)] };
    case 'dispatch_request': {
      const plan = checkDispatchRequest(state, body, ctx.recordedBy);
      return { ...none(), dispatches: [requestRecord(state, body, plan, ctx.id, ctx.seq, ctx.recordedBy)] };
    }
    case 'dispatch_review':
      return { ...none(), dispatches: [review(state, body, ctx.recordedBy, ctx)] };
    case 'settlement':
      return { ...none(), dispatches: [settle(state, body, ctx.recordedBy, ctx.id)] };
    case 'opening_balance':
      return openingBalance(state, body, ctx);
    case 'appeal':
      return {
        ...none(),
        appeals: [
          {
            id: body.appeal,
            titleZh: body.titleZh,
            titleEn: body.titleEn,
            region: body.region ?? null,
            disease: body.disease ?? null,
            openedBy: ctx.recordedBy,
            openedAt: body.occurredAt,
            seq: ctx.seq,
            status: 'active',
          },
        ],
      };
  }
}

function donationRecord(
  state: LedgerState,
  body: Of<'donation'> | Of<'pledge'>,
  ctx: EffectContext,
  kind: 'donation' | 'pledge',
): DonationRecord {
  const a = assetOf(body);
  // A donor registered as anonymous stays anonymous on every gift, whatever the gift itself says.
  const donor = body.donor === undefined ? undefined : state.organization(body.donor);
  // A correction keeps the donor's consent only while it names the same donor.
  const before = state.donation(ctx.donationKey);
  return {
    key: ctx.donationKey,
    kind,
    receiptCode: ctx.receiptCode!,
    currentEvent: ctx.id,
    status: 'active',
    donor: body.donor ?? null,
    donorKind: body.donorKind ?? donor?.kind ?? 'individual',
    anonymous: body.anonymous === true || donor?.anonymous === true,
    recipient: body.recipient,
    asset: a.asset,
    lotCode: a.lotCode ?? '',
    amount: a.amount,
    restriction: body.restriction ?? null,
    occurredAt: body.occurredAt,
    seq: ctx.seq,
    donorConfirmed:
      body.donor !== undefined &&
      (ctx.recordedBy === body.donor || (before?.donorConfirmed === true && before.donor === body.donor)),
  };
}

function donate(state: LedgerState, body: Of<'donation'>, ctx: EffectContext): Effects {
  const a = assetOf(body);
  const r = body.restriction;
  const restriction: LotRestriction | null =
    r && (r.region || r.disease || r.appeal)
      ? { region: r.region, disease: r.disease, appeal: r.appeal }
      : null;
  const attrs: LotAttrs = {
    holder: body.recipient,
    asset: a.asset,
    lotCode: a.lotCode ?? '',
    expiresOn: body.goods?.expiresOn ?? null,
    restriction,
    state: 'held',
    transfer: null,
    acquiredSeq: ctx.seq,
  };
  const delivered = body.goods
    ? deliver(state, body.recipient, body.goods.item, body.goods.quantity, ctx.seq, body.occurredAt, [])
    : { needs: [], deliveries: [] };
  return {
    ...none(),
    ...delivered,
    deltas: [
      { lotId: state.book.allocateId(), attrs, amount: a.amount, shares: [[ctx.donationKey, a.amount]] },
    ],
    flows: [
      flow(
        ctx.donationKey,
        'donated',
        body.donor ?? null,
        body.recipient,
        a.asset,
        a.lotCode ?? '',
        a.amount,
      ),
    ],
    donations: [donationRecord(state, body, ctx, 'donation')],
  };
}

/**
 * Stock of unknown provenance: one held, unrestricted lot at the recorder that carries no gift's
 * share. No flow is written: flows are the record of gifts, and these units belong to none.
 * They are consumed like any other stock (oldest first), and what they become carries no gift
 * either, so they read "provenance unknown" wherever they go.
 */
function openingBalance(state: LedgerState, body: Of<'opening_balance'>, ctx: EffectContext): Effects {
  const a = assetOf(body);
  return {
    ...none(),
    deltas: [
      {
        lotId: state.book.allocateId(),
        attrs: {
          holder: ctx.recordedBy,
          asset: a.asset,
          lotCode: a.lotCode ?? '',
          expiresOn: body.goods?.expiresOn ?? null,
          restriction: null,
          state: 'held',
          transfer: null,
          acquiredSeq: ctx.seq,
        },
        amount: a.amount,
        shares: [],
      },
    ],
  };
}

const flow = (
  donation: string,
  kind: FlowKind,
  from: string | null,
  to: string,
  asset: string,
  lotCode: string,
  amount: number,
  extra: Partial<Pick<Flow, 'disease' | 'reason' | 'breach' | 'excursion'>> = {},
): Flow => ({
  donation,
  kind,
  from,
  to,
  asset,
  lotCode,
  amount,
  disease: extra.disease ?? null,
  reason: extra.reason ?? null,
  breach: extra.breach ?? false,
  ...(extra.excursion ? { excursion: extra.excursion } : {}),
});

/** Picks lots for an outgoing amount or refuses with the shortfall. */
function consume(
  state: LedgerState,
  holder: string,
  a: Asset,
  dest: Destination | null,
  path: string,
): LotPick[] {
  const { picks, missing } = selectLots(
    state.book.holding(holder, a.asset),
    a.amount,
    dest,
    state.catalog.isWithin,
    a.lotCode,
  );
  if (missing > 0) {
    const available = a.amount - missing;
    throw (
      quarantineRefusal(state, holder, a.asset, a.lotCode, a.amount, available, path) ??
      new Problem(
        'insufficient-holdings',
        'Insufficient holdings',
        `${holder} holds ${available} of ${a.asset}${a.lotCode ? ` lot ${a.lotCode}` : ''} but the event needs ${a.amount}: short by ${missing}.`,
        [{ path, message: `short by ${missing}` }],
        {
          shortfall: {
            holder,
            asset: a.asset,
            lot: a.lotCode ?? null,
            requested: a.amount,
            available,
            missing,
          },
        },
      )
    );
  }
  return picks;
}

function ship(state: LedgerState, body: Of<'transfer'> | Of<'return'>, ctx: EffectContext): Effects {
  const a = assetOf(body);
  const to = state.organization(body.to)!;
  const dest: Destination = {
    region: body.toward?.region ?? to.region,
    disease: body.toward?.disease,
    appeal: body.toward?.appeal,
  };
  const picks = consume(state, ctx.recordedBy, a, dest, body.money ? 'money.amount' : 'goods.quantity');
  const out = none();
  const kind: FlowKind = body.type === 'return' ? 'returned' : 'transferred';
  for (const p of picks) {
    const shares = sharesOf(p.lot, p.amount);
    out.deltas.push(takeFrom(p.lot, p.amount, shares), {
      lotId: state.book.allocateId(),
      attrs: {
        ...attrsOf(p.lot),
        holder: body.to,
        state: 'in_transit',
        transfer: ctx.id,
        acquiredSeq: ctx.seq,
      },
      amount: p.amount,
      shares,
    });
    for (const [d, v] of shares)
      out.flows.push(
        flow(d, kind, ctx.recordedBy, body.to, p.lot.asset, p.lot.lotCode, v, { breach: p.breach }),
      );
    out.breach ||= p.breach;
  }
  if (body.type === 'transfer' && body.request !== undefined)
    out.dispatches = [dispatched(state.dispatchRequest(body.request)!, body, ctx.id)];
  return out;
}

function receive(state: LedgerState, body: Of<'receipt'>, ctx: EffectContext): Effects {
  const shipment = state.event(body.transfer)!;
  const lots = state.book.inTransit(body.transfer);
  const shipped = lots.reduce((s, l) => s + l.amount, 0);
  const got = body.money?.amount ?? body.goods!.quantity;
  const lost = splitLargestRemainder(
    shipped - got,
    lots.map((l) => l.amount),
  );
  const out = none();
  lots.forEach((lot, i) => {
    const lostHere = lost[i]!;
    const kept = lot.amount - lostHere;
    const keptShares = sharesOf(lot, kept);
    const keptBy = new Map(keptShares);
    out.deltas.push(takeFrom(lot, lot.amount, [...lot.shares]));
    if (kept > 0) {
      out.deltas.push({
        lotId: state.book.allocateId(),
        attrs: { ...attrsOf(lot), state: 'held', transfer: null, acquiredSeq: ctx.seq },
        amount: kept,
        shares: keptShares,
      });
    }
    for (const [d, v] of lot.shares) {
      const k = keptBy.get(d) ?? 0;
      if (v - k > 0)
        out.flows.push(
          flow(d, 'lost', shipment.recordedBy, lot.holder, lot.asset, lot.lotCode, v - k, {
            reason: 'shortfall on receipt',
          }),
        );
    }
  });
  out.facts.push({ ...shipment, receivedBy: ctx.id });
  const request = dispatchOfShipment(state, body.transfer);
  if (request) out.dispatches = [signedFor(request, body, ctx.id)];
  if (body.goods) {
    const named = shipment.type === 'transfer' ? ((shipment.body as Of<'transfer'>).needs ?? []) : [];
    const held = lots.reduce((sum, l, i) => sum + l.amount - lost[i]!, 0);
    Object.assign(
      out,
      deliver(
        state,
        (shipment.body as Of<'transfer'>).to,
        body.goods.item,
        held,
        ctx.seq,
        body.occurredAt,
        named,
      ),
    );
  }
  return out;
}

function purchase(state: LedgerState, body: Of<'purchase'>, ctx: EffectContext): Effects {
  const holder = ctx.recordedBy;
  const dest: Destination | null = body.toward
    ? { region: body.toward.region ?? state.organization(holder)!.region, ...body.toward }
    : null;
  const picks = consume(state, holder, assetOf({ money: body.money }), dest, 'money.amount');
  const out = none();
  // Goods keep the restrictions of the money that bought them: one new lot per restriction.
  // Money of unknown provenance (no gift's share) buys goods of unknown provenance: a lot of its
  // own, so no gift is ever credited with units its money did not pay for.
  const groups = new Map<
    string,
    { restriction: LotRestriction | null; money: number; shares: Map<string, number> }
  >();
  for (const p of picks) {
    const shares = sharesOf(p.lot, p.amount);
    out.deltas.push(takeFrom(p.lot, p.amount, shares));
    const unattributed = p.lot.shares.size === 0;
    const key = JSON.stringify(p.lot.restriction ?? null) + (unattributed ? '\u0000unknown' : '');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { restriction: p.lot.restriction, money: 0, shares: new Map() }));
    g.money += p.amount;
    for (const [d, v] of shares) g.shares.set(d, (g.shares.get(d) ?? 0) + v);
  }
  const list = [...groups.values()];
  const units = splitLargestRemainder(
    body.goods.quantity,
    list.map((g) => g.money),
  );
  // A restriction group whose money buys less than one unit joins the largest lot; if that
  // lot's restriction differs, the purchase is flagged like any other restriction breach.
  const largest = units.indexOf(Math.max(...units));
  list.forEach((g, i) => {
    if (units[i] === 0 && i !== largest) {
      for (const [d, v] of g.shares) list[largest]!.shares.set(d, (list[largest]!.shares.get(d) ?? 0) + v);
      if (JSON.stringify(g.restriction) !== JSON.stringify(list[largest]!.restriction)) out.breach = true;
    }
  });
  const asset = goodsAsset(body.goods.item);
  const lotCode = body.goods.lot ?? ctx.id;
  list.forEach((g, i) => {
    if (units[i] === 0) return;
    out.deltas.push({
      lotId: state.book.allocateId(),
      attrs: {
        holder,
        asset,
        lotCode,
        expiresOn: body.goods.expiresOn ?? null,
        restriction: g.restriction,
        state: 'held',
        transfer: null,
        acquiredSeq: ctx.seq,
      },
      amount: units[i]!,
      shares: [...g.shares],
    });
    for (const [d, v] of g.shares)
      out.flows.push(flow(d, 'purchased', holder, holder, asset, lotCode, v, { breach: out.breach }));
  });
  return out;
}

function consumeAs(
  state: LedgerState,
  body: Of<'use'> | Of<'write_off'>,
  ctx: EffectContext,
  kind: 'used' | 'written_off',
  dest: Destination | null,
  disease: string | null,
  reason: string | null,
): Effects {
  const a = assetOf(body);
  // A write-off takes quarantined units first (of the named lot, if one is named): an excursion
  // is the usual reason to write cold-chain goods off, and it ends their quarantine.
  const quarantined: LotPick[] = [];
  if (kind === 'written_off') {
    let left = a.amount;
    for (const lot of state.book.quarantined(ctx.recordedBy, a.asset)) {
      if (left === 0) break;
      if (a.lotCode !== undefined && lot.lotCode !== a.lotCode) continue;
      const take = Math.min(left, lot.amount);
      quarantined.push({ lot, amount: take, breach: false });
      left -= take;
    }
    a.amount = left;
  }
  const picks = [
    ...quarantined,
    ...(a.amount > 0
      ? consume(state, ctx.recordedBy, a, dest, body.money ? 'money.amount' : 'goods.quantity')
      : []),
  ];
  const out = none();
  for (const p of picks) {
    const shares = sharesOf(p.lot, p.amount);
    out.deltas.push(takeFrom(p.lot, p.amount, shares));
    for (const [d, v] of shares)
      out.flows.push(
        flow(d, kind, ctx.recordedBy, ctx.recordedBy, p.lot.asset, p.lot.lotCode, v, {
          disease,
          reason,
          breach: p.breach,
          excursion: kind === 'used' ? p.lot.excursion : null,
        }),
      );
    out.breach ||= p.breach;
  }
  return out;
}
