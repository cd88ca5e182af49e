/**
 * A gift's fate and trail, from the rows that hold its provenance: the lots that carry a
 * share of it now (held or in transit) and the flows that moved it (terminal flows end
 * the journey of some of its units: used, written off, lost). The parts always sum to the
 * gift exactly; `fateOf` checks that, so a broken projection shows up as an error, never as
 * a wrong number.
 */
import type { FateState, LotState } from '../contract/vocabulary.ts';
import type { FlowKind } from './flows.ts';

export type { FateState };

export interface HeldShare {
  state: LotState;
  holder: string;
  asset: string;
  lotCode: string;
  amount: number;
}

export interface FlowRow {
  event: string;
  kind: FlowKind;
  from: string | null;
  to: string;
  asset: string;
  amount: number;
  disease: string | null;
  reason: string | null;
  breach: boolean;
}

export interface FatePart {
  state: FateState;
  holder: string;
  /** The gift's units in this part (minor units of money, or the donated item's unit). */
  amount: number;
  /** What those units are now: the currency or item, which differs from the gift after a purchase. */
  asset: string;
  disease: string | null;
  reason: string | null;
  breach: boolean;
}

export interface TrailEdge {
  from: string | null;
  to: string;
  kind: FlowKind;
  asset: string;
  amount: number;
  breach: boolean;
}

const terminal = new Set<FlowKind>(['used', 'written_off', 'lost']);

export function fateOf(
  giftAmount: number,
  held: readonly HeldShare[],
  flows: readonly FlowRow[],
): FatePart[] {
  const parts = new Map<string, FatePart>();
  const add = (p: FatePart) => {
    const key = [p.state, p.holder, p.asset, p.disease, p.reason, p.breach].join('\u0000');
    const have = parts.get(key);
    if (have) have.amount += p.amount;
    else parts.set(key, { ...p });
  };
  for (const h of held)
    add({
      state: h.state,
      holder: h.holder,
      amount: h.amount,
      asset: h.asset,
      disease: null,
      reason: null,
      breach: false,
    });
  for (const f of flows) {
    if (!terminal.has(f.kind)) continue;
    add({
      state: f.kind as FateState,
      holder: f.to,
      amount: f.amount,
      asset: f.asset,
      disease: f.disease,
      reason: f.reason,
      breach: f.breach,
    });
  }
  const out = [...parts.values()].filter((p) => p.amount !== 0);
  const total = out.reduce((s, p) => s + p.amount, 0);
  if (total !== giftAmount || out.some((p) => p.amount < 0)) {
    throw new Error(`fate does not add up: parts sum to ${total}, the gift is ${giftAmount}`);
  }
  const order: FateState[] = ['used', 'held', 'in_transit', 'written_off', 'lost'];
  return out.sort(
    (a, b) =>
      order.indexOf(a.state) - order.indexOf(b.state) ||
      b.amount - a.amount ||
      a.holder.localeCompare(b.holder),
  );
}

/** The edges a gift travelled, netted over corrections, in the order first travelled. */
export function trailOf(flows: readonly FlowRow[]): TrailEdge[] {
  const edges = new Map<string, TrailEdge>();
  for (const f of flows) {
    if (terminal.has(f.kind)) continue;
    const key = [f.from, f.to, f.kind, f.asset].join('\u0000');
    const have = edges.get(key);
    if (have) {
      have.amount += f.amount;
      have.breach ||= f.breach;
    } else
      edges.set(key, {
        from: f.from,
        to: f.to,
        kind: f.kind,
        asset: f.asset,
        amount: f.amount,
        breach: f.breach,
      });
  }
  return [...edges.values()].filter((e) => e.amount !== 0);
}
