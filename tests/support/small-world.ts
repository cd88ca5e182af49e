/**
 * A small hand-made world for domain tests: three regions, a few diseases and items, and
 * organizations along a typical chain from donors to a village clinic.
 */
import type { CatalogLookup, Organization } from '../../api/domain/ledger-state.ts';
import { MemoryLedger } from '../../api/domain/memory-ledger.ts';
import type { EventBody } from '../../api/domain/events.ts';

const parents: Record<string, string | null> = {
  '420000': null,
  '420100': '420000',
  '420102': '420100',
  '420200': '420000',
  '110000': null,
  '110101': '110000',
};

export const smallCatalog: CatalogLookup = {
  hasRegion: (code) => code in parents,
  hasDisease: (code) => ['J18', 'E11', 'N18', 'D66'].includes(code),
  item: (id) =>
    id === 'insulin-glargine'
      ? { id, category: 'medicine', coldChain: true, storage: { lowC: 2, highC: 8, excursionMinutes: 60 } }
      : ['n95-respirator', 'hemodialysis-machine'].includes(id)
        ? { id, category: 'medicine' }
        : undefined,
  rollUp: (code) => ({ code }),
  isWithin: (code, ancestor) => {
    for (let c: string | null | undefined = code; c; c = parents[c]) if (c === ancestor) return true;
    return false;
  },
};

export const orgs: Organization[] = [
  { id: 'donor-a', name: 'Donor A', kind: 'individual', region: '110101', anonymous: false },
  { id: 'donor-b', name: 'Donor B', kind: 'company', region: '110101', anonymous: false },
  { id: 'charity', name: 'Charity', kind: 'charity', region: '110101', anonymous: false },
  { id: 'redcross-hb', name: 'Hubei Red Cross', kind: 'red_cross', region: '420000', anonymous: false },
  { id: 'warehouse', name: 'Warehouse', kind: 'reserve_operator', region: '420100', anonymous: false },
  { id: 'hospital', name: 'County Hospital', kind: 'hospital', region: '420102', anonymous: false },
  { id: 'clinic', name: 'Village Clinic', kind: 'village_clinic', region: '420102', anonymous: false },
  { id: 'clinic-yc', name: 'Yichang Clinic', kind: 'village_clinic', region: '420200', anonymous: false },
  { id: 'supplier', name: 'Supplier', kind: 'company', region: '420100', anonymous: false },
];

export function smallLedger(): {
  ledger: MemoryLedger;
  record: (by: string, body: EventBody) => ReturnType<MemoryLedger['record']>;
} {
  const ledger = new MemoryLedger(smallCatalog);
  for (const o of orgs) ledger.organizations.set(o.id, o);
  let seq = 0;
  const record = (by: string, body: EventBody) => {
    const next = seq + 1;
    const out = ledger.record({
      body,
      recordedBy: by,
      seq: next,
      recordedAt: '2026-01-01T00:00:00Z',
      receiptCode: (id) => `R-${id}`,
    });
    seq = next;
    return out;
  };
  return { ledger, record };
}

export const at = '2026-01-10T08:00:00+08:00';
export const cny = (amount: number) => ({ currency: 'CNY', amount });
