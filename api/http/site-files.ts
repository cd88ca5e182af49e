/**
 * Serving a built site beside the API: the files of whichever site generation is current
 * (so a rebuilt site is swapped in whole), their brotli or gzip copies when the client takes
 * them, caching headers by kind, and the site's own 404 page in the visitor's language.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, MiddlewareHandler } from 'hono';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The frames on-request gift and complaint pages are filled into are templates, never pages. */
const template = /^(\/en)?\/(gifts|complaints)\/frame(\/|\/index\.html)?$/;

/** Astro names bundled assets by content hash: a changed file gets a new name. */
const hashedAsset = /^\/_astro\//;

const cacheControl = (path: string) =>
  hashedAsset.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate';

/** `current` names the folder of the site to serve now (undefined: no site yet). */
export function siteFiles(current: () => string | undefined): MiddlewareHandler {
  const handlers = new Map<string, MiddlewareHandler>();
  return async (c, next) => {
    const dir = current();
    if (!dir || c.req.path.startsWith('/api/') || template.test(c.req.path)) return next();
    let handler = handlers.get(dir);
    if (!handler) {
      handlers.clear();
      handler = serveStatic({ root: dir, precompressed: true });
      handlers.set(dir, handler);
    }
    // Set before the file is sent (a file not found falls through to the 404 page, which sets its own).
    c.header('Cache-Control', cacheControl(c.req.path));
    return handler(c, next);
  };
}

/** The site's 404 page for a path outside the API, in the language of the path. */
export async function siteNotFound(c: Context, dir: string | undefined): Promise<Response | undefined> {
  if (!dir || c.req.path.startsWith('/api/')) return undefined;
  const english = c.req.path === '/en' || c.req.path.startsWith('/en/');
  const page = join(dir, english ? 'en' : '', '404', 'index.html');
  if (!existsSync(page)) return undefined;
  c.header('Cache-Control', 'no-cache');
  return c.html(await readFile(page, 'utf8'), 404);
}
