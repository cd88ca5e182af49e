/** `serve`, `start` and `build`: the API and the live site on one port; the static site for a CDN. */
import { serve } from '@hono/node-server';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createApp } from '../../http/app.ts';
import { ledgerGiftPages } from '../../../site/server/gift-page.ts';
import { ledgerShipmentPages } from '../../../site/server/shipment-page.ts';
import { complaintPages } from '../../../site/server/complaint-pages.ts';
import { repoRoot } from '../../site/build.ts';
import { buildSiteFromLedger } from '../../site/from-ledger.ts';
import { LiveSite } from '../../site/live-site.ts';
import { logSize } from '../../store/log-size.ts';
import { logFormatProblem } from '../../store/rebuild.ts';
import type { Config } from '../config.ts';
import { openContext, type Context } from '../context.ts';
import { UsageError } from '../usage-error.ts';
import { initCommand } from './init.ts';
import { rm } from 'node:fs/promises';
import { ensureWitnessKey, startWitness, witnessedLogs, type RunningWitness } from './witness.ts';
import { verifierKeyFor } from '../../domain/merkle/index.ts';
import { cosignerKeyFor } from '../../domain/witness/cosignature.ts';
import type { PinnedKeys } from '../../../site/lib/pinned-keys.ts';

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
        pins: sitePins(ctx),
      });
    },
    clock: ctx.clock,
    log: (m) => console.error(m),
  });
}

/** The keys the site's pages trust: this log's and its configured witnesses', pinned at build time. */
const sitePins = (ctx: Context): PinnedKeys => ({
  log: verifierKeyFor(ctx.signingKey),
  witnesses: ctx.config.witnesses.map((w) => cosignerKeyFor(w.key)),
  quorum: ctx.config.witnessQuorum,
});

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

async function servePortal(
  config: Config,
  opts: { buildFirst: boolean; witnesses?: RunningWitness[] },
): Promise<number> {
  await checkPortFree(config);
  const ctx = await openContext(config);
  const stale = await logFormatProblem(ctx.database.client);
  if (stale) {
    ctx.database.close();
    throw new UsageError(stale);
  }
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
    complaintPages: complaintPages(siteDir),
    readLimit: perMinute(config.readLimit),
    writeLimit: perMinute(config.writeLimit),
    trustProxy: config.trustProxy,
    witnesses: config.witnesses,
    witnessQuorum: config.witnessQuorum,
    complaintLimit: { limit: config.complaintLimit, windowMs: 3_600_000 },
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
    for (const w of opts.witnesses ?? []) console.log(`  Demo witness   ${w.url}/add-checkpoint  ${w.vkey}`);
    if (config.witnesses.length)
      console.log(
        `  Checkpoints are sent to ${config.witnesses.length} witnesses; cosigned by ${config.witnessQuorum}: http://${shown}:${info.port}/api/v1/log/checkpoint/witnessed`,
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
    for (const w of opts.witnesses ?? []) await w.close();
    ctx.database.close();
  }
  return 0;
}

export const serveCommand = (_args: string[], config: Config) => servePortal(config, { buildFirst: false });

export async function startCommand(_args: string[], config: Config): Promise<number> {
  await checkPortFree(config);
  const fresh = await ledgerIsEmpty(config);
  const code = await initCommand(['--demo'], config);
  if (code !== 0) return code;
  if (config.witnesses.length) return servePortal(config, { buildFirst: true });
  // No witnesses configured: two run here, so that the demo's checkpoints are cosigned.
  const witnesses = await demoWitnesses(config, fresh);
  return servePortal(
    {
      ...config,
      witnesses: witnesses.map((w) => ({ url: w.url, key: w.key })),
      witnessQuorum: witnesses.length,
    },
    { buildFirst: true, witnesses },
  );
}

async function ledgerIsEmpty(config: Config): Promise<boolean> {
  const ctx = await openContext(config, { createKey: true });
  try {
    return (await logSize(ctx.database.client)) === 0;
  } finally {
    ctx.database.close();
  }
}

/**
 * Two witnesses on loopback for the demo, their keys and memories under data/. A freshly loaded
 * demo is a new history, so what they remember of an earlier one is forgotten first (otherwise
 * they would rightly refuse it as a fork).
 */
async function demoWitnesses(config: Config, freshLedger: boolean) {
  const ctx = await openContext(config);
  const logVkey = verifierKeyFor(ctx.signingKey);
  ctx.database.close();
  const running: Array<RunningWitness & { key: Awaited<ReturnType<typeof ensureWitnessKey>>['key'] }> = [];
  for (const n of [1, 2]) {
    const keyPath = `${repoRoot}data/witness-${n}.key`;
    const statePath = `${repoRoot}data/witness-${n}.state.json`;
    if (freshLedger) await rm(statePath, { force: true });
    const { key } = await ensureWitnessKey(keyPath, `witness-${n}.aidtrail.local`);
    const w = await startWitness({
      key,
      logs: witnessedLogs([logVkey]),
      statePath,
      host: config.host,
      port: 0,
      log: (m) => console.error(m),
    });
    running.push({ ...w, key });
  }
  return running;
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
      pins: sitePins(ctx),
    });
    console.log(`built the site at log size ${logSize} into ${outDir} in ${(ms / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    ctx.database.close();
  }
}
