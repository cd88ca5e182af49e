import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressSite } from '../../api/site/precompress.ts';
import { at, cny, testApp } from '../support/test-app.ts';

let dir: string;
const page = `<!doctype html><title>overview</title>${'<p>总览 overview</p>'.repeat(200)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aidtrail-site-'));
  await mkdir(join(dir, '_astro'), { recursive: true });
  await mkdir(join(dir, '404'), { recursive: true });
  await mkdir(join(dir, 'en', '404'), { recursive: true });
  await writeFile(join(dir, 'index.html'), page);
  await writeFile(join(dir, '_astro', 'island.Ab12Cd.js'), `export const x = ${'1+'.repeat(900)}1;`);
  await writeFile(join(dir, '404', 'index.html'), '<h1>页面不存在</h1>');
  await writeFile(join(dir, 'en', '404', 'index.html'), '<h1>Page not found</h1>');
  await precompressSite(dir);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('the site beside the API', () => {
  it('serves a page compressed with brotli when the client takes it, and revalidated on each visit', async () => {
    const { app } = await testApp({ siteDir: () => dir });
    const res = await app.request('/', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(page);
  });

  it('serves the gzip copy to a client without brotli, and the plain file to one without either', async () => {
    const { app } = await testApp({ siteDir: () => dir });
    const gz = await app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);
    const plain = await app.request('/');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(page);
  });

  it('marks content-hashed assets immutable', async () => {
    const { app } = await testApp({ siteDir: () => dir });
    const res = await app.request('/_astro/island.Ab12Cd.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it("answers an unknown page with the site's 404 page in the path's language", async () => {
    const { app } = await testApp({ siteDir: () => dir });
    const zh = await app.request('/no/such/page/');
    expect(zh.status).toBe(404);
    expect(zh.headers.get('content-type')).toMatch(/text\/html/);
    expect(await zh.text()).toContain('页面不存在');
    const en = await app.request('/en/no/such/page/');
    expect(en.status).toBe(404);
    expect(await en.text()).toContain('Page not found');
  });

  it('answers an unknown API path with problem+json, never the HTML page', async () => {
    const { app } = await testApp({ siteDir: () => dir });
    const res = await app.request('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).type).toMatch(/not-found$/);
  });

  it('serves whichever site folder is current, so a rebuilt site is swapped in whole', async () => {
    const other = await mkdtemp(join(tmpdir(), 'aidtrail-site-'));
    await writeFile(join(other, 'index.html'), 'the next generation');
    let current = dir;
    const { app } = await testApp({ siteDir: () => current });
    expect(await (await app.request('/')).text()).toBe(page);
    current = other;
    expect(await (await app.request('/')).text()).toBe('the next generation');
    await rm(other, { recursive: true, force: true });
  });

  it('compresses API answers for clients that take gzip', async () => {
    const { app } = await testApp();
    const res = await app.request('/api/v1/catalog/items', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString());
    expect(body.data.length).toBeGreaterThan(10);
  });

  it('sends the answer to a write as it is, even to a client that takes gzip', async () => {
    const { post } = await testApp();
    const res = await post(
      'charity',
      {
        type: 'donation',
        occurredAt: at,
        anonymous: true,
        donorKind: 'individual',
        recipient: 'charity',
        money: cny(1000),
      },
      { 'accept-encoding': 'gzip, deflate' },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect((await res.json()).id).toMatch(/^evt_\d+$/);
  });
});
