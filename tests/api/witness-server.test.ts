/**
 * The witness's HTTP face (C2SP tlog-witness add-checkpoint): the cosignature on success and
 * every refusal with the protocol's status, and its memory kept in a file across restarts.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVerifierKey, splitNote } from '../../api/domain/merkle/index.ts';
import {
  generateCosigningKey,
  openCosignatureLines,
  parseCosigningKey,
} from '../../api/domain/witness/cosignature.ts';
import { formatAddCheckpoint } from '../../api/domain/witness/witness.ts';
import { Witness, witnessApp } from '../../api/http/witness/server.ts';
import { FileWitnessState, MemoryWitnessState, type WitnessState } from '../../api/store/witness-state.ts';
import { sha256, ToyLog } from '../support/toy-log.ts';

const key = parseCosigningKey(generateCosigningKey('witness.example/w1', new Uint8Array(32).fill(5)));

function witnessFor(log: ToyLog, state: WitnessState = new MemoryWitnessState()) {
  let now = 1_700_000_000_000;
  const refusals: string[] = [];
  const app = witnessApp(
    new Witness({
      key,
      logs: [{ origin: log.origin, key: parseVerifierKey(log.vkey) }],
      state,
      sha256,
      clock: () => new Date((now += 1000)),
      onRefusal: (_origin, r) => refusals.push(r.reason),
    }),
  );
  const add = (body: string) => app.request('/add-checkpoint', { method: 'POST', body });
  return { app, add, refusals };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aidtrail-witness-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('POST /add-checkpoint', () => {
  it('answers 200 with a cosignature line that verifies over the checkpoint', async () => {
    const log = new ToyLog().grow(7);
    const { add } = witnessFor(log);
    const res = await add(formatAddCheckpoint(0, [], log.checkpoint()));
    expect(res.status).toBe(200);
    const lines = await res.text();
    expect(lines).toMatch(/^— witness\.example\/w1 \S+\n$/);
    const [cosignature] = openCosignatureLines(splitNote(log.checkpoint()).body, lines, key);
    expect(cosignature).toMatchObject({ witness: 'witness.example/w1', timestamp: 1_700_000_001 });
    // The log grows; the next checkpoint is cosigned with the proof from 7.
    log.grow(5);
    const next = await add(formatAddCheckpoint(7, log.proof(7), log.checkpoint()));
    expect(next.status).toBe(200);
  });

  it('answers 409 with the size it cosigned (text/x.tlog.size) when the old size is not it', async () => {
    const log = new ToyLog().grow(4);
    const { add } = witnessFor(log);
    await add(formatAddCheckpoint(0, [], log.checkpoint()));
    log.grow(3);
    const res = await add(formatAddCheckpoint(0, [], log.checkpoint()));
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await res.text()).toBe('4\n');
  });

  it('refuses each misbehaviour with its status and tells of it', async () => {
    const log = new ToyLog().grow(6);
    const { add, app, refusals } = witnessFor(log);
    expect((await add(formatAddCheckpoint(0, [], log.checkpoint()))).status).toBe(200);
    const forked = new ToyLog(log.origin, new Uint8Array(32).fill(9)).grow(3).append('another leaf').grow(4);
    const cases: Array<[string, string, number]> = [
      ['unknown origin', formatAddCheckpoint(6, [], log.checkpoint(6, { origin: 'other.example/log' })), 404],
      ['bad signature', formatAddCheckpoint(6, [], forked.checkpoint(6, { origin: log.origin })), 403],
      ['old beyond checkpoint', formatAddCheckpoint(6, [], log.checkpoint(5)), 400],
      ['malformed', 'old x\n\n', 400],
      ['fork', formatAddCheckpoint(6, [], log.checkpoint(6, { rootHash: forked.root(6) })), 409],
      [
        'inconsistent',
        formatAddCheckpoint(
          6,
          forked.proof(6, 8),
          forked.checkpoint(8, { key: log.key, origin: log.origin }),
        ),
        422,
      ],
    ];
    for (const [what, body, status] of cases) {
      const res = await add(body);
      expect([what, res.status]).toEqual([what, status]);
      if (status !== 409) expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(refusals).toEqual(['rollback', 'fork', 'inconsistent']);
    expect((await app.request('/add-checkpoint')).status).toBe(405);
    expect((await app.request('/elsewhere', { method: 'POST' })).status).toBe(404);
    expect((await add('x'.repeat(70_000))).status).toBe(413);
  });

  it('keeps what it cosigned in a file, replaced atomically, across restarts', async () => {
    const path = join(dir, 'witness-state.json');
    const log = new ToyLog().grow(5);
    const first = witnessFor(log, await FileWitnessState.open(path));
    expect((await first.add(formatAddCheckpoint(0, [], log.checkpoint()))).status).toBe(200);
    expect(JSON.parse(readFileSync(path, 'utf8')).logs[log.origin].size).toBe(5);
    expect(readdirSync(dir)).toEqual(['witness-state.json']);
    // A new process remembers size 5: a rollback to 3 is refused, an extension accepted.
    const second = witnessFor(log, await FileWitnessState.open(path));
    const stale = await second.add(formatAddCheckpoint(0, [], log.checkpoint(3)));
    expect([stale.status, await stale.text()]).toEqual([409, '5\n']);
    log.grow(2);
    expect((await second.add(formatAddCheckpoint(5, log.proof(5), log.checkpoint()))).status).toBe(200);
    expect(JSON.parse(readFileSync(path, 'utf8')).logs[log.origin].size).toBe(7);
  });

  it('decides concurrent requests one at a time, so the remembered size never goes back', async () => {
    const log = new ToyLog().grow(3);
    const { add } = witnessFor(log);
    await add(formatAddCheckpoint(0, [], log.checkpoint()));
    log.grow(6);
    const small = formatAddCheckpoint(3, log.proof(3, 4), log.checkpoint(4));
    const large = formatAddCheckpoint(3, log.proof(3, 9), log.checkpoint(9));
    const [a, b] = await Promise.all([add(large), add(small)]);
    expect([a.status, b.status]).toEqual([200, 409]);
    expect(await b.text()).toBe('9\n');
  });
});
