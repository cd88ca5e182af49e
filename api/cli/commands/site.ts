/** Builds the static site with Astro when the project has one (site/pages), from the configured database. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot, type Config } from '../config.ts';

export async function buildSite(config: Config): Promise<void> {
  if (!existsSync(`${repoRoot}site/pages`)) return;
  console.error('building the site…');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  if (config.databaseAuthToken) env.DATABASE_AUTH_TOKEN = config.databaseAuthToken;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [`${repoRoot}node_modules/astro/bin/astro.mjs`, 'build'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`astro build exited with ${code}`)),
    );
  });
}
