/**
 * A small world holding every kind of private datum, for the privacy tests: a donor registered
 * anonymous (who also records, confirming its own gift), anonymous gifts, receipt codes of
 * every gift and pledge, counts of people from 1 to 4 (uses, needs, a need update, a corrected
 * use), private notes and a public one, an opening balance of the hidden clinic naming it as holder, named donors with and without consent; complaints
 * with their private words and contacts, about a named charity, the hidden clinic and its need,
 * answered, said about by their complainants, and one summary hidden by moderation; a cold
 * shipment carried by a company registered anonymous, its handovers scanned and its logger read.
 */
import { solveChallenge } from '../../api/domain/complaint-challenge.ts';
import { moderatorRecorder } from '../../api/domain/complaints.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { createToken } from '../../api/store/admin.ts';
import { at, cny, testApp } from './test-app.ts';

export const hiddenDonor = {
  id: 'quiet-benefactor-7',
  name: '隐名捐赠人 Quiet Benefactor',
  kind: 'individual',
  region: '110105',
  anonymous: true,
};

/** A facility registered anonymous: it receives, uses and reports needs, and is never named. */
export const hiddenClinic = {
  id: 'quiet-clinic-3',
  name: '隐名卫生室 Quiet Clinic',
  kind: 'village_clinic',
  region: '421125',
  anonymous: true,
};

/** A carrier registered anonymous: it takes a cold shipment between the charity and a clinic. */
export const hiddenCarrier = {
  id: 'quiet-courier-5',
  name: '隐名冷链物流 Quiet Courier',
  kind: 'company',
  region: '420100',
  anonymous: true,
};

/** Notes the recorders did not mark public: none may appear in any public output. */
export const privateNotes = [
  '王先生的捐款，请勿公开',
  'patient Zhang family asked for discretion',
  '三位尿毒症患者透析',
  '村卫生室两名儿童',
];
export const publicNote = '冷链运输（2–8 °C）公开说明';

/** Complainants' own words and contacts, a complainant's private say and an abusive summary: never public. */
export const complaintSecrets = {
  texts: [
    '村医李大夫反映：说好的胰岛素两个月没到，药房登记是假的',
    '匿名卫生室收到的胰岛素少了一半，院长不让说',
  ],
  contacts: ['+86 139 1234 5678', 'whistle.blower@example.org'],
  say: '回复不属实，我们仍未收到',
  abusiveSummary: '某某某是骗子 ABUSIVE-SUMMARY-7',
};

export async function privateWorld() {
  const t = await testApp();
  await createOrganization(t.database.db, hiddenDonor, t.clock(), t.catalog.hasRegion);
  const hiddenToken = (await createToken(t.database.db, hiddenDonor.id, t.clock())).token;
  await createOrganization(t.database.db, hiddenClinic, t.clock(), t.catalog.hasRegion);
  const clinicToken = (await createToken(t.database.db, hiddenClinic.id, t.clock())).token;
  await createOrganization(t.database.db, hiddenCarrier, t.clock(), t.catalog.hasRegion);
  const asClinic = async (body: Record<string, unknown>) => {
    const res = await t.app.request('/api/v1/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${clinicToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ occurredAt: at, ...body }),
    });
    if (res.status !== 201) throw new Error(await res.text());
    return (await res.json()) as { id: string };
  };
  const codes: string[] = [];
  const gift = async (body: Record<string, unknown>) => {
    const r = await t.record('charity', { type: 'donation', occurredAt: at, recipient: 'charity', ...body });
    codes.push(r.receiptCode!);
    return r;
  };
  const fromHidden = await gift({ donor: hiddenDonor.id, money: cny(50_000), note: privateNotes[0] });
  const anonymous = await gift({ anonymous: true, donorKind: 'company', money: cny(30_000) });
  const confirmed = await gift({ donor: 'acme-pharma', money: cny(20_000), note: privateNotes[1] });
  const unconfirmed = await gift({ donor: 'donor-li', money: cny(7_000) });
  const goods = await gift({
    donor: 'acme-pharma',
    goods: { item: 'insulin-glargine', quantity: 40, lot: 'L-9', expiresOn: '2027-06-30' },
    note: publicNote,
    notePublic: true,
  });
  const pledge = await t.record('charity', {
    type: 'pledge',
    occurredAt: at,
    donor: 'acme-pharma',
    recipient: 'charity',
    money: cny(900_000),
  });
  codes.push(pledge.receiptCode!);
  // The donors' own consent: acme confirms one gift; the hidden donor confirms its own.
  await t.record('acme-pharma', { type: 'donation_confirm', occurredAt: at, donation: confirmed.id });
  const hiddenConfirm = await t.app.request('/api/v1/events', {
    method: 'POST',
    headers: { authorization: `Bearer ${hiddenToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'donation_confirm', occurredAt: at, donation: fromHidden.id }),
  });
  if (hiddenConfirm.status !== 201) throw new Error(await hiddenConfirm.text());

  const shipped = await t.record('charity', {
    type: 'transfer',
    occurredAt: at,
    to: 'xishui-clinic',
    goods: { item: 'insulin-glargine', quantity: 30 },
  });
  // Carried cold by the hidden courier: each side scans its handover; the sender reads the logger.
  await t.record('charity', {
    type: 'custody_handover',
    occurredAt: at,
    shipment: shipped.id,
    from: 'charity',
    to: hiddenCarrier.id,
    at,
    place: '武汉冷库',
  });
  await t.record('xishui-clinic', {
    type: 'custody_handover',
    occurredAt: at,
    shipment: shipped.id,
    from: hiddenCarrier.id,
    to: 'xishui-clinic',
    at,
  });
  await t.record('charity', {
    type: 'temperature_log',
    occurredAt: at,
    shipment: shipped.id,
    min: 3.1,
    max: 7.4,
    outsideMinutes: 0,
    range: [2, 8],
    readings: 96,
  });
  await t.record('xishui-clinic', {
    type: 'receipt',
    occurredAt: at,
    transfer: shipped.id,
    goods: { item: 'insulin-glargine', quantity: 30 },
  });
  const smallUse = await t.record('xishui-clinic', {
    type: 'use',
    occurredAt: at,
    goods: { item: 'insulin-glargine', quantity: 6 },
    disease: 'E11',
    beneficiaries: 3,
    note: privateNotes[2],
  });
  await t.record('xishui-clinic', {
    type: 'correction',
    occurredAt: at,
    corrects: smallUse.id,
    reason: 'one dose counted twice',
    replacement: {
      type: 'use',
      occurredAt: at,
      goods: { item: 'insulin-glargine', quantity: 5 },
      disease: 'E11',
      beneficiaries: 1,
    },
  });
  await t.record('xishui-clinic', {
    type: 'use',
    occurredAt: at,
    goods: { item: 'insulin-glargine', quantity: 12 },
    disease: 'E11',
    beneficiaries: 14,
  });
  await t.record('charity', {
    type: 'use',
    occurredAt: at,
    money: cny(4_000),
    disease: 'J18',
    beneficiaries: 4,
  });
  const need = await t.record('xishui-clinic', {
    type: 'need',
    occurredAt: at,
    facility: 'xishui-clinic',
    item: 'insulin-glargine',
    quantity: 20,
    urgency: '72h',
    importance: 'life',
    beneficiaries: 2,
    note: privateNotes[3],
  });
  await t.record('xishui-clinic', {
    type: 'need_update',
    occurredAt: at,
    need: need.id,
    beneficiaries: 4,
  });
  await t.record('charity', {
    type: 'transfer',
    occurredAt: at,
    to: 'xishui-clinic',
    goods: { item: 'insulin-glargine', quantity: 8 },
    needs: [need.id],
  });
  // The hidden clinic: a need, goods shipped to it against the need, received, used.
  const clinicNeed = await asClinic({
    type: 'need',
    facility: hiddenClinic.id,
    item: 'insulin-glargine',
    quantity: 6,
    urgency: '24h',
    importance: 'life',
  });
  const toClinic = await t.record('charity', {
    type: 'transfer',
    occurredAt: at,
    to: hiddenClinic.id,
    goods: { item: 'insulin-glargine', quantity: 2 },
    needs: [clinicNeed.id],
  });
  await asClinic({
    type: 'receipt',
    transfer: toClinic.id,
    goods: { item: 'insulin-glargine', quantity: 2 },
  });
  await asClinic({
    type: 'use',
    goods: { item: 'insulin-glargine', quantity: 1 },
    disease: 'E11',
    beneficiaries: 1,
  });
  // Complaints, through the desk as the API files them.
  const followUpCodes: string[] = [];
  // Stock the hidden clinic held before its records start: it names itself as the holder.
  await asClinic({
    type: 'opening_balance',
    holder: hiddenClinic.id,
    asOf: '2026-01-31',
    source: '期初盘点表',
    goods: { item: 'insulin-glargine', quantity: 12 },
    note: privateNotes[3],
  });
  const complain = async (about: string, i: number, summary = '承诺的胰岛素没有送到') => {
    const c = t.desk.challenge('api');
    const filed = await t.desk.file(
      {
        about,
        category: 'not_received',
        summary,
        text: complaintSecrets.texts[i % 2],
        contact: complaintSecrets.contacts[i % 2],
      },
      c.challenge,
      solveChallenge(c.challenge, c.bits),
    );
    followUpCodes.push(filed.followUpCode);
    return filed;
  };
  const onCharity = await complain('charity', 0);
  await t.record('charity', {
    type: 'complaint_answer',
    occurredAt: at,
    complaint: onCharity.id,
    answer: '已核查，三月补发',
    resolved: true,
  });
  await t.desk.feedback(onCharity.id, onCharity.followUpCode, false, complaintSecrets.say);
  const onClinic = await complain(hiddenClinic.id, 1);
  await asClinic({ type: 'complaint_answer', complaint: onClinic.id, answer: '已清点库存', resolved: false });
  await complain(clinicNeed.id, 1, '需求数量不实');
  const abusive = await complain('charity', 0, complaintSecrets.abusiveSummary);
  await t.writer.record({
    recordedBy: moderatorRecorder,
    body: { type: 'complaint_hide', occurredAt: at, complaint: abusive.id, reason: '含有辱骂' },
  });
  return {
    ...t,
    codes,
    followUpCodes,
    ids: {
      fromHidden: fromHidden.id,
      anonymous: anonymous.id,
      confirmed: confirmed.id,
      unconfirmed: unconfirmed.id,
      goods: goods.id,
      shipment: shipped.id,
    },
  };
}
