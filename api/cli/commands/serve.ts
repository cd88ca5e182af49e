/** `serve` and `start`: the API and the built site on one port. */
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { createApp } from '../../http/app.ts';
import { repoRoot, type Config } from '../config.ts';
import { openContext } from '../context.ts';
import { initCommand } from './init.ts';
import { buildSite } from './site.ts';

const siteDir = `${repoRoot}dist`;

export async function serveCommand(_args: string[], config: Config): Promise<number> {
  const ctx = await openContext(config);
  const { app } = createApp({ ...ctx, origin: ctx.signingKey.name });
  if (existsSync(siteDir)) app.use('/*', serveStatic({ root: relative(process.cwd(), siteDir) || '.' }));
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    console.log(`AidTrail is serving http://localhost:${info.port}/`);
    console.log(`  API            http://localhost:${info.port}/api/v1/health`);
    console.log(`  API reference  http://localhost:${info.port}/api/docs`);
  });
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  ctx.database.close();
  return 0;
}

export async function startCommand(args: string[], config: Config): Promise<number> {
  const code = await initCommand(['--demo'], config);
  if (code !== 0) return code;
  await buildSite(config);
  return serveCommand(args, config);
}
