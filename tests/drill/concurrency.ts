/**
 * Many writers at once, on one server process and on two processes sharing one database file:
 * every write answered 201 is in the log exactly once, the log never forks (both processes
 * end on the same signed root), and one Idempotency-Key sent by ten clients at once writes once.
 */
import type { DrillResult } from './result.ts';
import { gift, type Scratch, type Server } from './portal.ts';

export async function concurrentWriters(
  base: Scratch,
  writers: number,
  perWriter: number,
  processes: 1 | 2,
): Promise<DrillResult> {
  const result: DrillResult = {
    drill: `${writers} concurrent writers on ${processes} process${processes === 1 ? '' : 'es'}`,
    tried: 0,
    held: 0,
    failed: [],
    figures: {},
  };
  const s = base.copyTo(`writers-${processes}`);
  try {
    const servers: Server[] = [];
    for (let p = 0; p < processes; p++) servers.push(await s.serve());
    const before = await s.logSize();
    const ids: string[] = [];
    const statuses = new Map<number, number>();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const server = servers[w % processes]!;
        for (let i = 0; i < perWriter; i++) {
          result.tried++;
          const res = await server.post('charity', gift(1 + w * 1000 + i), {
            'idempotency-key': `w${w}-${i}`,
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 201) {
            ids.push(((await res.json()) as { id: string }).id);
            result.held++;
          } else
            result.failed.push(`writer ${w} write ${i}: ${res.status} ${(await res.text()).slice(0, 160)}`);
        }
      }),
    );
    const stored = (await s.query<{ id: string }>('SELECT id FROM events')).map((r) => r.id);
    const grown = stored.length - before;
    if (grown !== ids.length)
      result.failed.push(`the log grew by ${grown} but ${ids.length} writes were answered 201`);
    if (new Set(ids).size !== ids.length)
      result.failed.push('two writes were answered with the same event id');
    const storedSet = new Set(stored);
    const missing = ids.filter((id) => !storedSet.has(id));
    if (missing.length) result.failed.push(`${missing.length} acknowledged events are not in the log`);
    // No fork: every process serves the same signed tree head.
    const heads = await Promise.all(
      servers.map(async (sv) => firstLines(await (await sv.get('/api/v1/log/checkpoint')).text())),
    );
    if (new Set(heads).size !== 1)
      result.failed.push(`the processes serve different tree heads: ${heads.join(' | ')}`);
    for (const sv of servers) await sv.stop();
    result.failed.push(...(await s.checkIntegrity()));
    for (const [status, n] of statuses) result.figures![String(status)] = n;
  } finally {
    s.remove();
  }
  return result;
}

/** Origin, size and root of a checkpoint: what two honest servers must agree on. */
const firstLines = (note: string) => note.split('\n').slice(0, 3).join(' ');

export async function sharedIdempotencyKey(
  base: Scratch,
  clients: number,
  rounds: number,
): Promise<DrillResult> {
  const result: DrillResult = {
    drill: `one Idempotency-Key from ${clients} clients at once`,
    tried: 0,
    held: 0,
    failed: [],
  };
  const s = base.copyTo('idempotency');
  try {
    const servers = [await s.serve(), await s.serve()];
    for (let r = 0; r < rounds; r++) {
      result.tried++;
      const before = await s.logSize();
      const body = gift(777 + r);
      const answers = await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const res = await servers[c % 2]!.post('charity', body, { 'idempotency-key': `same-${r}` });
          return {
            status: res.status,
            id: res.status === 201 || res.status === 200 ? ((await res.json()) as { id: string }).id : null,
          };
        }),
      );
      // The same key with another body is refused, not written.
      const other = await servers[0]!.post('charity', gift(1), { 'idempotency-key': `same-${r}` });
      await other.body?.cancel();
      const grown = (await s.logSize()) - before;
      const wrong: string[] = [];
      if (grown !== 1) wrong.push(`wrote ${grown} events`);
      // One client's write is created (201); every other is answered the same event as a replay (200).
      const statuses = answers.map((a) => a.status);
      if (statuses.filter((st) => st === 201).length !== 1 || statuses.some((st) => st !== 201 && st !== 200))
        wrong.push(`answers ${statuses.join(',')}`);
      if (new Set(answers.map((a) => a.id)).size !== 1) wrong.push('clients were given different event ids');
      if (other.status < 400 || other.status >= 500)
        wrong.push(`a different body under the key answered ${other.status}`);
      if (wrong.length) result.failed.push(`round ${r + 1}: ${wrong.join('; ')}`);
      else result.held++;
    }
    for (const sv of servers) await sv.stop();
  } finally {
    s.remove();
  }
  return result;
}
