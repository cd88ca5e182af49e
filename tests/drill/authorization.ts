/**
 * Authorization attacks: writing without a token, with a forged or revoked one, as another
 * organization, on another organization's events; reading files the server must never serve.
 * Each must be refused with a 4xx and write nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DrillResult } from './result.ts';
import { gift, occurredAt, type Scratch, type Server } from './portal.ts';

interface Attack {
  name: string;
  run: (
    server: Server,
    ctx: { revoked: string; need: string; transfer: string; donation: string },
  ) => Promise<Response>;
  /** Bytes that must not be in the answer. */
  secret?: string;
}

const raw = (server: Server, path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
const withAuth = (server: Server, authorization: string, body: unknown = gift(5)) =>
  raw(server, '/api/v1/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });

export async function authorizationAttacks(base: Scratch): Promise<DrillResult> {
  const s = base.copyTo('authorization');
  const result: DrillResult = { drill: 'authorization attacks', tried: 0, held: 0, failed: [] };
  try {
    const made = await s.cliOk(['token', 'create', '--org', 'charity']);
    const revokedId = /token (tok_\S+)/.exec(made.stderr)![1]!;
    await s.cliOk(['token', 'revoke', revokedId]);
    const key = readFileSync(join(s.dir, 'drill.key'), 'utf8').trim();
    const server = await s.serve();
    const id = async (res: Response) => ((await res.json()) as { id: string }).id;
    const ctx = {
      revoked: made.stdout.trim(),
      donation: await id(await server.post('charity', gift(10_000))),
      need: await id(
        await server.post('hospital', {
          type: 'need',
          occurredAt,
          facility: 'hospital',
          item: 'insulin-glargine',
          quantity: 5,
          urgency: '72h',
          importance: 'life',
        }),
      ),
      transfer: await id(
        await server.post('charity', {
          type: 'transfer',
          occurredAt,
          to: 'hospital',
          money: { currency: 'CNY', amount: 100 },
        }),
      ),
    };
    const attacks: Attack[] = [
      { name: 'no Authorization header', run: (sv) => sv.post(null, gift(5)) },
      { name: 'empty bearer token', run: (sv) => withAuth(sv, 'Bearer ') },
      { name: 'Basic credentials', run: (sv) => withAuth(sv, 'Basic Y2hhcml0eTpjaGFyaXR5') },
      { name: 'made-up token', run: (sv) => withAuth(sv, `Bearer ${'a'.repeat(43)}`) },
      {
        name: 'real token with a changed character',
        run: (sv) => withAuth(sv, `Bearer ${flip(sv.tokens.charity)}`),
      },
      {
        name: 'real token in another case',
        run: (sv) => withAuth(sv, `Bearer ${sv.tokens.charity.toUpperCase()}`),
      },
      { name: 'revoked token', run: (sv, c) => withAuth(sv, `Bearer ${c.revoked}`) },
      {
        name: 'token in the query string',
        run: (sv) => raw(sv, `/api/v1/events?token=${sv.tokens.charity}`, post(gift(5))),
      },
      { name: 'oversized Authorization header', run: (sv) => withAuth(sv, `Bearer ${'t'.repeat(100_000)}`) },
      {
        name: 'a gift recorded for another recipient',
        run: (sv) => sv.post('charity', { ...gift(5), recipient: 'other-charity' }),
      },
      {
        name: 'recordedBy smuggled in the body',
        run: (sv) => sv.post('clinic', { ...gift(5), recordedBy: 'charity', recipient: 'charity' }),
      },
      {
        name: "closing another facility's need",
        run: (sv, c) => sv.post('clinic', { type: 'need_close', occurredAt, need: c.need, reason: 'met' }),
      },
      {
        name: 'signing the receipt of a shipment to someone else',
        run: (sv, c) =>
          sv.post('clinic', {
            type: 'receipt',
            occurredAt,
            transfer: c.transfer,
            money: { currency: 'CNY', amount: 100 },
          }),
      },
      {
        name: "reversing another organization's gift",
        run: (sv, c) =>
          sv.post('other-charity', {
            type: 'correction',
            occurredAt,
            corrects: c.donation,
            reason: 'x',
            reverse: true,
          }),
      },
      {
        name: 'spending money it does not hold',
        run: (sv) =>
          sv.post('other-charity', {
            type: 'transfer',
            occurredAt,
            to: 'hospital',
            money: { currency: 'CNY', amount: 1_000_000 },
          }),
      },
      {
        name: 'using goods it does not hold',
        run: (sv) =>
          sv.post('clinic', {
            type: 'use',
            occurredAt,
            goods: { item: 'insulin-glargine', quantity: 1 },
            beneficiaries: 9,
          }),
      },
      {
        name: 'method override header to delete',
        run: (sv) =>
          raw(sv, `/api/v1/events?id=${ctx.donation}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${sv.tokens.charity}`, 'x-http-method-override': 'DELETE' },
          }),
      },
      {
        name: 'DELETE an event',
        run: (sv, c) =>
          raw(sv, `/api/v1/events/${c.donation}`, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${sv.tokens.charity}` },
          }),
      },
      {
        name: 'PUT over an event',
        run: (sv, c) =>
          raw(sv, `/api/v1/events/${c.donation}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${sv.tokens.charity}`, 'content-type': 'application/json' },
            body: JSON.stringify(gift(1)),
          }),
      },
      {
        name: 'creating an organization over HTTP',
        run: (sv) => raw(sv, '/api/v1/organizations', post({ id: 'x' })),
      },
      {
        name: 'signing key through downloads',
        run: (sv) => raw(sv, '/api/v1/downloads/..%2Fdrill.key'),
        secret: key,
      },
      { name: 'database file through downloads', run: (sv) => raw(sv, '/api/v1/downloads/..%2Fdrill.db') },
      { name: 'signing key through site files', run: (sv) => raw(sv, '/..%2F..%2Fdrill.key'), secret: key },
      {
        name: 'system file through site files',
        run: (sv) => raw(sv, '/%2e%2e/%2e%2e/%2e%2e/etc/passwd'),
        secret: 'root:',
      },
    ];
    const before = await s.logSize();
    for (const attack of attacks) {
      result.tried++;
      const res = await attack.run(server, ctx);
      const body = await res.text();
      const after = await s.logSize();
      const wrong: string[] = [];
      if (res.status < 400 || res.status >= 500) wrong.push(`answered ${res.status}`);
      if (after !== before) wrong.push(`wrote ${after - before} events`);
      if (attack.secret && body.includes(attack.secret)) wrong.push('served the secret');
      if (wrong.length) result.failed.push(`${attack.name}: ${wrong.join(', ')}`);
      else result.held++;
    }
    await server.stop();
  } finally {
    s.remove();
  }
  return result;
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const flip = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
