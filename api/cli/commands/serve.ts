/** `serve`, `start` and `build`: the API and the live site on one port; the static site for a CDN. */
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from '../../http/app.ts';
import { ledgerGiftPages } from '../../../site/server/gift-page.ts';
import { repoRoot } from '../../site/build.ts';
import { buildSiteFromLedger } from '../../site/from-ledger.ts';
import { LiveSite } from '../../site/live-site.ts';
import { logSize } from '../../store/log-size.ts';
import type { Config } from '../config.ts';
import { openContext, type Context } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { initCommand } from './init.ts';

const staticSiteDir = `${repoRoot}dist`;
/** Generations of the live site; see api/site/live-site.ts. */
const liveSiteRoot = `${repoRoot}dist-live`;

function liveSiteFor(ctx: Context): LiveSite {
  let first = true;
  return new LiveSite({
    root: liveSiteRoot,
    readLogSize: () => logSize(ctx.database.client),
    build: (outDir) => {
      // The first build's progress is shown; later ones run quietly in the background.
      const echo = first;
      first = false;
      return buildSiteFromLedger({
        database: ctx.database,
        databaseAuthToken: ctx.config.databaseAuthToken,
        outDir,
        echo,
      });
    },
    clock: ctx.clock,
    log: (m) => console.error(m),
  });
}

async function servePortal(config: Config, opts: { buildFirst: boolean }): Promise<number> {
  const ctx = await openContext(config);
  const live = liveSiteFor(ctx);
  await live.adopt();
  if (opts.buildFirst && !live.current()) {
    console.error('building the site…');
    if ((await live.refresh()) === 'failed') return 1;
  }
  // A site made by `aidtrail build` is served until the first live generation exists.
  const fallback = existsSync(staticSiteDir) ? staticSiteDir : undefined;
  const siteDir = () => live.current()?.dir ?? fallback;
  const { app } = createApp({
    ...ctx,
    origin: ctx.signingKey.name,
    siteDir,
    giftPage: ledgerGiftPages(ctx.database, siteDir).render,
  });
  if (config.siteRefreshSeconds > 0) {
    void live.refresh();
    live.follow(config.siteRefreshSeconds * 1000);
  }
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    console.log(`AidTrail is serving http://localhost:${info.port}/`);
    console.log(`  API            http://localhost:${info.port}/api/v1/health`);
    console.log(`  API reference  http://localhost:${info.port}/api/docs`);
    if (config.siteRefreshSeconds > 0)
      console.log(
        `  The site is rebuilt in the background within ${config.siteRefreshSeconds} s of the log growing.`,
      );
  });
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  live.stop();
  ctx.database.close();
  return 0;
}

export const serveCommand = (_args: string[], config: Config) => servePortal(config, { buildFirst: false });

export async function startCommand(_args: string[], config: Config): Promise<number> {
  const code = await initCommand(['--demo'], config);
  if (code !== 0) return code;
  return servePortal(config, { buildFirst: true });
}

/** `aidtrail build [--out DIR]`: the static site from the configured database, for a CDN. */
export async function buildCommand(args: string[], config: Config): Promise<number> {
  let outDir = staticSiteDir;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out' && args[i + 1]) outDir = resolve(args[++i]!);
    else throw new UsageError(`unknown argument ${args[i]}; usage: aidtrail build [--out DIR]`);
  }
  const ctx = await openContext(config);
  try {
    console.error('building the site…');
    const { logSize, ms } = await buildSiteFromLedger({
      database: ctx.database,
      databaseAuthToken: config.databaseAuthToken,
      outDir,
      echo: true,
    });
    console.log(`built the site at log size ${logSize} into ${outDir} in ${(ms / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    ctx.database.close();
  }
}
