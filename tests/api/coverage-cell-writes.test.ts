/**
 * Coverage cells are written as differences: a cell that comes back to nothing is removed (a
 * rebuild that sees a need and its undoing together never writes it), and a batch of gains
 * alone never looks for such cells.
 */
import type { InStatement } from '@libsql/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NeedRecord } from '../../api/domain/needs.ts';
import { CellDeltas } from '../../api/store/coverage-cells.ts';
import { memoryDatabase, type Database } from '../../api/store/database.ts';

const need: NeedRecord = {
  id: 'evt_1',
  seq: 1,
  facility: 'h',
  region: '420102',
  recordedBy: 'h',
  item: 'surgical-mask',
  category: 'consumable',
  quantity: 100,
  quantityStated: true,
  reportedBy: null,
  source: null,
  disease: null,
  targetGroup: null,
  urgency: '72h',
  importance: 'life',
  priority: 2,
  appeal: null,
  beneficiaries: null,
  reportedAt: '2026-01-05T08:00:00+08:00',
  status: 'open',
  closeReason: null,
  closedAt: null,
  asOf: null,
  allocations: [],
};

const rollUp = (code: string, level: string) =>
  level === 'province' ? `${code.slice(0, 2)}0000` : level === 'prefecture' ? `${code.slice(0, 4)}00` : code;

describe('coverage cell writes', () => {
  let database: Database;
  const statements: string[] = [];
  const executor = () => ({
    execute: (stmt: InStatement) => {
      statements.push(typeof stmt === 'string' ? stmt : stmt.sql);
      return database.client.execute(stmt);
    },
  });
  const cellCount = async () =>
    Number((await database.client.execute('SELECT count(*) AS n FROM coverage_cells')).rows[0]!.n);

  beforeEach(async () => {
    database = await memoryDatabase();
    statements.length = 0;
  });
  afterEach(() => database.close());

  it('adds a need to every level and grain, without looking for emptied cells', async () => {
    const cells = new CellDeltas(rollUp);
    cells.need(need, 1);
    await cells.write(executor());
    expect(await cellCount()).toBe(9);
    expect(statements.filter((s) => s.startsWith('DELETE'))).toEqual([]);
  });

  it('removes the cells a later batch brings back to nothing', async () => {
    const add = new CellDeltas(rollUp);
    add.need(need, 1);
    await add.write(executor());
    const undo = new CellDeltas(rollUp);
    undo.need(need, -1);
    await undo.write(executor());
    expect(await cellCount()).toBe(0);
  });

  it('keeps a cell that lost one need but still counts another', async () => {
    const add = new CellDeltas(rollUp);
    add.need(need, 1);
    add.need({ ...need, id: 'evt_2', seq: 2, quantity: 5 }, 1);
    await add.write(executor());
    const undo = new CellDeltas(rollUp);
    undo.need(need, -1);
    await undo.write(executor());
    const rows = (await database.client.execute('SELECT needs, needed FROM coverage_cells')).rows;
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => Number(r.needs) === 1 && Number(r.needed) === 5)).toBe(true);
  });
});
