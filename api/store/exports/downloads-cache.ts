/**
 * Bulk exports on demand, for the downloads API. Each export (a "generation") is written
 * into a fresh directory and renamed into place only when complete, so a listed file never
 * changes under its checksum; generations are serialised (one at a time), and when the log
 * has grown since the current one, a new one is made in the background while the current one
 * goes on being served, never more often than `refreshAfterMs`. A generation left on disk by
 * an earlier process is reused when its checkpoint is still in the log.
 */
import type { Client } from '@libsql/client';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SigningKey } from '../../domain/merkle/index.ts';
import { exportAll, type ExportResult } from './bulk-export.ts';

export interface DownloadsOptions {
  client: Client;
  signingKey: SigningKey;
  /** The database's URL: generations of the same database are shared between processes. */
  databaseUrl?: string;
  /** Where generations live; default beside the database file (see `defaultDownloadsDir`). */
  dir?: string;
  /** Least time between two generations while the log keeps growing (default 5 minutes). */
  refreshAfterMs?: number;
  clock?: () => number;
  log?: (message: string, error: unknown) => void;
}

export interface Generation {
  dir: string;
  result: ExportResult;
  /** When it was made (clock milliseconds). */
  madeAt: number;
}

export interface DownloadsState {
  generation: Generation;
  /** Size of the latest checkpoint in the log now. */
  latestSize: number;
  /** A newer generation is being made. */
  refreshing: boolean;
}

const manifestName = '.export.json';
const generationPrefix = 'gen-';

/**
 * Generations of a database file live beside it (`aidtrail.db.downloads/`), on the disk sized
 * for the ledger and cleaned with it; the OS temp directory is often small and wiped. Every
 * process on the same database and key shares the folder. A database that is not a local file
 * (a libSQL server, or in memory) keeps them under the OS temp directory.
 */
export function defaultDownloadsDir(url: string, key: SigningKey): string {
  const keyScope = createHash('sha256').update(key.name).digest('hex').slice(0, 8);
  const path = url.startsWith('file:') ? url.slice(5).replace(/^\/\/(?=\/)/, '') : null;
  if (path && path !== ':memory:' && !path.includes('mode=memory'))
    return join(`${resolve(path.split('?')[0]!)}.downloads`, keyScope);
  const scope =
    url === '' || url.includes(':memory:')
      ? `memory-${process.pid}-${randomBytes(4).toString('hex')}`
      : createHash('sha256').update(`${url}\n${key.name}`).digest('hex').slice(0, 16);
  return join(tmpdir(), 'aidtrail-downloads', scope);
}

export class DownloadsCache {
  readonly dir: string;
  private readonly refreshAfterMs: number;
  private readonly clock: () => number;
  private current: Generation | null = null;
  private loading: Promise<void> | null = null;
  private making: Promise<Generation> | null = null;

  constructor(private readonly options: DownloadsOptions) {
    this.dir = options.dir ?? defaultDownloadsDir(options.databaseUrl ?? '', options.signingKey);
    this.refreshAfterMs = options.refreshAfterMs ?? 5 * 60_000;
    this.clock = options.clock ?? Date.now;
  }

  /** The generation to serve now, made first if there is none yet; null while the log is empty. */
  async state(): Promise<DownloadsState | null> {
    const latest = await this.latestSize();
    if (latest === 0) return null;
    this.loading ??= this.reuse(latest).then((found) => {
      this.current ??= found;
    });
    await this.loading;
    const current = this.current ?? (await this.refresh());
    if (
      current.result.checkpoint.size < latest &&
      !this.making &&
      this.clock() - current.madeAt >= this.refreshAfterMs
    ) {
      this.refresh().catch((e) =>
        (this.options.log ?? console.error)('making a downloads generation failed', e),
      );
    }
    return { generation: this.current ?? current, latestSize: latest, refreshing: this.making !== null };
  }

  /** Resolves when no generation is being made (for tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.making) await this.making.catch(() => undefined);
  }

  /** Makes a generation of the latest checkpoint now (or joins the one being made). */
  refresh(): Promise<Generation> {
    this.making ??= this.make().finally(() => {
      this.making = null;
    });
    return this.making;
  }

  private async latestSize(): Promise<number> {
    return Number(
      (await this.options.client.execute('SELECT coalesce(max(size), 0) AS n FROM checkpoints')).rows[0]!.n,
    );
  }

  private async make(): Promise<Generation> {
    await mkdir(this.dir, { recursive: true });
    const work = join(this.dir, `tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    await mkdir(work);
    let result: ExportResult;
    const tx = await this.options.client.transaction('read');
    try {
      result = await exportAll(tx, work, this.options.signingKey);
    } catch (e) {
      await rm(work, { recursive: true, force: true });
      throw e;
    } finally {
      tx.close();
    }
    await writeFile(join(work, manifestName), JSON.stringify(result));
    const name = `${generationPrefix}${result.checkpoint.size}-${result.checkpoint.rootHashHex.slice(0, 16)}`;
    const final = join(this.dir, name);
    try {
      await rename(work, final);
    } catch (e) {
      // Another process made the same generation first: its files are the same bytes.
      if (!['ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
      await rm(work, { recursive: true, force: true });
    }
    const generation = { dir: final, result, madeAt: this.clock() };
    const previous = this.current;
    this.current = generation;
    // The previous generation stays for whoever listed it a moment ago (or another process
    // still serving it); older ones go. Downloads under way keep their open files.
    const keep = new Set([final, previous?.dir]);
    for (const name of await readdir(this.dir)) {
      if (name.startsWith(generationPrefix) && !keep.has(join(this.dir, name)))
        await rm(join(this.dir, name), { recursive: true, force: true });
    }
    return generation;
  }

  /** A complete generation already on disk whose checkpoint is still this log's. */
  private async reuse(latest: number): Promise<Generation | null> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.startsWith(generationPrefix));
    } catch {
      return null;
    }
    let best: Generation | null = null;
    for (const name of names) {
      try {
        const result = JSON.parse(await readFile(join(this.dir, name, manifestName), 'utf8')) as ExportResult;
        const { size, rootHashHex } = result.checkpoint;
        if (size > latest || (best && best.result.checkpoint.size >= size)) continue;
        const row = (
          await this.options.client.execute({
            sql: 'SELECT root_hash FROM checkpoints WHERE size = ?',
            args: [size],
          })
        ).rows[0];
        if (!row || Buffer.from(row.root_hash as ArrayBuffer).toString('hex') !== rootHashHex) continue;
        best = { dir: join(this.dir, name), result, madeAt: 0 };
      } catch {
        // An unreadable manifest is not a generation.
      }
    }
    return best;
  }
}
