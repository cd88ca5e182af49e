/**
 * Migration 0017 turns the old event_state (text ids, a copy of each body, type and recorder)
 * into the compact one in SQL, so an existing database keeps working without a rebuild. The
 * old table is recreated here from the current one, as the old write path filled it, and the
 * migration must give back exactly the rows the write path keeps now.
 */
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { readStandings } from '../../api/store/event-body.ts';
import { privateWorld } from '../support/private-world.ts';
import { at, cny } from '../support/test-app.ts';

const migration = readFileSync(
  new URL('../../data/migrations/0017_compact_event_state.sql', import.meta.url),
  'utf8',
);

describe('migration 0017: compact event_state', () => {
  it('keeps every standing, including the body of an event replaced and then reversed', async () => {
    const t = await privateWorld();
    // Replaced, then reversed: its body stays the replacement's, which only the log now holds.
    const use = await t.record('charity', { type: 'use', occurredAt: at, money: cny(300), beneficiaries: 2 });
    await t.record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: use.id,
      reason: 'amount mistyped',
      replacement: { type: 'use', occurredAt: at, money: cny(200), beneficiaries: 3 },
    });
    await t.record('charity', {
      type: 'correction',
      occurredAt: at,
      corrects: use.id,
      reason: 'never happened',
      reverse: true,
    });
    const { client } = t.database;
    const now = (await client.execute('SELECT * FROM event_state ORDER BY seq')).rows.map((r) => ({ ...r }));
    const standings = await readStandings(
      t.database.db,
      now.map((r) => Number(r.seq)),
    );
    const reversedAfterReplacement = standings.find((s) => s.id === use.id)!;
    expect(reversedAfterReplacement.status).toBe('reversed');
    expect(reversedAfterReplacement.body).toMatchObject({ money: cny(200), beneficiaries: 3 });

    await client.execute('DROP TABLE event_state');
    await client.execute(`CREATE TABLE event_state (id text PRIMARY KEY NOT NULL, seq integer NOT NULL,
      type text NOT NULL, recorded_by text NOT NULL, status text NOT NULL, effective_event text NOT NULL,
      received_by text, breach integer NOT NULL, body text NOT NULL, deltas text NOT NULL)`);
    for (const s of standings) {
      const row = now.find((r) => Number(r.seq) === s.seq)!;
      await client.execute({
        sql: 'INSERT INTO event_state VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        args: [
          s.id,
          s.seq,
          s.body.type,
          s.recordedBy,
          s.status,
          s.effectiveEvent,
          s.receivedBy,
          Number(row.breach),
          canonicalize(s.body)!,
          s.deltas,
        ],
      });
    }
    for (const statement of migration.split('--> statement-breakpoint')) await client.execute(statement);

    const migrated = (await client.execute('SELECT * FROM event_state ORDER BY seq')).rows.map((r) => ({
      ...r,
    }));
    expect(migrated).toEqual(now);
    expect(migrated.some((r) => r.replacement_seq !== null && r.status === 'reversed')).toBe(true);
    expect(migrated.some((r) => r.receipt_seq !== null)).toBe(true);
  });
});
