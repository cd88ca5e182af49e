/**
 * Pages rendered on request into a frame the site build made once (a gift's page, a shipment's
 * page): the frame and the name tables are read from the served site and kept per site
 * generation, and rendered pages are kept until the log grows, so a page follows the ledger.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locale } from '../lib/i18n.ts';
import type { NameTables } from '../lib/names.ts';

export interface Frame {
  html: string;
  names: NameTables;
}

export interface FramedPageDeps<A> {
  /** The folder of the site being served (its frame and name tables are used). */
  siteDir: () => string | undefined;
  /** Where the frame lies inside a built site, per language. */
  framePath: (locale: Locale) => string;
  /** The public answer the page shows; null when there is none. */
  answer: (key: string) => Promise<A | null>;
  /** The log's size: pages are kept until it grows. */
  logSize: () => Promise<number>;
  /** Fills the frame with the answer. */
  fill: (frame: Frame, answer: A, locale: Locale) => string;
  /** How many rendered pages are kept (default 500). */
  keep?: number;
}

export function framedPages<A>(deps: FramedPageDeps<A>) {
  const frames = new Map<string, Frame>();
  const rendered = new Map<string, string>();
  let renderedAt = -1;
  const keep = deps.keep ?? 500;

  async function frame(dir: string, locale: Locale): Promise<Frame | null> {
    const key = `${dir}\n${locale}`;
    const known = frames.get(key);
    if (known) return known;
    const path = join(dir, deps.framePath(locale));
    const namesPath = join(dir, 'site-data', `names.${locale}.json`);
    if (!existsSync(path) || !existsSync(namesPath)) return null;
    const loaded = {
      html: await readFile(path, 'utf8'),
      names: JSON.parse(await readFile(namesPath, 'utf8')) as NameTables,
    };
    // A new site generation replaces the frames of the old one.
    if (![...frames.keys()].some((k) => k.startsWith(`${dir}\n`))) frames.clear();
    frames.set(key, loaded);
    return loaded;
  }

  return {
    /** The page for `key`, or null when there is no answer (or no built site). */
    async render(key: string, locale: Locale): Promise<string | null> {
      const dir = deps.siteDir();
      if (!dir) return null;
      const size = await deps.logSize();
      if (size !== renderedAt) {
        rendered.clear();
        renderedAt = size;
      }
      const cacheKey = `${dir}\n${locale}\n${key}`;
      const kept = rendered.get(cacheKey);
      if (kept) return kept;
      const [shell, answer] = await Promise.all([frame(dir, locale), deps.answer(key)]);
      if (!shell || !answer) return null;
      const page = deps.fill(shell, answer, locale);
      if (rendered.size >= keep) rendered.delete(rendered.keys().next().value!);
      rendered.set(cacheKey, page);
      return page;
    },
  };
}

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Puts the page's own checkpoint in the footer line that names the one the site was built from. */
export const withAsOf = (html: string, line: string) =>
  html.replace(
    /(<p id="data-as-of">)[\s\S]*?(<\/p>)/,
    (_m, open: string, close: string) => open + escapeHtml(line) + close,
  );
