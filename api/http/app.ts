/**
 * The HTTP application, built from its dependencies: tests build it on a fresh in-memory
 * database and call `app.request()`; `aidtrail serve` builds it on the configured database
 * and starts a server. Nothing here is a module-level singleton.
 */
import type { PrivateSalts } from '../domain/private-salts.ts';
import { OpenAPIHono } from '@hono/zod-openapi';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import type { Catalog } from '../domain/catalog.ts';
import type { SigningKey } from '../domain/merkle/index.ts';
import type { ReceiptCodes } from '../domain/receipt-codes.ts';
import type { Database } from '../store/database.ts';
import { LedgerWriter, type WriterDeps } from '../store/ledger-writer.ts';
import { logSize } from '../store/log-size.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { donationRoutes } from './donations/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { coverageRoutes } from './coverage/routes.ts';
import { healthRoutes } from './health.ts';
import { needRoutes } from './needs/routes.ts';
import { logRoutes } from './log/routes.ts';
import { organizationRoutes } from './organizations/routes.ts';
import { signalRoutes } from './signals/routes.ts';
import { ledgerMemos } from './ledger-memo.ts';
import { outcomeRoutes } from './outcomes/routes.ts';
import { reserveRoutes } from './reserves/routes.ts';
import { downloadRoutes } from './downloads/routes.ts';
import { shipmentRoutes } from './shipments/routes.ts';
import { DownloadsCache } from '../store/exports/downloads-cache.ts';
import { onError, problemResponse } from './problem.ts';
import { forwardedClient, rateLimit, RateCounter, type RateRule } from './rate-limit.ts';
import { RateCounts } from '../store/rate-counts.ts';
import { StorageStatus } from '../store/storage-status.ts';
import { Problem } from '../domain/problems.ts';
import { EventId } from '../domain/events.ts';
import { siteFiles, siteNotFound } from './site-files.ts';
import { WitnessSubmitter, type WitnessEndpoint } from './witness/submitter.ts';
import { renderReferencePage } from './docs/reference-page.ts';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { defaultChallengeTerms, type ChallengeTerms } from '../domain/complaint-challenge.ts';
import { complaintRoutes } from './complaints/routes.ts';
import { ComplaintDesk } from './complaints/desk.ts';
import { complaintForms } from './complaints/form.ts';
import type { ComplaintPages } from '../contract/complaint.ts';
import { defaultReadLimit, publicReads, socketAddress, type ReadLimit } from './public-reads.ts';
import type { Context } from 'hono';
import type { Env } from './router.ts';

/** `groupLimit` and `groupWindowMs` shape the group commit of write requests (see LedgerWriter). */
export interface AppDeps extends Pick<WriterDeps, 'groupLimit' | 'groupWindowMs'> {
  database: Database;
  catalog: Catalog;
  clock: () => Date;
  signingKey: SigningKey;
  /** Origin line of the log's checkpoints. */
  origin: string;
  receiptCodes: ReceiptCodes;
  privateSalts: PrivateSalts;
  log?: (message: string, error: unknown) => void;
  /** Public reads per client address; default 600 a minute (limit 0: unlimited). */
  readLimit?: ReadLimit;
  /** Events written per token; default 600 a minute (limit 0: unlimited). */
  writeLimit?: RateRule;
  /** Proxies whose X-Forwarded-For is believed (exact addresses); default none. */
  trustProxy?: readonly string[];
  /** Who a request comes from, for the rate limit; default the socket's (or a trusted proxy's client's) address. */
  clientAddress?: (c: Context) => string;
  /** Least time between two syncs of a rate count with the database (default 1 s; 0: every request). */
  rateSyncMs?: number;
  /** The clock of rate-limit windows, in milliseconds (default Date.now). */
  rateNow?: () => number;
  /** How long a read of the log size stands for the response cache (default 1 s; 0 in tests). */
  cacheFreshMs?: number;
  /** Keep finished public answers until the log grows (default true). */
  responseCache?: boolean;
  /** Where bulk downloads are made and kept (default: beside the database file). */
  downloads?: DownloadsCache;
  /** The folder of the built site to serve beside the API now (none: the API alone). */
  siteDir?: () => string | undefined;
  /**
   * A gift's page rendered on request, by its event id (the public page) or its receipt code (the
   * donor's page); null when there is no such gift. Without it, gift pages are only built files.
   */
  giftPage?: (id: string, locale: 'zh-CN' | 'en') => Promise<string | null>;
  /** Witnesses each new checkpoint is sent to, in the background (AIDTRAIL_WITNESSES). */
  witnesses?: readonly WitnessEndpoint[];
  /** How many of them make a witnessed checkpoint (AIDTRAIL_WITNESS_QUORUM; default all). */
  witnessQuorum?: number;
  /** How witnesses are reached (default the global fetch). */
  witnessFetch?: typeof fetch;
  /** A shipment's custody page (what a custody label's QR code opens), rendered on request; null when unknown. */
  shipmentPage?: (id: string, locale: 'zh-CN' | 'en') => Promise<string | null>;
  /** Complaints (and complainants' says) per client address; default 10 an hour (limit 0: unlimited). */
  complaintLimit?: RateRule;
  /** The work and lifetimes of complaint challenges (default: 18 bits, 10 minutes; the form's 3 s lock, 2 hours). */
  challengeTerms?: ChallengeTerms;
  /** The clock of complaint challenges, in milliseconds (default Date.now). */
  challengeNow?: () => number;
  /** The complaint form and its answers, rendered on request (none: complaints through the API only). */
  complaintPages?: ComplaintPages;
}

export const defaultComplaintLimit: RateRule = { limit: 10, windowMs: 3_600_000 };

/** The key complaint challenges are signed with, derived from the log's key: one key file to keep. */
export const challengeKeyFor = (key: SigningKey) =>
  hmac(sha256, key.seed, new TextEncoder().encode('aidtrail complaint challenges'));

/**
 * Answers not kept by the response cache: those refreshed in the background without the log
 * growing (their own memo keeps them), health, and large or streamed files.
 */
const uncachedPath = (path: string) =>
  path === '/api/v1/health' ||
  path === '/api/v1/outcomes' ||
  path.startsWith('/api/v1/signals/idle-') ||
  path.startsWith('/api/v1/downloads') ||
  // Overdue complaints are judged against the clock (an organization's counts too), and a
  // complaint's private words are never kept.
  path.startsWith('/api/v1/complaints') ||
  /^\/api\/v1\/organizations\/[^/]+$/.test(path) ||
  path === '/api/v1/log/entries' ||
  // Cosignatures arrive after the checkpoint, without the log growing.
  path.startsWith('/api/v1/log/checkpoint');

const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'AidTrail API',
    version: '1',
    description:
      "Public transparency ledger for medical charity: every donation and every move after it, in a verifiable log. Errors are RFC 9457 problem+json. Money is integer minor units with an ISO 4217 currency; quantities are integers in the catalogue item's unit.\n\nLimits: public reads, 600 a minute per client address (`AIDTRAIL_READ_LIMIT`); events, 600 a minute per API token (`AIDTRAIL_WRITE_LIMIT`); 0 means unlimited. Beyond a limit the answer is 429 with `Retry-After` and `RateLimit-*` headers; counts are shared by every server process on the database. Behind a reverse proxy, list it in `AIDTRAIL_TRUST_PROXY` so that `X-Forwarded-For` names the client (otherwise the header is ignored). A write body may be at most 65,536 bytes (413). While the database cannot take writes (disk full, read-only) writes answer 503 naming the cause and `/api/v1/health` reports `degraded`; reads go on.",
    license: { name: 'Data: CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  },
};

export const defaultWriteLimit: RateRule = { limit: 600, windowMs: 60_000 };

export function createApp(deps: AppDeps) {
  const { database, catalog } = deps;
  const witnesses = deps.witnesses ?? [];
  const witnessing = new WitnessSubmitter({
    db: database.db,
    witnesses,
    clock: deps.clock,
    fetch: deps.witnessFetch,
    log: deps.log ? (m) => deps.log!(m, undefined) : undefined,
  });
  // Told of each commit: the witnesses, and the response cache, which drops its read of the log size.
  const commitListeners: Array<() => void> = [() => witnessing.notify()];
  const writer = new LedgerWriter({
    ...deps,
    catalog,
    onCommit: () => {
      for (const listener of commitListeners) listener();
    },
  });
  // A checkpoint committed before this process started (an import, the demo) is sent too.
  witnessing.notify();
  const app = new OpenAPIHono<Env>();
  const log = deps.log ?? ((m, e) => console.error(m, e));
  const storage = new StorageStatus(deps.clock);
  app.onError(onError(log, storage));
  const counter = new RateCounter({
    store: new RateCounts(database.client),
    syncMs: deps.rateSyncMs ?? 1_000,
    now: deps.rateNow ?? Date.now,
    log: () => undefined,
  });
  const writeRule = deps.writeLimit ?? defaultWriteLimit;
  const writeLimit = rateLimit(
    counter,
    writeRule,
    (c) => `write:${c.get('token')}`,
    (n, seconds) =>
      `This token recorded more than ${n} events in ${writeRule.windowMs / 1000} s; try again in ${seconds} s. Bulk loads go through \`aidtrail import\`.`,
  );
  // Answers are compressed as they leave (gzip or deflate, as the client takes them); bulk
  // downloads are served as stored, so their length and SHA-256 ETag stay those of the file.
  // The answer to a write (what was recorded, or why not) is a few hundred bytes, which
  // compression would only make slower to produce and no smaller, so writes are sent as they are.
  // Vary is set on the answer's own headers before the compression step looks: left to it, it
  // would copy every answer (a kept one too) into a new response just to add the header.
  const compressAnswer = compress();
  app.use('/api/*', (c, next) =>
    c.req.path.startsWith('/api/v1/downloads/') || c.req.method === 'POST'
      ? next()
      : compressAnswer(c, async () => {
          await next();
          const vary = c.res.headers.get('Vary');
          if (!vary) c.res.headers.set('Vary', 'Accept-Encoding');
          else if (vary !== '*' && !/accept-encoding/i.test(vary))
            c.res.headers.set('Vary', `${vary}, Accept-Encoding`);
        }),
  );
  const siteDir = deps.siteDir ?? (() => undefined);
  app.notFound(
    async (c) =>
      (await siteNotFound(c, siteDir())) ??
      problemResponse(c, new Problem('not-found', 'Not found', `Nothing is published at ${c.req.path}.`)),
  );
  const exposeHeaders = ['ETag', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
  const preflight = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Follow-Up-Code'],
    exposeHeaders,
  });
  // Other requests get their CORS headers once answered: set before, they would make every
  // answer (a kept one too) be copied into a new response carrying them.
  app.use('/api/v1/*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
    c.res.headers.set('Access-Control-Expose-Headers', exposeHeaders.join(','));
  });
  const clientAddress = deps.clientAddress ?? forwardedClient(socketAddress, deps.trustProxy ?? []);
  const desk = new ComplaintDesk({
    sql: database.client,
    writer,
    clock: deps.clock,
    key: challengeKeyFor(deps.signingKey),
    terms: deps.challengeTerms ?? defaultChallengeTerms,
    now: deps.challengeNow ?? Date.now,
    counter,
    limit: deps.complaintLimit ?? defaultComplaintLimit,
  });
  const cache = {
    logSize: () => logSize(database.client),
    freshMs: deps.cacheFreshMs ?? 1_000,
    skip: deps.responseCache === false ? () => true : uncachedPath,
    onLogGrowth: (listener: () => void) => commitListeners.push(listener),
  };
  for (const step of publicReads({
    limit: deps.readLimit ?? defaultReadLimit,
    counter,
    clientAddress,
    cache,
  }))
    app.use('/api/v1/*', step);

  app.route('/', eventRoutes(database.db, writer, storage, writeLimit));
  app.route('/', donationRoutes(database.db, database.client, catalog));
  app.route('/', organizationRoutes(database.db, database.client, deps.clock));
  app.route(
    '/',
    complaintRoutes({ db: database.db, sql: database.client, desk, clock: deps.clock, clientAddress }),
  );
  app.route('/', catalogRoutes(catalog));
  app.route(
    '/',
    logRoutes(database.db, deps.signingKey, {
      witnesses: witnesses.map((w) => w.key),
      quorum: deps.witnessQuorum ?? witnesses.length,
    }),
  );
  app.route('/', needRoutes(database.db, catalog, deps.clock));
  app.route('/', coverageRoutes(database, catalog));
  app.route('/', shipmentRoutes(database.db, catalog));
  const memos = ledgerMemos(cache.logSize);
  app.route('/', signalRoutes(database.client, catalog, memos, deps.clock, cache.logSize));
  app.route('/', outcomeRoutes(database.client, catalog, memos, deps.clock, cache.logSize));
  app.route('/', reserveRoutes(database.client, catalog));
  app.route('/', healthRoutes(database, storage));
  app.route(
    '/',
    downloadRoutes(
      deps.downloads ??
        new DownloadsCache({
          client: database.client,
          databaseUrl: database.url,
          signingKey: deps.signingKey,
        }),
    ),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An organization API token from `npx aidtrail token create`.',
  });
  app.doc31('/api/v1/openapi.json', openApiInfo);
  // The reference page is rendered here from the same document: no script, nothing from elsewhere.
  app.get('/api/docs', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    const lang = c.req.query('lang') === 'en' ? 'en' : 'zh-CN';
    return c.html(
      renderReferencePage(app.getOpenAPI31Document(openApiInfo) as unknown as Record<string, unknown>, lang),
    );
  });
  // The complaint form carries a fresh challenge, so it is always rendered on request.
  if (deps.complaintPages) complaintForms(app as never, { desk, pages: deps.complaintPages, clientAddress });
  // The site is served last, so an API route always wins over a file of the same path.
  app.use('/*', siteFiles(siteDir));
  // Gift pages not built ahead are rendered on request (after the files, so a built page wins).
  const giftPage = deps.giftPage;
  if (giftPage) {
    for (const [prefix, locale] of [
      ['', 'zh-CN'],
      ['/en', 'en'],
    ] as const) {
      app.get(`${prefix}/gifts/:id`, (c) => c.redirect(`${prefix}/gifts/${c.req.param('id')}/`, 301));
      app.get(`${prefix}/gifts/:id/`, async (c) => {
        const page = await giftPage(c.req.param('id'), locale);
        if (!page) return c.notFound();
        if (EventId.safeParse(c.req.param('id')).success)
          c.header('Cache-Control', 'public, max-age=0, must-revalidate');
        else {
          // A page named by a receipt code is the donor's: not for shared caches or search engines,
          // and its address (which holds the code) is never sent on to another site.
          c.header('Cache-Control', 'private, no-cache');
          c.header('X-Robots-Tag', 'noindex');
          c.header('Referrer-Policy', 'no-referrer');
        }
        return c.html(page);
      });
    }
  }
  const shipmentPage = deps.shipmentPage;
  if (shipmentPage) {
    for (const [prefix, locale] of [
      ['', 'zh-CN'],
      ['/en', 'en'],
    ] as const) {
      app.get(`${prefix}/shipments/:id`, (c) => c.redirect(`${prefix}/shipments/${c.req.param('id')}/`, 301));
      app.get(`${prefix}/shipments/:id/`, async (c) => {
        const page = await shipmentPage(c.req.param('id'), locale);
        if (!page) return c.notFound();
        c.header('Cache-Control', 'public, max-age=0, must-revalidate');
        return c.html(page);
      });
    }
  }
  return { app, writer, memos, witnessing, desk };
}

export type App = ReturnType<typeof createApp>['app'];
