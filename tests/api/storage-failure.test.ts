/**
 * A database that cannot take writes: the write is refused as 503 naming the cause, nothing
 * is written, health says `degraded`, reads go on, and everything recovers once space returns.
 * Here the full disk is a SQLite page limit and the read-only file is `query_only`; the drills
 * (`npm run drill`) do the same against a real file.
 */
import { describe, expect, it } from 'vitest';
import { storageCause } from '../../api/store/storage-status.ts';
import { at, cny, testApp } from '../support/test-app.ts';

const gift = (amount: number) => ({
  type: 'donation',
  occurredAt: at,
  donor: 'donor-li',
  recipient: 'charity',
  money: cny(amount),
  note: 'x'.repeat(1500),
});
type T = Awaited<ReturnType<typeof testApp>>;
const health = async (t: T) => (await (await t.get('/api/v1/health')).json()) as Record<string, any>;

const fill = async (t: T) => {
  const pages = Number((await t.database.client.execute('PRAGMA page_count')).rows[0]![0]);
  await t.database.client.execute(`PRAGMA max_page_count = ${pages}`);
};

describe('a database that cannot take writes', () => {
  it.each([
    ['disk-full', fill],
    ['read-only', (t: T) => t.database.client.execute('PRAGMA query_only = ON').then(() => undefined)],
  ] as const)(
    'answers %s writes with 503 naming the cause, keeps reads, and recovers',
    async (cause, breakIt) => {
      const t = await testApp();
      const { receiptCode } = await t.record('charity', gift(100));
      await breakIt(t);
      let refused: Response | undefined;
      // A page limit bites once the free pages are used up: write until it does.
      for (let i = 0; i < 200 && !refused; i++) {
        const res = await t.post('charity', gift(i + 1));
        if (res.status !== 201) refused = res;
      }
      expect(refused?.status).toBe(503);
      expect(refused?.headers.get('content-type')).toContain('application/problem+json');
      expect(refused?.headers.get('retry-after')).toBe('30');
      const problem = await refused!.json();
      expect(problem).toMatchObject({ status: 503, cause });
      expect(problem.type).toMatch(/storage-unavailable$/);
      const during = await health(t);
      expect(during).toMatchObject({ status: 'degraded', storage: { cause } });
      const written = during.events as number;

      expect((await t.get(`/api/v1/donations/${receiptCode}`)).status).toBe(200);
      expect((await t.get('/api/v1/events?limit=5')).status).toBe(200);
      expect((await t.get('/api/v1/coverage?groupBy=region')).status).toBe(200);

      await t.database.client.execute('PRAGMA query_only = OFF');
      await t.database.client.execute('PRAGMA max_page_count = 1073741823');
      expect((await t.post('charity', gift(7))).status).toBe(201);
      const after = await health(t);
      expect(after.status).toBe('ok');
      expect(after.storage).toBeUndefined();
      expect(after.events).toBe(written + 1);
    },
  );

  it('tells storage failures from other errors', () => {
    expect(storageCause(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(
      'disk-full',
    );
    expect(
      storageCause(
        new Error('x', {
          cause: { code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' },
        }),
      ),
    ).toBe('read-only');
    expect(storageCause(new Error('SQLITE_IOERR_WRITE: disk I/O error'))).toBe('io-error');
    expect(storageCause(new TypeError('cannot read properties of undefined'))).toBeNull();
  });
});
