import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app.ts';
import { reserveWorld, seasonalDemand } from '../support/reserve-world.ts';
import { filed } from '../support/complaint-filing.ts';

type World = Awaited<ReturnType<typeof reserveWorld>>;
let w: World;
beforeAll(async () => {
  w = await reserveWorld();
});

const json = async (res: Response) => {
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body as any;
};

describe('GET /api/v1/reserves', () => {
  it('shows stock against the plan, days of cover, the lot due to rotate and the lot that expired in store', async () => {
    const body = await json(await w.get('/api/v1/reserves'));
    // The latest moment an event records: the closing of February's need.
    expect(body.asOf).toBe('2026-02-28T02:00:00.000Z');
    expect(body.data).toHaveLength(1);
    const r = body.data[0];
    // 1,500 + 1,000 + 100 given, 100 expired, 200 + 500 dispatched, 300 rotated out.
    expect(r).toMatchObject({
      holder: 'wuhan-depot',
      region: '420000',
      item: 'n95-respirator',
      stock: 1_500,
    });
    expect(r.plan).toMatchObject({
      target: 2_000,
      min: 800,
      rotationDays: 120,
      price: { currency: 'CNY', amount: 300 },
    });
    expect(r.belowTarget).toBe(true);
    expect(r.belowMin).toBe(false);
    expect(r.shortOfTarget).toBe(500);
    expect(r.rotationDue).toEqual([
      {
        lot: 'A',
        quantity: 500,
        expiresOn: '2026-05-15',
        daysLeft: 76,
        suggestedDestination: { facility: 'huanggang-hospital', name: '黄冈市中心医院', used: 120 },
      },
    ]);
    expect(r.expiredInReserve).toEqual([{ lot: 'C', quantity: 100, expiresOn: null, writtenOff: true }]);
    expect(r.rotationFailed).toBe(true);
    // Peak month: February 2026, the county's seasonal need plus the 120 used at Huanggang.
    const peakDaily = (seasonalDemand(25) + 120) / 28;
    expect(r.peakMonth).toBe('2026-02');
    expect(r.dailyUsePeak).toBeCloseTo(peakDaily, 1);
    expect(r.dailyUseCurrent).toBeCloseTo(peakDaily, 1);
    expect(r.suggestedTarget).toBe(Math.ceil(peakDaily * 30));
    expect(r.coverDaysPeak).toBeCloseTo(1_500 / peakDaily, 0);
    expect(r.dispatched).toBe(698);
  });

  it('filters, and refuses unknown regions and items', async () => {
    expect((await json(await w.get('/api/v1/reserves?region=421125'))).data).toHaveLength(1);
    expect((await json(await w.get('/api/v1/reserves?holder=charity'))).data).toHaveLength(0);
    expect((await w.get('/api/v1/reserves?region=999999')).status).toBe(422);
    expect((await w.get('/api/v1/reserves?item=unobtainium')).status).toBe(422);
    expect((await w.get('/api/v1/reserves?region=12')).status).toBe(422);
  });

  it('answers an empty ledger with no rows', async () => {
    const t = await testApp();
    expect(await json(await t.get('/api/v1/reserves'))).toMatchObject({ asOf: null, data: [] });
  });
});

describe('GET /api/v1/reserves/{holder}/stock-reports', () => {
  it('reports in, out and on hand per day, ending at what the reserve holds, as JSON and CSV', async () => {
    const body = await json(await w.get('/api/v1/reserves/wuhan-depot/stock-reports'));
    expect(body.data[0]).toEqual({
      date: '2026-01-06',
      item: 'n95-respirator',
      in: 2_600,
      out: 0,
      onHand: 2_600,
    });
    expect(body.data.at(-1)).toMatchObject({ date: '2026-02-10', out: 300, onHand: 1_500 });
    const page = await json(await w.get('/api/v1/reserves/wuhan-depot/stock-reports?limit=2'));
    expect(page.data).toHaveLength(2);
    const next = await json(
      await w.get(`/api/v1/reserves/wuhan-depot/stock-reports?limit=2&cursor=${page.nextCursor}`),
    );
    expect(next.data[0]).toEqual(body.data[2]);
    const csv = await w.get('/api/v1/reserves/wuhan-depot/stock-reports?format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toBe('date,item,in,out,on_hand');
    expect(lines.at(-1)).toBe('2026-02-10,n95-respirator,0,300,1500');
  });

  it('refuses a holder without a plan and a foreign cursor', async () => {
    expect((await w.get('/api/v1/reserves/charity/stock-reports')).status).toBe(404);
    expect((await w.get('/api/v1/reserves/wuhan-depot/stock-reports?cursor=abc')).status).toBe(422);
  });
});

describe('GET /api/v1/dispatches', () => {
  it('follows each request to settlement with the hours between steps, and counts who waits where', async () => {
    const body = await json(await w.get('/api/v1/dispatches'));
    expect(body.data.map((d: any) => d.status)).toEqual([
      'settled',
      'received',
      'refused',
      'awaiting_review',
    ]);
    const settled = body.data[0];
    expect(settled).toMatchObject({
      facility: 'huanggang-hospital',
      approvedQuantity: 200,
      dispatchedQuantity: 200,
      receivedQuantity: 198,
      settledAmount: 59_400,
      hours: { toDecision: 24, toDispatch: 24, toReceipt: 24, toSettlement: 168, total: 240 },
    });
    expect(body.data[1].reviews.map((r: any) => r.reviewer)).toEqual(['handler-1', 'handler-2']);
    expect(body.data[2].refusalReason).toBe('stock would fall below the plan minimum');
    const waiting = Object.fromEntries(body.waiting.map((s: any) => [s.step, s]));
    // Requested on 20 February, measured to the latest event on the 28th.
    expect(waiting.awaiting_review).toEqual({ step: 'awaiting_review', requests: 1, longestWaitHours: 192 });
    expect(waiting.received.requests).toBe(1);
    expect(waiting.dispatched.requests).toBe(0);
  });

  it('pages and filters, and refuses a bad status or cursor', async () => {
    const first = await json(await w.get('/api/v1/dispatches?limit=3'));
    expect(first.data).toHaveLength(3);
    const rest = await json(await w.get(`/api/v1/dispatches?limit=3&cursor=${first.nextCursor}`));
    expect(rest.data.map((d: any) => d.status)).toEqual(['awaiting_review']);
    expect(rest.nextCursor).toBeNull();
    expect((await json(await w.get('/api/v1/dispatches?status=refused'))).data).toHaveLength(1);
    expect((await w.get('/api/v1/dispatches?status=lost')).status).toBe(422);
    expect((await w.get('/api/v1/dispatches?cursor=zzz')).status).toBe(422);
  });
});

describe('GET /api/v1/forecasts', () => {
  it('forecasts the season from two years of history, shows the method and back-test, and projects the reserve', async () => {
    const body = await json(await w.get('/api/v1/forecasts?region=421125&item=n95-respirator&horizon=6'));
    expect(body.data).toHaveLength(1);
    const f = body.data[0];
    expect(f.history[0].month).toBe('2024-01');
    expect(f.history.at(-1).month).toBe('2026-02');
    expect(f.method.name).toBe('seasonal');
    expect(f.method.steps.length).toBeGreaterThan(2);
    expect(f.forecast.map((m: any) => m.month)).toEqual([
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
    ]);
    // Summer below winter: the season is found.
    expect(f.forecast[4].demand).toBeLessThan(f.forecast[0].demand);
    expect(f.backtest).toMatchObject({ method: 'level', trainMonths: 18, testMonths: 8 });
    expect(f.backtest.mape).toBeGreaterThan(0);
    expect(f.reserves).toHaveLength(1);
    const p = f.reserves[0];
    expect(p.drawShare).toBeGreaterThan(0);
    // Lot A (500 left) expires in May: the projection takes it out then.
    expect(p.projected.find((m: any) => m.month === '2026-05').expiring).toBe(500);
  });

  it('needs a region, and refuses unknown ones and a horizon out of range', async () => {
    expect((await w.get('/api/v1/forecasts')).status).toBe(422);
    expect((await w.get('/api/v1/forecasts?region=999999')).status).toBe(422);
    expect((await w.get('/api/v1/forecasts?region=420000&horizon=12')).status).toBe(422);
    expect((await w.get('/api/v1/forecasts?region=420000&item=nothing')).status).toBe(422);
  });
});

describe('GET /api/v1/audits/{appeal}', () => {
  it('audits an appeal from the log: dispatches, refusals, goods and response times, with no complaint yet', async () => {
    const a = await json(await w.get('/api/v1/audits/hubei-flu-2026'));
    expect(a.appeal.id).toBe('hubei-flu-2026');
    expect(a.dispatches).toEqual([
      {
        item: 'n95-respirator',
        requests: 4,
        refused: 1,
        requested: 1_750,
        approved: 700,
        dispatched: 700,
        received: 698,
        settled: 1,
      },
    ]);
    expect(a.refusals).toHaveLength(1);
    expect(a.responseTimes).toMatchObject({ dispatchesReceived: 2, requestToReceiptHoursP50: 72 });
    expect(a.complaints).toEqual([]);
    expect(a.complaintCounts).toMatchObject({ filed: 0, open: 0 });
    const csv = await (await w.get('/api/v1/audits/hubei-flu-2026?format=csv')).text();
    expect(csv.startsWith('section,item,measure,value\r\n')).toBe(true);
    expect(csv).toContain('dispatches,n95-respirator,received,698');
    expect(csv).toContain('complaints,,filed,0');
  });

  it('lists the complaints about the appeal’s dispatch requests, and counts them', async () => {
    const c = await reserveWorld();
    const { id } = await filed(c, c.ids.r3!, {
      category: 'misallocation',
      summary: 'refused while the depot held stock',
      text: 'the clinic asked for masks during the peak and was refused',
    });
    const a = await json(await c.get('/api/v1/audits/hubei-flu-2026'));
    expect(a.complaints).toHaveLength(1);
    expect(a.complaints[0]).toMatchObject({
      id,
      about: c.ids.r3,
      aboutKind: 'event',
      appeal: 'hubei-flu-2026',
      organization: 'xishui-clinic',
      status: 'open',
      summary: 'refused while the depot held stock',
    });
    // The complaint's own words stay private.
    expect(JSON.stringify(a)).not.toContain('during the peak');
    expect(a.complaintCounts).toMatchObject({ filed: 1, open: 1, answered: 0 });
    const csv = await (await c.get('/api/v1/audits/hubei-flu-2026?format=csv')).text();
    expect(csv).toContain('complaints,,filed,1');
    expect(csv).toContain(`complaint,${id},open,`);
  });

  it('answers 404 for an unknown appeal', async () => {
    const res = await w.get('/api/v1/audits/no-such-appeal');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
