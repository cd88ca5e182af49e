/**
 * `aidtrail complaint hide|list`: moderation from the command line, exit 0 on success and 2 on
 * bad input or a refusal (reason on stderr); the portal's recorders are ids no organization may take.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configFromEnv } from '../../api/cli/config.ts';
import { openContext } from '../../api/cli/context.ts';
import { main } from '../../api/cli/main.ts';
import { publicRecorder } from '../../api/domain/complaints.ts';
import { LedgerWriter } from '../../api/store/ledger-writer.ts';

let dir: string;
let out: string[];
let err: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-complaint-cli-'));
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

describe('aidtrail complaint', () => {
  it('hides an abusive summary with its reason, once, and lists complaints; refuses bad input with 2', async () => {
    expect(await run('init', '--empty')).toBe(0);
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
    const ctx = await openContext(configFromEnv());
    const { answer } = await new LedgerWriter({ ...ctx, origin: ctx.signingKey.name }).record({
      recordedBy: publicRecorder,
      body: {
        type: 'complaint',
        occurredAt: ctx.clock().toISOString(),
        about: 'aixin',
        category: 'other',
        summary: '一句骂人的话',
      },
    });
    ctx.database.close();

    expect(await run('complaint', 'hide', answer.id)).toBe(2);
    expect(err.join('\n')).toContain('--reason');
    expect(await run('complaint', 'hide', 'aixin', '--reason', 'x')).toBe(2);
    expect(await run('complaint', 'hide', answer.id, '--reason', '含有辱骂')).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^evt_\d+$/)]);
    expect(await run('complaint', 'hide', answer.id, '--reason', '含有辱骂')).toBe(2);
    expect(err.join('\n')).toContain('already hidden');
    expect(await run('complaint', 'list')).toBe(0);
    expect(out.join('\n')).toContain('(含有辱骂)');
    expect(out.join('\n')).not.toContain('一句骂人的话');
    expect(await run('complaint', 'unhide', answer.id)).toBe(2);
  });

  it('keeps the ids the log uses for the public and moderation from any organization', async () => {
    expect(await run('init', '--empty')).toBe(0);
    for (const id of ['public', 'moderator', 'evt_12']) {
      expect(
        await run('org', 'create', '--name', '某机构', '--kind', 'charity', '--region', '420100', '--id', id),
      ).toBe(2);
      expect(err.join('\n')).toContain('reserved');
    }
  });
});
