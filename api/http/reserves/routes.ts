/**
 * GET /api/v1/reserves, /reserves/{holder}/stock-reports, /dispatches, /forecasts and
 * /audits/{appeal}: emergency reserves against their plans, dispatches from request to
 * settlement, demand forecasts with their method and back-tested error, and the audit of an
 * appeal. Each answer is built by one function in api/store/answers, shared with the site.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Client } from '@libsql/client';
import { z } from 'zod';
import type { Catalog } from '../../domain/catalog.ts';
import { dispatchSteps } from '../../domain/reserves.ts';
import { Problem } from '../../domain/problems.ts';
import { appealAudit, auditCsvRows } from '../../store/answers/audits.ts';
import { csvText } from '../../store/answers/csv.ts';
import { dispatches } from '../../store/answers/dispatches.ts';
import { forecasts } from '../../store/answers/forecasts.ts';
import { reserveRules, reserves } from '../../store/answers/reserves.ts';
import { reserveHolders, stockReportColumns, stockReports } from '../../store/answers/stock-reports.ts';
import { decodeCursor, decodeKeyCursor, encodeCursor, PageQuery } from '../pagination.ts';
import { problems, router } from '../router.ts';
import { regionAndDescendants } from '../region-filter.ts';
import {
  AuditSchema,
  DispatchSchema,
  ForecastSchema,
  ReserveSchema,
  StockReportSchema,
  WaitingSchema,
} from './schemas.ts';

const tags = ['Reserves and dispatches'];
const RegionCode = z.string().regex(/^\d{6}$/, 'a six-digit region code');
const ItemId = z.string().min(1).max(64);
const Day = z.iso.date();
const Format = z.enum(['json', 'csv']).default('json').describe('csv: the same figures as one CSV table');
const csvHeaders = (name: string) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${name}.csv"`,
});

const reservesRoute = createRoute({
  method: 'get',
  path: '/api/v1/reserves',
  tags,
  summary: 'Reserve stock against plan per holder × region × item, days of cover, rotation due',
  description: reserveRules,
  request: {
    query: z.object({
      holder: z.string().max(64).optional(),
      region: RegionCode.optional().describe('plans serving this region (holding it or within it)'),
      item: ItemId.optional(),
      asOf: z.iso
        .datetime({ offset: true })
        .optional()
        .describe('default: the latest moment an event records'),
    }),
  },
  responses: {
    200: {
      description: 'One row per plan in force',
      content: {
        'application/json': {
          schema: z.object({ rule: z.string(), asOf: z.string().nullable(), data: z.array(ReserveSchema) }),
        },
      },
    },
    ...problems(422),
  },
});

const stockReportRoute = createRoute({
  method: 'get',
  path: '/api/v1/reserves/{holder}/stock-reports',
  tags,
  summary: 'Daily stock report of a reserve holder: in, out and on hand per item and day',
  description:
    'Built from the holder’s own events as they now stand; on hand is the running balance, equal to the goods it holds. Days without movement are left out.',
  request: {
    params: z.object({ holder: z.string().min(1).max(64) }),
    query: PageQuery.extend({
      item: ItemId.optional(),
      from: Day.optional(),
      to: Day.optional(),
      format: Format,
    }),
  },
  responses: {
    200: {
      description: 'A page of days × items, oldest first (or the whole report as CSV)',
      content: {
        'application/json': {
          schema: z.object({
            holder: z.string(),
            data: z.array(StockReportSchema),
            nextCursor: z.string().nullable(),
          }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    ...problems(404, 422),
  },
});

const dispatchesRoute = createRoute({
  method: 'get',
  path: '/api/v1/dispatches',
  tags,
  summary: 'Dispatch requests with their review, dispatch, receipt and settlement, and the time between each',
  description:
    'A request is reviewed by its reserve’s authority (two distinct reviewers when the approval exceeds the plan’s threshold), dispatched by the reserve as a transfer naming it, signed for by the facility’s receipt, and settled at the plan’s agreed price for the units signed for (or waived). `waiting` counts the requests at each open step and the longest wait in hours, measured to the latest moment an event records.',
  request: {
    query: PageQuery.extend({
      reserve: z.string().max(64).optional(),
      facility: z.string().max(64).optional(),
      status: z.enum(dispatchSteps).optional(),
      appeal: z.string().max(64).optional(),
      item: ItemId.optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of requests in log order',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string().nullable(),
            waiting: z.array(WaitingSchema),
            data: z.array(DispatchSchema),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    ...problems(422),
  },
});

const forecastsRoute = createRoute({
  method: 'get',
  path: '/api/v1/forecasts',
  tags,
  summary: 'Monthly demand forecast per region × item, with its method and back-tested error',
  description:
    'One forecast per item with recorded demand in the region (or the item asked for). Each carries the method’s steps, the history it was fitted on, the seasonal index, the back-test (trained on the first two thirds, scored on the rest: MAPE), the 30-day peak target, and each reserve serving the region projected month by month: stock − lots expiring that month − forecast demand × the share of the region’s demand the reserve has met by dispatch. An alert names the first month a reserve would fall below its plan’s minimum.',
  request: {
    query: PageQuery.extend({
      region: RegionCode,
      item: ItemId.optional(),
      horizon: z.coerce.number().int().min(3).max(6).default(6).describe('months ahead, 3 to 6'),
      asOf: z.iso.datetime({ offset: true }).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of forecasts, by item id',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string().nullable(),
            region: z.string(),
            data: z.array(ForecastSchema),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    ...problems(422),
  },
});

const auditRoute = createRoute({
  method: 'get',
  path: '/api/v1/audits/{appeal}',
  tags,
  summary: 'Post-response audit of an appeal',
  description:
    'Needs reported against dispatches and deliveries; goods given toward the appeal and what became of them (used, lost, written off as expired or otherwise, held, idle for 90 days, expired while held); response times. Recomputed from the log. `complaints` lists the complaints about the appeal’s events and needs and `complaintCounts` counts them (answer times in working days). `format=csv` gives the same figures as one table (section, item, measure, value).',
  request: { params: z.object({ appeal: z.string().min(1).max(64) }), query: z.object({ format: Format }) },
  responses: {
    200: {
      description: 'The audit',
      content: { 'application/json': { schema: AuditSchema }, 'text/csv': { schema: z.string() } },
    },
    ...problems(404, 422),
  },
});

const notFound = (what: string, id: string, path: string) =>
  new Problem('not-found', 'Not found', `No ${what} with id "${id}".`, [
    { path, message: `unknown ${what}` },
  ]);

export function reserveRoutes(client: Client, catalog: Catalog) {
  const app = router();
  const checkRegion = (code: string | undefined) => {
    if (code !== undefined) regionAndDescendants(catalog, code);
  };
  const checkItem = (id: string | undefined) => {
    if (id !== undefined && !catalog.item(id))
      throw new Problem('unknown-reference', 'Unknown item', `No item has the id ${id}.`, [
        { path: 'item', message: 'unknown item' },
      ]);
  };

  app.openapi(reservesRoute, async (c) => {
    const q = c.req.valid('query');
    checkRegion(q.region);
    checkItem(q.item);
    const answer = await reserves(client, catalog, q);
    return c.json({ rule: reserveRules, ...answer }, 200);
  });

  app.openapi(stockReportRoute, async (c) => {
    const { holder } = c.req.valid('param');
    const q = c.req.valid('query');
    checkItem(q.item);
    if (!(await reserveHolders(client)).includes(holder)) throw notFound('reserve holder', holder, 'holder');
    const rows = await stockReports(client, holder, q);
    if (q.format === 'csv')
      return c.body(
        csvText(
          stockReportColumns,
          rows.map((r) => [r.date, r.item, r.in, r.out, r.onHand]),
        ),
        200,
        csvHeaders(`stock-reports-${holder}`),
      );
    const after = decodeKeyCursor(q.cursor, 'stock', z.tuple([z.string(), z.string()]));
    const rest = after
      ? rows.filter((r) => r.date > after[0] || (r.date === after[0] && r.item > after[1]))
      : rows;
    const page = rest.slice(0, q.limit);
    const last = page.at(-1);
    return c.json(
      {
        holder,
        data: page,
        nextCursor:
          rest.length > q.limit && last
            ? encodeCursor('stock', JSON.stringify([last.date, last.item]))
            : null,
      },
      200,
    );
  });

  app.openapi(dispatchesRoute, async (c) => {
    const q = c.req.valid('query');
    checkItem(q.item);
    const page = await dispatches(client, q, decodeCursor<number>(q.cursor, 'dispatch', 0), q.limit);
    const last = page.rows.at(-1);
    return c.json(
      {
        asOf: page.asOf,
        waiting: page.waiting,
        data: page.rows.map(({ seq: _seq, ...r }) => r),
        nextCursor: page.more && last ? encodeCursor('dispatch', last.seq) : null,
      },
      200,
    );
  });

  app.openapi(forecastsRoute, async (c) => {
    const q = c.req.valid('query');
    checkRegion(q.region);
    checkItem(q.item);
    const answer = await forecasts(client, catalog, q);
    const after = decodeCursor<string>(q.cursor, 'forecast', '');
    const rest = answer.data.filter((f) => f.item > after);
    const page = rest.slice(0, q.limit);
    const last = page.at(-1);
    return c.json(
      {
        asOf: answer.asOf,
        region: answer.region,
        data: page,
        nextCursor: rest.length > q.limit && last ? encodeCursor('forecast', last.item) : null,
      },
      200,
    );
  });

  app.openapi(auditRoute, async (c) => {
    const { appeal } = c.req.valid('param');
    const { format } = c.req.valid('query');
    const audit = await appealAudit(client, appeal);
    if (!audit) throw notFound('appeal', appeal, 'appeal');
    if (format === 'csv')
      return c.body(
        csvText(['section', 'item', 'measure', 'value'], auditCsvRows(audit)),
        200,
        csvHeaders(`audit-${appeal}`),
      );
    return c.json(audit, 200);
  });
  return app;
}
