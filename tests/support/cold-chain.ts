/**
 * A cold-chain shipment recorded through the API: hepatitis B vaccine given to the charity,
 * shipped to a village clinic through the Wuhan depot, a logger record showing an excursion,
 * the receipt, a refused use, a release and a use after it; and a second shipment whose chain
 * has a gap and which arrives with no temperature record at all.
 */
import type { testApp } from './test-app.ts';
import { at } from './test-app.ts';

type App = Awaited<ReturnType<typeof testApp>>;

export const hour = (n: number) => new Date(Date.parse(at) + n * 3_600_000).toISOString();
export const vaccine = (quantity: number, lot = 'HB2026A') => ({
  item: 'hepatitis-b-vaccine',
  quantity,
  lot,
  expiresOn: '2027-06-30',
});

export async function coldChainWorld(t: App) {
  const gift = await t.record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'acme-pharma',
    recipient: 'charity',
    goods: vaccine(500),
  });
  const shipment = await t.record('charity', {
    type: 'transfer',
    occurredAt: hour(1),
    to: 'xishui-clinic',
    goods: vaccine(200),
  });
  const first = await t.record('charity', {
    type: 'custody_handover',
    occurredAt: hour(2),
    shipment: shipment.id,
    from: 'charity',
    to: 'wuhan-depot',
    at: hour(2),
    place: '武汉储备仓库 冷库 3',
  });
  const second = await t.record('xishui-clinic', {
    type: 'custody_handover',
    occurredAt: hour(20),
    shipment: shipment.id,
    from: 'wuhan-depot',
    to: 'xishui-clinic',
    at: hour(20),
  });
  const log = await t.record('xishui-clinic', {
    type: 'temperature_log',
    occurredAt: hour(21),
    shipment: shipment.id,
    min: 2.4,
    max: 13.1,
    outsideMinutes: 95,
    range: [2, 8],
    readings: 228,
    firstReadingAt: hour(1),
    lastReadingAt: hour(20),
    logger: 'TL-0042',
  });
  const receipt = await t.record('xishui-clinic', {
    type: 'receipt',
    occurredAt: hour(21),
    transfer: shipment.id,
    goods: vaccine(200),
  });
  const release = await t.record('xishui-clinic', {
    type: 'lot_release',
    occurredAt: hour(30),
    item: 'hepatitis-b-vaccine',
    lot: 'HB2026A',
    reason: "Maker's stability data: 95 minutes up to 13 °C is within the vaccine's heat tolerance.",
  });
  const use = await t.record('xishui-clinic', {
    type: 'use',
    occurredAt: hour(40),
    goods: { item: 'hepatitis-b-vaccine', quantity: 50 },
    disease: 'B18',
    beneficiaries: 50,
  });
  // A second shipment: handed to the depot, then received by the clinic with no handover from
  // the depot (a gap) and without any temperature record.
  const gapped = await t.record('charity', {
    type: 'transfer',
    occurredAt: hour(2),
    to: 'xishui-clinic',
    goods: vaccine(100),
  });
  await t.record('charity', {
    type: 'custody_handover',
    occurredAt: hour(3),
    shipment: gapped.id,
    from: 'charity',
    to: 'wuhan-depot',
    at: hour(3),
  });
  const gappedReceipt = await t.record('xishui-clinic', {
    type: 'receipt',
    occurredAt: hour(30),
    transfer: gapped.id,
    goods: vaccine(100),
  });
  return { gift, shipment, first, second, log, receipt, release, use, gapped, gappedReceipt };
}
