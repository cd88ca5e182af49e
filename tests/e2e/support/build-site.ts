/** Runs `astro build` for a database into an output directory, as `aidtrail start` would. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function buildSite(databaseUrl: string, outDir: string): Promise<{ ms: number; log: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`${repoRoot}node_modules/astro/bin/astro.mjs`, 'build', '--outDir', outDir],
      {
        cwd: repoRoot,
        // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: databaseUrl,
          ASTRO_TELEMETRY_DISABLED: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - started, log })
        : reject(new Error(`astro build exited with ${code}\n${log.slice(-4000)}`)),
    );
  });
}
