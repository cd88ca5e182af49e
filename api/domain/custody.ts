/**
 * Custody of goods on their way, and the cold chain: who held a shipment between dispatch and
 * receipt (`custody_handover`), what its temperature record shows (`temperature_log`), and the
 * quarantine an excursion puts on the goods until their holder releases them (`lot_release`)
 * or writes them off.
 *
 * A quarantine is a lot attribute, not a side list: the excursion moves each affected lot into
 * a quarantined lot with the same shares (conservation holds as for any move), the lot book
 * keeps quarantined lots out of every selection but a write-off's, and a correction undoes a
 * quarantine or a release like any other event, by negating its deltas.
 */
import { attrsOf, takeFrom } from './attribution.ts';
import type { Of } from './events.ts';
import type { LedgerState } from './ledger-state.ts';
import { goodsAsset, type Lot, type LotDelta } from './lots.ts';
import { Problem, invalid, unknownReference } from './problems.ts';

export interface HandoverRecord {
  kind: 'handover';
  id: string;
  seq: number;
  shipment: string;
  from: string;
  to: string;
  at: string;
  place: string | null;
  recordedBy: string;
}

export interface TemperatureRecord {
  kind: 'temperature';
  id: string;
  seq: number;
  /** The shipment the logger travelled with, or null for a lot kept at its holder. */
  shipment: string | null;
  /** Who holds the goods the record is about (a shipment's receiver). */
  holder: string;
  item: string;
  lotCode: string | null;
  min: number;
  max: number;
  outsideMinutes: number;
  rangeLow: number;
  rangeHigh: number;
  /** Minutes outside range the item tolerates (catalogue), 0 for an item without a storage range. */
  toleranceMinutes: number;
  excursion: boolean;
  /** Units the excursion put in quarantine (0 without an excursion, or when all had moved on). */
  quarantined: number;
  readings: number | null;
  firstReadingAt: string | null;
  lastReadingAt: string | null;
  logger: string | null;
  recordedBy: string;
  occurredAt: string;
}

export interface ReleaseRecord {
  kind: 'release';
  id: string;
  seq: number;
  holder: string;
  item: string;
  lotCode: string;
  reason: string;
  quantity: number;
  /** The temperature records whose quarantine this release ended. */
  excursions: string[];
  occurredAt: string;
}

export type CustodyRecord = HandoverRecord | TemperatureRecord | ReleaseRecord;

export interface CustodyEffects {
  deltas: LotDelta[];
  custody: CustodyRecord[];
}

interface Context {
  id: string;
  seq: number;
  recordedBy: string;
}

type Shipped = Of<'transfer'> | Of<'return'>;

const forbidden = (recordedBy: string, what: string) =>
  new Problem('forbidden', 'Forbidden', `${recordedBy} may not record ${what}.`);

/** The shipment an event names: a transfer or return of goods that a correction has not reversed. */
function shipmentOf(state: LedgerState, id: string, path: string) {
  const s = state.event(id);
  if (!s || (s.type !== 'transfer' && s.type !== 'return')) throw unknownReference(path, 'shipment', id);
  if (s.status === 'reversed')
    throw new Problem('conflict', 'Shipment reversed', `${id} was reversed by a correction.`, [
      { path, message: 'reversed' },
    ]);
  const body = s.body as Shipped;
  if (!body.goods) throw invalid(path, 'carried money; custody and temperature are recorded for goods');
  return { facts: s, body, goods: body.goods };
}

/** Checks what a custody event names and that the recorder may record it. */
export function checkCustody(
  state: LedgerState,
  body: Of<'custody_handover'> | Of<'temperature_log'> | Of<'lot_release'>,
  recordedBy: string,
  prefix: string,
): void {
  const org = (path: string, id: string) => {
    if (!state.organization(id)) throw unknownReference(prefix + path, 'organization', id);
  };
  switch (body.type) {
    case 'custody_handover': {
      const s = shipmentOf(state, body.shipment, `${prefix}shipment`);
      org('from', body.from);
      org('to', body.to);
      if (recordedBy !== body.from && recordedBy !== body.to)
        throw forbidden(recordedBy, `a handover between ${body.from} and ${body.to}: one of them scans it`);
      if (s.facts.receivedBy)
        throw new Problem(
          'conflict',
          'Already received',
          `${body.shipment} was signed for by ${s.facts.receivedBy}; its custody chain ended there.`,
          [{ path: `${prefix}shipment`, message: 'already received' }],
        );
      if (Date.parse(body.at) < Date.parse(s.body.occurredAt))
        throw invalid(`${prefix}at`, `before the shipment left (${s.body.occurredAt})`);
      return;
    }
    case 'temperature_log': {
      let item: string;
      if (body.shipment) {
        const s = shipmentOf(state, body.shipment, `${prefix}shipment`);
        if (recordedBy !== s.facts.recordedBy && recordedBy !== s.body.to)
          throw forbidden(
            recordedBy,
            `the temperature record of ${body.shipment}: its sender or receiver does`,
          );
        item = s.goods.item;
      } else {
        item = body.item!;
        if (!state.catalog.item(item)) throw unknownReference(`${prefix}item`, 'item', item);
        const asset = goodsAsset(item);
        const held = [
          ...state.book.heldLots(recordedBy, asset),
          ...state.book.quarantined(recordedBy, asset),
        ];
        if (!held.some((l) => l.lotCode === body.lot))
          throw new Problem(
            'conflict',
            'Lot not held',
            `${recordedBy} holds no ${item} of lot ${body.lot}.`,
            [{ path: `${prefix}lot`, message: 'not held by the recorder' }],
          );
      }
      const storage = state.catalog.item(item)?.storage;
      if (storage && (body.range[0] < storage.lowC || body.range[1] > storage.highC))
        throw invalid(
          `${prefix}range`,
          `wider than ${item}'s storage range ${storage.lowC} to ${storage.highC} °C: it would hide an excursion`,
        );
      return;
    }
    case 'lot_release': {
      if (!state.catalog.item(body.item)) throw unknownReference(`${prefix}item`, 'item', body.item);
      if (!quarantinedLots(state, recordedBy, body.item, body.lot).length)
        throw new Problem(
          'conflict',
          'Not in quarantine',
          `${recordedBy} holds no quarantined ${body.item} of lot ${body.lot}; only the holder of a quarantined lot releases it.`,
          [{ path: `${prefix}lot`, message: 'not quarantined at the recorder' }],
        );
      return;
    }
  }
}

const quarantinedLots = (state: LedgerState, holder: string, item: string, lotCode: string) =>
  state.book.quarantined(holder, goodsAsset(item)).filter((l) => l.lotCode === lotCode);

/** Moves a whole lot into a lot with other custody attributes; shares and FIFO age stay. */
function restate(state: LedgerState, lot: Lot, change: Partial<Pick<Lot, 'quarantine' | 'excursion'>>) {
  const attrs = { ...attrsOf(lot), ...change };
  if (!attrs.quarantine) delete attrs.quarantine;
  if (!attrs.excursion) delete attrs.excursion;
  return [
    takeFrom(lot, lot.amount, [...lot.shares]),
    { lotId: state.book.allocateId(), attrs, amount: lot.amount, shares: [...lot.shares] },
  ];
}

/** Whether a record shows an excursion: more minutes outside range than the item tolerates. */
export const toleranceOf = (state: LedgerState, item: string) =>
  state.catalog.item(item)?.storage?.excursionMinutes ?? 0;

/** The lots a temperature record is about, where they are now (not already quarantined). */
function affectedLots(state: LedgerState, body: Of<'temperature_log'>, recordedBy: string): Lot[] {
  if (!body.shipment) {
    return state.book.heldLots(recordedBy, goodsAsset(body.item!)).filter((l) => l.lotCode === body.lot);
  }
  const s = state.event(body.shipment)!;
  if (!s.receivedBy) return state.book.inTransit(body.shipment).filter((l) => !l.quarantine);
  // Received: what the receipt put at the receiver and is still there.
  const receipt = state.event(s.receivedBy);
  const ids = new Set((receipt?.deltas ?? []).filter((d) => d.amount > 0).map((d) => d.lotId));
  return [...ids]
    .map((id) => state.book.get(id))
    .filter((l): l is Lot => !!l && l.amount > 0 && l.state === 'held' && !l.quarantine);
}

export function custodyEffects(
  state: LedgerState,
  body: Of<'custody_handover'> | Of<'temperature_log'> | Of<'lot_release'>,
  ctx: Context,
): CustodyEffects {
  switch (body.type) {
    case 'custody_handover':
      return {
        deltas: [],
        custody: [
          {
            kind: 'handover',
            id: ctx.id,
            seq: ctx.seq,
            shipment: body.shipment,
            from: body.from,
            to: body.to,
            at: body.at,
            place: body.place ?? null,
            recordedBy: ctx.recordedBy,
          },
        ],
      };
    case 'temperature_log': {
      const shipped = body.shipment ? (state.event(body.shipment)!.body as Shipped) : null;
      const item = shipped ? shipped.goods!.item : body.item!;
      const tolerance = toleranceOf(state, item);
      const excursion = body.outsideMinutes > tolerance;
      const lots = excursion ? affectedLots(state, body, ctx.recordedBy) : [];
      return {
        deltas: lots.flatMap((l) => restate(state, l, { quarantine: ctx.id })),
        custody: [
          {
            kind: 'temperature',
            id: ctx.id,
            seq: ctx.seq,
            shipment: body.shipment ?? null,
            holder: shipped ? shipped.to : ctx.recordedBy,
            item,
            lotCode: body.lot ?? shipped?.goods?.lot ?? null,
            min: body.min,
            max: body.max,
            outsideMinutes: body.outsideMinutes,
            rangeLow: body.range[0],
            rangeHigh: body.range[1],
            toleranceMinutes: tolerance,
            excursion,
            quarantined: lots.reduce((s, l) => s + l.amount, 0),
            readings: body.readings ?? null,
            firstReadingAt: body.firstReadingAt ?? null,
            lastReadingAt: body.lastReadingAt ?? null,
            logger: body.logger ?? null,
            recordedBy: ctx.recordedBy,
            occurredAt: body.occurredAt,
          },
        ],
      };
    }
    case 'lot_release': {
      const lots = quarantinedLots(state, ctx.recordedBy, body.item, body.lot);
      return {
        deltas: lots.flatMap((l) => restate(state, l, { quarantine: null, excursion: l.quarantine })),
        custody: [
          {
            kind: 'release',
            id: ctx.id,
            seq: ctx.seq,
            holder: ctx.recordedBy,
            item: body.item,
            lotCode: body.lot,
            reason: body.reason,
            quantity: lots.reduce((s, l) => s + l.amount, 0),
            excursions: [...new Set(lots.map((l) => l.quarantine!))].sort(),
            occurredAt: body.occurredAt,
          },
        ],
      };
    }
  }
}

/**
 * The refusal for an outgoing event that only quarantined units could have covered: it names
 * the lots, the excursions and the two ways out. Null when quarantine is not the reason.
 */
export function quarantineRefusal(
  state: LedgerState,
  holder: string,
  asset: string,
  lotCode: string | undefined,
  requested: number,
  available: number,
  path: string,
): Problem | null {
  const held = state.book
    .quarantined(holder, asset)
    .filter((l) => lotCode === undefined || l.lotCode === lotCode);
  const quarantined = held.reduce((s, l) => s + l.amount, 0);
  if (quarantined === 0) return null;
  const lots = [...new Set(held.map((l) => l.lotCode))];
  const excursions = [...new Set(held.map((l) => l.quarantine!))].sort();
  return new Problem(
    'lot-quarantined',
    'Lot quarantined',
    `${holder} holds ${quarantined} of ${asset} in quarantine (lot ${lots.join(', ')}) after a temperature excursion (${excursions.join(', ')}); ` +
      `the event needs ${requested} and only ${available} are free. Quarantined goods are released by their holder (lot_release, with a reason) or written off.`,
    [{ path, message: `lot ${lots.join(', ')} is quarantined` }],
    { quarantine: { holder, asset, lots, excursions, quarantined, requested, available } },
  );
}

// ---- the custody chain of a shipment ----

export interface ChainLink {
  id: string;
  from: string;
  to: string;
  at: string;
  place: string | null;
}

/** A break in custody: goods were with `from`, and next appear handed over by (or received at) `to`. */
export interface CustodyGap {
  from: string;
  to: string;
  /** The handover (or receipt) that shows the break; null when the shipment is still on its way. */
  before: string | null;
  after: string | null;
}

export interface CustodyChain {
  links: ChainLink[];
  gaps: CustodyGap[];
  /** Who has the goods by the record (the receiver once received). */
  holder: string;
  continuous: boolean;
}

/**
 * The chain from the sender to the receiver. Handovers are ordered by when they happened (then
 * by log order); each must start where the previous one ended, and a received shipment must end
 * at its receiver. A shipment with no handovers went straight from sender to receiver.
 */
export function custodyChain(
  shipment: { sender: string; receiver: string },
  handovers: readonly (ChainLink & { seq: number })[],
  receipt: string | null,
): CustodyChain {
  const links = [...handovers].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  const gaps: CustodyGap[] = [];
  let holder = shipment.sender;
  let last: string | null = null;
  for (const h of links) {
    if (h.from !== holder) gaps.push({ from: holder, to: h.from, after: last, before: h.id });
    holder = h.to;
    last = h.id;
  }
  if (receipt !== null && links.length > 0 && holder !== shipment.receiver)
    gaps.push({ from: holder, to: shipment.receiver, after: last, before: receipt });
  return {
    links: links.map(({ id, from, to, at, place }) => ({ id, from, to, at, place })),
    gaps,
    holder: receipt !== null ? shipment.receiver : holder,
    continuous: gaps.length === 0,
  };
}
