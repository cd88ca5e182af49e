/**
 * The portal and its witnesses: each committed checkpoint goes to two in-process witnesses in
 * the background, their cosignatures appear on /log/checkpoint, /log/checkpoint/witnessed
 * honours the quorum, /log/checkpoints archives every checkpoint, and a witness that is down
 * never fails or slows a write.
 */
import { describe, expect, it } from 'vitest';
import { openCheckpoint, verifierKeyFor } from '../../api/domain/merkle/index.ts';
import {
  generateCosigningKey,
  parseCosigningKey,
  witnessesOf,
  type CosigningKey,
} from '../../api/domain/witness/cosignature.ts';
import { Witness, witnessApp } from '../../api/http/witness/server.ts';
import { witnessesFrom } from '../../api/cli/config.ts';
import { cosignerKeyFor } from '../../api/domain/witness/cosignature.ts';
import { sha256 } from '../../api/store/log-store.ts';
import { createApp } from '../../api/http/app.ts';
import { privateSalts } from '../../api/domain/private-salts.ts';
import { receiptCodes } from '../../api/domain/receipt-codes.ts';
import { MemoryWitnessState } from '../../api/store/witness-state.ts';
import { at, cny, testApp, testOrigin, testSigningKey } from '../support/test-app.ts';

const keys = [1, 2].map((i) =>
  parseCosigningKey(generateCosigningKey(`witness${i}.example/w`, new Uint8Array(32).fill(20 + i))),
);

/** Two witnesses reached through a fetch that calls their apps directly; `down` ones refuse to connect. */
function witnesses(down = new Set<number>(), gate: Promise<void> = Promise.resolve()) {
  const apps = keys.map((key) =>
    witnessApp(
      new Witness({
        key,
        logs: [{ origin: testOrigin, key: testSigningKey }],
        state: new MemoryWitnessState(),
        sha256,
        clock: () => new Date('2026-03-01T00:00:00Z'),
      }),
    ),
  );
  const requests: string[] = [];
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const i = Number(url.hostname.replace('w', ''));
    requests.push(`${url.hostname} ${String(init?.body).split('\n')[0]}`);
    if (down.has(i)) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    await gate;
    return apps[i]!.request(url.pathname, init);
  }) as typeof fetch;
  return {
    endpoints: keys.map((key, i) => ({ url: `http://w${i}`, key })),
    fetcher,
    requests,
  };
}

const gift = (n: number) => ({
  type: 'donation',
  occurredAt: at,
  donor: 'donor-li',
  recipient: 'charity',
  money: cny(n),
});

async function portal(opts: { down?: number[]; quorum?: number; gate?: Promise<void> } = {}) {
  const w = witnesses(new Set(opts.down), opts.gate);
  const logged: string[] = [];
  const t = await testApp({
    withDatabase: () => ({
      witnesses: w.endpoints,
      witnessQuorum: opts.quorum,
      witnessFetch: w.fetcher,
      log: (m: string) => void logged.push(m),
    }),
  });
  return { ...t, ...w, logged };
}

describe('witnessing the log', () => {
  it('gathers both cosignatures of each checkpoint, serves them on /log/checkpoint and the witnessed checkpoint', async () => {
    const t = await portal();
    expect((await t.get('/api/v1/log/checkpoint/witnessed')).status).toBe(404);
    for (let i = 1; i <= 3; i++) {
      await t.record('charity', gift(i));
      await t.witnessing.settled();
    }
    const note = await (await t.get('/api/v1/log/checkpoint')).text();
    expect(openCheckpoint(note, verifierKeyFor(testSigningKey)).size).toBe(3);
    const verdict = witnessesOf(note, keys);
    expect(verdict.met).toBe(true);
    expect(verdict.cosigned.map((c) => c.witness)).toEqual(['witness1.example/w', 'witness2.example/w']);
    const witnessed = await t.get('/api/v1/log/checkpoint/witnessed');
    expect(witnessed.status).toBe(200);
    expect(await witnessed.text()).toBe(note);
    // Each witness was sent each checkpoint from the size it had cosigned before.
    expect(t.requests.filter((r) => r.startsWith('w0'))).toEqual(['w0 old 0', 'w0 old 1', 'w0 old 2']);
  });

  it('sends only the newest checkpoint when several commit while a witness is busy', async () => {
    let open!: () => void;
    const t = await portal({ gate: new Promise((resolve) => (open = resolve)) });
    // The first checkpoint's submission waits at the witnesses while three more commit.
    for (const i of [1, 2, 3, 4]) await t.record('charity', gift(i));
    open();
    await t.witnessing.settled();
    expect(t.requests.filter((r) => r.startsWith('w1'))).toEqual(['w1 old 0', 'w1 old 1']);
    const archive = await (await t.get('/api/v1/log/checkpoints?limit=10')).json();
    expect(archive.data.map((c: { size: number }) => c.size)).toEqual([1, 2, 3, 4]);
    expect(archive.data.at(-1)).toMatchObject({ size: 4, witnessed: true });
    expect(archive.data.at(-1).cosignatures).toHaveLength(2);
  });

  it('keeps writing when a witness is down; the witnessed checkpoint follows the quorum', async () => {
    const t = await portal({ down: [1] });
    const started = t.requests.length;
    const answer = await t.record('charity', gift(1));
    expect(answer.seq).toBe(1);
    await t.witnessing.settled();
    expect(t.requests.length).toBeGreaterThan(started);
    expect(t.logged.join('\n')).toMatch(
      /witness2\.example\/w at http:\/\/w1 is unreachable \(ECONNREFUSED\)/,
    );
    // Quorum of all (2): not witnessed; the latest checkpoint carries the one cosignature it has.
    expect((await t.get('/api/v1/log/checkpoint/witnessed')).status).toBe(404);
    const note = await (await t.get('/api/v1/log/checkpoint')).text();
    expect(witnessesOf(note, keys, 1).cosigned.map((c) => c.witness)).toEqual(['witness1.example/w']);
    const problem = await (await t.get('/api/v1/log/checkpoint/witnessed')).json();
    expect(problem.detail).toMatch(/2 of the 2 configured witnesses/);
  });

  it('a quorum of one is met by the witness that is up', async () => {
    const t = await portal({ down: [1], quorum: 1 });
    await t.record('charity', gift(1));
    await t.record('charity', gift(2));
    await t.witnessing.settled();
    const res = await t.get('/api/v1/log/checkpoint/witnessed');
    expect(res.status).toBe(200);
    expect(openCheckpoint(await res.text(), verifierKeyFor(testSigningKey)).size).toBe(2);
    // An earlier checkpoint is final (cacheable forever) once the quorum has cosigned it.
    expect((await t.get('/api/v1/log/checkpoint?size=2')).headers.get('cache-control')).toContain(
      'immutable',
    );
  });

  it('retries from the size a witness says it cosigned (409), e.g. in a server that lost its table', async () => {
    const t = await portal();
    await t.record('charity', gift(1));
    await t.record('charity', gift(2));
    await t.witnessing.settled();
    await t.database.client.execute('DELETE FROM cosignatures');
    t.requests.length = 0;
    // Another server process on the same database, reaching the same witnesses.
    const other = createApp({
      database: t.database,
      catalog: t.catalog,
      clock: t.clock,
      signingKey: testSigningKey,
      origin: testOrigin,
      receiptCodes: receiptCodes(new Uint8Array(32).fill(9)),
      privateSalts: privateSalts(new Uint8Array(32).fill(10)),
      witnesses: t.endpoints,
      witnessFetch: t.fetcher,
      log: () => undefined,
    });
    // On start it sends the latest checkpoint (2) from 0, as its table says; the witness answers
    // 409 with 2, and the retry from 2 is cosigned. The next checkpoint then goes from 2.
    await other.witnessing.settled();
    expect(t.requests.filter((r) => r.startsWith('w0'))).toEqual(['w0 old 0', 'w0 old 2']);
    await other.writer.record({ recordedBy: 'charity', body: gift(3) as never });
    await other.witnessing.settled();
    expect(t.requests.filter((r) => r.startsWith('w0'))).toEqual(['w0 old 0', 'w0 old 2', 'w0 old 2']);
    expect(witnessesOf(await (await t.get('/api/v1/log/checkpoint')).text(), keys).met).toBe(true);
  });

  it('pages the archive with a cursor and refuses a foreign one', async () => {
    const t = await portal();
    for (let i = 1; i <= 3; i++) await t.record('charity', gift(i));
    await t.witnessing.settled();
    const first = await (await t.get('/api/v1/log/checkpoints?limit=2')).json();
    expect(first.data.map((c: { size: number }) => c.size)).toEqual([1, 2]);
    const second = await (await t.get(`/api/v1/log/checkpoints?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ data: [{ size: 3 }], nextCursor: null });
    expect((await t.get('/api/v1/log/checkpoints?cursor=bm9wZQ')).status).toBe(422);
    expect((await t.get('/api/v1/log/checkpoints?limit=0')).status).toBe(422);
  });
});

describe('AIDTRAIL_WITNESSES and AIDTRAIL_WITNESS_QUORUM', () => {
  const vkeys = keys.map((k: CosigningKey) => cosignerKeyFor(k));
  it('reads URL VKEY pairs and defaults the quorum to all', () => {
    const got = witnessesFrom(`http://127.0.0.1:7380/ ${vkeys[0]}, https://w.example ${vkeys[1]}`, undefined);
    expect(got.witnessQuorum).toBe(2);
    expect(got.witnesses.map((w) => [w.url, w.key.name])).toEqual([
      ['http://127.0.0.1:7380', 'witness1.example/w'],
      ['https://w.example', 'witness2.example/w'],
    ]);
    expect(witnessesFrom(undefined, undefined)).toEqual({ witnesses: [], witnessQuorum: 0 });
  });
  it('refuses a malformed pair, a note key and an impossible quorum', () => {
    expect(() => witnessesFrom(vkeys[0], undefined)).toThrow(/URL VKEY/);
    expect(() => witnessesFrom(`http://x ${verifierKeyFor(testSigningKey)}`, undefined)).toThrow(/not 0x04/);
    expect(() => witnessesFrom(`http://x ${vkeys[0]}`, '2')).toThrow(/from 1 to the 1/);
  });
});
