/**
 * A small ledger for the export tests, on a fresh in-memory database, holding what the
 * exports must handle with care: a donor registered as anonymous, an anonymous gift,
 * organizations and purposes written like spreadsheet formulas, uses and a need with fewer than 5
 * beneficiaries, a goods gift, a transfer with its receipt, a reversed gift (so some flows
 * are negative numbers), and enough gifts for a table to span several pages.
 */
import type { EventBody } from '../../api/domain/events.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { at, cny, testApp, type CastId } from './test-app.ts';

export const hiddenDonor = {
  id: 'hidden-donor-7',
  name: '隐名捐赠人 Quiet Benefactor',
  kind: 'individual',
  region: '110105',
  anonymous: true,
};
export const hostile = [
  {
    id: 'formula-co',
    name: '=HYPERLINK("http://evil.example/x","click me")',
    kind: 'company',
    region: '110105',
  },
  { id: 'at-co', name: '@SUM(1+1)', kind: 'company', region: '110105' },
  { id: 'plus-co', name: '+1-2', kind: 'company', region: '110105' },
] as const;

export async function exportWorld() {
  const t = await testApp();
  for (const o of [hiddenDonor, ...hostile])
    await createOrganization(t.database.db, o, t.clock(), t.catalog.hasRegion);
  const record = async (recordedBy: CastId, body: EventBody) => {
    const [r] = await t.writer.recordBatch([{ recordedBy, body }]);
    if (!r!.ok) throw r!.problem;
    return r!.answer;
  };
  const fromHidden = await record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: hiddenDonor.id,
    recipient: 'charity',
    money: cny(50_000),
  });
  const anonymousGift = await record('charity', {
    type: 'donation',
    occurredAt: at,
    anonymous: true,
    donorKind: 'company',
    recipient: 'charity',
    money: cny(30_000),
  });
  const fromFormula = await record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'formula-co',
    recipient: 'charity',
    money: cny(10_000),
    restriction: { purpose: '-1+1 for insulin' },
  });
  await record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'at-co',
    recipient: 'charity',
    goods: { item: 'insulin-glargine', quantity: 20, lot: 'L-1', expiresOn: '2027-06-30' },
    restriction: { purpose: '\tkeep cold' },
  });
  const shipped = await record('charity', {
    type: 'transfer',
    occurredAt: at,
    to: 'redcross-hubei',
    money: cny(20_000),
    toward: { region: '420000' },
  });
  await record('redcross-hubei', {
    type: 'receipt',
    occurredAt: at,
    transfer: shipped.id,
    money: cny(19_000),
  });
  await record('redcross-hubei', {
    type: 'use',
    occurredAt: at,
    money: cny(5_000),
    disease: 'E11',
    beneficiaries: 3,
  });
  await record('charity', {
    type: 'use',
    occurredAt: at,
    goods: { item: 'insulin-glargine', quantity: 5 },
    disease: 'E11',
    beneficiaries: 12,
  });
  await record('xishui-clinic', {
    type: 'need',
    occurredAt: at,
    facility: 'xishui-clinic',
    item: 'insulin-glargine',
    quantity: 10,
    urgency: '72h',
    importance: 'life',
    beneficiaries: 2,
  });
  // Stock of unknown provenance, stated from a disclosure.
  await record('wuhan-depot', {
    type: 'opening_balance',
    occurredAt: at,
    asOf: '2026-02-01',
    source: '2026年2月1日库存公示',
    goods: { item: 'n95-respirator', quantity: 500, lot: 'N95-OB' },
  });
  // Enough gifts for several pages of a table.
  const many = await t.writer.recordBatch(
    Array.from({ length: 60 }, (_, i) => ({
      recordedBy: 'charity' as const,
      body: {
        type: 'donation' as const,
        occurredAt: at,
        anonymous: true,
        donorKind: 'individual' as const,
        recipient: 'charity',
        money: cny(100 + i),
      },
    })),
  );
  if (!many.every((r) => r.ok)) throw new Error('a gift was refused');
  const later = await record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'plus-co',
    recipient: 'charity',
    money: cny(7_000),
  });
  await record('charity', {
    type: 'correction',
    occurredAt: at,
    corrects: later.id,
    reason: 'entered twice',
    reverse: true,
  });
  return {
    ...t,
    record,
    ids: {
      fromHidden: fromHidden.id,
      anonymousGift: anonymousGift.id,
      fromFormula: fromFormula.id,
      reversed: later.id,
    },
  };
}
