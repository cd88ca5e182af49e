/**
 * Consent: a gift names its donor as confirmed only when the donor's own organization said so,
 * by a `donation_confirm` (or by recording the gift itself). Only the donor named can confirm,
 * once, a gift that stands; a correction keeps the consent only while it names the same donor.
 */
import { describe, expect, it } from 'vitest';
import { Problem } from '../../api/domain/problems.ts';
import { at, cny, smallLedger } from '../support/small-world.ts';

const gift = (donor: string) =>
  ({ type: 'donation', occurredAt: at, donor, recipient: 'charity', money: cny(1_000) }) as const;
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Problem).type;
  }
  return 'accepted';
};

describe('consent to be named', () => {
  it('a gift recorded by its recipient is unconfirmed until the donor named in it confirms it', () => {
    const { ledger, record } = smallLedger();
    const g = record('charity', gift('donor-a')).event;
    expect(ledger.donation(g.id)!.donorConfirmed).toBe(false);
    expect(
      refusal(() => record('donor-b', { type: 'donation_confirm', occurredAt: at, donation: g.id })),
    ).toBe('forbidden');
    expect(
      refusal(() => record('charity', { type: 'donation_confirm', occurredAt: at, donation: g.id })),
    ).toBe('forbidden');
    const confirmation = record('donor-a', {
      type: 'donation_confirm',
      occurredAt: at,
      donation: g.id,
    }).event;
    expect(ledger.donation(g.id)!.donorConfirmed).toBe(true);
    expect(
      refusal(() =>
        record('donor-a', {
          type: 'correction',
          occurredAt: at,
          corrects: confirmation.id,
          reason: 'x',
          reverse: true,
        }),
      ),
    ).toBe('validation');
    expect(
      refusal(() => record('donor-a', { type: 'donation_confirm', occurredAt: at, donation: g.id })),
    ).toBe('conflict');
  });

  it('refuses a confirmation of what is not a gift, and of a reversed gift', () => {
    const { record } = smallLedger();
    const shipped = record('charity', {
      type: 'donation',
      occurredAt: at,
      anonymous: true,
      donorKind: 'individual',
      recipient: 'charity',
      money: cny(5),
    }).event;
    expect(
      refusal(() => record('donor-a', { type: 'donation_confirm', occurredAt: at, donation: 'evt_99' })),
    ).toBe('unknown-reference');
    expect(
      refusal(() => record('donor-a', { type: 'donation_confirm', occurredAt: at, donation: shipped.id })),
    ).toBe('forbidden');
    const g = record('charity', gift('donor-a')).event;
    record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: g.id,
      reason: 'entered twice',
      reverse: true,
    });
    expect(
      refusal(() => record('donor-a', { type: 'donation_confirm', occurredAt: at, donation: g.id })),
    ).toBe('conflict');
  });

  it('a correction keeps the consent while it names the same donor, and drops it for another', () => {
    const { ledger, record } = smallLedger();
    const g = record('charity', gift('donor-a')).event;
    record('donor-a', { type: 'donation_confirm', occurredAt: at, donation: g.id });
    record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: g.id,
      reason: 'amount',
      replacement: { ...gift('donor-a'), money: cny(900) },
    });
    expect(ledger.donation(g.id)).toMatchObject({ amount: 900, donorConfirmed: true });
    record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: g.id,
      reason: 'donor',
      replacement: gift('donor-b'),
    });
    expect(ledger.donation(g.id)).toMatchObject({ donor: 'donor-b', donorConfirmed: false });
  });
});
