/**
 * The disk fills up, or the file system turns read-only, under a running server: writes are
 * refused with 503 naming the cause, health says degraded, reads go on, and writes work again
 * once space (or write access) returns — on a real file system (a small tmpfs), not a
 * simulation. Mounting needs root; elsewhere the drill says it was skipped.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DrillResult } from './result.ts';
import { gift, type Scratch, type Server } from './portal.ts';

const mount = (args: string[]) => execFileSync('mount', args, { stdio: 'pipe' });

async function refusedWith(server: Server, cause: string, maxWrites: number): Promise<string[]> {
  const wrong: string[] = [];
  let refused: Response | undefined;
  for (let i = 0; i < maxWrites && !refused; i++) {
    const res = await server.post('charity', gift(i + 1, 'x'.repeat(1500)));
    if (res.status === 201) await res.body?.cancel();
    else refused = res;
  }
  if (!refused) return [`${maxWrites} writes were all accepted`];
  const problem = (await refused.json()) as { cause?: string };
  if (refused.status !== 503) wrong.push(`refused with ${refused.status}, not 503`);
  if (problem.cause !== cause) wrong.push(`cause "${problem.cause}", not "${cause}"`);
  const health = await server.health();
  if (health.status !== 'degraded') wrong.push(`health says "${health.status}"`);
  for (const path of [
    '/api/v1/events?limit=5',
    '/api/v1/donations?limit=5',
    '/api/v1/coverage?groupBy=region',
  ]) {
    const res = await server.get(path);
    await res.body?.cancel();
    if (res.status !== 200) wrong.push(`${path} answered ${res.status} meanwhile`);
  }
  return wrong;
}

async function recovered(server: Server): Promise<string[]> {
  const res = await server.post('charity', gift(4242));
  await res.body?.cancel();
  const wrong = res.status === 201 ? [] : [`a write after recovery answered ${res.status}`];
  const health = await server.health();
  if (health.status !== 'ok') wrong.push(`health after recovery says "${health.status}"`);
  return wrong;
}

export async function storageFailures(base: Scratch): Promise<DrillResult> {
  const result: DrillResult = { drill: 'full disk and read-only file system', tried: 0, held: 0, failed: [] };
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-drill-disk-'));
  const room = statSync(base.dbFile).size + 1024 * 1024;
  try {
    mount(['-t', 'tmpfs', '-o', `size=${Math.ceil(room / 4096) * 4096}`, 'tmpfs', dir]);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return {
      ...result,
      skipped: `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]}); run as root`,
    };
  }
  try {
    const s = base.copyTo('disk', dir);
    const server = await s.serve();
    try {
      result.tried++;
      const full = await refusedWith(server, 'disk-full', 5000);
      mount(['-o', 'remount,size=64m', dir]);
      full.push(...(await recovered(server)));
      if (full.length) result.failed.push(`full disk: ${full.join('; ')}`);
      else result.held++;
    } finally {
      await server.stop();
    }
    // A file system cannot be remounted read-only under a process writing to it (the kernel
    // answers "busy"), so a running server's database turning read-only is covered by
    // tests/api/storage-failure.test.ts; here a server is started on a read-only file system
    // and must refuse plainly: SQLite cannot open a WAL database there, even to read.
    result.tried++;
    mount(['-o', 'remount,ro', dir]);
    const refused = await s.cli(['serve']);
    mount(['-o', 'remount,rw', dir]);
    const readOnly: string[] = [];
    if (refused.code !== 2) readOnly.push(`serve exited ${refused.code}, not 2`);
    if (!refused.stderr.includes('read-only'))
      readOnly.push('the refusal does not say the file system is read-only');
    if (/\n\s+at /.test(refused.stderr)) readOnly.push('the refusal prints a stack trace');
    if (readOnly.length) result.failed.push(`read-only at start: ${readOnly.join('; ')}`);
    else result.held++;
    const integrity = await s.checkIntegrity();
    if (integrity.length) result.failed.push(`after the storage drills: ${integrity.join('; ')}`);
  } finally {
    try {
      mount(['-o', 'remount,rw', dir]);
    } catch {
      // already writable
    }
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
