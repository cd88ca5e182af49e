/**
 * Nothing private in any public byte. Two ledgers — a small world holding every kind of
 * private datum, and a generated demo year — are read through every public output: the log's
 * leaves, every public API answer and list, every export format. Each output is searched for
 * every receipt code, the id and name of every organization registered anonymous, every
 * private note and every exact count of people below 5: none may be found. The one exception
 * is the answer to whoever presents a receipt code, which shows that gift's own code and
 * private part (and nothing of any other gift). The built pages get the same search in
 * tests/e2e/site.test.ts.
 */
import { createClient } from '@libsql/client';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../api/cli/commands/demo.ts';
import { configFromEnv } from '../../api/cli/config.ts';
import { privateSaltsFor, receiptCodesFor } from '../../api/cli/context.ts';
import { createApp } from '../../api/http/app.ts';
import type { Database } from '../../api/store/database.ts';
import { memoryDatabase } from '../../api/store/database.ts';
import { exportAll } from '../../api/store/exports/bulk-export.ts';
import {
  complaintSecrets,
  hiddenCarrier,
  hiddenDonor,
  privateNotes,
  privateWorld,
  publicNote,
} from '../support/private-world.ts';
import { testCatalog, testOrigin, testSigningKey } from '../support/test-app.ts';

/** What must never be public in a ledger, read from its private side: text, and ids as whole words. */
interface Secrets {
  texts: string[];
  ids: RegExp[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An organization id as a whole word: not part of a longer id (donor-007 is not donor-0071). */
const idWord = (id: string) =>
  new RegExp(`(?<![A-Za-z0-9_.:-])${escapeRe(id)}(?![A-Za-z0-9_:-]|\\.[A-Za-z0-9])`);

async function secretsOf(database: Database): Promise<Secrets> {
  const q = async (sql: string) =>
    (await database.client.execute(sql)).rows.map((r) => String(Object.values(r)[0]));
  const codes = await q('SELECT receipt_code FROM donations');
  const notes = await q(
    "SELECT DISTINCT w.value FROM event_private, json_each(event_private.withheld) AS w WHERE w.key LIKE '%/note'",
  );
  // Complainants' words, contacts and says, their follow-up codes, and summaries moderation hid.
  const complaintWords = await q(
    "SELECT DISTINCT w.value FROM event_private, json_each(event_private.withheld) AS w WHERE w.key IN ('/event/text', '/event/contact')",
  );
  const followUps = await q(
    `SELECT json_extract(p.withheld, '$."/receiptCode"') FROM event_private p JOIN complaints c ON c.seq = p.seq`,
  );
  const hiddenSummaries = await q(
    `SELECT json_extract(p.withheld, '$."/event/summary"') FROM event_private p JOIN complaints c ON c.seq = p.seq WHERE c.hidden_at IS NOT NULL`,
  );
  expect(complaintWords.length).toBeGreaterThan(0);
  expect(followUps.length).toBeGreaterThan(0);
  expect(hiddenSummaries.length).toBeGreaterThan(0);
  const hidden = await q('SELECT id FROM organizations WHERE anonymous = 1');
  const names = await q('SELECT name FROM organizations WHERE anonymous = 1');
  expect(codes.length).toBeGreaterThan(0);
  expect(hidden.length).toBeGreaterThan(0);
  expect(notes.length).toBeGreaterThan(0);
  const gifts = await q(
    'SELECT count(*) FROM donations d JOIN organizations o ON o.id = d.donor WHERE o.anonymous = 1',
  );
  expect(Number(gifts[0])).toBeGreaterThan(0);
  return {
    // A code without its prefix or dashes is still the code.
    texts: [
      ...[...codes, ...followUps].flatMap((c) => [c, c.slice(3).replace(/-/g, '')]),
      ...names,
      ...notes,
      ...complaintWords,
      ...hiddenSummaries,
    ],
    ids: hidden.map(idWord),
  };
}

const smallCount = /"beneficiaries"\s*:\s*"?[0-4]"?\s*[,}\]]/;

function leaks(secrets: Secrets, what: string, text: string): string[] {
  const found = [
    ...secrets.texts.filter((s) => text.includes(s)).map((s) => `${what}: ${s}`),
    ...secrets.ids.filter((re) => re.test(text)).map((re) => `${what}: ${re.source}`),
  ];
  const m = text.match(smallCount);
  if (m) found.push(`${what}: ${m[0]}`);
  return found;
}

/** Beneficiary cells of a CSV file that read an exact count below 5. */
function csvSmallCounts(text: string): string[] {
  const [head, ...rows] = text.replace(/^\uFEFF/, '').split('\n');
  const cols = head!
    .split(',')
    .map((c, i) => [c, i] as const)
    .filter(([c]) => c.includes('beneficiaries'));
  return rows.flatMap((r) => {
    const cells = r.split(',');
    return cols.map(([, i]) => cells[i]).filter((v) => v !== undefined && /^[0-4]$/.test(v)) as string[];
  });
}

type Get = (path: string) => Promise<Response>;

/** Every public GET answer: each list and collection, each public organization, the whole log. */
async function publicOutputs(get: Get, hidden: string): Promise<Array<[string, string]>> {
  const size = (await (await get('/api/v1/log/checkpoint')).text()).split('\n')[1]!;
  const doc = await (await get('/api/v1/openapi.json')).json();
  const paths = Object.keys(doc.paths).filter(
    (p) => doc.paths[p].get && !p.includes('{') && !p.includes('/proofs/') && p !== '/api/v1/log/entries',
  );
  expect(paths.length).toBeGreaterThan(18);
  const urls = [
    ...paths.map((p) => (p.includes('/signals/') || p === '/api/v1/coverage' ? p : `${p}?limit=500`)),
    `/api/v1/log/entries?start=0&end=${Math.min(Number(size), 1000)}`,
    '/api/v1/coverage?groupBy=region,disease,item',
    '/api/v1/coverage?groupBy=facility',
    '/api/v1/coverage?groupBy=facility,item,disease',
    '/api/v1/needs?status=open&limit=500',
    '/api/v1/outcomes?by=appeal',
    '/api/v1/events?type=use&limit=500',
    '/api/v1/events?type=need&limit=500',
    '/api/v1/events?type=donation_confirm&limit=500',
    // Filters by a hidden organization answer as if it were unknown (checked below).
    `/api/v1/donations?organization=${hidden}`,
    `/api/v1/events?recordedBy=${hidden}`,
    `/api/v1/organizations/${hidden}`,
  ];
  const orgs = (await (await get('/api/v1/organizations?limit=500')).json()).data as { id: string }[];
  for (const o of orgs) urls.push(`/api/v1/organizations/${o.id}`);
  // Answers under an id: every shipment's custody, every appeal's audit, every reserve's stock reports.
  const shipments = (await (await get('/api/v1/events?type=transfer&limit=500')).json()).data as {
    id: string;
  }[];
  for (const s of shipments) urls.push(`/api/v1/shipments/${s.id}/custody`);
  const appeals = (await (await get('/api/v1/appeals?limit=500')).json()).data as { id: string }[];
  for (const a of appeals) urls.push(`/api/v1/audits/${a.id}`, `/api/v1/audits/${a.id}?format=csv`);
  const reserves = (await (await get('/api/v1/reserves')).json()).data as { holder: string }[];
  for (const h of new Set(reserves.map((r) => r.holder))) urls.push(`/api/v1/reserves/${h}/stock-reports`);
  const complaints = (await (await get('/api/v1/complaints?limit=500')).json()).data as { id: string }[];
  expect(complaints.length).toBeGreaterThan(0);
  for (const c of complaints) urls.push(`/api/v1/complaints/${c.id}`);
  // As of a fixed moment, so the answer for a hidden id can be compared with an unknown id's.
  const asOf = 'asOf=2026-06-01T00:00:00Z';
  urls.push(
    `/api/v1/complaints?about=${hidden}&${asOf}`,
    `/api/v1/complaints?organization=${hidden}&${asOf}`,
  );
  const out: Array<[string, string]> = [];
  for (const u of urls) out.push([u, await (await get(u)).text()]);
  return out;
}

/** Every exported file, and the SQLite snapshot's columns, checked for every secret. */
async function exportLeaks(database: Database, secrets: Secrets): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aidtrail-privacy-'));
  try {
    const tx = await database.client.transaction('read');
    try {
      await exportAll(tx, dir, testSigningKey);
    } finally {
      tx.close();
    }
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(40);
    const found: string[] = [];
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      for (const s of secrets.texts) if (bytes.includes(Buffer.from(s))) found.push(`${f}: ${s}`);
      const text = bytes.toString('utf8');
      for (const re of secrets.ids) if (re.test(text)) found.push(`${f}: ${re.source}`);
      const m = text.match(smallCount);
      if (m && (f.endsWith('.ndjson') || f.endsWith('.json'))) found.push(`${f}: ${m[0]}`);
      if (f.endsWith('.csv')) found.push(...csvSmallCounts(text).map((v) => `${f}: beneficiaries ${v}`));
    }
    const db = createClient({ url: `file:${join(dir, 'aidtrail.sqlite')}` });
    try {
      const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) =>
        String(r.name),
      );
      if (tables.includes('event_private')) found.push('aidtrail.sqlite: event_private');
      for (const t of tables) {
        const cols = (await db.execute(`SELECT name FROM pragma_table_info('${t}')`)).rows.map((r) =>
          String(r.name),
        );
        if (cols.includes('receipt_code')) found.push(`aidtrail.sqlite: ${t}.receipt_code`);
        for (const c of cols.filter((c) => c.includes('beneficiaries'))) {
          const small = await db.execute(
            `SELECT count(*) AS n FROM "${t}" WHERE "${c}" IS NOT NULL AND (typeof("${c}") <> 'text' OR "${c}" IN ('0','1','2','3','4'))`,
          );
          if (Number(small.rows[0]!.n) > 0) found.push(`aidtrail.sqlite: ${t}.${c}`);
        }
      }
    } finally {
      db.close();
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sweep of every public output of one ledger. */
async function sweep(get: Get, database: Database) {
  const secrets = await secretsOf(database);
  const hidden = String(
    (await database.client.execute('SELECT id FROM organizations WHERE anonymous = 1 LIMIT 1')).rows[0]!.id,
  );
  const outputs = await publicOutputs(get, hidden);
  // A URL naming a hidden organization gets the very answer an unknown id gets (which may echo
  // the id it was asked for, and nothing more).
  for (const [u, text] of outputs.filter(([u]) => u.includes(hidden))) {
    const unknown = await (await get(u.replace(hidden, 'no-such-org'))).text();
    expect(text.replaceAll(hidden, 'no-such-org'), u).toBe(unknown);
  }
  const api = outputs.filter(([u]) => !u.includes(hidden)).flatMap(([u, text]) => leaks(secrets, u, text));
  return { api, exports: await exportLeaks(database, secrets), outputs, secrets };
}

describe('privacy of every public output: a small world with every kind of private datum', () => {
  let world: Awaited<ReturnType<typeof privateWorld>>;
  beforeAll(async () => {
    world = await privateWorld();
    await world.memo.settled();
  });

  it('the log: no leaf holds a receipt code, the hidden organization, a private note or a count below 5', async () => {
    const size = (await (await world.get('/api/v1/log/checkpoint')).text()).split('\n')[1]!;
    const leaves = await (await world.get(`/api/v1/log/entries?start=0&end=${size}`)).text();
    expect(leaves.split('\n').filter(Boolean).length).toBe(Number(size));
    const secrets = await secretsOf(world.database);
    expect(secrets.texts).toEqual(
      expect.arrayContaining([
        ...world.codes,
        ...world.followUpCodes,
        hiddenDonor.name,
        hiddenCarrier.name,
        ...privateNotes,
        ...complaintSecrets.texts,
        ...complaintSecrets.contacts,
        complaintSecrets.say,
        complaintSecrets.abusiveSummary,
      ]),
    );
    expect(leaks(secrets, 'log', leaves)).toEqual([]);
    expect(leaves).not.toContain(hiddenDonor.id);
    // What the public does see: the anonymous parties by kind, "<5", the note marked public.
    expect(leaves).toContain('"recordedBy":{"anonymous":true,"kind":"individual"}');
    expect(leaves).toContain('"donor":{"anonymous":true,"kind":"individual"}');
    expect(leaves).toContain('"beneficiaries":"<5"');
    expect(leaves).toContain('"beneficiaries":14');
    expect(leaves).toContain(publicNote);
  });

  it('every public API answer and list, and every export format', async () => {
    const { api, exports, outputs } = await sweep(world.get, world.database);
    expect(api).toEqual([]);
    expect(exports).toEqual([]);
    const json = (u: string) => JSON.parse(outputs.find(([v]) => v === u)![1]);
    expect(json(`/api/v1/donations?organization=${hiddenDonor.id}`).data).toEqual([]);
    expect(json(`/api/v1/events?recordedBy=${hiddenDonor.id}`).data).toEqual([]);
    // The hidden courier's custody reads by its kind, in the chain it carried.
    const custody = outputs.find(([u]) => u === `/api/v1/shipments/${world.ids.shipment}/custody`)![1];
    expect(custody).toContain('{"id":null,"name":null,"kind":"company","region":null}');
    expect(custody).not.toContain(hiddenCarrier.id);
  });

  it("the answer to a code's presenter shows that gift's code and private part, and nothing of another gift", async () => {
    const secrets = await secretsOf(world.database);
    for (const code of world.codes) {
      const answer = await (await world.get(`/api/v1/donations/${code}`)).json();
      expect(answer.receiptCode).toBe(code);
      expect(answer.private.withheld['/receiptCode']).toBe(code);
      const { receiptCode: _, private: _p, ...rest } = answer;
      expect(leaks(secrets, code, JSON.stringify(rest))).toEqual([]);
      const others = world.codes.filter((c) => c !== code);
      expect(others.filter((c) => JSON.stringify(answer).includes(c))).toEqual([]);
    }
    const hidden = await (await world.get(`/api/v1/donations/${world.codes[0]}`)).json();
    expect(hidden.donor).toEqual({ anonymous: true, kind: 'individual' });
  });

  it('consent: a gift names its donor as confirmed only after the donor said so', async () => {
    const rows = (await (await world.get('/api/v1/donations?limit=50')).json()).data as Array<{
      id: string;
      donorConfirmed: boolean;
    }>;
    const by = new Map(rows.map((r) => [r.id, r]));
    expect(by.get(world.ids.confirmed)!.donorConfirmed).toBe(true);
    expect(by.get(world.ids.unconfirmed)!.donorConfirmed).toBe(false);
    expect(by.get(world.ids.anonymous)!.donorConfirmed).toBe(false);
  });
});

describe('privacy of every public output: a generated demo year', () => {
  let database: Database;
  let get: Get;
  beforeAll(async () => {
    database = await memoryDatabase();
    const catalog = await testCatalog();
    const ctx = {
      config: configFromEnv({}),
      database,
      catalog,
      signingKey: testSigningKey,
      receiptCodes: receiptCodesFor(testSigningKey),
      privateSalts: privateSaltsFor(testSigningKey),
      clock: () => new Date('2026-12-01T00:00:00Z'),
    };
    await generateDemo(ctx, { events: 3_000, seed: 'privacy' });
    const { app, memos } = createApp({
      ...ctx,
      origin: testOrigin,
      log: () => undefined,
      readLimit: { limit: 1_000_000, windowMs: 60_000 },
      cacheFreshMs: 0,
    });
    get = async (path) => app.request(path);
    void memos;
  });
  afterAll(() => database.close());

  it('no receipt code, hidden organization, private note or count below 5 in any answer or export', async () => {
    const { api, exports, secrets, outputs } = await sweep(get, database);
    expect(secrets.texts.length).toBeGreaterThan(1_000);
    expect(secrets.ids.length).toBeGreaterThan(0);
    expect(outputs.length).toBeGreaterThan(40);
    expect(api).toEqual([]);
    expect(exports).toEqual([]);
  });
});
