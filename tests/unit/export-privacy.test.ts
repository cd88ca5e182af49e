/**
 * Privacy in every exported file: anonymous donors only as anonymous with their kind, a donor
 * registered as anonymous never by name or id outside the log itself, beneficiary counts
 * below 5 as "<5", and no tokens, token hashes or private tables anywhere.
 */
import { createHash } from 'node:crypto';
import { createClient } from '@libsql/client';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenDonor, exportWorld } from '../support/export-world.ts';
import { exportedFiles } from '../support/exported-files.ts';

let world: Awaited<ReturnType<typeof exportWorld>>;
let files: Awaited<ReturnType<typeof exportedFiles>>;
let dir: string;
const csv = (name: string) => files.csv(name);
const ndjson = (name: string) => files.ndjson(name);

beforeAll(async () => {
  world = await exportWorld();
  files = await exportedFiles(world.database);
  dir = files.dir;
});
afterAll(() => files.remove());

describe('exports and privacy', () => {
  it('an organization registered as anonymous appears in no file, the log included, by id or by name', () => {
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(40);
    // The log holds public leaves: the gift names its donor only by kind, behind a commitment.
    expect(readFileSync(join(dir, 'events.ndjson'), 'utf8')).toContain(
      '"donor":{"anonymous":true,"kind":"individual"}',
    );
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(hiddenDonor.id), f).toBe(false);
      expect(bytes.includes(Buffer.from(hiddenDonor.name)), f).toBe(false);
      expect(bytes.includes(Buffer.from('Quiet Benefactor')), f).toBe(false);
    }
  });

  it('anonymous donors appear only as anonymous with their kind, without receipt code', () => {
    const gifts = new Map(csv('donations').map((r) => [r.id, r]));
    expect(gifts.get(world.ids.fromHidden)).toMatchObject({
      donor: '',
      donor_name: '',
      donor_kind: 'individual',
      anonymous: 'true',
      donor_confirmed: '',
    });
    expect(gifts.get(world.ids.anonymousGift)).toMatchObject({
      donor: '',
      donor_name: '',
      donor_kind: 'company',
      anonymous: 'true',
    });
    // A named donor keeps its name, marked as named by the recipient until it confirms; no gift
    // has a receipt code in any file: a code is its donor's private handle.
    expect(gifts.get(world.ids.fromFormula)).toMatchObject({
      donor: 'formula-co',
      anonymous: 'false',
      donor_confirmed: 'false',
    });
    for (const g of gifts.values()) expect(g).not.toHaveProperty('receipt_code');
    const asJson = ndjson('donations').find((g) => g.id === world.ids.anonymousGift)!;
    expect(asJson).toMatchObject({
      donor: null,
      donor_name: null,
      donor_kind: 'company',
      anonymous: true,
    });
    expect(asJson).not.toHaveProperty('receipt_code');
    // Flows out of the hidden donor's gift carry no donor either.
    const donated = csv('gift_flows').filter(
      (f) => f.donation === world.ids.fromHidden && f.kind === 'donated',
    );
    expect(donated).toEqual([expect.objectContaining({ from: '', to: 'charity' })]);
    expect(csv('organizations').map((o) => o.id)).not.toContain(hiddenDonor.id);
  });

  it('beneficiary counts below 5 read "<5" in CSV, NDJSON and SQLite', async () => {
    const uses = csv('uses');
    expect(uses.map((u) => u.beneficiaries).sort()).toEqual(['12', '<5']);
    expect(
      ndjson('uses')
        .map((u) => u.beneficiaries)
        .sort(),
    ).toEqual(['12', '<5']);
    expect(csv('needs').map((n) => n.beneficiaries)).toEqual(['<5']);
    const db = createClient({ url: `file:${join(dir, 'aidtrail.sqlite')}` });
    try {
      const rows = (
        await db.execute('SELECT beneficiaries FROM uses UNION ALL SELECT beneficiaries FROM needs')
      ).rows.map((r) => r.beneficiaries);
      expect(rows.sort()).toEqual(['12', '<5', '<5']);
      expect(rows.every((b) => typeof b === 'string')).toBe(true);
    } finally {
      db.close();
    }
  });

  it('no token, token hash, idempotency record or private table is exported', async () => {
    const secrets = Object.values(world.tokens).flatMap((t) => [
      t,
      createHash('sha256').update(t).digest('hex'),
    ]);
    expect(secrets.length).toBeGreaterThan(10);
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f)).toString('latin1');
      for (const s of secrets) expect(text.includes(s), f).toBe(false);
      expect(/api_tokens|idempotency_keys|token_hash/.test(text), f).toBe(false);
    }
    const db = createClient({ url: `file:${join(dir, 'aidtrail.sqlite')}` });
    try {
      const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) =>
        String(r.name),
      );
      for (const t of [
        'api_tokens',
        'idempotency_keys',
        'event_state',
        'lots',
        'flows',
        'log_nodes',
        'ledger_meta',
      ])
        expect(tables).not.toContain(t);
    } finally {
      db.close();
    }
  });
});
