/** POST /api/v1/events: the write API. GET /api/v1/events: the public log, page by page. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { AnonymousRef } from '../../contract/gift.ts';
import { EventBody } from '../../domain/events.ts';
import type { Db } from '../../store/database.ts';
import type { LedgerWriter } from '../../store/ledger-writer.ts';
import { listEvents as eventPage } from '../../store/queries/event-list.ts';
import type { StorageStatus } from '../../store/storage-status.ts';
import { requireToken } from '../auth.ts';
import { writeBody } from '../request-body.ts';
import { decodeCursor, encodeCursor, PageQuery } from '../pagination.ts';
import { problems, router, type Env } from '../router.ts';
import type { MiddlewareHandler } from 'hono';

const RecordedAnswer = z
  .object({
    id: z.string(),
    seq: z.int(),
    leafIndex: z.int().describe("index of the event's leaf in the verifiable log"),
    recordedAt: z.string(),
    receiptCode: z
      .string()
      .optional()
      .describe('public receipt code (donations and pledges): give it to the donor'),
  })
  .meta({ id: 'RecordedEvent' });

const postEvent = createRoute({
  method: 'post',
  path: '/api/v1/events',
  tags: ['Write'],
  summary: 'Record an event',
  description: [
    'Records one event as the organization that owns the bearer token. `type` selects the schema.',
    'Conservation: no holder ever goes below zero; an event that would is refused with 409 and the shortfall, and nothing is written.',
    'Provenance follows earmark-aware FIFO: lots restricted to the destination first, then unrestricted lots oldest first, then lots restricted elsewhere — which records the event as a public restriction breach rather than refusing it.',
    'A receipt acknowledges a transfer; any shortfall is recorded as lost. A correction reverses or replaces an earlier event of the same organization; nothing is edited in place.',
    'Send an `Idempotency-Key` header to make retries safe: a replay answers the first answer (200) and writes nothing; the same key with a different body is refused (422).',
    'A body may be at most 65,536 bytes (413 beyond); text must be valid Unicode without NUL (a lone surrogate such as `\\ud800`, or a NUL character, is refused with 422).',
  ].join('\n\n'),
  security: [{ bearer: [] }],
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
    body: {
      required: true,
      content: { 'application/json': { schema: EventBody.meta({ id: 'EventBody' }) } },
    },
  },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: RecordedAnswer } } },
    200: {
      description: 'Replay of an earlier request with the same Idempotency-Key; nothing written',
      content: { 'application/json': { schema: RecordedAnswer } },
    },
    ...problems(400, 401, 403, 409, 413, 422, 429, 503),
  },
});

const EventRow = z
  .object({
    id: z.string(),
    seq: z.int(),
    type: z.string(),
    recordedBy: z
      .union([z.string(), AnonymousRef])
      .describe('organization id, or only its kind when it is registered anonymous'),
    recordedAt: z.string(),
    occurredAt: z.string(),
    event: z
      .record(z.string(), z.unknown())
      .describe(
        'the public form of the event, exactly as its log leaf holds it: counts of people below 5 read "<5", organizations registered anonymous read { anonymous: true, kind }, notes appear only when marked public',
      ),
    private: z
      .string()
      .optional()
      .describe(
        "hex SHA-256 commitment to what the leaf withholds (receipt code, exact small counts, private note, anonymous parties' ids)",
      ),
  })
  .meta({ id: 'EventRow' });

const listEvents = createRoute({
  method: 'get',
  path: '/api/v1/events',
  tags: ['Read'],
  summary: 'List events in log order',
  description:
    'Events in `seq` order. Pages are stable: a cursor keeps working, without skipping or repeating rows, while new events arrive.',
  request: {
    query: PageQuery.extend({
      type: z.string().max(40).optional().describe('only events of this type'),
      recordedBy: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of events',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(EventRow), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problems(422),
  },
});

export function eventRoutes(
  db: Db,
  writer: LedgerWriter,
  storage: StorageStatus,
  writeLimit: MiddlewareHandler<Env>,
) {
  const app = router();
  // The token is checked first, so only a token holder's body is ever read.
  const steps: MiddlewareHandler<Env>[] = [requireToken(db), writeLimit, ...writeBody()];
  for (const step of steps)
    app.use('/api/v1/events', async (c, next) => (c.req.method === 'POST' ? step(c, next) : next()));
  app.openapi(postEvent, async (c) => {
    const { answer, replay } = await writer.record({
      recordedBy: c.get('organization'),
      body: c.req.valid('json'),
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    storage.succeeded();
    return c.json(answer, replay ? 200 : 201);
  });
  app.openapi(listEvents, async (c) => {
    const q = c.req.valid('query');
    const after = decodeCursor(q.cursor, 'seq');
    const rows = await eventPage(db, q, after, q.limit + 1);
    const page = rows.slice(0, q.limit);
    return c.json(
      {
        data: page,
        nextCursor: rows.length > q.limit ? encodeCursor('seq', page.at(-1)!.seq) : null,
      },
      200,
    );
  });
  return app;
}
