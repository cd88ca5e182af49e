/**
 * Test-only checks against an independent model. The auditor keeps plain balances per
 * holder and asset from the event bodies alone, knowing nothing of lots or attribution, and
 * the ledger's lots must agree with it after every event.
 */
import type { EventBody, Of } from '../../api/domain/events.ts';
import type { Flow } from '../../api/domain/flows.ts';
import { fateOf, type FatePart } from '../../api/domain/fate.ts';
import type { MemoryLedger } from '../../api/domain/memory-ledger.ts';
import type { Outcome } from '../../api/domain/ledger-state.ts';

const assetOf = (a: {
  money?: { currency: string; amount: number };
  goods?: { item: string; quantity: number };
}) =>
  a.money
    ? { asset: `money:${a.money.currency}`, amount: a.money.amount }
    : { asset: `goods:${a.goods!.item}`, amount: a.goods!.quantity };

export class BalanceAuditor {
  readonly balances = new Map<string, number>();
  private readonly shipments = new Map<string, { to: string; asset: string; amount: number; from: string }>();
  private readonly bodies = new Map<string, { by: string; body: EventBody }>();

  private bump(state: string, holder: string, asset: string, amount: number) {
    const k = `${state}|${holder}|${asset}`;
    const v = (this.balances.get(k) ?? 0) + amount;
    if (v === 0) this.balances.delete(k);
    else this.balances.set(k, v);
  }

  /** Feeds an accepted event; `sign` −1 undoes it (for reversals). */
  accept(id: string, by: string, body: EventBody, sign = 1): void {
    this.bodies.set(id, { by, body });
    switch (body.type) {
      case 'donation': {
        const a = assetOf(body);
        this.bump('held', body.recipient, a.asset, sign * a.amount);
        return;
      }
      case 'opening_balance': {
        const a = assetOf(body);
        this.bump('held', by, a.asset, sign * a.amount);
        return;
      }
      case 'transfer':
      case 'return': {
        const a = assetOf(body);
        this.bump('held', by, a.asset, -sign * a.amount);
        this.bump('in_transit', body.to, a.asset, sign * a.amount);
        this.shipments.set(id, { to: body.to, asset: a.asset, amount: a.amount, from: by });
        return;
      }
      case 'receipt': {
        const s = this.shipments.get(body.transfer)!;
        const got = assetOf(body).amount;
        this.bump('in_transit', s.to, s.asset, -sign * s.amount);
        this.bump('held', s.to, s.asset, sign * got);
        return;
      }
      case 'purchase':
        this.bump('held', by, `money:${body.money.currency}`, -sign * body.money.amount);
        this.bump('held', by, `goods:${body.goods.item}`, sign * body.goods.quantity);
        return;
      case 'use':
      case 'write_off': {
        const a = assetOf(body);
        this.bump('held', by, a.asset, -sign * a.amount);
        return;
      }
      case 'correction': {
        const target = this.bodies.get(body.corrects)!;
        this.accept(body.corrects, target.by, target.body, -1);
        if (body.replacement) this.accept(body.corrects, target.by, body.replacement as Of<'donation'>, 1);
        return;
      }
      default:
        return;
    }
  }

  /** The ledger's lots summed the same way. */
  static lotBalances(ledger: MemoryLedger, lotIds: Iterable<number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const id of lotIds) {
      const lot = ledger.book.get(id);
      if (!lot || lot.amount === 0) continue;
      const k = `${lot.state}|${lot.holder}|${lot.asset}`;
      out.set(k, (out.get(k) ?? 0) + lot.amount);
    }
    return out;
  }
}

/** Collects every outcome's flows and lot ids, as the store would persist them. */
export class OutcomeLog {
  readonly flows: Flow[] = [];
  readonly lotIds = new Set<number>();
  add(o: Outcome): Outcome {
    this.flows.push(...o.flows);
    for (const d of o.deltas) this.lotIds.add(d.lotId);
    return o;
  }
  fate(ledger: MemoryLedger, donation: string): FatePart[] {
    const gift = ledger.donation(donation)!;
    const held = [...this.lotIds].flatMap((id) => {
      const lot = ledger.book.get(id);
      const amount = lot?.shares.get(donation);
      return lot && amount
        ? [{ state: lot.state, holder: lot.holder, asset: lot.asset, lotCode: lot.lotCode, amount }]
        : [];
    });
    const flows = this.flows.filter((f) => f.donation === donation).map((f) => ({ ...f, event: '' }));
    return fateOf(gift.status === 'reversed' ? 0 : gift.amount, held, flows);
  }
}
