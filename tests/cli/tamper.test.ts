/**
 * The tamper drill: change history behind the ledger's back and the verifier must notice,
 * naming the event; truncate or rewrite the log and a saved checkpoint must refuse it.
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';
import { parseSigningKey, verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { openContext } from '../../api/cli/context.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { createApp } from '../../api/http/app.ts';
import { createOrganization } from '../../api/store/admin.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';

let dir: string;
let err: string[];
let out: string[];

/** The log's vkey, as a verifier obtains it independently of an export or a server. */
const logKey = () => verifierKeyFor(parseSigningKey(readFileSync(join(dir, 'ledger.key'), 'utf8').trim()));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-tamper-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'ledger.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'ledger.key'));
  err = [];
  out = [];
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A ledger of `n` gifts, one write (and one checkpoint) each; returns their receipt codes. */
async function ledger(n: number) {
  expect(await main(['init', '--empty'])).toBe(0);
  const ctx = await openContext(configFromEnv());
  await createOrganization(
    ctx.database.db,
    { id: 'c', name: 'Charity', kind: 'charity', region: '420100' },
    new Date(),
    ctx.catalog.hasRegion,
  );
  const writer = new LedgerWriter({ ...ctx, origin: ctx.signingKey.name });
  const codes: string[] = [];
  for (let i = 1; i <= n; i++) {
    const { answer } = await writer.record({
      recordedBy: 'c',
      body: {
        type: 'donation',
        occurredAt: '2026-01-01T00:00:00Z',
        anonymous: true,
        donorKind: 'individual',
        recipient: 'c',
        money: { currency: 'CNY', amount: 1000 * i },
      },
    });
    codes.push(answer.receiptCode!);
  }
  return { ctx, codes };
}

async function serveLedger(ctx: Awaited<ReturnType<typeof ledger>>['ctx']) {
  // The drill rewrites the database under the running server; a response cache would keep
  // serving the answers computed before, so the server here reads the database every time.
  const { app } = createApp({ ...ctx, origin: ctx.signingKey.name, responseCache: false });
  const server = serve({ fetch: app.fetch, port: 0 });
  await new Promise((r) => server.once('listening', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('tamper drill', () => {
  it("a private part changed behind the log fails the donor's check and the auditor's, naming the event", async () => {
    const { ctx, codes } = await ledger(4);
    expect(await main(['verify', '--private'])).toBe(0);
    expect(out.join('\n')).toContain('4 of 4 leaves carry a commitment');
    expect(await main(['export', join(dir, 'x')])).toBe(0);
    expect(await main(['verify', join(dir, 'x'), '--private', '--key', logKey()])).toBe(0);
    expect(out.join('\n')).toMatch(
      /verified 4 leaves against 4 signed checkpoints[\s\S]*4 of 4 leaves carry a commitment/,
    );

    // The operator hands out another salt for the third gift: its commitment no longer opens.
    await ctx.database.client.execute(`UPDATE event_private SET salt = '${'00'.repeat(32)}' WHERE seq = 3`);
    const { server, url } = await serveLedger(ctx);
    try {
      expect(await main(['verify', codes[2]!, '--server', url, '--key', logKey()])).toBe(1);
      expect(err.join('\n')).toMatch(/does not match the commitment/);
      expect(await main(['verify', codes[1]!, '--server', url, '--key', logKey()])).toBe(0);
    } finally {
      server.close();
    }
    err.length = 0;
    expect(await main(['verify', '--private'])).toBe(1);
    expect(err.join('\n')).toMatch(
      /FAILED at evt_3 \(leaf 2\): the private part kept for evt_3 does not match/,
    );
    err.length = 0;
    expect(await main(['verify', join(dir, 'x'), '--private', '--key', logKey()])).toBe(1);
    expect(err.join('\n')).toMatch(/evt_3/);
    // Without the database's private parts there is nothing to check them against: bad input.
    await expect(main(['verify', codes[0]!, '--private'])).resolves.toBe(2);
    ctx.database.close();
  });

  it('an untouched database and its export verify', async () => {
    const { ctx } = await ledger(6);
    expect(await main(['verify'])).toBe(0);
    expect(out.join('\n')).toContain('6 leaves, 6 signed checkpoints');
    expect(await main(['export', join(dir, 'x')])).toBe(0);
    expect(await main(['verify', join(dir, 'x'), '--key', logKey()])).toBe(0);
    expect(out.join('\n')).toMatch(/verified 6 leaves against 6 signed checkpoints/);
    ctx.database.close();
  });

  it('an event edited in the database is named by verify, in the database and in an export', async () => {
    const { ctx } = await ledger(6);
    await ctx.database.client.execute(
      `UPDATE events SET leaf = replace(leaf, '"amount":3000', '"amount":30000') WHERE seq = 3`,
    );
    expect(await main(['verify'])).toBe(1);
    expect(err.join('\n')).toMatch(/FAILED at evt_3 \(leaf 2\)/);
    expect(await main(['export', join(dir, 'x')])).toBe(0);
    expect(await main(['verify', join(dir, 'x'), '--key', logKey()])).toBe(1);
    expect(err.join('\n')).toMatch(/leaf 2 \(evt_3\) does not match the signed checkpoint/);
    ctx.database.close();
  });

  it('an event edited together with its stored leaf hash is still caught by the signed checkpoints', async () => {
    const { ctx } = await ledger(4);
    const { leafHash } = await import('../../api/domain/merkle/index.ts');
    const { sha256 } = await import('../../api/store/log-store.ts');
    const row = (await ctx.database.client.execute('SELECT leaf FROM events WHERE seq = 2')).rows[0]!;
    const forged = String(row.leaf).replace('"amount":2000', '"amount":1');
    await ctx.database.client.execute({ sql: 'UPDATE events SET leaf = ? WHERE seq = 2', args: [forged] });
    await ctx.database.client.execute({
      sql: 'UPDATE log_nodes SET hash = ? WHERE level = 0 AND idx = 1',
      args: [leafHash(sha256, new TextEncoder().encode(forged))],
    });
    expect(await main(['verify'])).toBe(1);
    expect(err.join('\n')).toMatch(/checkpoint at size 2 does not match the events/);
    ctx.database.close();
  });

  it('an export with a changed line fails at that line, with a trusted key given explicitly', async () => {
    const { ctx } = await ledger(5);
    await main(['export', join(dir, 'x')]);
    const key = readFileSync(join(dir, 'x', 'public-key.txt'), 'utf8').trim();
    const file = join(dir, 'x', 'events.ndjson');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = lines[3]!.replace('"amount":4000', '"amount":4001');
    writeFileSync(file, lines.join('\n'));
    expect(await main(['verify', join(dir, 'x'), '--key', key])).toBe(1);
    expect(err.join('\n')).toMatch(/leaf 3 \(evt_4\)/);
    // A key that is not the log's key refuses the checkpoint itself.
    const { generateSigningKey, verifierKeyFor } = await import('../../api/domain/merkle/index.ts');
    err.length = 0;
    expect(
      await main([
        'verify',
        join(dir, 'x'),
        '--key',
        verifierKeyFor(generateSigningKey('aidtrail.local/log')),
      ]),
    ).toBe(1);
    expect(err.join('\n')).toMatch(/checkpoint\.txt/);
    ctx.database.close();
  });

  it('a gift verifies against the server, and a saved checkpoint refuses a truncated or rewritten log', async () => {
    const { ctx, codes } = await ledger(5);
    const { server, url } = await serveLedger(ctx);
    try {
      expect(await main(['verify', codes[1]!, '--server', url, '--key', logKey()])).toBe(0);
      expect(out.join('\n')).toMatch(/is evt_2, leaf 1 of the log of 5 leaves.*commits to the private part/);
      const saved = join(dir, 'saved-checkpoint.txt');
      writeFileSync(saved, await (await fetch(`${url}/api/v1/log/checkpoint`)).text());
      expect(await main(['verify', '--checkpoint', saved, '--server', url, '--key', logKey()])).toBe(0);

      // Truncate the log to 3 events.
      for (const sql of [
        'DELETE FROM events WHERE seq > 3',
        'DELETE FROM event_private WHERE seq > 3',
        'DELETE FROM checkpoints WHERE size > 3',
        'DELETE FROM log_nodes WHERE (idx + 1) * (1 << level) > 3',
      ])
        await ctx.database.client.execute(sql);
      expect(await main(['verify', '--checkpoint', saved, '--server', url, '--key', logKey()])).toBe(1);
      expect(err.join('\n')).toMatch(/truncated/);

      // Rewrite: new, different events take the place of the removed ones and go beyond.
      const writer = new LedgerWriter({ ...ctx, origin: ctx.signingKey.name });
      await ctx.database.client.execute('DELETE FROM ledger_meta');
      await main(['rebuild']);
      for (let i = 0; i < 4; i++)
        await writer.record({
          recordedBy: 'c',
          body: {
            type: 'donation',
            occurredAt: '2026-02-01T00:00:00Z',
            anonymous: true,
            donorKind: 'company',
            recipient: 'c',
            money: { currency: 'CNY', amount: 7 },
          },
        });
      err.length = 0;
      expect(await main(['verify', '--checkpoint', saved, '--server', url, '--key', logKey()])).toBe(1);
      expect(err.join('\n')).toMatch(/FAILED/);
    } finally {
      server.close();
      ctx.database.close();
    }
  });
});
