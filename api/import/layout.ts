/**
 * Where the table is in a sheet: title rows above it, one or more header rows (merged parents
 * joined to their children), whether it is long (one row per line) or wide (one row per
 * facility, one column per item, perhaps a standards row under the item names), an
 * instruction row saying what "1" means, and the data rows below.
 */
import type { Cell } from './grid.ts';
import { cleanText, nameKey } from './values.ts';

export const fields = [
  'organization',
  'donor',
  'region',
  'item',
  'quantity',
  'unit',
  'money',
  'currency',
  'date',
  'standard',
  'reportedBy',
  'source',
  'urgency',
  'importance',
  'disease',
  'beneficiaries',
  'transfer',
  'stock',
  'lot',
  'expiry',
  'kind',
  'nameEn',
  'aliases',
  'note',
  'private',
] as const;
export type Field = (typeof fields)[number];

/** Header words in Chinese and English; a map file adds any others. */
const vocabulary: Record<Field, string[]> = {
  organization: [
    '医院',
    '医院名称',
    '需求单位',
    '需求医院',
    '单位名称',
    '机构',
    '机构名称',
    '受援单位',
    '受赠单位',
    '受赠方',
    '接收单位',
    '收货单位',
    '受助单位',
    '分配单位',
    '去向',
    '组织',
    '组织名称',
    'facility',
    'hospital',
    'organization',
    'organisation',
    'recipient',
    'to',
    'name',
  ],
  donor: [
    '捐赠方',
    '捐赠人',
    '捐赠单位',
    '捐赠者',
    '捐赠企业',
    '捐赠机构',
    '捐方',
    '捐款人',
    '捐款单位',
    '来源单位',
    'donor',
    'from',
    'given by',
  ],
  region: [
    '地区',
    '所在地区',
    '区县',
    '县市区',
    '县区',
    '所在地',
    '省份',
    '城市',
    '市州',
    '地市',
    '地址',
    '详细地址',
    '收货地址',
    '医院地址',
    '行政区划',
    'region',
    'city',
    'province',
    'county',
    'address',
    'location',
    'region code',
  ],
  item: [
    '物资',
    '物资名称',
    '品名',
    '名称',
    '物品',
    '物品名称',
    '需求物资',
    '捐赠物资',
    '物资品名',
    '品种',
    '药品名称',
    'item',
    'goods',
    'product',
    'material',
    'supply',
  ],
  quantity: [
    '数量',
    '需求数量',
    '需求量',
    '捐赠数量',
    '发放数量',
    '分配数量',
    '数目',
    '件数',
    'quantity',
    'qty',
    'count',
  ],
  // Stock on hand, for opening balances. Its own field, never `quantity`: a needs list's
  // "现有库存" column must not be read as the quantity needed.
  stock: [
    '期初库存',
    '期初数量',
    '期初结存',
    '结存',
    '结存数量',
    '库存',
    '库存数量',
    '现有库存',
    'opening stock',
    'stock',
    'stock on hand',
    'on hand',
  ],
  lot: ['批号', '生产批号', '批次', '批次号', 'lot', 'lot number', 'batch', 'batch number'],
  expiry: ['有效期', '有效期至', '失效日期', '过期日期', 'expiry', 'expiry date', 'expires', 'expires on'],
  unit: ['单位', '计量单位', '数量单位', 'unit', 'units', 'uom'],
  money: [
    '金额',
    '捐赠金额',
    '捐款金额',
    '金额元',
    '款额',
    '金额万元',
    '拨付金额',
    '期初余额',
    '期初金额',
    '结存金额',
    '账面余额',
    'amount',
    'money',
    'amount cny',
    'sum',
  ],
  currency: ['币种', '货币', 'currency'],
  date: [
    '日期',
    '时间',
    '捐赠日期',
    '需求日期',
    '发布日期',
    '接收日期',
    '发放日期',
    '到货日期',
    '捐赠时间',
    '登记日期',
    '填报日期',
    'date',
    'day',
    'reported on',
    'received on',
  ],
  standard: [
    '标准',
    '规格',
    '型号',
    '规格型号',
    '要求',
    '标准要求',
    '技术标准',
    'standard',
    'specification',
    'spec',
    'specs',
  ],
  reportedBy: [
    '填报单位',
    '报送单位',
    '信息来源单位',
    '发布单位',
    '代报单位',
    '发布方',
    'reported by',
    'reporter',
  ],
  source: ['来源', '链接', '信息来源', '出处', '来源链接', 'source', 'url', 'link'],
  urgency: ['紧急程度', '紧急', '急需程度', 'urgency'],
  importance: ['重要程度', 'importance'],
  disease: ['疾病', '病种', 'icd10', 'disease'],
  beneficiaries: ['受益人数', '受益人次', 'beneficiaries'],
  transfer: ['调拨单', '调拨单号', '发货单号', 'transfer'],
  kind: ['类型', '机构类型', '单位类型', 'kind', 'type'],
  nameEn: ['英文名', '英文名称', 'english name', 'name en'],
  aliases: ['别名', '又名', '曾用名', '简称', 'aliases', 'alias', 'also known as'],
  note: ['备注', '说明', '附注', 'note', 'notes', 'remarks', 'comment'],
  // Contact details are people's: recognised so that they are dropped, never stored.
  private: [
    '联系人',
    '联系电话',
    '电话',
    '手机',
    '手机号',
    '联系方式',
    '姓名',
    '身份证',
    '身份证号',
    '邮箱',
    '微信',
    'contact',
    'phone',
    'telephone',
    'mobile',
    'email',
    'e-mail',
    'wechat',
    'contact person',
  ],
};

const byKey = new Map<string, Field>();
for (const f of fields) for (const w of vocabulary[f]) byKey.set(nameKey(w), f);

/** The field a header names, with a map's own headers first; null when unknown or ignored. */
export function fieldOf(header: string, map: Record<string, string | null> = {}): Field | null | undefined {
  const mapped = Object.entries(map).find(([h]) => nameKey(h) === nameKey(header));
  if (mapped) return mapped[1] === null ? null : (mapped[1] as Field);
  const key = nameKey(header.replace(/[（(].*?[)）]/g, ''));
  return byKey.get(key) ?? byKey.get(nameKey(header)) ?? undefined;
}

export interface Layout {
  titles: string[];
  headerRows: number[];
  headers: string[];
  /** Column → field, for long columns and the facility columns of a wide sheet. */
  columns: Map<number, Field>;
  /** Wide sheets: column → item name (and the standard stated under it). */
  itemColumns: Map<number, { name: string; standard: string }>;
  /** The cell text an instruction says means "needed, amount not stated". */
  unstatedMarks: Set<string>;
  instructions: string[];
  firstDataRow: number;
  ignored: string[];
}

const INSTRUCTION =
  /(填|写|标|打)\s*["“”'‘]?\s*1|["“”'‘]?1["“”'‘]?\s*(表示|代表|即|为|=|＝)|1\s*[=＝:：]\s*(需要|需求)/;
const nonEmpty = (row: Cell[] | undefined) => (row ?? []).filter((c) => cleanText(c) !== '');

export interface LayoutOptions {
  columnMap?: Record<string, string | null>;
  /** Whether a header text names a catalogue item (for wide sheets). */
  isItem: (text: string) => boolean;
  headerRow?: number;
}

export function findLayout(rows: Cell[][], opts: LayoutOptions): Layout {
  const scan = Math.min(rows.length, 30);
  const scoreRow = (r: number) => {
    let known = 0;
    let items = 0;
    for (const c of rows[r] ?? []) {
      const t = cleanText(c);
      if (!t || typeof c === 'number') continue;
      if (fieldOf(t, opts.columnMap) !== undefined) known += 1;
      else if (opts.isItem(t)) items += 1;
    }
    return { known, items, total: known + items };
  };
  let header = opts.headerRow !== undefined ? opts.headerRow - 1 : -1;
  if (header < 0) {
    let best = -1;
    for (let r = 0; r < scan; r++) {
      const s = scoreRow(r);
      if (s.total >= 2 && s.total > best) {
        best = s.total;
        header = r;
      }
    }
  }
  if (header < 0) header = rows.findIndex((r) => nonEmpty(r).length >= 2);
  if (header < 0) header = 0;

  const titles: string[] = [];
  const instructions: string[] = [];
  const headerRows = [header];
  // A row above the header that is not a title (more than one distinct cell) is a parent
  // header: "医院信息" merged over "名称 | 地区".
  for (let r = header - 1; r >= 0; r--) {
    const cells = nonEmpty(rows[r]).map(cleanText);
    if (cells.length === 0) continue;
    const distinct = new Set(cells);
    if (distinct.size === 1 || cells.length === 1) {
      const text = cells[0]!;
      (INSTRUCTION.test(text) ? instructions : titles).unshift(text);
    } else if (r === headerRows[0]! - 1) headerRows.unshift(r);
    else titles.unshift(cells.join(' '));
  }
  // A row below the header whose cells are mostly known headers is a child header row.
  let next = header + 1;
  const below = scoreRow(next);
  if (below.known >= 2 && below.known >= nonEmpty(rows[next]).length / 2) {
    headerRows.push(next);
    next += 1;
  }
  const width = Math.max(...headerRows.map((r) => rows[r]?.length ?? 0));
  const headers: string[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (const r of headerRows) {
      const t = cleanText(rows[r]?.[c] ?? null);
      if (t && !parts.includes(t)) parts.push(t);
    }
    headers.push(parts.join(' / '));
  }
  const columns = new Map<number, Field>();
  const itemColumns = new Map<number, { name: string; standard: string }>();
  const ignored: string[] = [];
  for (let c = 0; c < width; c++) {
    if (!headers[c]) continue;
    const leaf = cleanText(rows[headerRows[headerRows.length - 1]!]?.[c] ?? null) || headers[c]!;
    const f = fieldOf(leaf, opts.columnMap) ?? fieldOf(headers[c]!, opts.columnMap);
    if (f === null) ignored.push(headers[c]!);
    else if (f === 'private') ignored.push(`${headers[c]} (contact details are never stored)`);
    else if (f !== undefined && !columns.has(c) && ![...columns.values()].includes(f)) columns.set(c, f);
    else if (f === undefined && opts.isItem(leaf)) itemColumns.set(c, { name: leaf, standard: '' });
    else ignored.push(headers[c]!);
  }
  // Wide sheets only when there is no item column: each item column is then one line per row.
  if ([...columns.values()].includes('item')) {
    for (const [c, v] of itemColumns) ignored.push(v.name);
    itemColumns.clear();
  }
  // Rows under a wide header that hold text in the item columns are standards or instructions.
  for (; next < rows.length; next++) {
    const row = rows[next] ?? [];
    const cells = nonEmpty(row).map(cleanText);
    if (cells.length === 0) continue;
    if (cells.some((t) => INSTRUCTION.test(t))) {
      instructions.push(cells.filter((t) => INSTRUCTION.test(t)).join(' '));
      continue;
    }
    if (itemColumns.size === 0) break;
    const texts = [...itemColumns.keys()].map((c) => row[c] ?? null).filter((c) => cleanText(c) !== '');
    const textual = texts.filter(
      (c) =>
        typeof c === 'string' &&
        !/^[\d.,\s万千]+$/.test(cleanText(c)) &&
        !/^(√|✓|✔|是|需要|有|急需)$/.test(cleanText(c)),
    );
    if (texts.length > 0 && textual.length === texts.length) {
      for (const [c, v] of itemColumns) {
        const t = cleanText(row[c] ?? null);
        if (t) v.standard = v.standard ? `${v.standard} ${t}` : t;
      }
      continue;
    }
    break;
  }
  const unstatedMarks = new Set(['√', '✓', '✔', '需要', '急需', '有需求', '需求', 'yes', 'needed']);
  if (instructions.some((t) => INSTRUCTION.test(t))) unstatedMarks.add('1');
  for (const t of titles) if (INSTRUCTION.test(t)) unstatedMarks.add('1');
  return {
    titles,
    headerRows,
    headers,
    columns,
    itemColumns,
    unstatedMarks,
    instructions,
    firstDataRow: next,
    ignored,
  };
}

/** Totals and subtotals are sums of other rows, never lines of their own. */
export const isTotalsRow = (row: Cell[]) =>
  row
    .slice(0, 3)
    .some((c) =>
      /^(合计|总计|小计|共计|总数|累计)|^(total|totals|sum|subtotal|grand total)\b/i.test(cleanText(c)),
    );
