/** `serve`, `start` and `build`: the API and the live site on one port; the static site for a CDN. */
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createApp } from '../../http/app.ts';
import { ledgerGiftPages } from '../../../site/server/gift-page.ts';
import { ledgerShipmentPages } from '../../../site/server/shipment-page.ts';
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

const perMinute = (limit: number) => ({ limit, windowMs: 60_000 });

/** Why the server could not listen, said plainly (a taken port is the usual reason). */
function listenProblem(e: NodeJS.ErrnoException, config: Config): UsageError {
  const where = `${config.host}:${config.port}`;
  if (e.code === 'EADDRINUSE')
    return new UsageError(
      `port ${config.port} is already in use on ${config.host}; stop what uses it or set PORT`,
    );
  if (e.code === 'EACCES')
    return new UsageError(`not allowed to listen on ${where}; choose a PORT above 1023`);
  if (e.code === 'EADDRNOTAVAIL')
    return new UsageError(`HOST ${config.host} is not an address of this machine`);
  return new UsageError(`cannot listen on ${where}: ${e.message}`);
}

/** Checks that the port can be taken, so `start` fails in a second rather than after the site build. */
export function checkPortFree(config: Config): Promise<void> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (e) => fail(listenProblem(e as NodeJS.ErrnoException, config)));
    probe.listen({ port: config.port, host: config.host, exclusive: true }, () => probe.close(() => done()));
  });
}

async function servePortal(config: Config, opts: { buildFirst: boolean }): Promise<number> {
  await checkPortFree(config);
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
    shipmentPage: ledgerShipmentPages(ctx.database, ctx.catalog, siteDir).render,
    readLimit: perMinute(config.readLimit),
    writeLimit: perMinute(config.writeLimit),
    trustProxy: config.trustProxy,
  });
  if (config.siteRefreshSeconds > 0) {
    void live.refresh();
    live.follow(config.siteRefreshSeconds * 1000);
  }
  const shown = config.host.includes(':') ? `[${config.host}]` : config.host;
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(`AidTrail is serving http://${shown}:${info.port}/`);
    console.log(`  API            http://${shown}:${info.port}/api/v1/health`);
    console.log(`  API reference  http://${shown}:${info.port}/api/docs`);
    if (config.siteRefreshSeconds > 0)
      console.log(
        `  The site is rebuilt in the background within ${config.siteRefreshSeconds} s of the log growing.`,
      );
  });
  try {
    await new Promise<void>((done, fail) => {
      server.once('error', (e) => fail(listenProblem(e as NodeJS.ErrnoException, config)));
      const stop = () => server.close(() => done());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } finally {
    live.stop();
    ctx.database.close();
  }
  return 0;
}

export const serveCommand = (_args: string[], config: Config) => servePortal(config, { buildFirst: false });

export async function startCommand(_args: string[], config: Config): Promise<number> {
  await checkPortFree(config);
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
