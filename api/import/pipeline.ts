/**
 * A spreadsheet or CSV through the four stages — parse, normalise, reconcile, write — with
 * the report filled in between each, so a dry run is the same run stopped before writing.
 *
 * Every line gets an idempotency key derived from its content (the kind of rows, the recorder,
 * the cells it was read from, and how many identical lines came before it in the file), never
 * from its position: re-running a file, a part of it, or a file with rows added or reordered
 * writes nothing twice, and other writers taking the API meanwhile change nothing.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { EventBody } from '../domain/events.ts';
import type { Catalog } from '../domain/catalog.ts';
import type { Submission, SubmissionResult } from '../store/ledger-writer.ts';
import type { Cell } from './grid.ts';
import { parseFile, type ParsedFile } from './grid.ts';
import { findLayout, type Field, type Layout } from './layout.ts';
import { linesOf, type Line } from './lines.ts';
import type { ImportMap } from './mapping.ts';
import type { Match, Reconciler } from './reconcile.ts';
import { emptyReport, UnresolvedTally, type ImportReport } from './report.ts';
import { cleanText, parseCount, parseDate, parseMoneyMinor, parseQuantity } from './values.ts';

export const rowKinds = ['needs', 'donations', 'transfers', 'receipts', 'uses', 'balances'] as const;
export type RowKind = (typeof rowKinds)[number];

export interface SheetImport {
  file: string;
  format: ParsedFile['format'];
  as: RowKind;
  map: ImportMap;
  recordedBy?: string;
  /** The date of a disclosure: dates rows that state none, and is each need's as-of date. */
  asOf?: string;
  /** Balances: where the figures come from, for rows that name no source (else the file's name). */
  source?: string;
  dryRun: boolean;
  reconciler: Reconciler;
  /** Which of the given keys (by recorder) are already in the ledger. */
  knownKeys: (keys: Array<{ organization: string; key: string }>) => Promise<Set<string>>;
  write?: (batch: Submission[]) => Promise<SubmissionResult[]>;
  batchSize?: number;
}

interface Ready {
  row: number;
  submission: Submission & { idempotencyKey: string };
}

const URGENCY: Array<[RegExp, string]> = [
  [/^(immediate|立即|立刻|特急|非常紧急|极紧急|十万火急)$/i, 'immediate'],
  [/^(24h|24小时|一天内|1天)$/i, '24h'],
  [/^(72h|紧急|急|急需|3天|三天内|72小时)$/i, '72h'],
  [/^(1w|一周|1周|一周内|较急)$/i, '1w'],
  [/^(1m|一月|1个月|一个月|一般|不急)$/i, '1m'],
];
const IMPORTANCE: Array<[RegExp, string]> = [
  [/^(life|生命|危及生命|救命)$/i, 'life'],
  [/^(function|功能|重要)$/i, 'function'],
  [/^(quality|一般|改善)$/i, 'quality'],
];
const ANONYMOUS = /^(匿名|匿名捐赠|匿名人士|爱心人士|佚名|不具名|anonymous|anon)$/i;

/**
 * Columns only opening balances read. Other kinds leave them out of a line's key, so a sheet
 * imported before they were recognised keeps the keys it was imported with.
 */
const balanceFields = new Set<Field>(['stock', 'lot', 'expiry']);

const keyOf = (parts: unknown) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);

export async function importSpreadsheet(bytes: Uint8Array, job: SheetImport): Promise<ImportReport> {
  const report = emptyReport(job.file, job.as, job.dryRun);
  const { map, reconciler } = job;
  const catalog: Catalog = reconciler.catalog;

  // 1. parse
  const parsed = parseFile(bytes, job.format);
  report.stages.parse = {
    format: parsed.format,
    ...(parsed.encoding ? { encoding: parsed.encoding } : {}),
    sheets: parsed.sheets.map((s) => ({ name: s.name, rows: s.rows.length })),
  };

  // 2. normalise: the sheet with the most lines (or the one the map names), its layout, its lines
  const isItem = (text: string) => (map.items[text] ? true : reconciler.item(text).id !== null);
  let chosen: { name: string; rows: Cell[][]; layout: Layout; lines: Line[]; totals: number[] } | undefined;
  for (const sheet of parsed.sheets) {
    if (map.sheet && sheet.name !== map.sheet) continue;
    const layout = findLayout(sheet.rows, { columnMap: map.columns, isItem, headerRow: map.headerRow });
    const { lines, totals } = linesOf(sheet.rows, layout);
    if (!chosen || lines.length > chosen.lines.length) chosen = { ...sheet, layout, lines, totals };
  }
  if (!chosen) {
    report.problems.push({ row: 0, field: 'sheet', detail: `no sheet named "${map.sheet}"` });
    return report;
  }
  const { layout, lines } = chosen;
  const headerOf = (f: Field) => {
    for (const [c, g] of layout.columns) if (g === f) return layout.headers[c] ?? '';
    return '';
  };
  report.stages.normalise = {
    sheet: chosen.name,
    titles: layout.titles,
    headerRows: layout.headerRows.map((r) => r + 1),
    columns: Object.fromEntries([...layout.columns].map(([c, f]) => [layout.headers[c]!, f])),
    itemColumns: [...layout.itemColumns.values()].map((v) => ({ header: v.name, standard: v.standard })),
    ignoredColumns: layout.ignored,
    instructions: layout.instructions,
    totalsRowsSkipped: chosen.totals,
    unstatedQuantity: [...layout.unstatedMarks],
  };
  report.rows = lines.length;

  // 3. reconcile, and build each line's event
  const tallies = {
    organizations: new UnresolvedTally(),
    items: new UnresolvedTally(),
    regions: new UnresolvedTally(),
  };
  const ready: Ready[] = [];
  const seen = new Map<string, number>();
  const moneyScale = /万元/.test(headerOf('money')) ? 'wan' : map.defaults.moneyUnit;
  const recorder = job.recordedBy;

  for (const line of lines) {
    const problems: Array<{ field: string; detail: string }> = [];
    const text = (f: Field) => cleanText(line.cells[f] ?? null);
    const take = (tally: UnresolvedTally, field: string, found: string, m: Match): string | null => {
      if (m.id) return m.id;
      tally.add(found, m.candidates, m.reason);
      problems.push({ field, detail: `"${found}" is not resolved${m.reason ? ` (${m.reason})` : ''}` });
      return null;
    };

    // where: a hint for telling namesake organizations apart
    let place: string | null = map.defaults.region ?? null;
    const regionText = text('region');
    if (regionText) {
      const mapped = map.regions[regionText];
      const m = mapped
        ? { id: mapped, score: 1, candidates: [] }
        : reconciler.region(regionText, map.defaults.region);
      if (m.id) place = m.id;
      else tallies.regions.add(regionText, m.candidates, m.reason);
    }
    const organization = (field: Field, required: boolean): string | null => {
      const found = text(field);
      if (!found) {
        if (required) problems.push({ field, detail: 'empty' });
        return null;
      }
      if (map.organizations[found]) return map.organizations[found]!;
      return take(tallies.organizations, field, found, reconciler.organization(found, place));
    };

    // what, and how much
    let unstatedItem: string | null = null;
    // An opening balance reads its stock column, or else a plain quantity column.
    const quantityCell =
      (job.as === 'balances' && cleanText(line.cells.stock ?? null)
        ? line.cells.stock
        : line.cells.quantity) ?? null;
    const goodsOrMoney = ():
      | { goods?: { item: string; quantity: number }; money?: { currency: string; amount: number } }
      | 'unstated'
      | null => {
      const moneyCell = line.cells.money ?? null;
      const itemText = line.itemColumn?.name ?? text('item');
      if (!itemText && cleanText(moneyCell)) {
        const m = parseMoneyMinor(moneyCell);
        if (!m.ok) {
          problems.push({ field: 'money', detail: m.reason });
          return null;
        }
        const amount =
          moneyScale === 'wan' ? m.value * 10_000 : moneyScale === 'minor' ? m.value / 100 : m.value;
        const currency = text('currency').toUpperCase() || map.defaults.currency;
        if (!Number.isInteger(amount)) {
          problems.push({ field: 'money', detail: 'not a whole number of minor units' });
          return null;
        }
        return { money: { currency: currency === 'RMB' || currency === '元' ? 'CNY' : currency, amount } };
      }
      if (!itemText) {
        problems.push({ field: 'item', detail: 'no item and no amount of money' });
        return null;
      }
      const standard = [line.itemColumn?.standard, text('standard')].filter(Boolean).join(' ');
      const mapped = map.items[itemText];
      const item = mapped ?? take(tallies.items, 'item', itemText, reconciler.item(itemText, standard));
      if (mapped && !catalog.item(mapped))
        problems.push({ field: 'item', detail: `the map names unknown item "${mapped}"` });
      const qText = cleanText(quantityCell);
      if (layout.unstatedMarks.has(qText.toLowerCase())) {
        unstatedItem = item && catalog.item(item) ? item : null;
        return 'unstated';
      }
      const q = parseQuantity(quantityCell, line.cells.unit ?? null);
      if (!q.ok) {
        problems.push({ field: 'quantity', detail: q.reason });
        return null;
      }
      if (!item || !catalog.item(item)) return null;
      const u = reconciler.units(item, q.value.count, q.value.unit, q.value.pack);
      if (!u.ok) {
        problems.push({ field: 'unit', detail: u.reason });
        return null;
      }
      if (u.quantity <= 0) {
        problems.push({ field: 'quantity', detail: 'must be more than 0' });
        return null;
      }
      return { goods: { item, quantity: u.quantity } };
    };

    // when
    let date: string | null = null;
    if (line.cells.date !== undefined && line.cells.date !== null) {
      const d = parseDate(line.cells.date, job.asOf ? Number(job.asOf.slice(0, 4)) : undefined);
      if (d.ok) date = d.value;
      else problems.push({ field: 'date', detail: d.reason });
    } else date = job.asOf ?? map.defaults.date ?? null;
    if (!date && !problems.some((p) => p.field === 'date'))
      problems.push({
        field: 'date',
        detail: 'no date: add a date column, or give --as-of DATE for the whole file',
      });
    const occurredAt = `${date}T00:00:00${map.defaults.timezone}`;
    const note = text('note') || undefined;

    let recordedBy: string | null = recorder ?? null;
    let body: Record<string, unknown> | null = null;
    if (job.as === 'needs') {
      const facility = organization('organization', true);
      // A third party named in the sheet (or the --recorded-by organization, when it is not
      // the facility) records the need on the facility's behalf, and says so.
      const reporter = text('reportedBy') ? organization('reportedBy', false) : null;
      recordedBy = reporter ?? recordedBy ?? facility;
      const reportedBy = recordedBy && facility && recordedBy !== facility ? recordedBy : undefined;
      const sourceText = text('source');
      const source = /^https?:\/\/\S+$/i.test(sourceText) ? sourceText : undefined;
      const what = goodsOrMoney();
      const urgencyText = text('urgency');
      const importanceText = text('importance');
      const urgency = urgencyText ? URGENCY.find(([re]) => re.test(urgencyText))?.[1] : map.defaults.urgency;
      const importance = importanceText
        ? IMPORTANCE.find(([re]) => re.test(importanceText))?.[1]
        : map.defaults.importance;
      if (!urgency) problems.push({ field: 'urgency', detail: `"${urgencyText}" is not an urgency` });
      if (!importance)
        problems.push({ field: 'importance', detail: `"${importanceText}" is not an importance` });
      if (what !== 'unstated' && what?.money)
        problems.push({ field: 'item', detail: 'a need names goods, not money' });
      // "Needed, amount not stated" is a need without a quantity, never a quantity of 1.
      const itemId = what === 'unstated' ? unstatedItem : what?.goods?.item;
      if (facility && itemId)
        body = {
          type: 'need',
          occurredAt,
          facility,
          item: itemId,
          ...(what !== 'unstated' && what?.goods ? { quantity: what.goods.quantity } : {}),
          urgency,
          importance,
          ...(reportedBy ? { reportedBy } : {}),
          ...(source ? { source } : {}),
          ...(note ? { note } : {}),
          // A sheet published on the --as-of date: each need is known current to that date only.
          ...(job.asOf ? { asOf: job.asOf } : {}),
        };
    } else {
      if (!recorder)
        problems.push({ field: 'recordedBy', detail: `importing ${job.as} needs --recorded-by ORG` });
      const what = goodsOrMoney();
      if (what === 'unstated') problems.push({ field: 'quantity', detail: 'no quantity stated' });
      const asset = what && what !== 'unstated' ? what : null;
      if (job.as === 'donations') {
        const donorText = text('donor');
        const anonymous = !donorText || ANONYMOUS.test(donorText);
        const donor = anonymous ? null : organization('donor', true);
        if (asset && recorder && (anonymous || donor))
          body = {
            type: 'donation',
            occurredAt,
            ...(anonymous ? { anonymous: true, donorKind: 'individual' } : { donor }),
            recipient: recorder,
            ...asset,
            ...(note ? { note } : {}),
          };
      } else if (job.as === 'transfers') {
        const to = organization('organization', true);
        if (asset && recorder && to)
          body = {
            type: 'transfer',
            occurredAt,
            to,
            ...asset,
            ...(place ? { toward: { region: place } } : {}),
            ...(note ? { note } : {}),
          };
      } else if (job.as === 'receipts') {
        const transfer = text('transfer');
        if (!transfer)
          problems.push({ field: 'transfer', detail: 'a receipt names the transfer it acknowledges' });
        if (asset && recorder && transfer) body = { type: 'receipt', occurredAt, transfer, ...asset };
      } else if (job.as === 'balances') {
        // Stock as of the disclosure's date, from the row's source, the --source given, or the file.
        const source = (text('source') || job.source || basename(job.file)).slice(0, 500);
        const lot = text('lot');
        let expiresOn: string | undefined;
        if (cleanText(line.cells.expiry ?? null)) {
          const d = parseDate(line.cells.expiry ?? null);
          if (d.ok) expiresOn = d.value;
          else problems.push({ field: 'expiry', detail: d.reason });
        }
        if ((lot || expiresOn) && asset?.money)
          problems.push({ field: 'lot', detail: 'money has no lot or expiry date' });
        if (asset && recorder && date)
          body = {
            type: 'opening_balance',
            occurredAt,
            ...(asset.goods
              ? {
                  goods: {
                    ...asset.goods,
                    ...(lot ? { lot } : {}),
                    ...(expiresOn ? { expiresOn } : {}),
                  },
                }
              : asset),
            asOf: date,
            source,
            ...(note ? { note } : {}),
          };
      } else {
        const b = line.cells.beneficiaries ?? null;
        const beneficiaries = cleanText(b) ? parseCount(b) : ({ ok: true, value: 0 } as const);
        if (!beneficiaries.ok) problems.push({ field: 'beneficiaries', detail: beneficiaries.reason });
        if (asset && recorder && beneficiaries.ok)
          body = { type: 'use', occurredAt, ...asset, beneficiaries: beneficiaries.value };
      }
    }

    if (problems.length === 0 && body && recordedBy) {
      const valid = EventBody.safeParse(body);
      if (!valid.success) {
        for (const i of valid.error.issues)
          problems.push({ field: i.path.join('.') || 'event', detail: i.message });
      } else {
        // The key is read from the cells, not the event, so a mapping fixed later does not
        // make an already imported line look new.
        const material = [
          job.as,
          recordedBy,
          line.itemColumn?.name ?? null,
          Object.entries(line.cells)
            .filter(([f]) => job.as === 'balances' || !balanceFields.has(f as Field))
            .map(([f, c]) => [f, cleanText(c ?? null)])
            .sort(),
        ];
        const base = keyOf(material);
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        ready.push({
          row: line.row,
          submission: { recordedBy, body: valid.data, idempotencyKey: `import:${base}:${n}` },
        });
        continue;
      }
    }
    report.refused += 1;
    for (const p of problems.length ? problems : [{ field: 'row', detail: 'nothing to record' }])
      report.problems.push({ row: line.row, ...p });
  }
  report.unresolved = {
    organizations: tallies.organizations.list(),
    items: tallies.items.list(),
    regions: tallies.regions.list(),
  };
  report.stages.reconcile = { lines: lines.length, ready: ready.length };

  // 4. write (or, in a dry run, only find what earlier runs already wrote)
  if (job.dryRun || !job.write) {
    const known = await job.knownKeys(
      ready.map((r) => ({ organization: r.submission.recordedBy, key: r.submission.idempotencyKey })),
    );
    for (const r of ready) {
      report.accepted += 1;
      if (known.has(`${r.submission.recordedBy}\u0000${r.submission.idempotencyKey}`))
        report.alreadyImported += 1;
      else report.created.events += 1;
    }
    return report;
  }
  const size = job.batchSize ?? 2_000;
  let batches = 0;
  for (let i = 0; i < ready.length; i += size) {
    const part = ready.slice(i, i + size);
    const results = await job.write(part.map((r) => r.submission));
    batches += 1;
    results.forEach((res, j) => {
      const row = part[j]!.row;
      if (res.ok) {
        report.accepted += 1;
        if (res.replay) report.alreadyImported += 1;
        else report.created.events += 1;
      } else {
        report.refused += 1;
        const detail =
          res.problem.type === 'idempotency-key-reuse'
            ? 'this row was imported before with other details (a changed mapping?); record a correction instead of importing it again'
            : res.problem.detail;
        report.problems.push({ row, field: res.problem.fields[0]?.path ?? res.problem.type, detail });
      }
    });
  }
  report.stages.write = { batches };
  report.problems.sort((a, b) => a.row - b.row);
  return report;
}
