/** `aidtrail witness init` and `witness serve`: keys, clear refusals, a witness answering over HTTP. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';
import { startWitness, witnessedLogs } from '../../api/cli/commands/witness.ts';
import { parseCosignerKey, parseCosigningKey } from '../../api/domain/witness/cosignature.ts';
import { formatAddCheckpoint } from '../../api/domain/witness/witness.ts';
import { ToyLog } from '../support/toy-log.ts';

let dir: string;
let err: string[];
let out: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-witness-cli-'));
  err = [];
  out = [];
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('aidtrail witness', () => {
  it('init creates a key readable by its owner only and prints its vkey; a second init refuses', async () => {
    const file = join(dir, 'w.key');
    expect(await main(['witness', 'init', '--name', 'witness.example/w1', '--key', file])).toBe(0);
    const vkey = out.join('\n').trim();
    expect(parseCosignerKey(vkey).name).toBe('witness.example/w1');
    expect(parseCosigningKey(readFileSync(file, 'utf8').trim()).keyId).toBe(parseCosignerKey(vkey).keyId);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await main(['witness', 'init', '--name', 'witness.example/w1', '--key', file])).toBe(2);
    expect(err.join('\n')).toMatch(/already holds a witness key/);
  });

  it('refuses bad input with status 2 and the reason', async () => {
    expect(await main(['witness'])).toBe(2);
    expect(await main(['witness', 'init', '--name', 'has space', '--key', join(dir, 'k')])).toBe(2);
    expect(err.join('\n')).toMatch(/witness name/);
    const log = new ToyLog();
    expect(await main(['witness', 'serve', '--key', join(dir, 'none.key'), '--log', log.vkey])).toBe(2);
    expect(err.join('\n')).toMatch(/no witness key at .*witness init/);
    await main(['witness', 'init', '--name', 'w.example/w', '--key', join(dir, 'w.key')]);
    expect(await main(['witness', 'serve', '--key', join(dir, 'w.key'), '--log', 'not-a-key'])).toBe(2);
    expect(err.join('\n')).toMatch(/--log not-a-key/);
    expect(
      await main(['witness', 'serve', '--key', join(dir, 'w.key'), '--log', log.vkey, '--port', 'x']),
    ).toBe(2);
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('serves add-checkpoint over HTTP and remembers across restarts', async () => {
    await main(['witness', 'init', '--name', 'w.example/w', '--key', join(dir, 'w.key')]);
    const key = parseCosigningKey(readFileSync(join(dir, 'w.key'), 'utf8').trim());
    const log = new ToyLog().grow(4);
    const options = {
      key,
      logs: witnessedLogs([log.vkey]),
      statePath: join(dir, 'w.key.state.json'),
      host: '127.0.0.1',
      port: 0,
    };
    const first = await startWitness(options);
    const post = (url: string, body: string) => fetch(`${url}/add-checkpoint`, { method: 'POST', body });
    try {
      expect((await post(first.url, formatAddCheckpoint(0, [], log.checkpoint()))).status).toBe(200);
    } finally {
      await first.close();
    }
    const second = await startWitness(options);
    try {
      const res = await post(second.url, formatAddCheckpoint(0, [], log.checkpoint()));
      expect([res.status, await res.text()]).toEqual([409, '4\n']);
    } finally {
      await second.close();
    }
  });
});
