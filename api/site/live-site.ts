/**
 * The live site follows the ledger. When the log has grown, a new generation of the static site
 * is built in the background (from a snapshot of the database, so all its pages reflect one log
 * size) and swapped in whole once it is complete: a visitor is served either the old site or
 * the new one, never a half-built one. The previous generation is kept one more round, so a
 * page already being sent finishes from the files it started with.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SiteGeneration {
  dir: string;
  /** The log size (number of events) every page of this generation reflects. */
  logSize: number;
  builtAt: string;
  buildMs: number;
}

export interface LiveSiteDeps {
  /** The folder holding the generations (one sub-folder each). */
  root: string;
  /** The log's current size, read cheaply. */
  readLogSize: () => Promise<number>;
  /** Builds a complete site into `outDir` and says which log size it reflects. */
  build: (outDir: string) => Promise<{ logSize: number }>;
  clock: () => Date;
  log?: (message: string) => void;
}

const marker = 'generation.json';

export class LiveSite {
  #current: SiteGeneration | undefined;
  #refreshing: Promise<'built' | 'fresh' | 'failed'> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: LiveSiteDeps) {}

  /** The generation being served, if any. */
  current(): SiteGeneration | undefined {
    return this.#current;
  }

  /** Takes up the newest complete generation a previous run left, so a restart serves at once. */
  async adopt(): Promise<SiteGeneration | undefined> {
    if (!existsSync(this.deps.root)) return undefined;
    const found: SiteGeneration[] = [];
    for (const name of await readdir(this.deps.root)) {
      const file = join(this.deps.root, name, marker);
      if (!existsSync(file)) continue;
      const generation = JSON.parse(await readFile(file, 'utf8')) as SiteGeneration;
      found.push({ ...generation, dir: join(this.deps.root, name) });
    }
    found.sort((a, b) => a.logSize - b.logSize || a.builtAt.localeCompare(b.builtAt));
    this.#current = found.at(-1);
    return this.#current;
  }

  /**
   * Builds a new generation when the log has grown since the one served (or none is served).
   * Answers what happened; a refresh asked for while a build runs joins that build.
   */
  refresh(): Promise<'built' | 'fresh' | 'failed'> {
    this.#refreshing ??= this.#refreshOnce().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refreshOnce(): Promise<'built' | 'fresh' | 'failed'> {
    const size = await this.deps.readLogSize();
    if (this.#current && this.#current.logSize >= size) return 'fresh';
    return (await this.#buildNext()) ? 'built' : 'failed';
  }

  async #buildNext(): Promise<SiteGeneration | undefined> {
    const started = performance.now();
    const builtAt = this.deps.clock().toISOString();
    const name = `site-${builtAt.replace(/[:.]/g, '-')}`;
    const partial = join(this.deps.root, `${name}.partial`);
    await mkdir(this.deps.root, { recursive: true });
    await rm(partial, { recursive: true, force: true });
    try {
      const { logSize } = await this.deps.build(partial);
      const dir = join(this.deps.root, name);
      const generation: SiteGeneration = {
        dir,
        logSize,
        builtAt,
        buildMs: Math.round(performance.now() - started),
      };
      await writeFile(join(partial, marker), `${JSON.stringify({ ...generation, dir: name })}\n`);
      await rename(partial, dir);
      const previous = this.#current;
      this.#current = generation;
      this.deps.log?.(`site rebuilt at log size ${logSize} in ${(generation.buildMs / 1000).toFixed(1)} s`);
      await this.#prune(new Set([dir, previous?.dir].filter((d): d is string => Boolean(d))));
      return generation;
    } catch (e) {
      await rm(partial, { recursive: true, force: true });
      this.deps.log?.(`site rebuild failed; still serving the previous build: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Removes every generation but the ones kept (the one served and the one before it). */
  async #prune(keep: Set<string>): Promise<void> {
    for (const name of await readdir(this.deps.root)) {
      const dir = join(this.deps.root, name);
      if (!keep.has(dir) && !name.endsWith('.partial')) await rm(dir, { recursive: true, force: true });
    }
  }

  /** Checks for growth every `intervalMs` until stopped; one build at a time. */
  follow(intervalMs: number): void {
    this.stop();
    const tick = () => {
      void this.refresh().finally(() => {
        if (this.#timer) this.#timer = setTimeout(tick, intervalMs).unref();
      });
    };
    this.#timer = setTimeout(tick, intervalMs).unref();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
