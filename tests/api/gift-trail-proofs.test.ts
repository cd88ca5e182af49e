/**
 * A gift's answer proves every event its fate and trail are computed from: each transfer,
 * receipt and use the gift travelled through has its own inclusion proof in the same signed
 * checkpoint as the gift, and the browser check refuses a trail with any event not proven.
 */
import { describe, expect, it } from 'vitest';
import { verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { verifyGiftProof, type LogProof } from '../../site/lib/verify-gift.ts';
import { at, cny, testApp, testSigningKey } from '../support/test-app.ts';

async function travelledGift() {
  const t = await testApp();
  const gift = await t.record('charity', {
    type: 'donation',
    occurredAt: at,
    donor: 'donor-li',
    recipient: 'charity',
    money: cny(10_000),
  });
  const shipped = await t.record('charity', {
    type: 'transfer',
    occurredAt: at,
    to: 'huanggang-hospital',
    money: cny(6_000),
  });
  const received = await t.record('huanggang-hospital', {
    type: 'receipt',
    occurredAt: at,
    transfer: shipped.id,
    money: cny(6_000),
  });
  const used = await t.record('huanggang-hospital', {
    type: 'use',
    occurredAt: at,
    money: cny(2_000),
    disease: 'J18',
    beneficiaries: 12,
  });
  const answer = (await (await t.get(`/api/v1/donations/${gift.receiptCode}`)).json()) as {
    id: string;
    log: LogProof;
  };
  return { answer, trail: [shipped.id, received.id, used.id], code: gift.receiptCode! };
}

const key = verifierKeyFor(testSigningKey);

describe("the proofs of a gift's trail", () => {
  it('prove every event the trail is computed from, in the gift checkpoint', async () => {
    const { answer, trail, code } = await travelledGift();
    expect(answer.log.trail?.map((s) => s.event)).toEqual(trail);
    const result = verifyGiftProof(answer.log, key, {
      id: answer.id,
      receiptCode: code,
      private: (answer as any).private,
    });
    expect(result).toMatchObject({ ok: true, trailEvents: 3 });
  });

  it('refuse a trail event whose leaf was altered or swapped for another event', async () => {
    const { answer } = await travelledGift();
    const claim = { id: answer.id };
    const altered = structuredClone(answer.log);
    altered.trail![1]!.leaf = altered.trail![1]!.leaf.replace('6000', '6001');
    expect(verifyGiftProof(altered, key, claim)).toMatchObject({ ok: false, reason: 'trail' });

    const swapped = structuredClone(answer.log);
    swapped.trail![0]!.event = swapped.trail![2]!.event;
    expect(verifyGiftProof(swapped, key, claim)).toMatchObject({ ok: false, reason: 'trail' });

    const wrongPath = structuredClone(answer.log);
    wrongPath.trail![2]!.inclusionProof = wrongPath.trail![0]!.inclusionProof;
    expect(verifyGiftProof(wrongPath, key, claim)).toMatchObject({ ok: false, reason: 'trail' });
  });
});
