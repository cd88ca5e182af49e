/**
 * A provincial reserve with its plan, stock, two years of seasonal demand and an emergency's
 * dispatches at every step, recorded through the write path of a test app: one settled, one
 * approved by two reviewers and signed for, one refused, one waiting for review; a rotation
 * out to a hospital, and a lot that expired in store.
 */
import type { EventBody } from '../../api/domain/events.ts';
import { cny, testApp, type CastId } from './test-app.ts';

export const reservePlan: EventBody = {
  type: 'reserve_plan',
  occurredAt: '2024-01-02T09:00:00+08:00',
  region: '420000',
  item: 'n95-respirator',
  target: 2_000,
  min: 800,
  basis: '30d_peak',
  validFrom: '2024-01-01',
  authority: 'hubei-health',
  approvalThreshold: 300,
  rotationDays: 120,
  price: cny(300),
};

/** Winter peaks: monthly demand at one county hospital, January 2024 to February 2026. */
export const seasonalDemand = (month: number) =>
  Math.round(200 * (1 + 0.6 * Math.cos((2 * Math.PI * month) / 12)));

export async function reserveWorld() {
  const t = await testApp();
  const ids: Record<string, string> = {};
  const step = async (name: string, by: CastId, body: EventBody) => {
    ids[name] = (await t.record(by, body)).id;
  };
  const day = (d: string) => `${d}T10:00:00+08:00`;
  await step('plan', 'wuhan-depot', reservePlan);
  const history: Array<{ recordedBy: CastId; body: EventBody }> = [];
  for (let m = 0; m < 26; m++) {
    const month = `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    history.push({
      recordedBy: 'xishui-county-hospital',
      body: {
        type: 'need',
        occurredAt: day(`${month}-03`),
        facility: 'xishui-county-hospital',
        item: 'n95-respirator',
        quantity: seasonalDemand(m),
        urgency: '1m',
        importance: 'function',
      },
    });
  }
  const results = await t.writer.recordBatch(history);
  const needIds = results.map((r) => (r.ok ? r.answer.id : ''));
  await t.writer.recordBatch(
    needIds.map((need, i) => ({
      recordedBy: 'xishui-county-hospital' as CastId,
      body: {
        type: 'need_close',
        occurredAt: day(`${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-28`),
        need,
        reason: 'met_elsewhere',
      },
    })),
  );
  await step('appeal', 'hubei-health', {
    type: 'appeal',
    occurredAt: day('2026-01-05'),
    appeal: 'hubei-flu-2026',
    titleZh: '湖北流感高峰应急调拨',
    titleEn: 'Hubei influenza peak dispatches',
    region: '420000',
  });
  await step('stockA', 'wuhan-depot', {
    type: 'donation',
    occurredAt: day('2026-01-06'),
    donor: 'acme-pharma',
    recipient: 'wuhan-depot',
    goods: { item: 'n95-respirator', quantity: 1_500, lot: 'A', expiresOn: '2026-05-15' },
  });
  await step('stockB', 'wuhan-depot', {
    type: 'donation',
    occurredAt: day('2026-01-06'),
    donor: 'acme-pharma',
    recipient: 'wuhan-depot',
    goods: { item: 'n95-respirator', quantity: 1_000, lot: 'B', expiresOn: '2028-01-01' },
  });
  await step('stockC', 'wuhan-depot', {
    type: 'donation',
    occurredAt: day('2026-01-06'),
    donor: 'acme-pharma',
    recipient: 'wuhan-depot',
    goods: { item: 'n95-respirator', quantity: 100, lot: 'C', expiresOn: '2026-01-31' },
  });
  await step('expired', 'wuhan-depot', {
    type: 'write_off',
    occurredAt: day('2026-02-02'),
    goods: { item: 'n95-respirator', quantity: 100, lot: 'C' },
    reason: 'expired',
  });
  const request = (facility: CastId, quantity: number, d: string): EventBody => ({
    type: 'dispatch_request',
    occurredAt: day(d),
    reserve: 'wuhan-depot',
    facility,
    item: 'n95-respirator',
    quantity,
    urgency: '24h',
    reason: 'influenza peak: fever clinic',
    appeal: 'hubei-flu-2026',
  });
  const review = (req: string, reviewer: string, decision: 'approved' | 'refused', d: string): EventBody => ({
    type: 'dispatch_review',
    occurredAt: day(d),
    request: ids[req]!,
    reviewer,
    decision,
    reason: decision === 'refused' ? 'stock would fall below the plan minimum' : 'within the plan',
  });
  await step('r1', 'huanggang-hospital', request('huanggang-hospital', 200, '2026-01-10'));
  await step('r1review', 'hubei-health', review('r1', 'handler-1', 'approved', '2026-01-11'));
  await step('r1dispatch', 'wuhan-depot', {
    type: 'transfer',
    occurredAt: day('2026-01-12'),
    to: 'huanggang-hospital',
    goods: { item: 'n95-respirator', quantity: 200 },
    request: ids.r1,
  });
  await step('r1receipt', 'huanggang-hospital', {
    type: 'receipt',
    occurredAt: day('2026-01-13'),
    transfer: ids.r1dispatch!,
    goods: { item: 'n95-respirator', quantity: 198 },
  });
  await step('r1settle', 'huanggang-hospital', {
    type: 'settlement',
    occurredAt: day('2026-01-20'),
    dispatch: ids.r1dispatch!,
    money: cny(198 * 300),
  });
  await step('r2', 'hubei-health', request('xishui-county-hospital', 500, '2026-01-15'));
  await step('r2review1', 'hubei-health', review('r2', 'handler-1', 'approved', '2026-01-15'));
  await step('r2review2', 'hubei-health', review('r2', 'handler-2', 'approved', '2026-01-16'));
  await step('r2dispatch', 'wuhan-depot', {
    type: 'transfer',
    occurredAt: day('2026-01-17'),
    to: 'xishui-county-hospital',
    goods: { item: 'n95-respirator', quantity: 500 },
    request: ids.r2,
  });
  await step('r2receipt', 'xishui-county-hospital', {
    type: 'receipt',
    occurredAt: day('2026-01-19'),
    transfer: ids.r2dispatch!,
    goods: { item: 'n95-respirator', quantity: 500 },
  });
  await step('r3', 'xishui-clinic', request('xishui-clinic', 1_000, '2026-01-20'));
  await step('r3review', 'hubei-health', review('r3', 'handler-1', 'refused', '2026-01-21'));
  await step('r4', 'yichang-clinic', request('yichang-clinic', 50, '2026-02-20'));
  await step('use', 'huanggang-hospital', {
    type: 'use',
    occurredAt: day('2026-02-05'),
    goods: { item: 'n95-respirator', quantity: 120 },
    disease: 'J10',
    beneficiaries: 60,
  });
  await step('rotation', 'wuhan-depot', {
    type: 'transfer',
    occurredAt: day('2026-02-10'),
    to: 'huanggang-hospital',
    goods: { item: 'n95-respirator', quantity: 300, lot: 'A' },
  });
  return { ...t, ids };
}
