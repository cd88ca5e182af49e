/**
 * GET /api/v1/downloads and /api/v1/downloads/{file}: the bulk export (event log, every public
 * table as CSV and NDJSON, a SQLite snapshot, datapackage.json, checksums), made on demand and
 * served from a generation that never changes once listed. A file's ETag is its SHA-256, the
 * same hash the listing, datapackage.json and SHA256SUMS give.
 */
import { createRoute } from '@hono/zod-openapi';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { Problem } from '../../domain/problems.ts';
import { licence, type ExportedFile, type FileFormat } from '../../store/exports/data-package.ts';
import type { DownloadsCache, DownloadsState } from '../../store/exports/downloads-cache.ts';
import { problems, router } from '../router.ts';

const contentTypes: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  sqlite: 'application/vnd.sqlite3',
  json: 'application/json',
  text: 'text/plain; charset=utf-8',
};

const File = z
  .object({
    name: z.string(),
    format: z.enum(['csv', 'ndjson', 'sqlite', 'json', 'text']),
    mediaType: z.string(),
    bytes: z.int(),
    sha256: z.string().describe('lower-case hex SHA-256 of the file; also its ETag'),
    table: z.string().optional().describe('the public table it holds'),
    rows: z.int().optional(),
    url: z.string(),
  })
  .meta({ id: 'DownloadFile' });

const Listing = z
  .object({
    checkpoint: z
      .object({
        origin: z.string(),
        size: z.int().describe('tree size: the export holds events 1…size'),
        rootHash: z.string().describe('base64, as in the signed note'),
        rootHashHex: z.string(),
        signedAt: z.string(),
      })
      .describe('the signed checkpoint every file corresponds to'),
    latestSize: z
      .int()
      .describe("the log's latest checkpoint now; above checkpoint.size while a newer export is being made"),
    refreshing: z.boolean(),
    licence: z.object({ name: z.string(), title: z.string(), path: z.string() }),
    files: z.array(File),
  })
  .meta({ id: 'Downloads' });

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/downloads',
  tags: ['Downloads'],
  summary: 'Bulk downloads and their checksums',
  description:
    "Every file of the bulk export with its format, media type, size and SHA-256, and the signed checkpoint they all correspond to. The event log is exactly the log's leaves; every public table comes as CSV (UTF-8 with BOM, spreadsheet formulas neutralised) and NDJSON, all of them in one SQLite file, described field by field in datapackage.json (Frictionless Data Package). `npx aidtrail verify DIR` checks a downloaded set offline. Licence: CC BY 4.0. A new export is made when the log has grown, at most every few minutes; until it is ready the previous one is listed.",
  responses: {
    200: { description: 'The listing', content: { 'application/json': { schema: Listing } } },
    ...problems(404),
  },
});

const fileRoute = createRoute({
  method: 'get',
  path: '/api/v1/downloads/{file}',
  tags: ['Downloads'],
  summary: 'One file of the bulk export',
  description:
    "Served as an attachment with its media type; the ETag is the file's SHA-256 as listed. `If-None-Match` answers 304.",
  request: { params: z.object({ file: z.string().min(1).max(100) }) },
  responses: {
    200: {
      description: 'The file',
      content: {
        'text/csv': { schema: z.string() },
        'application/x-ndjson': { schema: z.string() },
        'application/vnd.sqlite3': { schema: z.string() },
        'application/json': { schema: z.string() },
        'text/plain': { schema: z.string() },
      },
    },
    304: { description: 'Not modified' },
    ...problems(404),
  },
});

const emptyLog = () =>
  new Problem('not-found', 'Nothing to download yet', 'No checkpoint has been published: the log is empty.');

export function downloadRoutes(cache: DownloadsCache) {
  const app = router();
  const stateOrEmpty = async (): Promise<DownloadsState> => {
    const state = await cache.state();
    if (!state) throw emptyLog();
    return state;
  };

  app.openapi(listRoute, async (c) => {
    const { generation, latestSize, refreshing } = await stateOrEmpty();
    const { origin, size, rootHash, rootHashHex, signedAt } = generation.result.checkpoint;
    c.header('cache-control', 'no-cache');
    return c.json(
      {
        checkpoint: { origin, size, rootHash, rootHashHex, signedAt },
        latestSize,
        refreshing,
        licence,
        files: generation.result.files.map((f: ExportedFile) => ({
          name: f.name,
          format: f.format,
          mediaType: contentTypes[f.format],
          bytes: f.bytes,
          sha256: f.sha256,
          ...(f.table ? { table: f.table, rows: f.rows } : {}),
          url: `/api/v1/downloads/${encodeURIComponent(f.name)}`,
        })),
      },
      200,
    );
  });

  app.openapi(fileRoute, async (c) => {
    const { file } = c.req.valid('param');
    const { generation } = await stateOrEmpty();
    const listed = generation.result.files.find((f) => f.name === file);
    if (!listed)
      throw new Problem(
        'not-found',
        'No such download',
        `"${file}" is not one of the files listed at /api/v1/downloads.`,
        [{ path: 'file', message: 'not listed' }],
      );
    const etag = `"${listed.sha256}"`;
    c.header('etag', etag);
    c.header('cache-control', 'no-cache');
    const match = c.req.header('if-none-match');
    if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
      return c.body(null, 304);
    // Opened before answering, so a generation removed meanwhile is a clear 404, not a cut-off body.
    const handle = await open(join(generation.dir, listed.name), 'r').catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      throw new Problem(
        'not-found',
        'Download replaced',
        `"${file}" belongs to an export that has been replaced; list /api/v1/downloads again.`,
        [{ path: 'file', message: 'replaced' }],
      );
    });
    const stream = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
    return c.body(stream, 200, {
      'content-type': contentTypes[listed.format],
      'content-length': String(listed.bytes),
      'content-disposition': `attachment; filename="${listed.name}"`,
      'x-checkpoint-size': String(generation.result.checkpoint.size),
    }) as never;
  });
  return app;
}
