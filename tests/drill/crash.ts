/**
 * Crash drills: SIGKILL the server in the middle of concurrent writes, and the importer in the
 * middle of a file. Afterwards the log must audit, the projections must equal a rebuild from
 * the log, every write that was answered 201 must be there, and a re-run import must finish
 * without writing anything twice.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DrillResult } from './result.ts';
import { gift, pause, type Scratch } from './portal.ts';

export async function crashDuringWrites(
  base: Scratch,
  kills: number,
  clientsPerKill = 16,
): Promise<DrillResult> {
  const result: DrillResult = {
    drill: `kill -9 during ${clientsPerKill}-client writes`,
    tried: 0,
    held: 0,
    failed: [],
  };
  const s = base.copyTo('crash-writes');
  try {
    for (let k = 0; k < kills; k++) {
      result.tried++;
      const problems: string[] = [];
      const server = await s.serve();
      const acknowledged: string[] = [];
      let stop = false;
      // Kill after a different number of acknowledged writes each round.
      const killAfter = 40 + k * 37;
      const writers = Array.from({ length: clientsPerKill }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await server.post('charity', gift(1 + c * 10_000 + i), {
              'idempotency-key': `crash-${k}-${c}-${i}`,
            });
            if (res.status === 201) acknowledged.push(((await res.json()) as { id: string }).id);
            else await res.body?.cancel();
          } catch {
            return; // the server is gone
          }
        }
      });
      while (acknowledged.length < killAfter) await pause(5);
      await server.kill9();
      stop = true;
      await Promise.all(writers);
      const ids = new Set((await s.query<{ id: string }>('SELECT id FROM events')).map((r) => r.id));
      const lost = acknowledged.filter((id) => !ids.has(id));
      if (lost.length)
        problems.push(`${lost.length} acknowledged events missing after the kill (${lost[0]}, …)`);
      problems.push(...(await s.checkIntegrity()));
      // The server comes back on the same file and takes writes again.
      const again = await s.serve();
      const res = await again.post('charity', gift(7), { 'idempotency-key': `after-crash-${k}` });
      if (res.status !== 201) problems.push(`after restart a write answered ${res.status}`);
      await again.stop();
      if (problems.length) result.failed.push(`kill ${k + 1}: ${problems.join('; ')}`);
      else result.held++;
    }
  } finally {
    s.remove();
  }
  return result;
}

export async function crashDuringImport(base: Scratch, lines: number, kills: number): Promise<DrillResult> {
  const result: DrillResult = {
    drill: `kill -9 during an import of ${lines} lines`,
    tried: 0,
    held: 0,
    failed: [],
  };
  for (let k = 0; k < kills; k++) {
    result.tried++;
    const s = base.copyTo('crash-import');
    try {
      const file = join(s.dir, 'gifts.ndjson');
      writeFileSync(
        file,
        Array.from({ length: lines }, (_, i) =>
          JSON.stringify({ recordedBy: 'charity', event: gift(100 + i) }),
        ).join('\n'),
      );
      const before = await s.logSize();
      const problems: string[] = [];
      // Each round kills at a later point of the file.
      const target = before + Math.round((lines * (k + 1)) / (kills + 1));
      const run = s.cliProcess(['import', file]);
      while ((await s.logSize()) < target && run.exitCode === null) await pause(20);
      if (run.exitCode !== null) problems.push('the import finished before it could be killed');
      await killed(run);
      const written = (await s.logSize()) - before;
      problems.push(...(await s.checkIntegrity()));
      const resumed = await s.cli(['import', file]);
      if (resumed.code !== 0)
        problems.push(`the resumed import exited ${resumed.code}: ${resumed.stderr.slice(0, 200)}`);
      const total = (await s.logSize()) - before;
      if (total !== lines)
        problems.push(`after resuming the log holds ${total} imported events, not ${lines}`);
      problems.push(...(await s.checkIntegrity()));
      if (problems.length) result.failed.push(`kill ${k + 1} after ${written} lines: ${problems.join('; ')}`);
      else result.held++;
    } finally {
      s.remove();
    }
  }
  return result;
}

const killed = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
