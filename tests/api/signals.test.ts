import { describe, expect, it, vi } from 'vitest';
import { idleDevices } from '../../api/store/queries/signals.ts';
import { at, cny, testApp } from '../support/test-app.ts';

const insulin = (quantity: number, extra: Record<string, unknown> = {}) => ({
  goods: { item: 'insulin-glargine', quantity, ...extra },
});
const asOf = '2026-02-10T00:00:00Z';

async function world() {
  const t = await testApp();
  await t.record('charity', {
    type: 'donation',
    occurredAt: '2025-12-01T09:00:00+08:00',
    donor: 'acme-pharma',
    recipient: 'charity',
    ...insulin(200, { lot: 'IG-1', expiresOn: '2026-04-15' }),
  });
  await t.record('wuhan-depot', {
    type: 'donation',
    occurredAt: '2025-12-05T09:00:00+08:00',
    donor: 'acme-pharma',
    recipient: 'wuhan-depot',
    ...insulin(100, { lot: 'IG-2', expiresOn: '2027-06-30' }),
  });
  await t.record('charity', {
    type: 'donation',
    occurredAt: '2025-10-01T09:00:00+08:00',
    donor: 'acme-pharma',
    recipient: 'charity',
    goods: { item: 'patient-monitor', quantity: 2 },
  });
  const need = await t.record('huanggang-hospital', {
    type: 'need',
    occurredAt: '2026-02-01T08:00:00+08:00',
    facility: 'huanggang-hospital',
    item: 'insulin-glargine',
    quantity: 50,
    disease: 'E11',
    urgency: '72h',
    importance: 'life',
    beneficiaries: 12,
  });
  return { ...t, need };
}

const read = async (t: Awaited<ReturnType<typeof testApp>>, path: string) => {
  const res = await t.get(path);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as {
    rule: string;
    asOf: string | null;
    data: any[];
    nextCursor?: string | null;
    logSize?: number;
  };
};

describe('GET /api/v1/signals', () => {
  it('suggests idle stock for an open need, nearest compatible holder first, with the published score', async () => {
    const t = await world();
    const body = await read(t, `/api/v1/signals/idle-stock?asOf=${asOf}`);
    expect(body.rule).toContain('urgency weight × fit × beneficiaries ÷ distance tier');
    expect(body.asOf).toBe('2026-02-10T00:00:00.000Z');
    const [row] = body.data;
    expect(row.need).toMatchObject({ id: t.need.id, remaining: 50, priority: 1 });
    expect(row.matches.map((m: any) => [m.holder, m.distanceTier, m.score, m.quantity])).toEqual([
      ['wuhan-depot', 3, (3 * 1 * 12) / 3, 50],
      ['charity', 4, (3 * 0.5 * 12) / 4, 50],
    ]);
  });

  it('does not call stock idle before it has been held for thirty days', async () => {
    const t = await world();
    const body = await read(t, '/api/v1/signals/idle-stock?asOf=2026-01-02T00:00:00Z');
    expect(body.data[0].matches.map((m: any) => m.holder)).toEqual(['charity']);
  });

  it('pages needs with a cursor that neither skips nor repeats', async () => {
    const t = await world();
    await t.record('xishui-county-hospital', {
      type: 'need',
      occurredAt: '2026-02-02T08:00:00+08:00',
      facility: 'xishui-county-hospital',
      item: 'insulin-glargine',
      quantity: 5,
      urgency: '1m',
      importance: 'quality',
      beneficiaries: 2,
    });
    const first = await read(t, `/api/v1/signals/idle-stock?asOf=${asOf}&limit=1`);
    expect(first.data).toHaveLength(1);
    expect(first.nextCursor).toBeTruthy();
    const second = await read(
      t,
      `/api/v1/signals/idle-stock?asOf=${asOf}&limit=1&cursor=${first.nextCursor}`,
    );
    expect(second.data.map((r: any) => r.need.facility)).toEqual(['xishui-county-hospital']);
    expect(second.data[0].matches[0].beneficiaries).toBe('<5');
    expect(second.nextCursor).toBeNull();
  });

  it('lists stock within ninety days of expiry, soonest first', async () => {
    const t = await world();
    const body = await read(t, `/api/v1/signals/near-expiry?asOf=${asOf}`);
    expect(body.data).toEqual([
      expect.objectContaining({
        holder: 'charity',
        lotCode: 'IG-1',
        expiresOn: '2026-04-15',
        daysLeft: 64,
        quantity: 200,
      }),
    ]);
  });

  it('lists devices held ninety days with no reported use, and drops them once a use is reported', async () => {
    const t = await world();
    const before = await read(t, `/api/v1/signals/idle-devices?asOf=${asOf}`);
    expect(before.data).toEqual([
      expect.objectContaining({ holder: 'charity', item: 'patient-monitor', quantity: 2, lastUseAt: null }),
    ]);
    const use = await t.record('charity', {
      type: 'use',
      occurredAt: '2026-02-01T08:00:00+08:00',
      goods: { item: 'patient-monitor', quantity: 1 },
      beneficiaries: 40,
    });
    // The kept answer names the log size it reflects and is refreshed in the background.
    const stale = await read(t, `/api/v1/signals/idle-devices?asOf=${asOf}`);
    expect(stale.logSize).toBe(use.seq - 1);
    expect(stale.data).toHaveLength(1);
    await t.memo.settled();
    const after = await read(t, `/api/v1/signals/idle-devices?asOf=${asOf}`);
    expect(after.logSize).toBe(use.seq);
    expect(after.data).toEqual([]);
  });

  it('keeps the shared answer however many moments callers choose', async () => {
    const t = await world();
    const queries = async (path: string) => {
      const execute = vi.spyOn(t.database.client, 'execute');
      await read(t, path);
      const n = execute.mock.calls.length;
      execute.mockRestore();
      return n;
    };
    for (const path of ['/api/v1/signals/idle-devices', '/api/v1/signals/idle-holders', '/api/v1/outcomes']) {
      await read(t, path);
      const kept = await queries(path);
      for (let day = 1; day <= 40; day++)
        await read(
          t,
          `${path}${path.includes('?') ? '&' : '?'}asOf=2026-01-${String((day % 28) + 1).padStart(2, '0')}T0${day % 10}:00:00Z`,
        );
      // Only the log size and the ledger's moment are read again: the answer itself was kept.
      expect(await queries(path), path).toBe(kept);
    }
  });

  it('finds idle devices in a fixed number of reads, however many holders have them', async () => {
    const t = await world();
    for (const holder of ['redcross-hubei', 'wuhan-depot', 'huanggang-hospital'] as const)
      await t.record(holder, {
        type: 'donation',
        occurredAt: '2025-10-02T09:00:00+08:00',
        donor: 'acme-pharma',
        recipient: holder,
        goods: { item: 'patient-monitor', quantity: 1 },
      });
    let reads = 0;
    const counting = {
      execute: (stmt: Parameters<typeof t.database.client.execute>[0]) => {
        reads += 1;
        return t.database.client.execute(stmt);
      },
    };
    const idle = await idleDevices(counting as never, t.catalog, { asOf });
    expect(idle.map((d) => d.holder).sort()).toEqual(
      ['charity', 'huanggang-hospital', 'redcross-hubei', 'wuhan-depot'].sort(),
    );
    expect(reads).toBe(2);
  });

  it('gives each holder its idle share and flags those above 30 %', async () => {
    const t = await world();
    const sent = await t.record('wuhan-depot', {
      type: 'transfer',
      occurredAt: '2025-12-10T09:00:00+08:00',
      to: 'huanggang-hospital',
      ...insulin(90),
    });
    await t.record('huanggang-hospital', {
      type: 'receipt',
      occurredAt: '2025-12-11T09:00:00+08:00',
      transfer: sent.id,
      ...insulin(90),
    });
    const body = await read(t, `/api/v1/signals/idle-holders?asOf=${asOf}`);
    const share = Object.fromEntries(body.data.map((h: any) => [h.holder, [h.idleShare, h.flagged]]));
    expect(share['charity']).toEqual([1, true]);
    expect(share['wuhan-depot']).toEqual([0.1, false]);
    const flagged = await read(t, `/api/v1/signals/idle-holders?asOf=${asOf}&flagged=true`);
    expect(flagged.data.every((h: any) => h.flagged)).toBe(true);
  });

  it('lists goods delivered where no need asked for them', async () => {
    const t = await world();
    const sent = await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'xishui-county-hospital',
      ...insulin(10),
    });
    await t.record('xishui-county-hospital', {
      type: 'receipt',
      occurredAt: at,
      transfer: sent.id,
      ...insulin(10),
    });
    const body = await read(t, '/api/v1/signals/unneeded-deliveries?region=420000');
    expect(body.data).toEqual([
      expect.objectContaining({
        facility: 'xishui-county-hospital',
        item: 'insulin-glargine',
        quantity: 10,
        unmatched: 10,
      }),
    ]);
    expect((await read(t, '/api/v1/signals/unneeded-deliveries?region=110000')).data).toEqual([]);
  });

  it('lists restriction breaches with the restricted gifts they moved', async () => {
    const t = await testApp();
    const gift = await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'donor-li',
      recipient: 'charity',
      money: cny(500),
      restriction: { region: '421100' },
    });
    const moved = await t.record('charity', {
      type: 'transfer',
      occurredAt: at,
      to: 'yichang-clinic',
      money: cny(300),
    });
    const body = await read(t, '/api/v1/signals/restriction-breaches');
    expect(body.data).toEqual([
      expect.objectContaining({
        event: moved.id,
        type: 'transfer',
        recordedBy: 'charity',
        parts: [
          expect.objectContaining({
            donation: gift.id,
            to: 'yichang-clinic',
            amount: 300,
            restriction: expect.objectContaining({ region: '421100' }),
          }),
        ],
      }),
    ]);
  });

  it('answers an empty ledger with empty lists', async () => {
    const t = await testApp();
    for (const path of [
      'idle-stock',
      'near-expiry',
      'idle-devices',
      'idle-holders',
      'unneeded-deliveries',
      'restriction-breaches',
    ]) {
      const body = await read(t, `/api/v1/signals/${path}`);
      expect(body.data).toEqual([]);
    }
  });

  it('refuses malformed as-of instants, unknown regions and foreign cursors with problem details', async () => {
    const t = await world();
    for (const path of [
      '/api/v1/signals/idle-stock?asOf=yesterday',
      '/api/v1/signals/near-expiry?asOf=2026-13-01',
      '/api/v1/signals/idle-stock?region=999999',
      '/api/v1/signals/unneeded-deliveries?region=42',
      '/api/v1/signals/restriction-breaches?cursor=bogus',
      '/api/v1/signals/idle-holders?flagged=maybe',
      `/api/v1/signals/near-expiry?cursor=${Buffer.from(JSON.stringify(['breaches', 3])).toString('base64url')}`,
    ]) {
      const res = await t.get(path);
      expect(res.status, path).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('refuses crafted cursors of the right list with 422, never a failed query', async () => {
    const t = await world();
    const crafted = (kind: string, inner: string) =>
      Buffer.from(JSON.stringify([kind, inner])).toString('base64url');
    const inners = [
      'not json',
      '[1]',
      '["a","b","c"]',
      '{"priority":1}',
      'null',
      '[1,2,3,4]',
      '["2026-01-01"]',
    ];
    for (const [path, kind] of [
      ['/api/v1/signals/idle-stock', 'idle-stock'],
      ['/api/v1/signals/near-expiry', 'near-expiry'],
      ['/api/v1/needs', 'need'],
    ] as const) {
      for (const inner of inners) {
        const res = await t.get(`${path}?cursor=${crafted(kind, inner)}`);
        expect(res.status, `${path} ${inner}`).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect((await res.json()).errors[0].path).toBe('cursor');
      }
    }
  });

  it('documents every signal in the OpenAPI document with its rule', async () => {
    const t = await testApp();
    const doc = await (await t.get('/api/v1/openapi.json')).json();
    expect(doc.paths['/api/v1/signals/idle-stock'].get.description).toContain('distance tier');
    // Six on stock and needs; three on the cold chain (cold-chain-unlogged, custody-gaps, excursion-uses).
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/signals/'))).toHaveLength(9);
    expect(doc.paths['/api/v1/signals/custody-gaps'].get.description).toContain('handover');
  });
});
