/**
 * NDJSON events: decoded strictly, keyed by content so a re-run writes nothing twice, and
 * referring to earlier events by key so other writers in between change nothing.
 */
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';
import { openDatabase } from '../../api/store/database.ts';
import { events } from '../../api/store/schema.ts';

let dir: string;
let err: string[];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-ndjson-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'test.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'test.key'));
  err = [];
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  await main(['init', '--empty']);
  for (const [id, kind] of [
    ['c', 'charity'],
    ['d', 'company'],
    ['h', 'hospital'],
  ])
    await main(['org', 'create', '--name', `机构${id}`, '--kind', kind!, '--region', '420100', '--id', id!]);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const leaves = async () => {
  const database = await openDatabase(`file:${join(dir, 'test.db')}`);
  try {
    return (await database.db.select().from(events).orderBy(asc(events.seq))).map((e) => JSON.parse(e.leaf));
  } finally {
    database.close();
  }
};
const gift = (amount: number, note = '捐赠') =>
  JSON.stringify({
    recordedBy: 'c',
    event: {
      type: 'donation',
      occurredAt: '2026-01-01T00:00:00Z',
      donor: 'd',
      recipient: 'c',
      money: { currency: 'CNY', amount },
      // Marked public, so the decoded text can be read back from the leaf.
      note,
      notePublic: true,
    },
  });

describe('NDJSON import', () => {
  it('takes a BOM and GB18030, and refuses a file already garbled with U+FFFD', async () => {
    const bom = join(dir, 'bom.ndjson');
    writeFileSync(bom, `\uFEFF${gift(100)}\n`);
    expect(await main(['import', bom])).toBe(0);
    const gb = join(dir, 'gb.ndjson');
    writeFileSync(gb, iconv.encode(`${gift(200, '湖北抗疫')}\n`, 'gb18030'));
    expect(await main(['import', gb])).toBe(0);
    expect((await leaves()).map((l) => l.event.note)).toEqual(['捐赠', '湖北抗疫']);
    const garbled = join(dir, 'garbled.ndjson');
    writeFileSync(garbled, `${gift(300, 'ok')}\n${gift(300, '\uFFFD\uFFFD')}\n`);
    expect(await main(['import', garbled])).toBe(2);
    expect(err.join('\n')).toContain('line 2 holds a replacement character');
    expect(await leaves()).toHaveLength(2);
  });

  it('keys every line by its content: a whole or partial re-run writes nothing twice', async () => {
    const file = join(dir, 'gifts.ndjson');
    // Two identical lines are two gifts: the second is keyed as the second of its kind.
    const lines = [gift(100), gift(100), gift(250)];
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(await main(['import', file])).toBe(0);
    expect(await main(['import', file])).toBe(0);
    expect(err.at(-1)).toContain('3 accepted (3 already imported)');
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    expect(await main(['import', file])).toBe(0);
    expect((await leaves()).map((l) => l.event.money.amount)).toEqual([100, 100, 250]);
  });

  it('refers to earlier events by key, so writes by others in between shift nothing', async () => {
    const first = join(dir, 'first.ndjson');
    writeFileSync(
      first,
      `${JSON.stringify({
        recordedBy: 'c',
        idempotencyKey: 'gift-1',
        event: {
          type: 'donation',
          occurredAt: '2026-01-01T00:00:00Z',
          donor: 'd',
          recipient: 'c',
          money: { currency: 'CNY', amount: 1000 },
        },
      })}\n${JSON.stringify({
        recordedBy: 'c',
        idempotencyKey: 'ship-1',
        event: {
          type: 'transfer',
          occurredAt: '2026-01-02T00:00:00Z',
          to: 'h',
          money: { currency: 'CNY', amount: 600 },
        },
      })}\n`,
    );
    expect(await main(['import', first])).toBe(0);
    // Someone else writes in between.
    const other = join(dir, 'other.ndjson');
    writeFileSync(other, `${gift(5)}\n${gift(6)}\n`);
    expect(await main(['import', other])).toBe(0);
    const receipt = join(dir, 'receipt.ndjson');
    writeFileSync(
      receipt,
      `${JSON.stringify({
        recordedBy: 'h',
        event: {
          type: 'receipt',
          occurredAt: '2026-01-03T00:00:00Z',
          transfer: 'ref:ship-1',
          money: { currency: 'CNY', amount: 600 },
        },
      })}\n${JSON.stringify({
        recordedBy: 'h',
        event: {
          type: 'receipt',
          occurredAt: '2026-01-03T00:00:00Z',
          transfer: 'ref:no-such-key',
          money: { currency: 'CNY', amount: 1 },
        },
      })}\n`,
    );
    expect(await main(['import', receipt, '--dry-run'])).toBe(2);
    expect(await main(['import', receipt])).toBe(2);
    const all = await leaves();
    expect(all).toHaveLength(5);
    expect(all[4].event).toMatchObject({ type: 'receipt', transfer: all[1].id });
    expect(err.join('\n')).toContain('no-such-key');
  });
});
