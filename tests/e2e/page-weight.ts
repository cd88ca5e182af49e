/**
 * First-load JavaScript of every built page, gzipped: inline scripts, module scripts, the
 * component and renderer of every island, and everything they import statically (dynamic
 * imports load later and are not counted). Pages are grouped by template (one route file),
 * reporting the heaviest page of each.
 *
 *   npx tsx tests/e2e/page-weight.ts [dist]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export interface PageWeight {
  page: string;
  template: string;
  /** Gzipped bytes of first-load JavaScript. */
  jsGzip: number;
  files: string[];
}

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** The route file a page comes from, from its path: /en/organizations/x/ → organizations/[id]. */
export function templateOf(page: string): string {
  const p = page.replace(/^\/en(?=\/)/, '').replace(/index\.html$/, '');
  if (p === '/') return 'overview';
  if (/^\/gifts\/[^/]+\/$/.test(p)) return 'gifts/[code]';
  if (/^\/organizations\/[^/]+\/$/.test(p)) return 'organizations/[id]';
  if (/^\/regions\/[^/]+\/$/.test(p)) return 'regions/[code]';
  if (/^\/needs\/.+\/$/.test(p)) return 'needs/[...view]';
  if (/^\/appeals\/[^/]+\/$/.test(p)) return 'appeals/[id]';
  return p.replace(/^\/|\/$/g, '') || 'overview';
}

/** Static imports of an ES module chunk: `import x from "./a.js"`, `import "./b.js"`, `export * from "./c.js"`. */
const staticImports = (code: string) =>
  [
    ...code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["']([^"']+\.m?js)["']/g),
  ].map((m) => m[1]!);

export function pageWeights(dist: string): PageWeight[] {
  const root = resolve(dist);
  const cache = new Map<string, string>();
  const read = (file: string) => cache.get(file) ?? cache.set(file, readFileSync(file, 'utf8')).get(file)!;
  const resolveUrl = (url: string, from: string) =>
    url.startsWith('/') ? join(root, url) : resolve(from, '..', url);

  return htmlFiles(root).map((file) => {
    const html = read(file);
    const page = `/${relative(root, file)}`;
    let bytes = 0;
    const seen = new Set<string>();
    const visit = (jsFile: string) => {
      if (seen.has(jsFile)) return;
      seen.add(jsFile);
      const code = read(jsFile);
      bytes += gz(code);
      for (const dep of staticImports(code)) visit(resolveUrl(dep, jsFile));
    };
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const attrs = m[1]!;
      const src = /\bsrc="([^"]+)"/.exec(attrs)?.[1];
      if (src) visit(resolveUrl(src, file));
      else if (!/type="application\/(ld\+)?json"/.test(attrs) && m[2]!.trim()) {
        bytes += gz(m[2]!);
        // An inline module script may import chunks.
        for (const dep of staticImports(m[2]!)) visit(resolveUrl(dep, file));
      }
    }
    for (const m of html.matchAll(/<astro-island\b[^>]*>/g)) {
      for (const attr of ['component-url', 'renderer-url']) {
        const url = new RegExp(`${attr}="([^"]+)"`).exec(m[0])?.[1];
        if (url) visit(resolveUrl(url, file));
      }
    }
    for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g))
      visit(resolveUrl(m[1]!, file));
    return {
      page,
      template: templateOf(page),
      jsGzip: bytes,
      files: [...seen].map((f) => relative(root, f)),
    };
  });
}

/** The heaviest page of each template. */
export function byTemplate(weights: PageWeight[]): PageWeight[] {
  const out = new Map<string, PageWeight>();
  for (const w of weights) if ((out.get(w.template)?.jsGzip ?? -1) < w.jsGzip) out.set(w.template, w);
  return [...out.values()].sort((a, b) => a.template.localeCompare(b.template));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? fileURLToPath(new URL('../../dist/', import.meta.url));
  const all = pageWeights(dist);
  console.log(`${all.length} pages`);
  for (const w of byTemplate(all))
    console.log(
      `${w.template.padEnd(22)} ${(w.jsGzip / 1024).toFixed(1).padStart(6)} KB gzip JS  (${w.page}; ${w.files.length} files)`,
    );
}
