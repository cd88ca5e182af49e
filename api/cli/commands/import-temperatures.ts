/**
 * `import FILE --as temperatures (--shipment EVT | --lot LOT --item ITEM) [--recorded-by ORG]
 * [--range LOW,HIGH] [--utc-offset +08:00] [--dry-run] [--report FILE]`: a data logger's file
 * summarised into one temperature_log (api/import/logger.ts). The range defaults to the item's
 * catalogued cold-chain range; the recorder defaults to the shipment's receiver, who usually
 * reads the logger on arrival.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { DecodeError } from '../../import/decode.ts';
import type { ParsedFile } from '../../import/grid.ts';
import { importTemperatures, offsetMinutes, type LoggerTarget } from '../../import/logger.ts';
import { summary } from '../../import/report.ts';
import { LedgerWriter } from '../../store/ledger-writer.ts';
import { shipmentGoods } from '../../store/queries/shipments.ts';
import type { Config } from '../config.ts';
import { openContext } from '../context.ts';
import { UsageError } from '../usage-error.ts';

interface Options {
  shipment?: string;
  lot?: string;
  item?: string;
  range?: string;
  'utc-offset'?: string;
  'recorded-by'?: string;
  'dry-run'?: boolean;
  report?: string;
}

function parseRange(text: string): [number, number] {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,:~]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m || Number(m[1]) >= Number(m[2]))
    throw new UsageError('--range takes LOW,HIGH in °C, e.g. 2,8 or -25,-15');
  return [Number(m[1]), Number(m[2])];
}

export async function importLoggerFile(
  file: string,
  format: ParsedFile['format'],
  config: Config,
  values: Options,
): Promise<number> {
  if ((values.shipment === undefined) === (values.lot === undefined))
    throw new UsageError('--as temperatures needs --shipment EVENT_ID, or --lot LOT with --item ITEM');
  if (values.lot !== undefined && values.item === undefined) throw new UsageError('--lot needs --item');
  const utcOffset = values['utc-offset'] ?? '+08:00';
  try {
    offsetMinutes(utcOffset);
  } catch {
    throw new UsageError('--utc-offset takes an offset such as +08:00');
  }
  const bytes = await readFile(file);
  const ctx = await openContext(config);
  try {
    let target: LoggerTarget;
    let item: string;
    let recordedBy = values['recorded-by'];
    if (values.shipment !== undefined) {
      const shipment = await shipmentGoods(ctx.database.db, values.shipment);
      if (!shipment) throw new UsageError(`--shipment: no shipment of goods with id "${values.shipment}"`);
      target = { shipment: shipment.id };
      item = shipment.item;
      recordedBy ??= shipment.receiver;
    } else {
      if (!ctx.catalog.item(values.item!)) throw new UsageError(`--item: no catalogue item "${values.item}"`);
      if (!recordedBy) throw new UsageError('--lot needs --recorded-by (the organization keeping the lot)');
      target = { lot: values.lot!, item: values.item! };
      item = values.item!;
    }
    const storage = ctx.catalog.item(item)?.storage;
    const range =
      values.range !== undefined
        ? parseRange(values.range)
        : storage
          ? ([storage.lowC, storage.highC] as [number, number])
          : null;
    if (!range) throw new UsageError(`${item} has no catalogued cold-chain range: give --range LOW,HIGH`);
    const writer = new LedgerWriter({ ...ctx, origin: ctx.signingKey.name });
    const dryRun = values['dry-run'] ?? false;
    const report = await importTemperatures(bytes, {
      file,
      format,
      target,
      recordedBy,
      range,
      utcOffset,
      dryRun,
      write: dryRun ? undefined : (batch) => writer.recordBatch(batch),
    });
    console.error(summary(report));
    if (values.report) await writeFile(values.report, `${JSON.stringify(report, null, 2)}\n`);
    return report.refused > 0 ? 2 : 0;
  } catch (e) {
    if (e instanceof DecodeError) throw new UsageError(`${file}: ${e.message}; nothing was imported`);
    throw e;
  } finally {
    ctx.database.close();
  }
}
