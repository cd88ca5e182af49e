/**
 * The site at the demo size: how long the static build takes (beside the same build of an
 * empty ledger, Astro's fixed cost, in the same run), what each page template weighs, and how
 * long a recorded event takes to reach the pages of a running portal — its gift page (rendered
 * on request) and the built pages (a background rebuild, refreshed every few seconds).
 *
 * The portal is composed as `aidtrail serve` composes it (createApp, the live site, the gift
 * pages on request), in this process, on a demo ledger generated for the run, with its
 * generations in a temporary folder rather than the repository's dist-live/.
 */
import { serve } from '@hono/node-server';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { configFromEnv } from '../../api/cli/config.ts';
import { openContext } from '../../api/cli/context.ts';
import { verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { createApp } from '../../api/http/app.ts';
import { buildSite } from '../../api/site/build.ts';
import { buildSiteFromLedger } from '../../api/site/from-ledger.ts';
import { LiveSite } from '../../api/site/live-site.ts';
import { createToken } from '../../api/store/admin.ts';
import { logSize } from '../../api/store/log-size.ts';
import { ledgerGiftPages } from '../../site/server/gift-page.ts';
import { byTemplate, pageWeights, templateOf } from '../e2e/page-weight.ts';
import { generateDemo } from '../../api/cli/commands/demo.ts';
import { writeCatalogTables } from '../../api/store/catalog-tables.ts';

const seconds = (ms: number) => Math.round(ms / 100) / 10;
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** The heaviest page of each template: its HTML and its first-load JavaScript, gzipped. */
function templateWeights(dist: string) {
  const html = new Map<string, { page: string; htmlGzip: number }>();
  for (const file of htmlFiles(dist)) {
    const page = `/${relative(dist, file)}`;
    const template = templateOf(page);
    const size = gzipSync(readFileSync(file), { level: 9 }).length;
    if ((html.get(template)?.htmlGzip ?? -1) < size) html.set(template, { page, htmlGzip: size });
  }
  return byTemplate(pageWeights(dist)).map((w) => ({
    template: w.template,
    heaviestPage: html.get(w.template)?.page,
    htmlKbGzip: kb(html.get(w.template)?.htmlGzip ?? 0),
    jsKbGzip: kb(w.jsGzip),
  }));
}

/** Polls `check` every 200 ms until it holds; the ms it took from `since`. */
async function until(since: number, check: () => Promise<boolean>, limitMs: number): Promise<number> {
  for (;;) {
    if (await check()) return performance.now() - since;
    if (performance.now() - since > limitMs) throw new Error(`not within ${limitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function benchSite(events: number, refreshSeconds: number, onProgress?: (done: number) => void) {
  const dir = await mkdtemp(join(tmpdir(), 'aidtrail-bench-site-'));
  try {
    // A fresh demo ledger of its own, of today's schema (an event is recorded into it below).
    const source = await openContext(
      {
        ...configFromEnv({}),
        databaseUrl: `file:${join(dir, 'live.db')}`,
        signingKeyPath: join(dir, 'live.key'),
      },
      { createKey: true },
    );
    await writeCatalogTables(source.database, source.catalog);
    await generateDemo(source, { events, onProgress: (d) => onProgress?.(d) });
    const pins = { log: verifierKeyFor(source.signingKey), witnesses: [], quorum: 0 };

    // Astro's fixed cost: the site of an empty ledger.
    const empty = await buildSite({
      databaseUrl: `file:${join(dir, 'empty.db')}`,
      outDir: join(dir, 'empty'),
    });
    // The static build at the demo size, as `aidtrail build` makes it.
    const built = await buildSiteFromLedger({ database: source.database, outDir: join(dir, 'dist'), pins });
    const weights = templateWeights(join(dir, 'dist'));
    const pages = htmlFiles(join(dir, 'dist')).length;

    // A portal on the ledger, following it every few seconds, as `aidtrail serve` does.
    const ctx = source;
    const live = new LiveSite({
      root: join(dir, 'generations'),
      readLogSize: () => logSize(ctx.database.client),
      build: (outDir) => buildSiteFromLedger({ database: ctx.database, outDir, pins }),
      clock: ctx.clock,
    });
    const siteDir = () => live.current()?.dir;
    const { app } = createApp({
      ...ctx,
      origin: ctx.signingKey.name,
      siteDir,
      giftPage: ledgerGiftPages(ctx.database, siteDir).render,
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const firstBuild = performance.now();
      await live.refresh();
      const firstBuildMs = performance.now() - firstBuild;
      live.follow(refreshSeconds * 1000);

      const recipient = 'henan-red-cross';
      const { token } = await createToken(ctx.database.db, recipient, ctx.clock());
      const res = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'donation',
          occurredAt: new Date().toISOString(),
          anonymous: true,
          donorKind: 'individual',
          recipient,
          money: { currency: 'CNY', amount: 20_000 },
        }),
      });
      if (res.status !== 201) throw new Error(`recording the event: ${res.status} ${await res.text()}`);
      const recorded = performance.now();
      const answer = (await res.json()) as { id: string; seq: number; receiptCode: string };
      const size = await logSize(ctx.database.client);

      const giftPageMs = await until(
        recorded,
        async () => {
          const r = await fetch(`${url}/en/gifts/${answer.receiptCode}/`);
          return r.ok && (await r.text()).includes(answer.receiptCode);
        },
        10_000,
      );
      const asOf = async (path: string) => {
        const html = await (await fetch(`${url}${path}`)).text();
        return /<p id="data-as-of">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
      };
      const builtPagesMs = await until(
        recorded,
        async () => (await asOf(`/organizations/${recipient}/`)).includes(String(size)),
        (refreshSeconds + 600) * 1000,
      );
      return {
        events,
        pages,
        emptyLedgerBuildSeconds: seconds(empty.ms),
        staticBuildSeconds: seconds(built.ms),
        liveFirstBuildSeconds: seconds(firstBuildMs),
        refreshSeconds,
        eventToGiftPageMs: Math.round(giftPageMs),
        eventToBuiltPagesSeconds: seconds(builtPagesMs),
        templates: weights,
        note: 'a gift page is rendered on request from the ledger; every other page follows within the refresh interval plus one background build',
      };
    } finally {
      live.stop();
      await new Promise((r) => server.close(r));
      ctx.database.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
