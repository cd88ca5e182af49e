import { describe, expect, it } from 'vitest';
import {
  checkConsistency,
  checkInclusion,
  decodeBase64,
  leafHash,
  openCheckpoint,
  verifierKeyFor,
} from '../../api/domain/merkle/index.ts';
import { sha256 } from '../../api/store/log-store.ts';
import { at, cny, testApp, testSigningKey } from '../support/test-app.ts';

const gift = (n: number) => ({
  type: 'donation',
  occurredAt: at,
  donor: 'donor-li',
  recipient: 'charity',
  money: cny(n),
});

async function withEvents(n: number) {
  const t = await testApp();
  for (let i = 1; i <= n; i++) await t.record('charity', gift(i));
  return t;
}

describe('verifiable log endpoints', () => {
  it('serves the latest signed checkpoint (no-cache) and every earlier one by size (immutable)', async () => {
    const t = await withEvents(5);
    const res = await t.get('/api/v1/log/checkpoint');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const cp = openCheckpoint(await res.text(), verifierKeyFor(testSigningKey));
    expect(cp).toMatchObject({ origin: 'test.aidtrail.org/log', size: 5 });
    const old = await t.get('/api/v1/log/checkpoint?size=3');
    expect(old.headers.get('cache-control')).toContain('immutable');
    expect(openCheckpoint(await old.text(), verifierKeyFor(testSigningKey)).size).toBe(3);
    expect((await t.get('/api/v1/log/checkpoint?size=99')).status).toBe(404);
    expect((await t.get('/api/v1/log/checkpoint?size=-1')).status).toBe(422);
  });

  it('serves entries as NDJSON whose lines hash to the leaves the proofs use', async () => {
    const t = await withEvents(7);
    const res = await t.get('/api/v1/log/entries?start=0&end=7');
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).split('\n').filter(Boolean);
    expect(lines).toHaveLength(7);
    const cp = openCheckpoint(
      await (await t.get('/api/v1/log/checkpoint')).text(),
      verifierKeyFor(testSigningKey),
    );
    for (let i = 0; i < 7; i++) {
      const proof = await (await t.get(`/api/v1/log/proofs/inclusion?index=${i}&treeSize=7`)).json();
      const leaf = leafHash(sha256, new TextEncoder().encode(lines[i]!));
      expect(Buffer.from(decodeBase64(proof.leafHash)!).toString('hex')).toBe(
        Buffer.from(leaf).toString('hex'),
      );
      checkInclusion(
        sha256,
        leaf,
        i,
        7,
        proof.proof.map((p: string) => decodeBase64(p)!),
        cp.rootHash,
      );
    }
  });

  it('proves every checkpoint consistent with every later one', async () => {
    const t = await withEvents(9);
    const key = verifierKeyFor(testSigningKey);
    const roots = new Map<number, Uint8Array>();
    for (let n = 1; n <= 9; n++)
      roots.set(
        n,
        openCheckpoint(await (await t.get(`/api/v1/log/checkpoint?size=${n}`)).text(), key).rootHash,
      );
    for (let m = 1; m <= 9; m++) {
      for (let n = m; n <= 9; n++) {
        const body = await (await t.get(`/api/v1/log/proofs/consistency?from=${m}&to=${n}`)).json();
        checkConsistency(
          sha256,
          m,
          n,
          body.proof.map((p: string) => decodeBase64(p)!),
          roots.get(m)!,
          roots.get(n)!,
        );
      }
    }
  });

  it.each([
    ['/api/v1/log/entries?start=3&end=3', 422],
    ['/api/v1/log/entries?start=0&end=50', 422],
    ['/api/v1/log/entries?start=x&end=2', 422],
    ['/api/v1/log/proofs/inclusion?index=4&treeSize=4', 422],
    ['/api/v1/log/proofs/inclusion?index=0&treeSize=77', 404],
    ['/api/v1/log/proofs/inclusion?index=0', 422],
    ['/api/v1/log/proofs/consistency?from=4&to=2', 422],
    ['/api/v1/log/proofs/consistency?from=1&to=99', 404],
  ])('refuses %s with %i problem+json', async (path, status) => {
    const t = await withEvents(4);
    const res = await t.get(path);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('problem+json');
  });

  it('publishes the verifier key in signed-note format', async () => {
    const t = await testApp();
    expect((await (await t.get('/api/v1/log/public-key')).text()).trim()).toBe(
      verifierKeyFor(testSigningKey),
    );
  });
});
