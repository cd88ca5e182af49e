/** GET /api/v1/outcomes (evaluation per region or appeal) and GET /api/v1/appeals. */
import { createRoute } from '@hono/zod-openapi';
import type { Client } from '@libsql/client';
import { z } from 'zod';
import { REGION_LEVELS, type Catalog } from '../../domain/catalog.ts';
import { outcomeRule, responseClasses } from '../../domain/outcomes.ts';
import { defaultAsOf } from '../../domain/event-time.ts';
import { appealTitles, listAppeals, outcomes } from '../../store/queries/outcomes.ts';
import { decodeCursor, encodeCursor, PageQuery } from '../pagination.ts';
import { memoFor, type Memos } from '../ledger-memo.ts';
import { problems, router } from '../router.ts';

const Outcome = z
  .object({
    region: z.string().optional(),
    appeal: z.string().optional(),
    nameZh: z.string().nullable(),
    nameEn: z.string().nullable(),
    needs: z.int(),
    met: z.int(),
    judged: z.int().describe('needs met, or whose urgency window had closed by the as-of time'),
    metWithinWindow: z.int(),
    shareMetWithinWindow: z.number().nullable(),
    responseMinutesP50: z.number().nullable(),
    responseMinutesP90: z.number().nullable(),
    responseDistribution: z.object(
      Object.fromEntries([...responseClasses.map((c) => [c.id, z.int()]), ['noDeliveryYet', z.int()]]),
    ),
    receivedValue: z.number().describe('goods received, CNY minor units at typical unit value'),
    idleValue: z.number(),
    idleShare: z.number().nullable(),
    lostValue: z.number(),
    lossShare: z.number().nullable(),
  })
  .meta({ id: 'Outcome' });

const outcomesRoute = createRoute({
  method: 'get',
  path: '/api/v1/outcomes',
  tags: ['Needs and coverage'],
  summary: 'Outcome evaluation per region or appeal',
  description: outcomeRule,
  request: {
    query: z.object({
      by: z.enum(['region', 'appeal']).default('region'),
      level: z.enum(REGION_LEVELS).default('province').describe('region level when by=region'),
      asOf: z.iso
        .datetime({ offset: true })
        .optional()
        .describe('default: the end of the current UTC day by the server clock'),
    }),
  },
  responses: {
    200: {
      description: 'One row per region or appeal',
      content: {
        'application/json': {
          schema: z.object({
            rule: z.string(),
            asOf: z.string().nullable(),
            logSize: z.int().describe('the log size these figures reflect'),
            data: z.array(Outcome),
          }),
        },
      },
    },
    ...problems(422),
  },
});

const Appeal = z
  .object({
    id: z.string(),
    titleZh: z.string(),
    titleEn: z.string(),
    region: z.string().nullable(),
    disease: z.string().nullable(),
    openedBy: z.string(),
    openedAt: z.string(),
    status: z.string(),
    given: z.array(
      z.object({
        asset: z.string(),
        amount: z.int().describe("minor units for money, the item's unit for goods"),
        gifts: z.int(),
      }),
    ),
    needs: z.int(),
    needsMet: z.int(),
  })
  .meta({ id: 'Appeal' });

const appealsRoute = createRoute({
  method: 'get',
  path: '/api/v1/appeals',
  tags: ['Needs and coverage'],
  summary: 'Appeals, with what was given toward each and the needs that named it',
  request: { query: PageQuery },
  responses: {
    200: {
      description: 'A page of appeals in log order',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(Appeal), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problems(422),
  },
});

export function outcomeRoutes(
  client: Client,
  catalog: Catalog,
  memos: Memos,
  clock: () => Date,
  currentLogSize: () => Promise<number>,
) {
  const app = router();
  app.openapi(outcomesRoute, async (c) => {
    const q = c.req.valid('query');
    const asOf =
      (await currentLogSize()) === 0
        ? null
        : q.asOf
          ? new Date(Date.parse(q.asOf)).toISOString()
          : defaultAsOf(clock());
    const { value: rows, logSize } =
      asOf === null
        ? { value: [], logSize: 0 }
        : await memoFor(memos, q.asOf).get(`outcomes:${q.by}:${q.level}:${asOf}`, () =>
            outcomes(client, catalog, { by: q.by, level: q.level, asOf }),
          );
    const appealNames = q.by === 'appeal' ? await appealTitles(client) : new Map<string, string[]>();
    return c.json(
      {
        rule: outcomeRule,
        asOf,
        logSize,
        data: rows.map(({ key, ...r }) => {
          const region = q.by === 'region' ? catalog.region(key) : undefined;
          const names =
            q.by === 'region'
              ? [region?.nameZh ?? null, region?.nameEn ?? null]
              : (appealNames.get(key) ?? [null, null]);
          return {
            ...(q.by === 'region' ? { region: key } : { appeal: key }),
            nameZh: names[0] ?? null,
            nameEn: names[1] ?? null,
            ...r,
          };
        }),
      },
      200,
    );
  });
  app.openapi(appealsRoute, async (c) => {
    const q = c.req.valid('query');
    const page = await listAppeals(client, {
      after: decodeCursor<number>(q.cursor, 'appeal', 0),
      limit: q.limit,
    });
    const last = page.rows.at(-1);
    return c.json(
      {
        data: page.rows.map(({ seq: _seq, ...a }) => a),
        nextCursor: page.more && last ? encodeCursor('appeal', last.seq) : null,
      },
      200,
    );
  });
  return app;
}
