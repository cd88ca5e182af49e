/** Builds the static site with Astro when the project has one (site/pages). */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoRoot } from '../config.ts';

export async function buildSite(): Promise<void> {
  if (!existsSync(`${repoRoot}site/pages`)) return;
  console.error('building the site…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [`${repoRoot}node_modules/astro/astro.js`, 'build'], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`astro build exited with ${code}`))));
  });
}
