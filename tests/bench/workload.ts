/**
 * A deterministic benchmark workload: anonymous gifts pour into charity pools, and money
 * moves down a seven-level chain per province (charity → Red Cross → depot, which buys
 * goods → city hospital → county hospital → township health centre → village clinic) with a
 * receipt for every shipment and uses at the bottom, so many gifts travel six hops or more.
 * Every event is valid by construction, so event ids can be predicted from their order.
 */
import type { EventBody } from '../../api/domain/events.ts';
import type { NewOrganization } from '../../api/store/admin.ts';
import type { Submission } from '../../api/store/ledger-writer.ts';

const provinces = [
  { code: '420000', city: '420100', county: '420102' },
  { code: '410000', city: '410100', county: '410102' },
  { code: '510000', city: '510100', county: '510104' },
  { code: '440000', city: '440100', county: '440103' },
];
const levels = [
  'charity',
  'red_cross',
  'reserve_operator',
  'hospital',
  'hospital',
  'health_centre',
  'village_clinic',
] as const;

export function benchOrganizations(): NewOrganization[] {
  const orgs: NewOrganization[] = [
    { id: 'bench-supplier', name: 'Bench supplier', kind: 'company', region: '420100' },
  ];
  provinces.forEach((p, i) => {
    levels.forEach((kind, l) =>
      orgs.push({
        id: `p${i}-l${l}`,
        name: `Bench ${kind} ${i}/${l}`,
        kind,
        region: l < 2 ? p.code : l < 4 ? p.city : p.county,
      }),
    );
  });
  return orgs;
}

/** Yields `total` valid events in batches of `batchSize`. */
export function* benchWorkload(total: number, batchSize = 2_000): Generator<Submission[]> {
  const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  let seq = 0;
  let batch: Submission[] = [];
  const held = new Map<string, number>();
  const emit = function* (recordedBy: string, body: EventBody): Generator<Submission[], number> {
    batch.push({ recordedBy, body });
    seq += 1;
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
    return seq;
  };
  let step = 0;
  while (seq < total) {
    const p = step % provinces.length;
    const org = (l: number) => `p${p}-l${l}`;
    // A burst of gifts into the pool.
    for (let g = 0; g < 12 && seq < total; g++) {
      const amount = 5_000 + ((step * 7919 + g * 104_729) % 95_000);
      yield* emit(org(0), {
        type: 'donation',
        occurredAt: at(seq),
        anonymous: true,
        donorKind: 'individual',
        recipient: org(0),
        money: { currency: 'CNY', amount },
      });
      held.set(org(0), (held.get(org(0)) ?? 0) + amount);
    }
    // Money down two levels, goods bought at the depot, goods down four more, used at the clinic.
    let money = Math.floor((held.get(org(0)) ?? 0) * 0.8);
    for (let l = 0; l < 2 && money > 0 && seq < total - 1; l++) {
      const id = `evt_${yield* emit(org(l), { type: 'transfer', occurredAt: at(seq), to: org(l + 1), money: { currency: 'CNY', amount: money } })}`;
      held.set(org(l), (held.get(org(l)) ?? 0) - money);
      yield* emit(org(l + 1), {
        type: 'receipt',
        occurredAt: at(seq),
        transfer: id,
        money: { currency: 'CNY', amount: money },
      });
      held.set(org(l + 1), (held.get(org(l + 1)) ?? 0) + money);
      money = Math.floor(money * 0.9);
    }
    const depotMoney = held.get(org(2)) ?? 0;
    if (depotMoney <= 0 || seq >= total - 12) {
      step += 1;
      continue;
    }
    const quantity = Math.max(10, Math.floor(depotMoney / 5_000));
    yield* emit(org(2), {
      type: 'purchase',
      occurredAt: at(seq),
      supplier: 'bench-supplier',
      money: { currency: 'CNY', amount: depotMoney },
      goods: { item: 'amoxicillin-capsules', quantity, lot: `B${step}`, expiresOn: '2028-12-31' },
    });
    held.set(org(2), 0);
    let goods = quantity;
    for (let l = 2; l < 6 && seq < total - 1; l++) {
      const id = `evt_${yield* emit(org(l), { type: 'transfer', occurredAt: at(seq), to: org(l + 1), goods: { item: 'amoxicillin-capsules', quantity: goods } })}`;
      yield* emit(org(l + 1), {
        type: 'receipt',
        occurredAt: at(seq),
        transfer: id,
        goods: { item: 'amoxicillin-capsules', quantity: goods },
      });
      goods = Math.max(1, Math.floor(goods * 0.95));
    }
    if (seq < total)
      yield* emit(org(6), {
        type: 'use',
        occurredAt: at(seq),
        goods: { item: 'amoxicillin-capsules', quantity: Math.max(1, Math.floor(goods / 2)) },
        disease: 'J18',
        beneficiaries: 3 + (step % 40),
      });
    step += 1;
  }
  if (batch.length) yield batch;
}
