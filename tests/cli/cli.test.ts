import { mkdtempSync, rmSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../api/cli/main.ts';

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-cli-'));
  vi.stubEnv('DATABASE_URL', `file:${join(dir, 'test.db')}`);
  vi.stubEnv('AIDTRAIL_SIGNING_KEY', join(dir, 'test.key'));
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const run = async (...args: string[]) => {
  out.length = 0;
  err.length = 0;
  return main(args);
};

describe('aidtrail CLI', () => {
  it('init creates the database and a private signing key, and is safe to run again', async () => {
    expect(await run('init', '--empty')).toBe(0);
    expect(statSync(join(dir, 'test.key')).mode & 0o777).toBe(0o600);
    const key = readFileSync(join(dir, 'test.key'), 'utf8');
    expect(key).toMatch(/^PRIVATE\+KEY\+aidtrail\.local\/log\+[0-9a-f]{8}\+/);
    expect(await run('init', '--empty')).toBe(0);
    expect(readFileSync(join(dir, 'test.key'), 'utf8')).toBe(key);
  });

  it('creates organizations and tokens, refusing bad input with exit status 2', async () => {
    await run('init', '--empty');
    expect(
      await run(
        'org',
        'create',
        '--name',
        '爱心基金会',
        '--kind',
        'charity',
        '--region',
        '420100',
        '--id',
        'aixin',
      ),
    ).toBe(0);
    expect(out).toEqual(['aixin']);
    expect(await run('org', 'create', '--name', 'x', '--kind', 'wizard', '--region', '420100')).toBe(2);
    expect(err.join('\n')).toContain('kind');
    expect(await run('org', 'create', '--name', 'x', '--kind', 'charity', '--region', '999999')).toBe(2);
    expect(
      await run('org', 'create', '--name', 'dup', '--kind', 'charity', '--region', '420100', '--id', 'aixin'),
    ).toBe(2);
    expect(await run('org', 'create', '--name', 'x')).toBe(2);
    expect(await run('token', 'create', '--org', 'aixin')).toBe(0);
    expect(out[0]).toMatch(/^at_[A-Za-z0-9_-]{43}$/);
    expect(await run('token', 'create', '--org', 'nobody')).toBe(2);
    expect(await run('frobnicate')).toBe(2);
  });

  it('imports NDJSON through the write path, keeping every refused line with its reason, then rebuilds to the same digest', async () => {
    await run('init', '--empty');
    await run('org', 'create', '--name', 'Charity', '--kind', 'charity', '--region', '420100', '--id', 'c');
    await run('org', 'create', '--name', 'Donor', '--kind', 'company', '--region', '420100', '--id', 'd');
    const file = join(dir, 'events.ndjson');
    const ev = (amount: number) =>
      JSON.stringify({
        recordedBy: 'c',
        event: {
          type: 'donation',
          occurredAt: '2026-01-01T00:00:00Z',
          donor: 'd',
          recipient: 'c',
          money: { currency: 'CNY', amount },
        },
      });
    writeFileSync(
      file,
      [
        ev(100),
        ev(-1),
        '{not json',
        ev(200),
        JSON.stringify({
          recordedBy: 'c',
          event: {
            type: 'transfer',
            occurredAt: '2026-01-02T00:00:00Z',
            to: 'd',
            money: { currency: 'CNY', amount: 999 },
          },
        }),
        '',
      ].join('\n'),
    );
    expect(await run('import', file)).toBe(2);
    expect(err.join('\n')).toMatch(/5 rows, 2 accepted, 3 refused; created 2 events/);
    const rejected = readFileSync(`${file}.rejected.ndjson`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejected.map((r) => [r.line, r.problem.type])).toEqual([
      [2, 'validation'],
      [3, 'validation'],
      [5, 'insufficient-holdings'],
    ]);
    expect(await run('rebuild')).toBe(0);
    expect(out[0]).toMatch(/identical to before/);
  });
});
