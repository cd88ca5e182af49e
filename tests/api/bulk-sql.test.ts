import fc from 'fast-check';
import type { InValue } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { deleteWhereIn, insertRows, upsert } from '../../api/store/bulk-sql.ts';
import { memoryDatabase } from '../../api/store/database.ts';
import { ledgerMeta, lotShares, temperatureLogs } from '../../api/store/schema.ts';

describe('bulk rows', () => {
  it('store every value exactly and in the order given, as row-by-row inserts would', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.constantFrom('', '"', '\\', '\u0000x', '中文', '{"a":[1]}', 'null'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 50 }), text, fc.maxSafeInteger()), {
          selector: ([lot, donation]) => `${lot}\u0000${donation}`,
          maxLength: 40,
        }),
        async (rows) => {
          const bulk = await memoryDatabase();
          const single = await memoryDatabase();
          // The table is clustered on its key: `position` records the order the rows were given in.
          const columns = ['lot', 'donation', 'amount', 'position'];
          const numbered = rows.map((row, i) => [...row, i]);
          await insertRows(bulk.client, lotShares, columns, numbered);
          for (const row of numbered) await insertRows(single.client, lotShares, columns, [row]);
          const read = async (db: typeof bulk) =>
            (
              await db.client.execute(
                'SELECT lot, donation, amount, typeof(amount) AS t FROM lot_shares ORDER BY position',
              )
            ).rows.map((r) => [r.lot, r.donation, r.amount, r.t]);
          expect(await read(bulk)).toEqual(await read(single));
          if (rows.every(([, d]) => !d.includes('\u0000')))
            expect((await read(bulk)).map((r) => r.slice(0, 3))).toEqual(rows);
          bulk.close();
          single.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('let the last version of a key win when it occurs twice in one insert', async () => {
    const db = await memoryDatabase();
    const rows: InValue[][] = [
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ];
    await insertRows(db.client, ledgerMeta, ['key', 'value'], rows, upsert('key', ['value']));
    const got = await db.client.execute(
      "SELECT key, value FROM ledger_meta WHERE key IN ('a', 'b') ORDER BY key",
    );
    expect(got.rows.map((r) => [r.key, r.value])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    await deleteWhereIn(db.client, ledgerMeta, 'key', ['a', 'zz']);
    const left = await db.client.execute("SELECT key FROM ledger_meta WHERE key IN ('a', 'b')");
    expect(left.rows.map((r) => r.key)).toEqual(['b']);
    db.close();
  });

  it('keep fractions exact (they are bound, not parsed from text)', async () => {
    const db = await memoryDatabase();
    const cols = [
      'id',
      'seq',
      'holder',
      'item',
      'min_c',
      'max_c',
      'outside_minutes',
      'range_low',
      'range_high',
    ];
    const more = ['tolerance_minutes', 'excursion', 'quarantined', 'recorded_by', 'occurred_at'];
    const fractions = [0, 1, 2].map((i) => 0.1 + i / 3);
    await insertRows(
      db.client,
      temperatureLogs,
      [...cols, ...more],
      fractions.map((f, i) => [`t${i}`, i, 'h', 'i', f, f, 0, f, f, 0, 0, 0, 'h', '2026-01-01T00:00:00Z']),
    );
    const got = await db.client.execute('SELECT min_c FROM temperature_logs ORDER BY rowid');
    expect(got.rows.map((r) => r.min_c)).toEqual(fractions);
    db.close();
  });
});
