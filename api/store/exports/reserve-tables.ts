/**
 * The emergency reserves in the bulk export: every reserve plan filed, every dispatch request
 * with each later step (review, dispatch, receipt, settlement) on its row, and every review.
 * The same public fields as GET /api/v1/reserves and /api/v1/dispatches; an organization
 * registered as anonymous is empty, as everywhere in the export.
 */
import { dispatchSteps } from '../../domain/reserves.ts';
import type { FieldSpec, TableSpec } from './public-tables.ts';
import { field, org, orgFields } from './table-fields.ts';

const eventOf = (name: string, sql: string, what: string) =>
  field(name, 'string', sql, 'Event', '事件', `the ${what} event id`);
const seqOf = (sql: string) =>
  field('seq', 'integer', sql, 'Sequence', '序号', 'position in the log, from 1; leaf index = seq − 1');
const money = (prefix: string, currency: string, amount: string, en: string, zh: string): FieldSpec[] => [
  field(`${prefix}_currency`, 'string', currency, `${en} currency`, `${zh}币种`, 'ISO 4217 code'),
  field(`${prefix}_amount`, 'integer', amount, `${en} amount`, `${zh}金额`, 'minor units of the currency', {
    unit: 'minor units of the currency (fen for CNY)',
  }),
];

const holder = org('ph', 'p.holder');
const authority = org('pa', 'p.authority');
const reserve = org('dr', 'd.reserve');
const facility = org('df', 'd.facility');

export function reserveTables(): TableSpec[] {
  return [
    {
      name: 'reserve_plans',
      title: 'Reserve plans',
      titleZh: '储备计划',
      description:
        'Every plan a reserve holder filed: its target and minimum stock of an item for a region, what the target is sized on, from when it holds, who reviews the dispatches it governs, and the price facilities pay for goods used. The plan in force for a region and item is the latest one valid on the day.',
      from: `reserve_plans p ${holder.join} ${authority.join}`,
      key: ['p.seq'],
      fields: [
        eventOf('id', 'p.id', 'reserve_plan'),
        seqOf('p.seq'),
        ...orgFields('holder', holder, 'Reserve holder', '储备机构'),
        field('region', 'string', 'p.region', 'Region', '地区', 'GB/T 2260 code of the region it covers'),
        field('item', 'string', 'p.item', 'Item', '物资', 'catalogue item id (items.id)'),
        field('target', 'integer', 'p.target', 'Target', '目标储量', 'stock to hold', {
          unit: "the item's unit",
        }),
        field('min', 'integer', 'p.min', 'Minimum', '最低储量', 'stock below which the reserve is short', {
          unit: "the item's unit",
        }),
        field(
          'basis',
          'string',
          'p.basis',
          'Basis',
          '测算依据',
          'what the target is sized on, e.g. 30d_peak',
        ),
        field('valid_from', 'date', 'p.valid_from', 'Valid from', '生效日期', 'first day the plan holds'),
        ...orgFields('authority', authority, 'Reviewing authority', '审核机构'),
        field(
          'approval_threshold',
          'integer',
          'p.approval_threshold',
          'Second review above',
          '二次审核阈值',
          'a request for more than this needs a second review',
          { unit: "the item's unit" },
        ),
        field(
          'rotation_days',
          'integer',
          'p.rotation_days',
          'Rotation window',
          '轮换期',
          'lots expiring within this many days are due to rotate out',
          { unit: 'days' },
        ),
        ...money('price', 'p.price_currency', 'p.price_amount', 'Price per unit', '单价'),
        field('recorded_at', 'datetime', 'p.recorded_at', 'Recorded at', '登记时间', 'RFC 3339 UTC'),
      ],
      indexes: ['holder', 'item'],
    },
    {
      name: 'dispatches',
      title: 'Dispatches from reserves',
      titleZh: '储备调拨',
      description:
        'Every dispatch request a facility made to a reserve, with each later step on its row: the decision, the dispatch (a transfer), its receipt, and the settlement (what the facility paid for goods used, or waived).',
      from: `dispatch_requests d ${reserve.join} ${facility.join}`,
      key: ['d.seq'],
      fields: [
        eventOf('id', 'd.id', 'dispatch_request'),
        seqOf('d.seq'),
        ...orgFields('reserve', reserve, 'Reserve', '储备机构'),
        ...orgFields('facility', facility, 'Facility', '申请机构'),
        field('region', 'string', 'd.region', 'Region', '地区', "GB/T 2260 code of the facility's region"),
        field('item', 'string', 'd.item', 'Item', '物资', 'catalogue item id (items.id)'),
        field('quantity', 'integer', 'd.quantity', 'Quantity asked', '申请数量', 'as requested', {
          unit: "the item's unit",
        }),
        field('urgency', 'string', 'd.urgency', 'Urgency', '紧急程度', 'immediate, 24h, 72h, 1w or 1m'),
        field('reason', 'string', 'd.reason', 'Reason', '理由', 'why the facility asked, as it published it'),
        field('appeal', 'string', 'd.appeal', 'Appeal', '募捐活动', 'appeals.id, when asked under an appeal'),
        field('requested_at', 'datetime', 'd.requested_at', 'Requested at', '申请时间', 'RFC 3339'),
        field(
          'plan',
          'string',
          'd.plan',
          'Plan',
          '储备计划',
          'reserve_plans.id of the plan that governed it',
        ),
        field(
          'status',
          'string',
          'd.status',
          'Status',
          '状态',
          `the step it has reached: ${dispatchSteps.join(', ')}`,
        ),
        field(
          'approved_quantity',
          'integer',
          'd.approved_quantity',
          'Quantity approved',
          '批准数量',
          'as decided by the reviews',
          {
            unit: "the item's unit",
          },
        ),
        field('decided_at', 'datetime', 'd.decided_at', 'Decided at', '决定时间', 'the deciding review'),
        field('refusal_reason', 'string', 'd.refusal_reason', 'Refusal reason', '拒绝理由', 'when refused'),
        field('dispatch', 'string', 'd.dispatch', 'Dispatch', '调拨', 'the transfer event id'),
        field(
          'dispatched_quantity',
          'integer',
          'd.dispatched_quantity',
          'Quantity dispatched',
          '调出数量',
          'shipped by the dispatch',
          {
            unit: "the item's unit",
          },
        ),
        field(
          'dispatched_at',
          'datetime',
          'd.dispatched_at',
          'Dispatched at',
          '调出时间',
          'when the dispatch took place',
        ),
        field('receipt', 'string', 'd.receipt', 'Receipt', '签收', 'the receipt event id'),
        field(
          'received_quantity',
          'integer',
          'd.received_quantity',
          'Quantity received',
          '签收数量',
          'acknowledged by the facility',
          {
            unit: "the item's unit",
          },
        ),
        field(
          'received_at',
          'datetime',
          'd.received_at',
          'Received at',
          '签收时间',
          'when the facility signed for it',
        ),
        field('settlement', 'string', 'd.settlement', 'Settlement', '结算', 'the settlement event id'),
        field(
          'settled_at',
          'datetime',
          'd.settled_at',
          'Settled at',
          '结算时间',
          'when the settlement took place',
        ),
        ...money('settled', 'd.settled_currency', 'd.settled_amount', 'Settled', '结算'),
        field('waived', 'boolean', 'd.waived', 'Waived', '免于结算', 'the reserve waived payment'),
      ],
      indexes: ['reserve', 'facility', 'dispatch'],
    },
    {
      name: 'dispatch_reviews',
      title: 'Dispatch reviews',
      titleZh: '调拨审核',
      description: 'Every review of a dispatch request, in log order within each request.',
      from: 'dispatch_reviews v',
      key: ['v.request', 'v.seq'],
      fields: [
        field('request', 'string', 'v.request', 'Request', '申请', 'dispatches.id of the request'),
        eventOf('review', 'v.event', 'dispatch_review'),
        seqOf('v.seq'),
        field(
          'reviewer',
          'string',
          'v.reviewer',
          'Reviewer',
          '审核人',
          "the reviewer's handle at the reviewing authority, as published with the review",
        ),
        field('decision', 'string', 'v.decision', 'Decision', '决定', 'approved, partly or refused'),
        field('quantity', 'integer', 'v.quantity', 'Quantity', '数量', 'approved, when partly', {
          unit: "the item's unit",
        }),
        field('reason', 'string', 'v.reason', 'Reason', '理由', 'as the reviewer published it'),
        field('at', 'datetime', 'v.at', 'At', '审核时间', 'RFC 3339'),
      ],
      indexes: ['request'],
    },
  ];
}
