/**
 * Writes the custody records a batch produced: handovers, temperature records and lot releases,
 * one row per event id. A correction's replacement writes its record again under the original
 * id (the last version in a batch wins); whether a record stands is its event's status in
 * event_state, which every read joins.
 */
import type { InValue } from '@libsql/client';
import type { CustodyRecord, HandoverRecord, ReleaseRecord, TemperatureRecord } from '../domain/custody.ts';
import { epochMs } from '../domain/needs.ts';
import { insertRows, upsert, type Executor } from './bulk-sql.ts';
import { custodyHandovers, lotReleases, temperatureLogs } from './schema.ts';

const b = (v: boolean) => (v ? 1 : 0);

function latest<R extends CustodyRecord>(records: CustodyRecord[], kind: R['kind']): R[] {
  return [...new Map(records.filter((r): r is R => r.kind === kind).map((r) => [r.id, r])).values()];
}

const replaceAll = (cols: string[]) =>
  upsert(
    'id',
    cols.filter((c) => c !== 'id'),
  );

export async function persistCustody(db: Executor, records: CustodyRecord[]): Promise<void> {
  if (records.length === 0) return;
  const handoverCols = ['id', 'seq', 'shipment', 'from_org', 'to_org', 'at', 'at_ms', 'place', 'recorded_by'];
  await insertRows(
    db,
    custodyHandovers,
    handoverCols,
    latest<HandoverRecord>(records, 'handover').map((h): InValue[] => [
      h.id,
      h.seq,
      h.shipment,
      h.from,
      h.to,
      h.at,
      epochMs(h.at),
      h.place,
      h.recordedBy,
    ]),
    replaceAll(handoverCols),
  );
  const temperatureCols = [
    'id',
    'seq',
    'shipment',
    'holder',
    'item',
    'lot_code',
    'min_c',
    'max_c',
    'outside_minutes',
    'range_low',
    'range_high',
    'tolerance_minutes',
    'excursion',
    'quarantined',
    'readings',
    'first_reading_at',
    'last_reading_at',
    'logger',
    'recorded_by',
    'occurred_at',
  ];
  await insertRows(
    db,
    temperatureLogs,
    temperatureCols,
    latest<TemperatureRecord>(records, 'temperature').map((t): InValue[] => [
      t.id,
      t.seq,
      t.shipment,
      t.holder,
      t.item,
      t.lotCode,
      t.min,
      t.max,
      t.outsideMinutes,
      t.rangeLow,
      t.rangeHigh,
      t.toleranceMinutes,
      b(t.excursion),
      t.quarantined,
      t.readings,
      t.firstReadingAt,
      t.lastReadingAt,
      t.logger,
      t.recordedBy,
      t.occurredAt,
    ]),
    replaceAll(temperatureCols),
  );
  const releaseCols = [
    'id',
    'seq',
    'holder',
    'item',
    'lot_code',
    'reason',
    'quantity',
    'excursions',
    'occurred_at',
  ];
  await insertRows(
    db,
    lotReleases,
    releaseCols,
    latest<ReleaseRecord>(records, 'release').map((r): InValue[] => [
      r.id,
      r.seq,
      r.holder,
      r.item,
      r.lotCode,
      r.reason,
      r.quantity,
      r.excursions.join(','),
      r.occurredAt,
    ]),
    replaceAll(releaseCols),
  );
}
