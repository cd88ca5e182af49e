/**
 * `aidtrail verify` trusts only keys the user brings: the log's key with --key (never the one
 * inside an export or served by the log), and witnesses with --witness and --quorum. An export
 * missing a file it needs is refused, naming the file.
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configFromEnv } from '../../api/cli/config.ts';
import { openContext } from '../../api/cli/context.ts';
import { main } from '../../api/cli/main.ts';
import { startWitness, witnessedLogs, type RunningWitness } from '../../api/cli/commands/witness.ts';
import {
  generateSigningKey,
  parseSigningKey,
  signNote,
  verifierKeyFor,
} from '../../api/domain/merkle/index.ts';
import {
  cosignerKeyFor,
  generateCosigningKey,
  parseCosigningKey,
} from '../../api/domain/witness/cosignature.ts';
import { createApp } from '../../api/http/app.ts';
import { createOrganization } from '../../api/store/admin.ts';

let dir: string;
let err: string[];
let out: string[];
const running: Array<{ close(): unknown }> = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-verify-keys-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'ledger.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'ledger.key'));
  err = [];
  out = [];
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
});
afterEach(async () => {
  for (const r of running.splice(0)) await r.close();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const logKey = () => verifierKeyFor(parseSigningKey(readFileSync(join(dir, 'ledger.key'), 'utf8').trim()));

/** A portal with `n` gifts, cosigned by two witnesses on loopback; and a third witness that saw nothing. */
async function witnessedLedger(n: number) {
  expect(await main(['init', '--empty'])).toBe(0);
  const ctx = await openContext(configFromEnv());
  const keys = [1, 2, 3].map((i) =>
    parseCosigningKey(generateCosigningKey(`w${i}.example/w`, new Uint8Array(32).fill(40 + i))),
  );
  const witnesses: RunningWitness[] = [];
  for (const [i, key] of keys.entries()) {
    const w = await startWitness({
      key,
      logs: witnessedLogs([logKey()]),
      statePath: join(dir, `w${i}.state.json`),
      host: '127.0.0.1',
      port: 0,
    });
    running.push(w);
    witnesses.push(w);
  }
  await createOrganization(
    ctx.database.db,
    { id: 'c', name: 'Charity', kind: 'charity', region: '420100' },
    new Date(),
    ctx.catalog.hasRegion,
  );
  const { app, writer, witnessing } = createApp({
    ...ctx,
    origin: ctx.signingKey.name,
    responseCache: false,
    witnesses: witnesses.slice(0, 2).map((w, i) => ({ url: w.url, key: keys[i]! })),
    log: () => undefined,
  });
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
    await witnessing.settled();
  }
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  running.push(server, { close: () => ctx.database.close() });
  return {
    codes,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    vkeys: keys.map((k) => cosignerKeyFor(k)),
  };
}

describe('verify DIR', () => {
  it('refuses to trust the key shipped in the export: --key is required (status 2)', async () => {
    await witnessedLedger(2);
    expect(await main(['export', join(dir, 'x')])).toBe(0);
    expect(await main(['verify', join(dir, 'x')])).toBe(2);
    const text = err.join('\n');
    expect(text).toMatch(/pass --key VKEY/);
    expect(text).toContain(`public-key.txt: ${logKey()}`);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('refuses an export re-signed with another key, even with its own public-key.txt', async () => {
    await witnessedLedger(2);
    const x = join(dir, 'x');
    expect(await main(['export', x])).toBe(0);
    const forger = parseSigningKey(generateSigningKey('aidtrail.local/log'));
    writeFileSync(join(x, 'public-key.txt'), `${verifierKeyFor(forger)}\n`);
    const sums = readFileSync(join(x, 'SHA256SUMS'), 'utf8');
    writeFileSync(join(x, 'SHA256SUMS.note'), signNote(sums, forger));
    expect(await main(['verify', x, '--key', logKey()])).toBe(1);
  });

  for (const file of [
    'SHA256SUMS',
    'SHA256SUMS.note',
    'datapackage.json',
    'checkpoints.ndjson',
    'events.ndjson',
  ])
    it(`refuses an export without ${file}, naming it (status 1)`, async () => {
      await witnessedLedger(1);
      const x = join(dir, 'x');
      expect(await main(['export', x])).toBe(0);
      rmSync(join(x, file));
      expect(await main(['verify', x, '--key', logKey()])).toBe(1);
      expect(err.join('\n')).toContain(`FAILED: ${file}: missing`);
      expect(err.join('\n')).not.toMatch(/ENOENT|\n\s+at /);
    });

  it('with --witness, finds the checkpoint the quorum cosigned, and fails when they did not', async () => {
    const { vkeys } = await witnessedLedger(3);
    const x = join(dir, 'x');
    expect(await main(['export', x])).toBe(0);
    expect(await main(['verify', x, '--key', logKey(), '--witness', vkeys[0]!, '--witness', vkeys[1]!])).toBe(
      0,
    );
    expect(out.join('\n')).toMatch(
      /witnessed: the first 3 leaves are cosigned by w1\.example\/w, w2\.example\/w \(2 of 2 required\)/,
    );
    expect(await main(['verify', x, '--key', logKey(), '--witness', vkeys[0]!, '--witness', vkeys[2]!])).toBe(
      1,
    );
    expect(err.join('\n')).toMatch(
      /checkpoints\.ndjson: no checkpoint carries cosignatures by 2 of the 2 witnesses/,
    );
    // A quorum of one of those two is met.
    expect(
      await main([
        'verify',
        x,
        '--key',
        logKey(),
        '--witness',
        vkeys[0]!,
        '--witness',
        vkeys[2]!,
        '--quorum',
        '1',
      ]),
    ).toBe(0);
    expect(await main(['verify', x, '--key', logKey(), '--witness', vkeys[0]!, '--quorum', '2'])).toBe(2);
    expect(await main(['verify', x, '--key', logKey(), '--quorum', '1'])).toBe(2);
    expect(await main(['verify', x, '--key', logKey(), '--witness', logKey()])).toBe(2);
  });
});

describe('verify RECEIPT_CODE', () => {
  it('needs --key; with witnesses, proves the gift is in the checkpoint the quorum cosigned', async () => {
    const { codes, url, vkeys } = await witnessedLedger(3);
    expect(await main(['verify', codes[1]!, '--server', url])).toBe(2);
    expect(err.join('\n')).toMatch(/pass --key VKEY/);
    expect(
      await main([
        'verify',
        codes[1]!,
        '--server',
        url,
        '--key',
        logKey(),
        '--witness',
        vkeys[0]!,
        '--witness',
        vkeys[1]!,
      ]),
    ).toBe(0);
    expect(out.join('\n')).toMatch(
      /witnessed: leaf 1 is in the checkpoint of 3 leaves cosigned by w1\.example\/w, w2\.example\/w/,
    );
    err.length = 0;
    expect(
      await main([
        'verify',
        codes[1]!,
        '--server',
        url,
        '--key',
        logKey(),
        '--witness',
        vkeys[0]!,
        '--witness',
        vkeys[2]!,
      ]),
    ).toBe(1);
    expect(err.join('\n')).toMatch(
      /cosigned by 1 of the witnesses you gave \(w1\.example\/w\), fewer than the quorum of 2/,
    );
  });
});
