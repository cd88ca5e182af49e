/**
 * The public tables of a bulk export: what each row is, in SQL over the projections, with
 * every field typed and described in English and Chinese. The same row feeds the CSV, the
 * NDJSON and the SQLite snapshot, so privacy rules live here once, in the row's SQL:
 *   - organizations flagged anonymous never appear by id or name (their column is empty);
 *   - an anonymous gift shows its donor only as "anonymous" with the donor's kind, and no
 *     receipt code (a receipt code is its donor's key);
 *   - beneficiary counts below 5 read "<5", so those columns are text;
 *   - no free-text notes, tokens, token hashes, contact details or patient data.
 * Tables are read page by page in `key` order (an index order, so each page is a seek).
 */
import { smallCountLabel, smallCountThreshold } from '../../contract/privacy.ts';
import { responseBucketEdgesMinutes } from '../../domain/needs.ts';
import { percentileOf } from '../queries/coverage.ts';
import { bodySql } from '../event-body.ts';
import { complaintsTable } from '../answers/complaints.ts';
import { field, org, orgFields } from './table-fields.ts';
import { reserveTables } from './reserve-tables.ts';

/** Table Schema field types used here (https://specs.frictionlessdata.io/table-schema/#types-and-formats). */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'yearmonth';

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** SQL giving the value; booleans as 0/1. */
  sql: string;
  title: string;
  titleZh: string;
  description: string;
  unit?: string;
  pattern?: string;
}

export interface TableSpec {
  name: string;
  title: string;
  titleZh: string;
  description: string;
  /** The description in Chinese, for the Chinese pages. */
  descriptionZh?: string;
  /** FROM clause with its joins. */
  from: string;
  where?: string;
  /** Unique, index-ordered key: the page order and the keyset cursor. */
  key: string[];
  /** Event-derived: rows of these event types (`e` is the events table), each type in turn. */
  types?: string[];
  /** Read part by part: `list` gives the parts (one row of values each), `where` selects one (a ? per value). */
  partitions?: { list: string; where: string };
  fields: FieldSpec[];
  /** Columns indexed in the SQLite snapshot, for joins. */
  indexes?: string[];
  /** SQL read after the key values, for `finish`. */
  extra?: string[];
  /** Fills computed fields of a row (in place) from its `extra` values; `at` gives a field's position. */
  finish?: (row: unknown[], extra: unknown[], at: (field: string) => number) => void;
}

export const amountUnit =
  'minor units of `currency` (fen for CNY) for money; the unit of `item` (items.unit) for goods';
export const giftUnit = "the gift's units: minor units of its currency, or its item's unit (see donations)";

/** An organization id alone, empty for one flagged anonymous: a lookup in a small set, cheaper than a join. */
const unlessAnonymous = (idSql: string) =>
  `CASE WHEN ${idSql} IN (SELECT id FROM organizations WHERE anonymous = 1) THEN NULL ELSE ${idSql} END`;

/** publicCount (contract/privacy.ts) computed where the row is. */
export const publicCountSql = (sql: string) =>
  `CASE WHEN ${sql} IS NULL THEN NULL WHEN ${sql} < ${smallCountThreshold} THEN '${smallCountLabel}' ELSE CAST(${sql} AS TEXT) END`;

const beneficiaries = (sql: string) =>
  field(
    'beneficiaries',
    'string',
    publicCountSql(sql),
    'Beneficiaries',
    '受益人数',
    `aggregate number of people; counts below ${smallCountThreshold} read "${smallCountLabel}", so the column is text`,
    { pattern: `^(${smallCountLabel}|[0-9]+)$`, unit: 'people' },
  );

/** Asset columns from an event body's `money` / `goods`, `b` giving the SQL of a value at a path. */
const bodyAsset = (b: (path: string) => string): FieldSpec[] => [
  field(
    'asset_type',
    'string',
    `CASE WHEN ${b('.money.currency')} IS NOT NULL THEN 'money' ELSE 'goods' END`,
    'Asset type',
    '资产类型',
    '`money` or `goods`',
  ),
  field('currency', 'string', b('.money.currency'), 'Currency', '币种', 'ISO 4217 code, for money'),
  field('item', 'string', b('.goods.item'), 'Item', '物资', 'catalogue item id (items.id), for goods'),
  field(
    'amount',
    'integer',
    `coalesce(${b('.money.amount')}, ${b('.goods.quantity')})`,
    'Amount',
    '数量/金额',
    'integer amount',
    { unit: amountUnit },
  ),
];

/** Asset columns from a projection's `money:CNY` / `goods:<item>` string. */
const storedAsset = (col: string): FieldSpec[] => [
  field(
    'asset_type',
    'string',
    `substr(${col}, 1, instr(${col}, ':') - 1)`,
    'Asset type',
    '资产类型',
    '`money` or `goods`',
  ),
  field(
    'currency',
    'string',
    `CASE WHEN ${col} LIKE 'money:%' THEN substr(${col}, 7) END`,
    'Currency',
    '币种',
    'ISO 4217 code, for money',
  ),
  field(
    'item',
    'string',
    `CASE WHEN ${col} LIKE 'goods:%' THEN substr(${col}, 7) END`,
    'Item',
    '物资',
    'catalogue item id (items.id), for goods',
  ),
];

const id = (sql = 'e.id') =>
  field('id', 'string', sql, 'Event id', '事件编号', 'id of the event in the log (evt_<seq>)');
const seq = (sql = 'e.seq') =>
  field('seq', 'integer', sql, 'Sequence', '序号', 'position in the log, from 1; leaf index = seq − 1');
const occurredAt = (sql: string) =>
  field(
    'occurred_at',
    'datetime',
    sql,
    'Occurred at',
    '发生时间',
    'when it happened, RFC 3339 with the recorded offset',
  );
/** Standing of an event after corrections: reversed, or replaced by a correction. */
const standing = (s: string): FieldSpec[] => [
  field('status', 'string', `${s}.status`, 'Status', '状态', '`active`, or `reversed` by a correction'),
  field(
    'corrected_by',
    'string',
    `CASE WHEN ${s}.effective_seq <> ${s}.seq THEN 'evt_' || ${s}.effective_seq END`,
    'Corrected by',
    '更正事件',
    'the correction whose replacement body this row shows, if any',
  ),
];
const breach = (sql: string) =>
  field(
    'breach',
    'boolean',
    sql,
    'Restriction breach',
    '违反定向',
    'consumed units restricted to another region, disease or appeal (earmark-aware FIFO could not be met)',
  );

/**
 * Event-derived tables are read one event type after another, in seq order along the
 * events_type index. The event id is evt_<seq> (domain eventId). An event's current body is
 * read from its leaf, or from the leaf of the correction that replaced it (event-body.ts).
 */
const eventKey = ['e.seq'];
const eventIdSql = "('evt_' || e.seq)";
const current = bodySql('s', 'e', 'sc');
const body = current.value;
const stateFrom = `events e JOIN event_state s ON s.seq = e.seq ${current.replacingJoin}`;

/** Events of one holder (a use, a write-off, an opening balance), as they stand after corrections. */
const holderEventsFrom = (alias: string) => `${stateFrom} ${org(alias, 'e.recorded_by').join}`;
/** Their leading columns: the event, its standing and time, the holder, and the asset. */
const holderEventFields = (alias: string, en: string, zh: string): FieldSpec[] => [
  id(eventIdSql),
  seq(),
  ...standing('s'),
  occurredAt(body('.occurredAt')),
  ...orgFields('holder', org(alias, 'e.recorded_by'), en, zh),
  ...bodyAsset(body),
];

const transfers = org('ot', current.party('to'));
const transferFrom = org('of', 'e.recorded_by');
const receipt = bodySql('r', 're', 'rc');
const donor = 'od';
const anonymousGift = `(d.anonymous = 1 OR coalesce(${donor}.anonymous, 0) = 1)`;
const recipient = org('orc', 'd.recipient');

/** Hours as the coverage API gives them: the upper edge of the bucket, null past the last one. */
function percentileHours(histogram: number[], q: number): number | null {
  const minutes = percentileOf(histogram, q);
  return minutes === null || !Number.isFinite(minutes) ? null : Number((minutes / 60).toFixed(2));
}

export const publicTables: TableSpec[] = [
  {
    name: 'organizations',
    title: 'Organizations',
    titleZh: '机构',
    descriptionZh: '捐赠人、慈善组织、储备单位、供应商和医疗机构。登记为匿名的机构不列出。',
    description:
      'Donors, charities, reserves, suppliers and health facilities. Organizations registered as anonymous are not listed.',
    from: 'organizations o',
    where: 'o.anonymous = 0',
    key: ['o.id'],
    fields: [
      field('id', 'string', 'o.id', 'Id', '编号', 'organization id'),
      field('name', 'string', 'o.name', 'Name', '名称', 'registered name'),
      field(
        'kind',
        'string',
        'o.kind',
        'Kind',
        '类型',
        'individual, company, foundation, charity, red_cross, government, reserve_operator, hospital, health_centre or village_clinic',
      ),
      field('region', 'string', 'o.region', 'Region', '地区', 'GB/T 2260 region code (regions.code)'),
      field(
        'created_at',
        'datetime',
        'o.created_at',
        'Registered at',
        '登记时间',
        'when the organization was registered here, RFC 3339',
      ),
    ],
  },
  {
    name: 'regions',
    title: 'Regions',
    titleZh: '行政区划',
    descriptionZh: 'GB/T 2260 行政区划（省、地、县），有 2020 年人口普查数的附人口。',
    description: 'GB/T 2260 regions (province, prefecture, county) with 2020 census populations where known.',
    from: 'regions r',
    key: ['r.code'],
    fields: [
      field('code', 'string', 'r.code', 'Code', '代码', 'six-digit GB/T 2260 code'),
      field('level', 'string', 'r.level', 'Level', '级别', '`province`, `prefecture` or `county`'),
      field('parent', 'string', 'r.parent', 'Parent', '上级', 'code of the enclosing region'),
      field('name_zh', 'string', 'r.name_zh', 'Name (Chinese)', '中文名称', 'name in Chinese'),
      field('name_en', 'string', 'r.name_en', 'Name (English)', '英文名称', 'name in English'),
      field(
        'population',
        'integer',
        'r.population',
        'Population',
        '人口',
        '2020 census population, where known',
        { unit: 'people' },
      ),
    ],
  },
  {
    name: 'diseases',
    title: 'Diseases',
    titleZh: '疾病',
    descriptionZh: '账本引用的 ICD-10 疾病类目。',
    description: 'ICD-10 categories the ledger refers to.',
    from: 'diseases d',
    key: ['d.code'],
    fields: [
      field('code', 'string', 'd.code', 'ICD-10 code', 'ICD-10 编码', 'ICD-10 category code'),
      field('chapter', 'string', 'd.chapter', 'Chapter', '章', 'ICD-10 chapter'),
      field('name_zh', 'string', 'd.name_zh', 'Name (Chinese)', '中文名称', 'name in Chinese'),
      field('name_en', 'string', 'd.name_en', 'Name (English)', '英文名称', 'name in English'),
      field('rare', 'boolean', 'd.rare', 'Rare disease', '罕见病', 'on the rare-disease list'),
      field('group', 'string', 'd."group"', 'Group', '分组', 'programme group'),
    ],
  },
  {
    name: 'items',
    title: 'Items',
    titleZh: '物资目录',
    descriptionZh: '可捐赠物资目录：药品、疫苗、器械、防护用品、耗材、服务。',
    description:
      'The catalogue of what can be given: medicines, vaccines, devices, protective equipment, consumables, services.',
    from: 'items i',
    key: ['i.id'],
    fields: [
      field('id', 'string', 'i.id', 'Id', '编号', 'item id'),
      field('name_zh', 'string', 'i.name_zh', 'Name (Chinese)', '中文名称', 'name in Chinese'),
      field('name_en', 'string', 'i.name_en', 'Name (English)', '英文名称', 'name in English'),
      field(
        'category',
        'string',
        'i.category',
        'Category',
        '类别',
        'medicine, vaccine, device, protective_equipment, consumable or service',
      ),
      field('group', 'string', 'i."group"', 'Group', '分组', 'finer grouping within the category'),
      field('unit', 'string', 'i.unit', 'Unit', '单位', 'the unit every quantity of this item is counted in'),
      field(
        'cold_chain',
        'boolean',
        'i.cold_chain',
        'Cold chain',
        '冷链',
        'needs cold-chain transport and storage',
      ),
      field('shelf_life_days', 'integer', 'i.shelf_life_days', 'Shelf life', '保质期', 'typical shelf life', {
        unit: 'days',
      }),
    ],
  },
  {
    name: 'appeals',
    title: 'Appeals',
    titleZh: '募捐项目',
    descriptionZh: '把捐赠和需求归到一起的突发事件和募捐项目。',
    description: 'Emergencies and campaigns that group donations and needs.',
    from: `appeals a ${org('oa', 'a.opened_by').join}`,
    key: ['a.id'],
    fields: [
      field('id', 'string', 'a.id', 'Id', '编号', 'appeal id'),
      field('title_zh', 'string', 'a.title_zh', 'Title (Chinese)', '中文标题', 'title in Chinese'),
      field('title_en', 'string', 'a.title_en', 'Title (English)', '英文标题', 'title in English'),
      field('region', 'string', 'a.region', 'Region', '地区', 'region code, if the appeal is for one region'),
      field(
        'disease',
        'string',
        'a.disease',
        'Disease',
        '疾病',
        'ICD-10 code, if the appeal is for one disease',
      ),
      ...orgFields('opened_by', org('oa', 'a.opened_by'), 'Opened by', '发起机构'),
      occurredAt('a.opened_at'),
      seq('a.seq'),
      field('status', 'string', 'a.status', 'Status', '状态', 'appeal status'),
    ],
  },
  {
    name: 'event_index',
    title: 'Event index',
    titleZh: '事件索引',
    descriptionZh:
      '日志中每个事件一行，附其当前状态。完整内容即日志本身（events.ndjson），其每一行正是计入默克尔树的字节。',
    description:
      'One row per event of the log, with its current standing. The full bodies are the log itself (events.ndjson), whose lines are exactly the bytes hashed into the Merkle tree.',
    from: `events e LEFT JOIN event_state s ON s.seq = e.seq ${org('orb', 'e.recorded_by').join}`,
    key: ['e.seq'],
    fields: [
      seq(),
      field(
        'leaf_index',
        'integer',
        'e.seq - 1',
        'Leaf index',
        '叶子序号',
        'index of the event in the Merkle tree',
      ),
      id(),
      field(
        'type',
        'string',
        'e.type',
        'Type',
        '类型',
        'event type: donation, pledge, transfer, receipt, purchase, use, write_off, return, opening_balance, need, need_update, need_close, appeal, correction, complaint, complaint_answer, complaint_feedback, complaint_hide',
      ),
      ...orgFields('recorded_by', org('orb', 'e.recorded_by'), 'Recorded by', '登记机构'),
      occurredAt('e.occurred_at'),
      field(
        'recorded_at',
        'datetime',
        'e.recorded_at',
        'Recorded at',
        '登记时间',
        'when the ledger recorded it, RFC 3339 UTC',
      ),
      field(
        'status',
        'string',
        "coalesce(s.status, 'active')",
        'Status',
        '状态',
        '`active`, or `reversed` by a correction',
      ),
      field(
        'corrected_by',
        'string',
        "CASE WHEN s.effective_seq <> e.seq THEN 'evt_' || s.effective_seq END",
        'Corrected by',
        '更正事件',
        'the correction that replaced this event, if any',
      ),
      breach('coalesce(s.breach, 0)'),
    ],
    indexes: ['id'],
  },
  {
    name: 'donations',
    title: 'Donations and pledges',
    titleZh: '捐赠与认捐',
    descriptionZh:
      '每笔捐赠（类型 `donation`）和认捐（类型 `pledge`，从不计为已收到）。匿名捐赠人只显示为匿名及其类别。',
    description:
      'Every gift (kind `donation`) and promise (kind `pledge`, never counted as received). Anonymous donors appear only as anonymous, with their kind.',
    from: `events e JOIN donations d ON d.key = ${eventIdSql} LEFT JOIN organizations ${donor} ON ${donor}.id = d.donor ${recipient.join}`,
    types: ['donation', 'pledge'],
    key: eventKey,
    fields: [
      id('d.key'),
      seq('d.seq'),
      field('kind', 'string', 'd.kind', 'Kind', '类型', '`donation` or `pledge`'),
      field('status', 'string', 'd.status', 'Status', '状态', '`active`, or `reversed` by a correction'),
      occurredAt('d.occurred_at'),
      field(
        'donor',
        'string',
        `CASE WHEN ${anonymousGift} THEN NULL ELSE d.donor END`,
        'Donor',
        '捐赠方',
        'donor organization id; empty when the donor is anonymous',
      ),
      field(
        'donor_name',
        'string',
        `CASE WHEN ${anonymousGift} THEN NULL ELSE ${donor}.name END`,
        'Donor name',
        '捐赠方名称',
        'empty when the donor is anonymous',
      ),
      field(
        'donor_kind',
        'string',
        'd.donor_kind',
        'Donor kind',
        '捐赠方类型',
        'kind of the donor, also for anonymous donors',
      ),
      field(
        'anonymous',
        'boolean',
        anonymousGift,
        'Anonymous',
        '匿名',
        'true when the donor gave anonymously or is registered as anonymous: such a donor is shown only by its kind',
      ),
      field(
        'donor_confirmed',
        'boolean',
        `CASE WHEN ${anonymousGift} OR d.donor IS NULL THEN NULL ELSE d.donor_confirmed = 1 END`,
        'Donor confirmed',
        '捐赠方已确认',
        'true when the named donor consented (its own token recorded or confirmed the gift); false reads "named by the recipient, unconfirmed"; empty for anonymous donors',
      ),
      ...orgFields('recipient', recipient, 'Recipient', '接收机构'),
      ...storedAsset('d.asset'),
      field('amount', 'integer', 'd.amount', 'Amount', '数量/金额', 'amount given or pledged', {
        unit: amountUnit,
      }),
      field(
        'lot_code',
        'string',
        "NULLIF(d.lot_code, '')",
        'Lot',
        '批号',
        'batch/lot number of donated goods',
      ),
      field(
        'restriction_region',
        'string',
        'd.restriction_region',
        'Restricted to region',
        '定向地区',
        'the donor restricted the gift to this region',
      ),
      field(
        'restriction_disease',
        'string',
        'd.restriction_disease',
        'Restricted to disease',
        '定向疾病',
        'the donor restricted the gift to this disease',
      ),
      field(
        'restriction_appeal',
        'string',
        'd.restriction_appeal',
        'Restricted to appeal',
        '定向项目',
        'the donor restricted the gift to this appeal',
      ),
      field(
        'restriction_purpose',
        'string',
        'd.restriction_purpose',
        'Purpose',
        '用途',
        'the purpose the donor named',
      ),
      field(
        'current_event',
        'string',
        'd.current_event',
        'Current event',
        '当前事件',
        'the event whose body is current: the gift itself or the correction that replaced it',
      ),
    ],
    indexes: ['id', 'donor', 'recipient'],
  },
  {
    name: 'transfers',
    title: 'Transfers and returns',
    titleZh: '调拨与退回',
    descriptionZh:
      '机构之间的付款和发货（`transfer`）或退回（`return`），附接收方确认收到的数量。发出减去收到即记录在案的损耗。',
    description:
      'Money paid and goods shipped between organizations (`transfer`) or sent back (`return`), with what the receiving side acknowledged. Shipped minus received is a recorded loss.',
    from: `${stateFrom} LEFT JOIN event_state r ON r.seq = s.receipt_seq LEFT JOIN events re ON re.seq = r.seq ${receipt.replacingJoin} ${transferFrom.join} ${transfers.join}`,
    types: ['transfer', 'return'],
    key: eventKey,
    fields: [
      id(eventIdSql),
      seq(),
      field('type', 'string', 'e.type', 'Type', '类型', '`transfer` or `return`'),
      ...standing('s'),
      occurredAt(body('.occurredAt')),
      ...orgFields('from', transferFrom, 'From', '发出机构'),
      ...orgFields('to', transfers, 'To', '接收机构'),
      ...bodyAsset(body),
      field('lot', 'string', body('.goods.lot'), 'Lot', '批号', 'batch/lot number as printed by the maker'),
      field(
        'expires_on',
        'date',
        body('.goods.expiresOn'),
        'Expires on',
        '有效期至',
        'expiry date of the goods',
      ),
      field(
        'toward_region',
        'string',
        body('.toward.region'),
        'Toward region',
        '目标地区',
        'where it is meant to end up',
      ),
      field(
        'toward_disease',
        'string',
        body('.toward.disease'),
        'Toward disease',
        '目标疾病',
        'the disease it is meant for',
      ),
      field(
        'toward_appeal',
        'string',
        body('.toward.appeal'),
        'Toward appeal',
        '目标项目',
        'the appeal it is meant for',
      ),
      field(
        'needs',
        'string',
        `NULLIF(replace(replace(replace(replace(${current.json('.needs')}, '[', ''), ']', ''), '"', ''), ',', ' '), '')`,
        'Needs answered',
        '响应需求',
        'space-separated ids of the needs it names',
      ),
      breach('s.breach'),
      field(
        'receipt',
        'string',
        "'evt_' || s.receipt_seq",
        'Receipt',
        '签收事件',
        'the receipt event that acknowledged it; empty while in transit',
      ),
      field(
        'received_at',
        'datetime',
        receipt.value('.occurredAt'),
        'Received at',
        '签收时间',
        'when the receiving side acknowledged it',
      ),
      field(
        'received_amount',
        'integer',
        `coalesce(${receipt.value('.money.amount')}, ${receipt.value('.goods.quantity')})`,
        'Received',
        '实收',
        'what arrived',
        { unit: amountUnit },
      ),
      field(
        'lost',
        'integer',
        `coalesce(${body('.money.amount')}, ${body('.goods.quantity')}) - coalesce(${receipt.value('.money.amount')}, ${receipt.value('.goods.quantity')})`,
        'Lost',
        '损耗',
        'shipped minus received, once received',
        { unit: amountUnit },
      ),
    ],
    indexes: ['id', 'from', 'to'],
  },
  {
    name: 'purchases',
    title: 'Purchases',
    titleZh: '采购',
    descriptionZh: '用善款购买物资。来源随之传递：物资带着为其付款的捐赠。',
    description:
      'Money turned into goods. Provenance passes through: the goods carry the gifts that paid for them.',
    from: `${stateFrom} ${org('ob', 'e.recorded_by').join} ${org('osu', current.party('supplier')).join}`,
    types: ['purchase'],
    key: eventKey,
    fields: [
      id(eventIdSql),
      seq(),
      ...standing('s'),
      occurredAt(body('.occurredAt')),
      ...orgFields('buyer', org('ob', 'e.recorded_by'), 'Buyer', '采购机构'),
      ...orgFields('supplier', org('osu', current.party('supplier')), 'Supplier', '供应商'),
      field('currency', 'string', body('.money.currency'), 'Currency', '币种', 'ISO 4217 code'),
      field('spent', 'integer', body('.money.amount'), 'Spent', '支出', 'money spent', {
        unit: 'minor units of `currency` (fen for CNY)',
      }),
      field('item', 'string', body('.goods.item'), 'Item', '物资', 'catalogue item id bought'),
      field('quantity', 'integer', body('.goods.quantity'), 'Quantity', '数量', 'quantity bought', {
        unit: "the item's unit (items.unit)",
      }),
      field('lot', 'string', body('.goods.lot'), 'Lot', '批号', 'batch/lot number'),
      field('expires_on', 'date', body('.goods.expiresOn'), 'Expires on', '有效期至', 'expiry date'),
      field(
        'toward_region',
        'string',
        body('.toward.region'),
        'Toward region',
        '目标地区',
        'where the goods are meant to end up',
      ),
      field(
        'toward_disease',
        'string',
        body('.toward.disease'),
        'Toward disease',
        '目标疾病',
        'the disease they are meant for',
      ),
      breach('s.breach'),
    ],
    indexes: ['id'],
  },
  {
    name: 'uses',
    title: 'Uses',
    titleZh: '使用',
    descriptionZh: '按疾病发放的物资或用于救治的资金，附受益人合计数（从不含患者个人数据）。',
    description:
      'Goods dispensed or money spent on care, by disease, with an aggregate beneficiary count (never patient-level data).',
    from: holderEventsFrom('ou'),
    types: ['use'],
    key: eventKey,
    fields: [
      ...holderEventFields('ou', 'Used by', '使用机构'),
      field('disease', 'string', body('.disease'), 'Disease', '疾病', 'ICD-10 code (diseases.code)'),
      // A small count reads "<5" in the leaf, which publicCountSql leaves as it is.
      beneficiaries(body('.beneficiaries')),
      breach('s.breach'),
    ],
    indexes: ['id'],
  },
  {
    name: 'write_offs',
    title: 'Write-offs',
    titleZh: '核销',
    descriptionZh: '过期、损坏或丢失的物资和资金，附原因。',
    description: 'Expired, damaged or lost goods and money, with the reason.',
    from: holderEventsFrom('ow'),
    types: ['write_off'],
    key: eventKey,
    fields: [
      ...holderEventFields('ow', 'Written off by', '核销机构'),
      field('lot', 'string', body('.goods.lot'), 'Lot', '批号', 'batch/lot number'),
      field('reason', 'string', body('.reason'), 'Reason', '原因', '`expired`, `damaged`, `lost` or `other`'),
    ],
  },
  {
    name: 'opening_balances',
    title: 'Opening balances',
    titleZh: '期初结存',
    descriptionZh:
      '机构自述在某日持有的库存或资金，其来源不明（构成它的捐赠从未披露）：这些单位照常流转，但从不归属于任何一笔捐赠。',
    description:
      'Stock or money a holder stated it held as of a date, of unknown provenance (the gifts that built it were never disclosed): its units move on like any others but are never attributed to a gift.',
    from: holderEventsFrom('oob'),
    types: ['opening_balance'],
    key: eventKey,
    fields: [
      ...holderEventFields('oob', 'Holder', '持有机构'),
      field('lot', 'string', body('.goods.lot'), 'Lot', '批号', 'batch/lot number'),
      field('expires_on', 'date', body('.goods.expiresOn'), 'Expires on', '有效期至', 'expiry date'),
      field('as_of', 'date', body('.asOf'), 'As of', '截至日期', 'the date the figure stood on'),
      field(
        'source',
        'string',
        body('.source'),
        'Source',
        '来源',
        'where the figure comes from, as the holder stated it (a disclosure, a report, a URL)',
      ),
    ],
    indexes: ['id'],
  },
  {
    name: 'corrections',
    title: 'Corrections',
    titleZh: '更正',
    descriptionZh: '更正从不修改原记录：每条更正撤销或替换一个早先的事件；替换内容在日志中。',
    description:
      'Corrections never edit: each reverses an earlier event or replaces its body; the replacement is in the log.',
    from: `${stateFrom} ${org('oc', 'e.recorded_by').join}`,
    types: ['correction'],
    key: eventKey,
    fields: [
      id(eventIdSql),
      seq(),
      occurredAt(body('.occurredAt')),
      ...orgFields('recorded_by', org('oc', 'e.recorded_by'), 'Recorded by', '登记机构'),
      field('corrects', 'string', body('.corrects'), 'Corrects', '被更正事件', 'id of the event corrected'),
      field(
        'action',
        'string',
        `CASE WHEN ${body('.reverse')} THEN 'reverse' ELSE 'replace' END`,
        'Action',
        '方式',
        '`reverse` or `replace`',
      ),
      field('reason', 'string', body('.reason'), 'Reason', '原因', 'the stated reason'),
    ],
  },
  {
    name: 'holdings',
    title: 'Holdings',
    titleZh: '持有',
    descriptionZh: '每个机构现在逐批次持有的物资和资金，以及正在运往它的（已发出、尚未确认）。',
    description:
      'What every organization holds now, lot by lot, and what is in transit to it (shipped, not yet acknowledged).',
    from: `lots l ${org('oh', 'l.holder').join}`,
    where: 'l.amount > 0',
    key: ['l.id'],
    fields: [
      field('lot_id', 'integer', 'l.id', 'Lot id', '批次编号', 'ledger lot id (gift_shares.lot_id)'),
      ...orgFields('holder', org('oh', 'l.holder'), 'Holder', '持有机构'),
      field('state', 'string', 'l.state', 'State', '状态', '`held`, or `in_transit` to the holder'),
      field(
        'transfer',
        'string',
        'l.transfer',
        'Transfer',
        '调拨事件',
        'the transfer it is travelling with, when in transit',
      ),
      ...storedAsset('l.asset'),
      field('lot_code', 'string', "NULLIF(l.lot_code, '')", 'Lot', '批号', 'batch/lot number'),
      field('expires_on', 'date', 'l.expires_on', 'Expires on', '有效期至', 'expiry date'),
      field(
        'restriction_region',
        'string',
        'l.restriction_region',
        'Restricted to region',
        '定向地区',
        'donor restriction carried by the lot',
      ),
      field(
        'restriction_disease',
        'string',
        'l.restriction_disease',
        'Restricted to disease',
        '定向疾病',
        'donor restriction carried by the lot',
      ),
      field(
        'restriction_appeal',
        'string',
        'l.restriction_appeal',
        'Restricted to appeal',
        '定向项目',
        'donor restriction carried by the lot',
      ),
      field(
        'acquired_seq',
        'integer',
        'l.acquired_seq',
        'Acquired at seq',
        '取得序号',
        'seq of the event that brought the lot here',
      ),
      field('amount', 'integer', 'l.amount', 'Amount', '数量/金额', 'amount held', { unit: amountUnit }),
      field(
        'provenance_unknown',
        'boolean',
        'NOT EXISTS (SELECT 1 FROM lot_shares g WHERE g.lot = l.id AND g.amount <> 0)',
        'Provenance unknown',
        '来源不明',
        'the lot carries no gift (stock stated by an opening balance, or what it was moved or bought into); see gift_shares for the others',
      ),
    ],
    indexes: ['holder'],
  },
  {
    name: 'gift_shares',
    title: 'Gift shares of lots',
    titleZh: '批次中的捐赠份额',
    descriptionZh:
      '每个批次中各笔捐赠所占的数量：一笔捐赠持有中和在途的部分，分毫不差。按 lot_id 关联 holdings，按 donation = id 关联 donations。',
    description:
      "How much of each gift every lot carries: a gift's held and in-transit parts, exactly. Join to holdings on lot_id and to donations on donation = id.",
    from: 'lot_shares g',
    where: 'g.amount <> 0',
    key: ['g.lot', 'g.donation'],
    fields: [
      field('lot_id', 'integer', 'g.lot', 'Lot id', '批次编号', 'holdings.lot_id'),
      field('donation', 'string', 'g.donation', 'Donation', '捐赠', 'donations.id'),
      field('amount', 'integer', 'g.amount', 'Amount', '份额', "the gift's part of the lot", {
        unit: giftUnit,
      }),
    ],
    indexes: ['donation'],
  },
  {
    name: 'gift_flows',
    title: 'Gift flows',
    titleZh: '捐赠流向',
    descriptionZh:
      '归属记录：每笔捐赠在持有者之间的每次移动（捐赠、调拨、退回、采购）和每个去向（使用、核销、损耗），以捐赠自身的单位计。更正写入所撤销内容的相反数（`undo`），合计时相互抵消。',
    description:
      "The attribution record: every movement of every gift between holders (donated, transferred, returned, purchased) and every end (used, written off, lost), in the gift's own units. A correction writes the negation of what it undoes (`undo`), so sums net out.",
    from: 'flows f',
    key: ['f.id'],
    fields: [
      field('id', 'integer', 'f.id', 'Flow id', '流向编号', 'row id, in recording order'),
      seq('f.seq'),
      field('event', 'string', "'evt_' || f.seq", 'Event', '事件', 'the event that moved it'),
      field('donation', 'string', 'f.donation', 'Donation', '捐赠', 'donations.id of the gift'),
      field(
        'kind',
        'string',
        'f.kind',
        'Kind',
        '类型',
        'donated, transferred, returned, purchased, used, written_off or lost',
      ),
      field(
        'from',
        'string',
        unlessAnonymous('f.from_org'),
        'From',
        '来源',
        'organization it left; empty for gifts (from outside the ledger) and for anonymous donors',
      ),
      field(
        'to',
        'string',
        unlessAnonymous('f.to_org'),
        'To',
        '去向',
        'organization it reached, or the user / writer of a use or write-off',
      ),
      ...storedAsset('f.asset'),
      field('lot_code', 'string', "NULLIF(f.lot_code, '')", 'Lot', '批号', 'batch/lot number'),
      field('amount', 'integer', 'f.amount', 'Amount', '数量/金额', 'amount of the gift moved', {
        unit: giftUnit,
      }),
      field('disease', 'string', 'f.disease', 'Disease', '疾病', 'for uses: ICD-10 code'),
      field('reason', 'string', 'f.reason', 'Reason', '原因', 'for write-offs: the reason'),
      breach('f.breach'),
      field(
        'undo',
        'boolean',
        'f.undo',
        'Undo',
        '撤销',
        'written by a correction to cancel an earlier flow (amount negated)',
      ),
    ],
    indexes: ['donation'],
  },
  {
    name: 'needs',
    title: 'Needs',
    titleZh: '需求',
    descriptionZh:
      '医疗机构或卫生部门报告的需求，附优先级（1 紧急且重要，2 紧急，3 重要，4 都不是）和已被满足的程度。',
    description:
      'Demand reported by facilities or health authorities, with priority (1 urgent and important, 2 urgent, 3 important, 4 neither) and how far deliveries have met it.',
    from: `events e JOIN needs n ON n.id = ${eventIdSql} ${org('onf', 'n.facility').join}`,
    types: ['need'],
    key: eventKey,
    fields: [
      id('n.id'),
      seq('n.seq'),
      field('status', 'string', 'n.status', 'Status', '状态', 'open, met, closed or withdrawn'),
      field(
        'reported_at',
        'datetime',
        'n.reported_at',
        'Reported at',
        '上报时间',
        'when the need was reported, RFC 3339',
      ),
      ...orgFields('facility', org('onf', 'n.facility'), 'Facility', '需求机构'),
      field('region', 'string', 'n.region', 'Region', '地区', 'region code of the facility'),
      field(
        'recorded_by',
        'string',
        unlessAnonymous('n.recorded_by'),
        'Recorded by',
        '登记机构',
        'the facility itself or a health authority over its region',
      ),
      field(
        'item',
        'string',
        'n.item',
        'Item',
        '物资',
        'catalogue item needed (empty when any item of the category will do)',
      ),
      field('category', 'string', 'n.category', 'Category', '类别', 'item category'),
      field(
        'quantity',
        'integer',
        'CASE WHEN n.quantity_stated THEN n.quantity END',
        'Quantity',
        '需求量',
        'quantity needed; empty when the need was published without an amount',
        { unit: "the item's unit (items.unit)" },
      ),
      field(
        'reported_by',
        'string',
        unlessAnonymous('n.reported_by'),
        'Reported by',
        '代报机构',
        "a third party that reported the need on the facility's behalf",
      ),
      field('source', 'string', 'n.source', 'Source', '来源', 'where the need was published (URL)'),
      field(
        'as_of',
        'date',
        'n.as_of',
        'As of',
        '截至日期',
        'a historical record: the date it is known current to (waiting is measured to it); empty for a live need',
      ),
      field('disease', 'string', 'n.disease', 'Disease', '疾病', 'ICD-10 code'),
      field(
        'target_group',
        'string',
        'n.target_group',
        'Target group',
        '目标人群',
        'who it is for, as a group',
      ),
      field('urgency', 'string', 'n.urgency', 'Urgency', '紧急程度', 'immediate, 24h, 72h, 1w or 1m'),
      field('importance', 'string', 'n.importance', 'Importance', '重要程度', 'life, function or quality'),
      field(
        'priority',
        'integer',
        'n.priority',
        'Priority',
        '优先级',
        '1 urgent and important, 2 urgent, 3 important, 4 neither',
      ),
      field('appeal', 'string', 'n.appeal', 'Appeal', '项目', 'appeal id'),
      beneficiaries('n.beneficiaries'),
      field(
        'delivered',
        'integer',
        'n.delivered',
        'Delivered',
        '已送达',
        'units delivered against the need',
        { unit: "the item's unit (items.unit)" },
      ),
      field(
        'first_delivery_at',
        'datetime',
        'n.first_delivery_at',
        'First delivery at',
        '首次送达',
        'when the first matching delivery arrived',
      ),
      field('met_at', 'datetime', 'n.met_at', 'Met at', '满足时间', 'when deliveries reached the quantity'),
      field('close_reason', 'string', 'n.close_reason', 'Close reason', '关闭原因', 'why it was closed'),
      field('closed_at', 'datetime', 'n.closed_at', 'Closed at', '关闭时间', 'when it was closed'),
    ],
    indexes: ['id'],
  },
  {
    name: 'need_allocations',
    title: 'Deliveries against needs',
    titleZh: '需求匹配',
    descriptionZh: '哪次送达向哪条需求提供了多少。',
    description: 'Which delivery gave how much to which need.',
    from: 'need_allocations a',
    key: ['a.need', 'a.seq'],
    fields: [
      field('need', 'string', 'a.need', 'Need', '需求', 'needs.id'),
      field('delivery_seq', 'integer', 'a.seq', 'Delivery seq', '送达序号', 'deliveries.seq'),
      field('quantity', 'integer', 'a.quantity', 'Quantity', '数量', 'units counted against the need', {
        unit: "the item's unit (items.unit)",
      }),
      field('at', 'datetime', 'a.at', 'At', '时间', 'when the delivery arrived'),
    ],
    indexes: ['need'],
  },
  {
    name: 'deliveries',
    title: 'Deliveries to facilities',
    titleZh: '送达',
    descriptionZh: '到达医疗机构的物资（签收，或机构自己记录的捐赠）；`unmatched` 为未对应任何需求的数量。',
    description:
      'Goods that arrived at a facility (a receipt, or a gift it recorded); `unmatched` units answered no need.',
    from: `deliveries v ${org('ov', 'v.facility').join}`,
    key: ['v.seq'],
    fields: [
      seq('v.seq'),
      ...orgFields('facility', org('ov', 'v.facility'), 'Facility', '接收机构'),
      field('region', 'string', 'v.region', 'Region', '地区', 'region code of the facility'),
      field('item', 'string', 'v.item', 'Item', '物资', 'catalogue item id'),
      field('category', 'string', 'v.category', 'Category', '类别', 'item category'),
      field('quantity', 'integer', 'v.quantity', 'Quantity', '数量', 'units delivered', {
        unit: "the item's unit (items.unit)",
      }),
      field('unmatched', 'integer', 'v.unmatched', 'Unmatched', '未匹配', 'units that answered no need', {
        unit: "the item's unit (items.unit)",
      }),
      field('at', 'datetime', 'v.at', 'At', '时间', 'when it arrived'),
      field('undone', 'boolean', 'v.undone', 'Undone', '已撤销', 'undone by a correction'),
    ],
  },
  {
    name: 'custody_handovers',
    title: 'Custody handovers',
    titleZh: '冷链交接',
    description:
      'Every change of hands of a shipment of goods between dispatch and receipt, as scanned by one of the two parties; events reversed by a correction are left out.',
    from: `custody_handovers h ${org('hf', 'h.from_org').join} ${org('ht', 'h.to_org').join}`,
    where: "EXISTS (SELECT 1 FROM event_state s WHERE s.seq = h.seq AND s.status = 'active')",
    key: ['h.seq'],
    fields: [
      field('event', 'string', 'h.id', 'Event', '事件', 'the custody_handover event id'),
      seq('h.seq'),
      field('shipment', 'string', 'h.shipment', 'Shipment', '运单', 'the transfer or return (event id)'),
      ...orgFields('from', org('hf', 'h.from_org'), 'From', '交出方'),
      ...orgFields('to', org('ht', 'h.to_org'), 'To', '接收方'),
      field('at', 'datetime', 'h.at', 'At', '交接时间', 'when the goods changed hands'),
      field('place', 'string', 'h.place', 'Place', '地点', 'where, as the scanner recorded it'),
    ],
    indexes: ['shipment'],
  },
  {
    name: 'temperature_logs',
    title: 'Temperature records',
    titleZh: '温度记录',
    description:
      "Summaries of data-logger readings for a shipment (or a lot kept at its holder), judged against the item's range: more minutes outside than the item tolerates is an excursion, which quarantines the goods.",
    from: `temperature_logs l ${org('lh', 'l.holder').join}`,
    where: "EXISTS (SELECT 1 FROM event_state s WHERE s.seq = l.seq AND s.status = 'active')",
    key: ['l.seq'],
    fields: [
      field('event', 'string', 'l.id', 'Event', '事件', 'the temperature_log event id'),
      seq('l.seq'),
      field(
        'shipment',
        'string',
        'l.shipment',
        'Shipment',
        '运单',
        'the shipment the logger travelled with; empty for a lot kept at its holder',
      ),
      ...orgFields('holder', org('lh', 'l.holder'), 'Holder', '持有单位'),
      field('item', 'string', 'l.item', 'Item', '物资', 'catalogue item id'),
      field('lot', 'string', 'l.lot_code', 'Lot', '批号', 'batch/lot number, when known'),
      field('min_c', 'number', 'l.min_c', 'Lowest', '最低温度', 'lowest reading', { unit: '°C' }),
      field('max_c', 'number', 'l.max_c', 'Highest', '最高温度', 'highest reading', { unit: '°C' }),
      field(
        'outside_minutes',
        'integer',
        'l.outside_minutes',
        'Minutes outside',
        '超出分钟数',
        'minutes the readings were outside the range',
        { unit: 'minutes' },
      ),
      field(
        'range_low_c',
        'number',
        'l.range_low',
        'Range low',
        '范围下限',
        'low end of the range judged against',
        { unit: '°C' },
      ),
      field(
        'range_high_c',
        'number',
        'l.range_high',
        'Range high',
        '范围上限',
        'high end of the range judged against',
        { unit: '°C' },
      ),
      field(
        'tolerance_minutes',
        'integer',
        'l.tolerance_minutes',
        'Tolerance',
        '允许分钟数',
        "minutes outside the item's range tolerated",
        { unit: 'minutes' },
      ),
      field(
        'excursion',
        'boolean',
        'l.excursion',
        'Excursion',
        '超温',
        'more minutes outside than tolerated',
      ),
      field(
        'quarantined',
        'integer',
        'l.quarantined',
        'Quarantined',
        '隔离数量',
        'units the excursion put in quarantine',
        { unit: "the item's unit (items.unit)" },
      ),
      field('readings', 'integer', 'l.readings', 'Readings', '读数条数', 'how many readings were summarised'),
      field(
        'first_reading_at',
        'datetime',
        'l.first_reading_at',
        'First reading',
        '首条读数',
        'time of the first reading',
      ),
      field(
        'last_reading_at',
        'datetime',
        'l.last_reading_at',
        'Last reading',
        '末条读数',
        'time of the last reading',
      ),
      field('logger', 'string', 'l.logger', 'Logger', '记录仪', "the data logger's serial number"),
    ],
    indexes: ['shipment'],
  },
  {
    name: 'lot_releases',
    title: 'Releases from quarantine',
    titleZh: '解除隔离',
    description:
      'Quarantined lots released by their holder, with the reason; every later use of them is flagged.',
    from: `lot_releases r ${org('rh', 'r.holder').join}`,
    where: "EXISTS (SELECT 1 FROM event_state s WHERE s.seq = r.seq AND s.status = 'active')",
    key: ['r.seq'],
    fields: [
      field('event', 'string', 'r.id', 'Event', '事件', 'the lot_release event id'),
      seq('r.seq'),
      ...orgFields('holder', org('rh', 'r.holder'), 'Holder', '持有单位'),
      field('item', 'string', 'r.item', 'Item', '物资', 'catalogue item id'),
      field('lot', 'string', 'r.lot_code', 'Lot', '批号', 'batch/lot number'),
      field('quantity', 'integer', 'r.quantity', 'Quantity', '数量', 'units released', {
        unit: "the item's unit (items.unit)",
      }),
      field(
        'excursions',
        'string',
        'r.excursions',
        'Excursions',
        '超温记录',
        'temperature_log event ids whose quarantine it ended, comma-separated',
      ),
      field('reason', 'string', 'r.reason', 'Reason', '原因', 'why the goods are fit for use'),
      occurredAt('r.occurred_at'),
    ],
  },
  {
    name: 'coverage_monthly',
    title: 'Coverage by region, disease, item and month',
    titleZh: '按地区、疾病、物资和月份的需求覆盖',
    descriptionZh:
      '按区划级别 × 区划 × 疾病 × 物资 × 月份（事件的当地日期）统计的需求和送达。coverage = covered / needed，不超过 1；oversupply = excess + unmatched，从不计入覆盖率。每条需求在每一级各计一次，所以省的数等于其各地市之和：不要把不同级别的行相加。数量以各物资自己的单位计；物资为空的行是整类需求。',
    description:
      "Needs and deliveries per region level × region × disease × item × month (local date of the event). coverage = covered / needed, never above 1; oversupply = excess + unmatched, never inside coverage. Each need counts once at every level, so a province equals the sum of its prefectures: do not add rows of different levels. Quantities are in the item's unit; rows with an empty item are needs for a whole category.",
    from: 'coverage_cells c LEFT JOIN regions g ON g.code = c.region',
    where: "c.period = 'month' AND (c.needs <> 0 OR c.unmatched <> 0)",
    // Month by month at each level: within one, the key is the rest of the primary key, a plain seek.
    partitions: {
      list: "SELECT DISTINCT level, period_start FROM coverage_cells WHERE period = 'month' ORDER BY 1, 2",
      where: 'c.level = ? AND c.period_start = ?',
    },
    key: ['c.region', 'c.disease', 'c.item', 'c.category'],
    fields: [
      field('level', 'string', 'c.level', 'Region level', '地区级别', '`province`, `prefecture` or `county`'),
      field('region', 'string', 'c.region', 'Region', '地区', 'region code'),
      field(
        'region_name_zh',
        'string',
        'g.name_zh',
        'Region (Chinese)',
        '地区名称',
        'region name in Chinese',
      ),
      field(
        'region_name_en',
        'string',
        'g.name_en',
        'Region (English)',
        '地区英文名称',
        'region name in English',
      ),
      field(
        'disease',
        'string',
        "NULLIF(c.disease, '')",
        'Disease',
        '疾病',
        'ICD-10 code; empty for needs without a disease and deliveries that answered no need',
      ),
      field(
        'item',
        'string',
        "NULLIF(c.item, '')",
        'Item',
        '物资',
        'item id; empty for needs for a whole category',
      ),
      field('category', 'string', 'c.category', 'Category', '类别', 'item category'),
      field('month', 'yearmonth', 'substr(c.period_start, 1, 7)', 'Month', '月份', 'YYYY-MM'),
      field('needs', 'integer', 'c.needs', 'Needs', '需求数', 'number of needs reported'),
      field('needed', 'integer', 'c.needed', 'Needed', '需求量', 'quantity needed', {
        unit: "the item's unit",
      }),
      field('covered', 'integer', 'c.covered', 'Covered', '已覆盖', 'Σ min(delivered, needed) per need', {
        unit: "the item's unit",
      }),
      field('delivered', 'integer', 'c.delivered', 'Delivered', '已送达', 'delivered against these needs', {
        unit: "the item's unit",
      }),
      field(
        'coverage',
        'number',
        'CASE WHEN c.needed > 0 THEN round(CAST(c.covered AS REAL) / c.needed, 6) END',
        'Coverage',
        '覆盖率',
        'covered / needed, 0–1',
      ),
      field('unmet', 'integer', 'c.needed - c.covered', 'Unmet', '缺口', 'needed − covered', {
        unit: "the item's unit",
      }),
      field('oversupply', 'integer', 'c.excess + c.unmatched', 'Oversupply', '超额', 'excess + unmatched', {
        unit: "the item's unit",
      }),
      field('excess', 'integer', 'c.excess', 'Excess', '超出需求', 'delivered beyond a need', {
        unit: "the item's unit",
      }),
      field(
        'unmatched',
        'integer',
        'c.unmatched',
        'Unmatched',
        '未匹配送达',
        'deliveries that answered no need',
        { unit: "the item's unit" },
      ),
      ...[1, 2, 3, 4].map((p) =>
        field(
          `open_p${p}`,
          'integer',
          `c.open_p${p}`,
          `Open, priority ${p}`,
          `未满足需求（优先级${p}）`,
          `needs still open at priority ${p}`,
        ),
      ),
      field(
        'responded',
        'integer',
        'c.responded',
        'Responded',
        '已响应',
        'needs that received a first delivery',
      ),
      field(
        'met_in_window',
        'integer',
        'c.met_in_window',
        'Met within urgency window',
        '按时满足',
        'needs fully met within their urgency window',
      ),
      field(
        'response_hours_p50',
        'number',
        'NULL',
        'Response time p50',
        '响应时间中位数',
        'need reported → first delivery, median; the upper edge of its histogram bucket, so never understated',
        { unit: 'hours' },
      ),
      field(
        'response_hours_p90',
        'number',
        'NULL',
        'Response time p90',
        '响应时间90分位',
        'need reported → first delivery, 90th percentile; bucket upper edge',
        { unit: 'hours' },
      ),
    ],
    // The response-time histogram; the percentiles are computed from it per row.
    extra: [
      `json_array(${Array.from({ length: responseBucketEdgesMinutes.length }, (_, i) => `c.rt${i}`).join(', ')})`,
    ],
    finish: (row, [histogram], at) => {
      // JSON text: a subquery column loses SQLite's JSON subtype.
      const counts = JSON.parse(String(histogram)) as number[];
      row[at('response_hours_p50')] = percentileHours(counts, 0.5);
      row[at('response_hours_p90')] = percentileHours(counts, 0.9);
    },
  },
  complaintsTable(),
  ...reserveTables(),
];
