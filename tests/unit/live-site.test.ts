import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveSite } from '../../api/site/live-site.ts';

/** A ledger whose size the test sets, and a "build" that writes the size it saw into the site. */
function world(root: string) {
  let size = 0;
  let tick = Date.parse('2026-12-01T00:00:00Z');
  const builds: number[] = [];
  let failNext = false;
  const site = new LiveSite({
    root,
    readLogSize: async () => size,
    build: async (outDir) => {
      if (failNext) {
        failNext = false;
        await mkdir(outDir, { recursive: true });
        throw new Error('astro build exited with 1');
      }
      const seen = size;
      builds.push(seen);
      await mkdir(outDir, { recursive: true });
      await writeFile(join(outDir, 'index.html'), `<p>log size ${seen}</p>`);
      return { logSize: seen };
    },
    clock: () => new Date((tick += 1000)),
  });
  return {
    site,
    builds,
    grow: (n: number) => (size += n),
    failNextBuild: () => (failNext = true),
  };
}

let root: string;
beforeEach(async () => {
  root = join(await mkdtemp(join(tmpdir(), 'aidtrail-live-')), 'generations');
});
afterEach(async () => rm(join(root, '..'), { recursive: true, force: true }));

describe('the live site follows the ledger', () => {
  it('builds when nothing is served, then only when the log has grown', async () => {
    const w = world(root);
    expect(await w.site.refresh()).toBe('built');
    expect(w.site.current()?.logSize).toBe(0);
    expect(await w.site.refresh()).toBe('fresh');
    w.grow(3);
    expect(await w.site.refresh()).toBe('built');
    expect(w.site.current()?.logSize).toBe(3);
    expect(await readFile(join(w.site.current()!.dir, 'index.html'), 'utf8')).toBe('<p>log size 3</p>');
    expect(w.builds).toEqual([0, 3]);
  });

  it('swaps a generation in only when it is complete, and keeps the one before it', async () => {
    const w = world(root);
    await w.site.refresh();
    const first = w.site.current()!.dir;
    w.grow(1);
    await w.site.refresh();
    const second = w.site.current()!.dir;
    w.grow(1);
    await w.site.refresh();
    const names = (await readdir(root)).sort();
    expect(names).toHaveLength(2);
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(true);
    expect(names.some((n) => n.endsWith('.partial'))).toBe(false);
  });

  it('keeps serving the previous generation when a build fails, and leaves no partial folder', async () => {
    const w = world(root);
    await w.site.refresh();
    const served = w.site.current();
    w.grow(5);
    w.failNextBuild();
    expect(await w.site.refresh()).toBe('failed');
    expect(w.site.current()).toEqual(served);
    expect((await readdir(root)).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(await w.site.refresh()).toBe('built');
    expect(w.site.current()?.logSize).toBe(5);
  });

  it('joins a build already running instead of starting a second one', async () => {
    const w = world(root);
    const [a, b] = await Promise.all([w.site.refresh(), w.site.refresh()]);
    expect([a, b]).toEqual(['built', 'built']);
    expect(w.builds).toEqual([0]);
  });

  it('takes up the newest complete generation left by a previous run', async () => {
    const w = world(root);
    w.grow(2);
    await w.site.refresh();
    w.grow(2);
    await w.site.refresh();
    const again = world(root);
    await again.site.adopt();
    expect(again.site.current()?.logSize).toBe(4);
    expect(again.site.current()?.dir).toBe(w.site.current()?.dir);
  });
});
