/**
 * Building the static site with Astro from a database, into a directory. The same function
 * serves `aidtrail build` (a site for a CDN), `aidtrail start`, the live site that follows the
 * ledger, and the browser tests.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { precompressSite } from './precompress.ts';
import type { PinnedKeys } from '../../site/lib/pinned-keys.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface SiteBuildInput {
  databaseUrl: string;
  databaseAuthToken?: string;
  outDir: string;
  /** Where Astro's own output goes; default: collected and returned (and shown on failure). */
  echo?: boolean;
  /** Brotli and gzip copies of every compressible file (default true). */
  precompress?: boolean;
  /** The log's and witnesses' keys the pages' in-browser checks trust (none: they check nothing). */
  pins?: PinnedKeys;
}

export interface SiteBuildResult {
  ms: number;
  log: string;
}

export async function buildSite(input: SiteBuildInput): Promise<SiteBuildResult> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // A test runner's NODE_ENV=test would make Vite bundle React's development build.
    NODE_ENV: 'production',
    DATABASE_URL: input.databaseUrl,
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  if (input.databaseAuthToken) env.DATABASE_AUTH_TOKEN = input.databaseAuthToken;
  else delete env.DATABASE_AUTH_TOKEN;
  if (input.pins) env.AIDTRAIL_PINNED_KEYS = JSON.stringify(input.pins);
  else delete env.AIDTRAIL_PINNED_KEYS;
  const log = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`${repoRoot}node_modules/astro/bin/astro.mjs`, 'build', '--outDir', input.outDir],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const take = (d: Buffer) => {
      out += d;
      if (input.echo) process.stderr.write(d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`astro build exited with ${code}\n${out.slice(-4000)}`)),
    );
  });
  if (input.precompress !== false) await precompressSite(input.outDir);
  return { ms: performance.now() - started, log };
}
