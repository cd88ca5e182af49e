/**
 * Complaint rules on the in-memory ledger: who may file, answer, say whether it resolved the
 * matter and hide a summary; what each changes; and what a complaint's leaf withholds.
 */
import { describe, expect, it } from 'vitest';
import { commits, joinEvent, splitEvent, type PartyLookup } from '../../api/contract/privacy.ts';
import { moderatorRecorder, publicRecorder } from '../../api/domain/complaints.ts';
import type { EventBody, RecordedEvent } from '../../api/domain/events.ts';
import { Problem } from '../../api/domain/problems.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';
import { at, cny, smallLedger } from '../support/small-world.ts';

const complaint = (about: string, extra: Partial<Record<string, unknown>> = {}) =>
  ({
    type: 'complaint',
    occurredAt: at,
    about,
    category: 'not_received',
    summary: '说好的胰岛素没有送到',
    text: '我是村医，三月份说送的胰岛素一直没有到。',
    contact: '138 0000 0000',
    ...extra,
  }) as EventBody;

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof Problem) return { type: e.type, fields: e.fields.map((x) => x.path) };
    throw e;
  }
  throw new Error('not refused');
};

describe('complaints in the ledger', () => {
  it('files a complaint about an organization, an event or a need, each answerable by its recorder', () => {
    const { record } = smallLedger();
    const gift = record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-a',
      recipient: 'charity',
      money: cny(10_000),
    } as EventBody);
    const need = record('clinic', {
      type: 'need',
      occurredAt: at,
      facility: 'clinic',
      item: 'insulin-glargine',
      quantity: 10,
      urgency: '72h',
      importance: 'life',
    });
    const onOrg = record(publicRecorder, complaint('charity'));
    const onGift = record(publicRecorder, complaint(gift.event.id, { category: 'misallocation' }));
    const onNeed = record(publicRecorder, complaint(need.event.id, { category: 'wrong_figures' }));
    expect(onOrg.complaints![0]).toMatchObject({ aboutKind: 'organization', organization: 'charity' });
    expect(onGift.complaints![0]).toMatchObject({ aboutKind: 'event', organization: 'charity' });
    expect(onNeed.complaints![0]).toMatchObject({ aboutKind: 'need', organization: 'clinic', answers: 0 });
    // The complainant's follow-up code, like a donor's receipt code.
    expect(onOrg.event.receiptCode).toBe(`R-${onOrg.event.id}`);
    expect(onOrg.facts).toEqual([]);
  });

  it('refuses a complaint about nothing, or filed with an organization as its recorder', () => {
    const { record } = smallLedger();
    expect(refusal(() => record(publicRecorder, complaint('nobody')))).toEqual({
      type: 'unknown-reference',
      fields: ['about'],
    });
    expect(refusal(() => record(publicRecorder, complaint('evt_99')))).toMatchObject({ fields: ['about'] });
    expect(refusal(() => record('charity', complaint('hospital')))).toMatchObject({ type: 'forbidden' });
  });

  it('takes answers only from the organization complained about; the first answer times it, the latest stands', () => {
    const { record, ledger } = smallLedger();
    const c = record(publicRecorder, complaint('charity')).event.id;
    const answer = (by: string, resolved: boolean, text = '已补发') =>
      record(by, { type: 'complaint_answer', occurredAt: at, complaint: c, answer: text, resolved });
    expect(refusal(() => answer('hospital', true))).toMatchObject({ type: 'forbidden' });
    expect(refusal(() => answer(publicRecorder, true))).toMatchObject({ type: 'forbidden' });
    const first = answer('charity', false, '正在核查');
    const second = answer('charity', true, '已补发');
    expect(ledger.complaint(c)).toMatchObject({
      answers: 2,
      firstAnswerSeq: first.event.seq,
      answer: '已补发',
      answerResolved: true,
      answeredAt: second.event.recordedAt,
    });
    expect(
      refusal(() =>
        record('charity', {
          type: 'complaint_answer',
          occurredAt: at,
          complaint: 'evt_99',
          answer: 'x',
          resolved: true,
        }),
      ),
    ).toMatchObject({ type: 'unknown-reference', fields: ['complaint'] });
  });

  it("hears the complainant's say only once answered, and asks again after a new answer", () => {
    const { record, ledger } = smallLedger();
    const c = record(publicRecorder, complaint('charity')).event.id;
    const say = (resolved: boolean, by = publicRecorder) =>
      record(by, { type: 'complaint_feedback', occurredAt: at, complaint: c, resolved });
    expect(refusal(() => say(true))).toMatchObject({ type: 'conflict' });
    record('charity', {
      type: 'complaint_answer',
      occurredAt: at,
      complaint: c,
      answer: '正在核查',
      resolved: false,
    });
    expect(refusal(() => say(false, 'charity'))).toMatchObject({ type: 'forbidden' });
    say(false);
    expect(ledger.complaint(c)?.feedback).toBe('not_resolved');
    record('charity', {
      type: 'complaint_answer',
      occurredAt: at,
      complaint: c,
      answer: '已补发',
      resolved: true,
    });
    expect(ledger.complaint(c)?.feedback).toBeNull();
    say(true);
    expect(ledger.complaint(c)?.feedback).toBe('resolved');
  });

  it('hides an abusive summary once, by moderation only, keeping the complaint and the reason', () => {
    const { record, ledger } = smallLedger();
    const c = record(publicRecorder, complaint('charity', { summary: '骂人的话' })).event.id;
    const hide = (by: string) =>
      record(by, { type: 'complaint_hide', occurredAt: at, complaint: c, reason: '辱骂' });
    expect(refusal(() => hide('charity'))).toMatchObject({ type: 'forbidden' });
    expect(refusal(() => hide(publicRecorder))).toMatchObject({ type: 'forbidden' });
    hide(moderatorRecorder);
    expect(ledger.complaint(c)).toMatchObject({
      summary: null,
      hiddenReason: '辱骂',
      category: 'not_received',
    });
    expect(refusal(() => hide(moderatorRecorder))).toMatchObject({ type: 'conflict' });
    // Still answerable.
    record('charity', {
      type: 'complaint_answer',
      occurredAt: at,
      complaint: c,
      answer: '已核查',
      resolved: true,
    });
  });
});

describe("a complaint's leaf", () => {
  const party: PartyLookup = (id) =>
    id === 'quiet-charity'
      ? { anonymous: true, kind: 'charity' }
      : id === 'charity'
        ? { anonymous: false, kind: 'charity' }
        : undefined;
  const salt = privateSalts(new Uint8Array(32).fill(4));
  const filed = (about: string): RecordedEvent => ({
    id: 'evt_9',
    seq: 9,
    recordedBy: publicRecorder,
    recordedAt: '2026-02-10T00:00:01Z',
    body: complaint(about),
    receiptCode: 'AT-0000-0000-0009',
  });

  it('withholds the summary, text, contact and follow-up code behind its commitment', () => {
    const e = filed('charity');
    const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
    expect(leaf.event).toEqual({
      type: 'complaint',
      occurredAt: at,
      about: 'charity',
      category: 'not_received',
    });
    expect(privatePart!.withheld).toEqual({
      '/event/summary': '说好的胰岛素没有送到',
      '/event/text': '我是村医，三月份说送的胰岛素一直没有到。',
      '/event/contact': '138 0000 0000',
      '/receiptCode': 'AT-0000-0000-0009',
    });
    expect(commits(leaf, privatePart)).toBe(true);
    expect(joinEvent(leaf, privatePart)).toEqual(e);
  });

  it('names an organization registered anonymous only by its kind', () => {
    const e = filed('quiet-charity');
    const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
    expect(leaf.event.about).toEqual({ anonymous: true, kind: 'charity' });
    expect(privatePart!.withheld['/event/about']).toBe('quiet-charity');
    expect(joinEvent(leaf, privatePart)).toEqual(e);
  });

  it("withholds the private words of a complainant's say", () => {
    const e: RecordedEvent = {
      id: 'evt_12',
      seq: 12,
      recordedBy: publicRecorder,
      recordedAt: '2026-02-12T00:00:01Z',
      body: {
        type: 'complaint_feedback',
        occurredAt: at,
        complaint: 'evt_9',
        resolved: false,
        text: '还是没收到',
      },
    };
    const { leaf, privatePart } = splitEvent(e, party, salt(e.id));
    expect(leaf.event).toEqual({
      type: 'complaint_feedback',
      occurredAt: at,
      complaint: 'evt_9',
      resolved: false,
    });
    expect(privatePart!.withheld).toEqual({ '/event/text': '还是没收到' });
  });
});
