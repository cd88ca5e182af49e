/**
 * Filing complaints over loopback HTTP, one POST each: the challenge checked (signature,
 * expiry, proof of work, spent once in the database) and the complaint written (one
 * transaction and one signed checkpoint), beside a plain event write by token in the same run,
 * rounds alternating so both see the same machine. The client's side is reported apart: the
 * proof of work at the default 18 bits, and the check alone (the run asks 8 bits of its
 * clients: a check costs one hash whatever the bits).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../../api/domain/catalog.ts';
import {
  checkChallenge,
  defaultChallengeTerms,
  issueChallenge,
  solveChallenge,
} from '../../api/domain/complaint-challenge.ts';
import { challengeKeyFor, createApp } from '../../api/http/app.ts';
import { createOrganization, createToken } from '../../api/store/admin.ts';
import { benchKey, benchPrivateSalts, benchReceiptCodes, freshFileDatabase } from './ledger-fixture.ts';
import { median, round } from './stats.ts';

export async function benchComplaints(catalog: Catalog, count: number, rounds: number) {
  const database = await freshFileDatabase('complaints');
  const now = new Date();
  await createOrganization(
    database.db,
    { id: 'c', name: 'Charity', kind: 'charity', region: '420100' },
    now,
    catalog.hasRegion,
  );
  const { token } = await createToken(database.db, 'c', now);
  const { app } = createApp({
    database,
    catalog,
    clock: () => new Date(),
    signingKey: benchKey,
    origin: benchKey.name,
    receiptCodes: benchReceiptCodes,
    privateSalts: benchPrivateSalts,
    writeLimit: { limit: 0, windowMs: 60_000 },
    complaintLimit: { limit: 0, windowMs: 3_600_000 },
    readLimit: { limit: 0, windowMs: 60_000 },
    // Checking a proof costs one hash whatever its bits; few bits keep the clients' solving short.
    challengeTerms: { ...defaultChallengeTerms, bits: 8 },
  });
  const server = serve({ fetch: app.fetch, port: 0 });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const eventBody = JSON.stringify({
    type: 'donation',
    occurredAt: '2026-01-01T00:00:00Z',
    anonymous: true,
    donorKind: 'individual',
    recipient: 'c',
    money: { currency: 'CNY', amount: 1000 },
  });
  const timed = async (n: number, request: (i: number) => Promise<Response>) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const res = await request(i);
      if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
    return n / ((performance.now() - t0) / 1000);
  };
  const plain = () =>
    timed(count, () =>
      fetch(`${base}/api/v1/events`, {
        method: 'POST',
        body: eventBody,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      }),
    );
  const complaints = async () => {
    // Challenges fetched and solved before the clock starts: the server's work is measured.
    const issued: Array<{ challenge: string; bits: number }> = [];
    for (let i = 0; i < count; i++)
      issued.push(
        (await (await fetch(`${base}/api/v1/complaints/challenge`)).json()) as (typeof issued)[number],
      );
    const solved = issued.map((c) => ({
      challenge: c.challenge,
      solution: solveChallenge(c.challenge, c.bits),
    }));
    return timed(count, (i) =>
      fetch(`${base}/api/v1/complaints`, {
        method: 'POST',
        body: JSON.stringify({
          about: 'c',
          category: 'not_received',
          summary: '承诺的物资没有送到',
          text: '详细经过'.repeat(50),
          contact: '138 0000 0000',
          ...solved[i],
        }),
        headers: { 'content-type': 'application/json' },
      }),
    );
  };
  const plainRates: number[] = [];
  const complaintRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    plainRates.push(await plain());
    complaintRates.push(await complaints());
  }
  server.close();
  database.close();

  // The client's proof of work at the default terms, and the server's check alone.
  const key = challengeKeyFor(benchKey);
  const solveMs: number[] = [];
  const checkUs: number[] = [];
  for (let i = 0; i < 40; i++) {
    const text = issueChallenge(key, {
      nonce: i.toString(16).padStart(32, '0'),
      issuedMs: 0,
      notBeforeMs: 0,
      expiresMs: 1e12,
      bits: defaultChallengeTerms.bits,
    });
    let t0 = performance.now();
    const solution = solveChallenge(text, defaultChallengeTerms.bits);
    solveMs.push(performance.now() - t0);
    t0 = performance.now();
    for (let k = 0; k < 100; k++) checkChallenge(key, text, solution, 1);
    checkUs.push(((performance.now() - t0) / 100) * 1000);
  }
  return {
    requests: count,
    rounds,
    plainEventWritesPerSecond: round(median(plainRates), 0),
    complaintFilingsPerSecond: round(median(complaintRates), 0),
    challengeCheckMicros: round(median(checkUs), 1),
    proofOfWorkBits: defaultChallengeTerms.bits,
    proofOfWorkClientMillisMedian: round(median(solveMs), 0),
  };
}
