/** Filing complaints through the API in tests: a challenge, its work, and the complaint itself. */
import { expect } from 'vitest';
import { solveChallenge } from '../../api/domain/complaint-challenge.ts';

/** What a test app offers that filing needs. */
interface App {
  get: (path: string) => Promise<Response>;
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> };
}

export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const words = {
  text: '我是村卫生室医生，说好二月送到的胰岛素至今没有收到，电话也没人接。',
  contact: 'complainant-138-0000-1234@example.org',
};

export async function challenge(t: App) {
  const res = await t.get('/api/v1/complaints/challenge');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const c = (await res.json()) as { challenge: string; bits: number };
  return { challenge: c.challenge, solution: solveChallenge(c.challenge, c.bits) };
}

export async function file(t: App, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return t.app.request('/api/v1/complaints', json({ ...(await challenge(t)), ...body }, headers));
}

export const complaint = (about: string, extra: Record<string, unknown> = {}) => ({
  about,
  category: 'not_received',
  summary: '承诺的胰岛素没有送到',
  ...words,
  ...extra,
});

export async function filed(t: App, about = 'charity', extra: Record<string, unknown> = {}) {
  const res = await file(t, complaint(about, extra));
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; seq: number; followUpCode: string; dueOn: string };
}
