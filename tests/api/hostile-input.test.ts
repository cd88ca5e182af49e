/**
 * Inputs an attack sent that answered 500 or were let through: lone surrogates in text fields,
 * crafted cursors, oversized bodies, lookalike organization names and tokens of a deleted
 * organization. Each must be refused with a 4xx problem and write nothing.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../api/http/pagination.ts';
import { maxBodyBytes } from '../../api/http/request-body.ts';
import { createOrganization, createToken } from '../../api/store/admin.ts';
import { organizations } from '../../api/store/schema.ts';
import { at, cny, testApp } from '../support/test-app.ts';

type T = Awaited<ReturnType<typeof testApp>>;
const eventCount = async (t: T) => (await (await t.get('/api/v1/health')).json()).events as number;
const postRaw = (t: T, token: string, body: string) =>
  t.app.request('/api/v1/events', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });

const loneSurrogate = '\\ud800';
const need = `"type":"need","occurredAt":"${at}","facility":"huanggang-hospital","item":"insulin-glargine","quantity":5,"urgency":"72h","importance":"life"`;
const gift = `"type":"donation","occurredAt":"${at}","donor":"donor-li","recipient":"charity"`;

describe('text that is not valid Unicode', () => {
  it.each([
    ['note', 'charity', `{${gift},"money":{"currency":"CNY","amount":5},"note":"a${loneSurrogate}"}`],
    [
      'goods.lot',
      'charity',
      `{${gift},"goods":{"item":"insulin-glargine","quantity":1,"lot":"${loneSurrogate}"}}`,
    ],
    [
      'restriction.purpose',
      'charity',
      `{${gift},"money":{"currency":"CNY","amount":5},"restriction":{"purpose":"${loneSurrogate}x"}}`,
    ],
    ['targetGroup', 'huanggang-hospital', `{${need},"targetGroup":"${loneSurrogate}"}`],
    ['(key)', 'charity', `{${gift},"money":{"currency":"CNY","amount":5},"${loneSurrogate}":1}`],
    [
      'donor',
      'charity',
      `{"type":"donation","occurredAt":"${at}","donor":"\\udfff","recipient":"charity","money":{"currency":"CNY","amount":5}}`,
    ],
  ] as const)('refuses a lone surrogate in %s with 422, not 500', async (path, as, body) => {
    const t = await testApp();
    const res = await postRaw(t, t.tokens[as], body);
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].path).toBe(path);
    expect(await eventCount(t)).toBe(0);
  });

  it('refuses a NUL character in text with 422 naming the field: the database would cut the text short', async () => {
    const t = await testApp();
    const res = await postRaw(
      t,
      t.tokens.charity,
      `{${gift},"money":{"currency":"CNY","amount":5},"note":"a\\u0000b"}`,
    );
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0]).toMatchObject({
      path: 'note',
      message: 'not valid text (a NUL character)',
    });
    expect(await eventCount(t)).toBe(0);
  });

  it('refuses a NUL character however the event arrives (an import or the demo goes through the writer, not the route)', async () => {
    const t = await testApp();
    await expect(
      t.writer.record({
        recordedBy: 'charity',
        body: {
          type: 'donation',
          occurredAt: at,
          anonymous: true,
          donorKind: 'individual',
          recipient: 'charity',
          money: { currency: 'CNY', amount: 5 },
          restriction: { purpose: 'x\u0000y' },
        },
      }),
    ).rejects.toMatchObject({ status: 422 });
    expect(await eventCount(t)).toBe(0);
  });

  it('accepts well-formed text outside the basic plane (a surrogate pair)', async () => {
    const t = await testApp();
    const res = await postRaw(
      t,
      t.tokens.charity,
      `{${gift},"money":{"currency":"CNY","amount":5},"note":"\\ud83d\\ude00 谢谢"}`,
    );
    expect(res.status).toBe(201);
  });
});

describe('crafted cursors', () => {
  const crafted = [
    'not-base64!',
    encodeCursor('need', 'x'),
    encodeCursor('need', '{}'),
    encodeCursor('need', '[1]'),
    encodeCursor('need', 'null'),
    encodeCursor('need', '"a"'),
    encodeCursor('need', '[1,"x",{}]'),
    encodeCursor('need', '[9,1,1]'),
    encodeCursor('need', 7 as unknown as string),
    Buffer.from('[').toString('base64url'),
  ];
  it.each(['/api/v1/needs', '/api/v1/signals/idle-stock', '/api/v1/signals/near-expiry', '/api/v1/events'])(
    'answers 422 problem+json for every crafted cursor of %s',
    async (path) => {
      const t = await testApp();
      await t.record('huanggang-hospital', JSON.parse(`{${need}}`));
      for (const cursor of [
        ...crafted,
        encodeCursor('idle-stock', '[1,"x"]'),
        encodeCursor('near-expiry', '["2026-13-45",1]'),
      ]) {
        const res = await t.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, `${path} ${cursor}`).toBe(422);
        expect(res.headers.get('content-type')).toContain('problem+json');
      }
    },
  );
});

describe('body size', () => {
  it(`refuses a token holder's body above ${maxBodyBytes} bytes with 413, and a stranger's with 401`, async () => {
    const t = await testApp();
    const big = `{${gift},"money":{"currency":"CNY","amount":5},"note":"${'x'.repeat(maxBodyBytes)}"}`;
    const res = await postRaw(t, t.tokens.charity, big);
    expect(res.status).toBe(413);
    expect((await res.json()).type).toMatch(/payload-too-large$/);
    expect((await postRaw(t, 'at_nobody', big)).status).toBe(401);
    expect(await eventCount(t)).toBe(0);
  });

  it('reads a body sent without a length (chunked) no further than the limit', async () => {
    const t = await testApp();
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > 10 * maxBodyBytes) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await t.app.request('/api/v1/events', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.tokens.charity}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(10 * maxBodyBytes);
  });
});

describe('organization names', () => {
  it.each([
    ['too long', '慈'.repeat(201)],
    ['a right-to-left override', 'Acme \u202eamrahP'],
    ['a left-to-right isolate', '\u2066Acme Pharma\u2069'],
    ['a right-to-left mark', 'Acme\u200f Pharma'],
    ['a control character', 'Acme\u0007Pharma'],
    ['only spaces', '   '],
  ])('refuses %s', async (_what, name) => {
    const t = await testApp();
    await expect(
      createOrganization(
        t.database.db,
        { id: 'lookalike', name, kind: 'company', region: '110105' },
        new Date(),
        t.catalog.hasRegion,
      ),
    ).rejects.toMatchObject({ status: 422, fields: [{ path: 'name' }] });
  });

  it('accepts a long name of up to 200 characters', async () => {
    const t = await testApp();
    const id = await createOrganization(
      t.database.db,
      { id: 'long', name: '慈'.repeat(200), kind: 'charity', region: '110105' },
      new Date(),
      t.catalog.hasRegion,
    );
    expect(id).toBe('long');
  });
});

describe('tokens of a deleted organization', () => {
  it('stay dead when the organization id is deleted and created again', async () => {
    const t = await testApp();
    const { token } = await createToken(t.database.db, 'charity', new Date());
    const body = `{${gift},"money":{"currency":"CNY","amount":5}}`;
    expect((await postRaw(t, token, body)).status).toBe(201);
    await t.database.db.delete(organizations).where(eq(organizations.id, 'charity'));
    expect((await postRaw(t, token, body)).status).toBe(401);
    await createOrganization(
      t.database.db,
      { id: 'charity', name: 'Another charity', kind: 'charity', region: '110105' },
      new Date(),
      t.catalog.hasRegion,
    );
    expect((await postRaw(t, token, body)).status).toBe(401);
    expect((await postRaw(t, t.tokens.charity, body)).status).toBe(401);
    const fresh = await createToken(t.database.db, 'charity', new Date());
    expect((await postRaw(t, fresh.token, body)).status).toBe(201);
  });
});
