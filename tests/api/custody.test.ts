import { describe, expect, it } from 'vitest';
import type { ShipmentCustody } from '../../api/contract/custody.ts';
import { coldChainWorld, hour, vaccine } from '../support/cold-chain.ts';
import { at, testApp } from '../support/test-app.ts';

const custodyOf = async (t: Awaited<ReturnType<typeof testApp>>, id: string) => {
  const res = await t.get(`/api/v1/shipments/${id}/custody`);
  expect(res.status).toBe(200);
  return (await res.json()) as ShipmentCustody;
};

describe('custody writes', () => {
  it('refuses a use of quarantined vaccine with a 409 naming the lot, and writes nothing', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: vaccine(100),
    });
    const s = await t.record('charity', {
      type: 'transfer',
      occurredAt: hour(1),
      to: 'xishui-clinic',
      goods: vaccine(100),
    });
    await t.record('xishui-clinic', {
      type: 'temperature_log',
      occurredAt: hour(5),
      shipment: s.id,
      min: 3,
      max: 15,
      outsideMinutes: 240,
      range: [2, 8],
    });
    await t.record('xishui-clinic', {
      type: 'receipt',
      occurredAt: hour(6),
      transfer: s.id,
      goods: vaccine(100),
    });
    const before = (await t.database.client.execute('SELECT count(*) AS n FROM events')).rows[0]!.n;
    const res = await t.post('xishui-clinic', {
      type: 'use',
      occurredAt: hour(7),
      goods: { item: 'hepatitis-b-vaccine', quantity: 1 },
      beneficiaries: 1,
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as {
      type: string;
      detail: string;
      errors: Array<{ path: string; message: string }>;
    };
    expect(problem.type).toContain('lot-quarantined');
    expect(problem.detail).toContain('HB2026A');
    expect(problem.errors[0]!.path).toBe('goods.quantity');
    expect((await t.database.client.execute('SELECT count(*) AS n FROM events')).rows[0]!.n).toBe(before);
    // A transfer onward is refused the same way; a write-off is accepted.
    expect(
      (
        await t.post('xishui-clinic', {
          type: 'transfer',
          occurredAt: hour(7),
          to: 'yichang-clinic',
          goods: vaccine(10),
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await t.post('xishui-clinic', {
          type: 'write_off',
          occurredAt: hour(8),
          goods: vaccine(100),
          reason: 'damaged',
        })
      ).status,
    ).toBe(201);
  });

  it('answers 4xx for custody events that do not fit, naming the field', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: vaccine(100),
    });
    const s = await t.record('charity', {
      type: 'transfer',
      occurredAt: hour(1),
      to: 'xishui-clinic',
      goods: vaccine(100),
    });
    const cases: Array<[Parameters<typeof t.post>[0], unknown, number, string]> = [
      [
        'charity',
        {
          type: 'temperature_log',
          occurredAt: hour(2),
          shipment: s.id,
          lot: 'X',
          item: 'hepatitis-b-vaccine',
          min: 1,
          max: 2,
          outsideMinutes: 0,
          range: [2, 8],
        },
        422,
        'shipment',
      ],
      [
        'charity',
        {
          type: 'temperature_log',
          occurredAt: hour(2),
          shipment: s.id,
          min: 9,
          max: 2,
          outsideMinutes: 0,
          range: [2, 8],
        },
        422,
        'min',
      ],
      [
        'charity',
        {
          type: 'temperature_log',
          occurredAt: hour(2),
          shipment: s.id,
          min: 1,
          max: 9,
          outsideMinutes: 0,
          range: [-5, 8],
        },
        422,
        'range',
      ],
      [
        'wuhan-depot',
        {
          type: 'temperature_log',
          occurredAt: hour(2),
          shipment: s.id,
          min: 1,
          max: 9,
          outsideMinutes: 0,
          range: [2, 8],
        },
        403,
        '',
      ],
      [
        'charity',
        {
          type: 'temperature_log',
          occurredAt: hour(2),
          shipment: 'evt_999',
          min: 1,
          max: 9,
          outsideMinutes: 0,
          range: [2, 8],
        },
        422,
        'shipment',
      ],
      [
        'charity',
        {
          type: 'custody_handover',
          occurredAt: hour(2),
          shipment: s.id,
          from: 'charity',
          to: 'charity',
          at: hour(2),
        },
        422,
        'to',
      ],
      [
        'charity',
        { type: 'custody_handover', occurredAt: hour(2), shipment: s.id, from: 'charity', to: 'wuhan-depot' },
        422,
        'at',
      ],
      [
        'xishui-clinic',
        {
          type: 'lot_release',
          occurredAt: hour(2),
          item: 'hepatitis-b-vaccine',
          lot: 'HB2026A',
          reason: 'fine',
        },
        409,
        'lot',
      ],
      [
        'xishui-clinic',
        { type: 'lot_release', occurredAt: hour(2), item: 'hepatitis-b-vaccine', lot: 'HB2026A' },
        422,
        'reason',
      ],
    ];
    for (const [as, body, status, path] of cases) {
      const res = await t.post(as, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (path) {
        const p = (await res.json()) as { errors?: Array<{ path: string }> };
        expect(
          p.errors?.map((e) => e.path.replace(/^body\./, '')),
          JSON.stringify(body),
        ).toContain(path);
      }
    }
    expect((await t.database.client.execute('SELECT count(*) AS n FROM custody_handovers')).rows[0]!.n).toBe(
      0,
    );
  });
});

describe('GET /api/v1/shipments/{id}/custody', () => {
  it("shows the chain, the excursion, the quarantine's release and the flagged use", async () => {
    const t = await testApp();
    const w = await coldChainWorld(t);
    const c = await custodyOf(t, w.shipment.id);
    expect(c.shipment).toMatchObject({
      id: w.shipment.id,
      item: 'hepatitis-b-vaccine',
      quantity: 200,
      state: 'received',
    });
    expect(c.shipment.from).toMatchObject({ id: 'charity', name: '爱心基金会' });
    expect(c.shipment.receipt).toMatchObject({ id: w.receipt.id, quantity: 200 });
    expect(c.coldChain).toEqual({ required: true, range: [2, 8], toleranceMinutes: 60 });
    expect(c.handovers.map((h) => [h.from.id, h.to.id])).toEqual([
      ['charity', 'wuhan-depot'],
      ['wuhan-depot', 'xishui-clinic'],
    ]);
    expect(c.chain).toMatchObject({ continuous: true, gaps: [], holder: { id: 'xishui-clinic' } });
    expect(c.temperatures).toEqual([
      expect.objectContaining({
        id: w.log.id,
        excursion: true,
        outsideMinutes: 95,
        quarantined: 200,
        max: 13.1,
        logger: 'TL-0042',
      }),
    ]);
    expect(c.lots).toEqual([
      expect.objectContaining({
        lot: 'HB2026A',
        expiresOn: '2027-06-30',
        shipped: 200,
        quarantined: 0,
        excursions: [w.log.id],
      }),
    ]);
    expect(c.quarantine.state).toBe('released');
    expect(c.quarantine.releases).toEqual([expect.objectContaining({ id: w.release.id, quantity: 200 })]);
    expect(c.uses).toEqual([expect.objectContaining({ event: w.use.id, quantity: 50, excursion: w.log.id })]);
    expect(c.asOf.treeSize).toBeGreaterThan(0);
  });

  it('names the gap of a chain whose last holder never handed the goods over', async () => {
    const t = await testApp();
    const w = await coldChainWorld(t);
    const c = await custodyOf(t, w.gapped.id);
    expect(c.chain.continuous).toBe(false);
    expect(c.chain.gaps).toEqual([
      {
        from: expect.objectContaining({ id: 'wuhan-depot' }),
        to: expect.objectContaining({ id: 'xishui-clinic' }),
        after: expect.any(String),
        before: w.gappedReceipt.id,
      },
    ]);
    expect(c.temperatures).toEqual([]);
    expect(c.quarantine.state).toBe('none');
  });

  it('shows a quarantine while the shipment is still on its way, and leaves out a reversed record', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: vaccine(30),
    });
    const s = await t.record('charity', {
      type: 'transfer',
      occurredAt: hour(1),
      to: 'xishui-clinic',
      goods: vaccine(30),
    });
    const log = await t.record('charity', {
      type: 'temperature_log',
      occurredAt: hour(2),
      shipment: s.id,
      min: 3,
      max: 15,
      outsideMinutes: 240,
      range: [2, 8],
    });
    let c = await custodyOf(t, s.id);
    expect(c.shipment.state).toBe('in_transit');
    expect(c.quarantine.state).toBe('quarantined');
    expect(c.lots[0]).toMatchObject({ inTransit: 30, held: 0 });
    await t.record('charity', {
      type: 'correction',
      occurredAt: hour(3),
      corrects: log.id,
      reason: 'logger belonged to another box',
      reverse: true,
    });
    c = await custodyOf(t, s.id);
    expect(c.temperatures).toEqual([]);
    expect(c.quarantine.state).toBe('none');
  });

  it('answers 404 for an unknown shipment or one that is not goods, and 422 for a malformed id', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      money: { currency: 'CNY', amount: 500 },
    });
    const money = await t.record('charity', {
      type: 'transfer',
      occurredAt: hour(1),
      to: 'xishui-clinic',
      money: { currency: 'CNY', amount: 100 },
    });
    for (const id of ['evt_999', 'evt_1', money.id]) {
      const res = await t.get(`/api/v1/shipments/${id}/custody`);
      expect(res.status, id).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const bad = await t.get('/api/v1/shipments/nope/custody');
    expect(bad.status).toBe(422);
  });

  it("shows in a gift's answer the custody and excursions of the shipments it travelled in", async () => {
    const t = await testApp();
    const w = await coldChainWorld(t);
    const res = await t.get(`/api/v1/donations/${w.gift.receiptCode}`);
    expect(res.status).toBe(200);
    const gift = (await res.json()) as { custody: Array<Record<string, unknown>> };
    expect(gift.custody.map((c) => c.shipment)).toEqual([w.shipment.id, w.gapped.id]);
    expect(gift.custody[0]).toMatchObject({
      continuous: true,
      quarantine: 'released',
      temperatures: [expect.objectContaining({ excursion: true, outsideMinutes: 95 })],
      handovers: [
        expect.objectContaining({ to: expect.objectContaining({ id: 'wuhan-depot' }) }),
        expect.anything(),
      ],
    });
    expect(gift.custody[1]).toMatchObject({ continuous: false, gaps: 1, temperatures: [], coldChain: true });
  });
});

describe('cold-chain signals', () => {
  it('lists cold-chain goods received without a temperature record, shipments with a gap, and uses after an excursion', async () => {
    const t = await testApp();
    const w = await coldChainWorld(t);
    const unlogged = (await (await t.get('/api/v1/signals/cold-chain-unlogged')).json()) as {
      rule: string;
      data: Array<Record<string, unknown>>;
    };
    expect(unlogged.rule).toContain('temperature record');
    expect(unlogged.data).toEqual([
      expect.objectContaining({
        receipt: w.gappedReceipt.id,
        shipment: w.gapped.id,
        item: 'hepatitis-b-vaccine',
        quantity: 100,
      }),
    ]);
    const gaps = (await (await t.get('/api/v1/signals/custody-gaps')).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(gaps.data).toEqual([
      {
        shipment: w.gapped.id,
        item: 'hepatitis-b-vaccine',
        state: 'received',
        gaps: [
          { from: 'wuhan-depot', to: 'xishui-clinic', after: expect.any(String), before: w.gappedReceipt.id },
        ],
      },
    ]);
    const uses = (await (await t.get('/api/v1/signals/excursion-uses')).json()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(uses.data).toEqual([
      expect.objectContaining({
        event: w.use.id,
        holder: 'xishui-clinic',
        lot: 'HB2026A',
        quantity: 50,
        excursion: w.log.id,
      }),
    ]);
    // A reversed use is no longer flagged.
    await t.record('xishui-clinic', {
      type: 'correction',
      occurredAt: hour(41),
      corrects: w.use.id,
      reason: 'recorded twice',
      reverse: true,
    });
    const after = (await (await t.get('/api/v1/signals/excursion-uses')).json()) as { data: unknown[] };
    expect(after.data).toEqual([]);
  });

  it('pages each signal with a cursor and refuses a cursor of another list', async () => {
    const t = await testApp();
    await t.record('charity', {
      type: 'donation',
      occurredAt: at,
      donor: 'acme-pharma',
      recipient: 'charity',
      goods: vaccine(90),
    });
    for (let i = 0; i < 3; i++) {
      const s = await t.record('charity', {
        type: 'transfer',
        occurredAt: hour(1),
        to: 'xishui-clinic',
        goods: vaccine(30),
      });
      await t.record('charity', {
        type: 'custody_handover',
        occurredAt: hour(2),
        shipment: s.id,
        from: 'charity',
        to: 'wuhan-depot',
        at: hour(2),
      });
      await t.record('xishui-clinic', {
        type: 'receipt',
        occurredAt: hour(3),
        transfer: s.id,
        goods: vaccine(30),
      });
    }
    for (const path of ['cold-chain-unlogged', 'custody-gaps']) {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const res = await t.get(`/api/v1/signals/${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        const page = (await res.json()) as { data: Array<{ shipment: string }>; nextCursor: string | null };
        seen.push(...page.data.map((d) => d.shipment));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, path).toBe(3);
      expect(seen).toHaveLength(3);
    }
    const other = (await (await t.get('/api/v1/signals/custody-gaps?limit=1')).json()) as {
      nextCursor: string;
    };
    expect((await t.get(`/api/v1/signals/cold-chain-unlogged?cursor=${other.nextCursor}`)).status).toBe(422);
    expect((await t.get('/api/v1/signals/excursion-uses?limit=0')).status).toBe(422);
  });
});

describe('custody in the bulk export', () => {
  it('exports handovers, temperature records and releases that stand, described in the data package', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { parse } = await import('csv-parse/sync');
    const { exportAll } = await import('../../api/store/exports/bulk-export.ts');
    const { testSigningKey } = await import('../support/test-app.ts');
    const t = await testApp();
    const w = await coldChainWorld(t);
    // A reversed handover is not exported.
    const extra = await t.record('charity', {
      type: 'custody_handover',
      occurredAt: hour(50),
      shipment: (
        await t.record('charity', {
          type: 'transfer',
          occurredAt: hour(49),
          to: 'xishui-clinic',
          goods: vaccine(10),
        })
      ).id,
      from: 'charity',
      to: 'wuhan-depot',
      at: hour(50),
    });
    await t.record('charity', {
      type: 'correction',
      occurredAt: hour(51),
      corrects: extra.id,
      reason: 'scanned the wrong box',
      reverse: true,
    });
    const dir = mkdtempSync(join(tmpdir(), 'aidtrail-custody-export-'));
    try {
      const tx = await t.database.client.transaction('read');
      try {
        await exportAll(tx, dir, testSigningKey);
      } finally {
        tx.close();
      }
      const csv = (name: string) =>
        parse(readFileSync(join(dir, `${name}.csv`)), { bom: true, columns: true }) as Record<
          string,
          string
        >[];
      expect(csv('custody_handovers').map((r) => r.event)).toEqual([
        w.first.id,
        w.second.id,
        expect.any(String),
      ]);
      expect(csv('custody_handovers').some((r) => r.event === extra.id)).toBe(false);
      expect(csv('temperature_logs')).toEqual([
        expect.objectContaining({
          event: w.log.id,
          shipment: w.shipment.id,
          max_c: '13.1',
          outside_minutes: '95',
          excursion: 'true',
          quarantined: '200',
        }),
      ]);
      expect(csv('lot_releases')).toEqual([
        expect.objectContaining({ event: w.release.id, quantity: '200', excursions: w.log.id }),
      ]);
      const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as {
        resources: Array<{ name: string }>;
      };
      expect(pkg.resources.map((r) => r.name)).toEqual(
        expect.arrayContaining(['custody_handovers', 'temperature_logs', 'lot_releases']),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
