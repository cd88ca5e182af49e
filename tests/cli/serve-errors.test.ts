/**
 * The server's and the verifier's failures, said in one line with exit status 2: a taken port
 * (before the minute-long site build, not after it), a server that is not running, and where
 * downloads are kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';
import { defaultDownloadsDir } from '../../api/store/exports/downloads-cache.ts';
import { testSigningKey } from '../support/test-app.ts';

let dir: string;
let err: string[];
let held: Server | undefined;

const listen = (port = 0) =>
  new Promise<Server>((resolve) => {
    const s = createServer();
    s.listen({ port, host: '127.0.0.1' }, () => resolve(s));
  });
const portOf = (s: Server) => (s.address() as { port: number }).port;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-serve-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'test.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'test.key'));
  err = [];
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await new Promise((r) => (held ? held.close(r) : r(undefined)));
  held = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('a taken port', () => {
  it.each(['serve', 'start'])(
    'makes `%s` exit 2 with a plain message before doing anything else',
    async (command) => {
      held = await listen();
      vi.stubEnv('PORT', String(portOf(held)));
      expect(await main([command])).toBe(2);
      expect(err.join('\n')).toMatch(new RegExp(`port ${portOf(held)} is already in use on 127\\.0\\.0\\.1`));
      expect(err.join('\n')).not.toMatch(/EADDRINUSE|\n\s+at /);
    },
  );
});

describe('aidtrail verify RECEIPT_CODE without a server', () => {
  it('says the server cannot be reached, with exit status 2 and no stack trace', async () => {
    const free = await listen();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    vi.stubEnv('PORT', String(port));
    expect(await main(['verify', 'AT-7K3M-9QXF-2B4D', '--key', 'log.example/log+01234567+AQ=='])).toBe(2);
    const text = err.join('\n');
    expect(text).toContain(`cannot reach the server at http://127.0.0.1:${port}`);
    expect(text).toContain('--server');
    expect(text).not.toMatch(/TypeError|\n\s+at /);
  });
});

describe('downloads', () => {
  it('are kept beside a database file, and under the temp directory otherwise', () => {
    expect(defaultDownloadsDir('file:/srv/aidtrail/aidtrail.db', testSigningKey)).toMatch(
      /^\/srv\/aidtrail\/aidtrail\.db\.downloads\/[0-9a-f]{8}$/,
    );
    expect(defaultDownloadsDir('libsql://ledger.example.org', testSigningKey).startsWith(tmpdir())).toBe(
      true,
    );
    expect(defaultDownloadsDir(':memory:', testSigningKey).startsWith(tmpdir())).toBe(true);
  });
});
