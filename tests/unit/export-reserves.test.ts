/**
 * Reserves in the bulk export: every plan, every dispatch request with its steps, and every
 * review, in CSV, NDJSON and the SQLite snapshot, described in datapackage.json, agreeing with
 * the dispatches answer of the API, and passing the offline verifier.
 */
import { createClient } from '@libsql/client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifierKeyFor } from '../../api/domain/merkle/index.ts';
import { dispatchRows } from '../../api/store/answers/dispatches.ts';
import { verifyExportDir } from '../../api/store/exports/verify-export.ts';
import { reserveWorld } from '../support/reserve-world.ts';
import { testSigningKey } from '../support/test-app.ts';
import { exportedFiles } from '../support/exported-files.ts';

let world: Awaited<ReturnType<typeof reserveWorld>>;
let files: Awaited<ReturnType<typeof exportedFiles>>;
let dir: string;
const csv = (name: string) => files.csv(name);
const ndjson = (name: string) => files.ndjson(name);

beforeAll(async () => {
  world = await reserveWorld();
  files = await exportedFiles(world.database);
  dir = files.dir;
});
afterAll(() => files.remove());

describe('reserves in the bulk export', () => {
  it('has every plan, request and review in each format, and verifies', async () => {
    const snapshot = createClient({ url: `file:${join(dir, 'aidtrail.sqlite')}` });
    try {
      for (const [table, source] of [
        ['reserve_plans', 'reserve_plans'],
        ['dispatches', 'dispatch_requests'],
        ['dispatch_reviews', 'dispatch_reviews'],
      ] as const) {
        const n = Number(
          (await world.database.client.execute(`SELECT count(*) AS n FROM ${source}`)).rows[0]!.n,
        );
        expect(n, table).toBeGreaterThan(0);
        expect(ndjson(table), table).toHaveLength(n);
        expect(csv(table), table).toHaveLength(n);
        expect(Number((await snapshot.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n)).toBe(n);
      }
    } finally {
      snapshot.close();
    }
    expect(await verifyExportDir(dir, verifierKeyFor(testSigningKey))).toMatchObject({ ok: true });
  });

  it('says what the dispatches answer says, step by step', async () => {
    const answer = await dispatchRows(world.database.client, {}, 0, 100);
    const rows = ndjson('dispatches');
    const reviews = ndjson('dispatch_reviews');
    expect(rows.map((r) => r.id)).toEqual(answer.map((a) => a.id));
    for (const [i, a] of answer.entries()) {
      expect(rows[i]).toMatchObject({
        reserve: a.reserve,
        facility: a.facility,
        status: a.status,
        quantity: a.quantity,
        approved_quantity: a.approvedQuantity,
        dispatch: a.dispatch,
        received_quantity: a.receivedQuantity,
        settlement: a.settlement,
        settled_amount: a.settledAmount,
        waived: a.waived,
      });
      expect(reviews.filter((v) => v.request === a.id).map((v) => [v.reviewer, v.decision])).toEqual(
        a.reviews.map((v) => [v.reviewer, v.decision]),
      );
    }
    expect(rows.find((r) => r.id === world.ids.r1)).toMatchObject({
      status: 'settled',
      settled_amount: 198 * 300,
    });
    expect(rows.find((r) => r.id === world.ids.r3)).toMatchObject({ status: 'refused', dispatch: null });
  });

  it('describes each new table field by field in datapackage.json', () => {
    const descriptor = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as {
      resources: Array<{
        path: string;
        schema?: { fields: Array<{ name: string; type: string; title: string }> };
      }>;
    };
    for (const table of ['reserve_plans', 'dispatches', 'dispatch_reviews']) {
      const r = descriptor.resources.find((x) => x.path === `${table}.csv`);
      expect(
        r?.schema?.fields.map((f) => f.name),
        table,
      ).toEqual(Object.keys(ndjson(table)[0]!));
      for (const f of r!.schema!.fields) expect(f.title, `${table}.${f.name}`).toBeTruthy();
    }
    expect(csv('reserve_plans')[0]).toMatchObject({
      target: '2000',
      price_currency: 'CNY',
      price_amount: '300',
    });
  });
});
