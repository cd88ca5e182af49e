/** GET /api/v1/needs: the needs board. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { NeedStatus } from '../../contract/vocabulary.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { urgencies, importances } from '../../domain/events.ts';
import { urgencyWindowHours } from '../../domain/needs.ts';
import { waitedUntilReasons, waitingTime } from '../../domain/need-waiting.ts';
import { latestCheckpoint } from '../../store/log-store.ts';
import type { Db } from '../../store/database.ts';
import { listNeeds, type NeedCursor } from '../../store/queries/needs.ts';
import { decodeKeyCursor, encodeCursor, PageQuery } from '../pagination.ts';
import { AnonymousRef } from '../../contract/gift.ts';
import { publicCount } from '../../contract/privacy.ts';
import { problems, router } from '../router.ts';
import { regionAndDescendants } from '../region-filter.ts';

export const needRules = [
  'Priority = urgency × importance: urgent means immediate, 24 h or 72 h; important means life or function. 1 = urgent and important, 2 = urgent only, 3 = important only, 4 = neither.',
  `A need is met within its urgency window when fully delivered within ${Object.entries(urgencyWindowHours)
    .map(([u, h]) => `${u}: ${h} h`)
    .join(', ')} of being reported.`,
  "Matching: goods arriving at a facility answer first the needs their shipment named, then the facility's other open needs for that item or its category — by priority, then oldest report, then log order. A need takes at most what it lacks; the rest answers no need (oversupply). A delivery is never counted twice.",
  'Needs carry no patient-level data; beneficiary counts below 5 are shown as "<5".',
  'Waiting time (`waitedUntil`, `waitedHours`, `waitedDays`): from the report until the need was met or closed; for a need still open, until the latest signed checkpoint — or, for a historical record (`asOf`: the date a published need is known to be current to, not updated since), until 00:00 UTC of its as-of date. `waitedUntilReason` says which. Never negative.',
  'A delivery answers only needs reported before it arrived.',
].join('\n\n');

const Need = z
  .object({
    id: z.string(),
    facility: z.string().nullable().describe('null for a facility registered anonymous'),
    facilityName: z.string().nullable(),
    anonymousFacility: AnonymousRef.optional().describe('a facility registered anonymous, by kind only'),
    region: z.string(),
    item: z.string().nullable(),
    category: z.string(),
    quantity: z.int().nullable().describe('null: needed, amount not stated'),
    delivered: z.int(),
    reportedBy: z
      .string()
      .nullable()
      .describe("a third party that reported the need on the facility's behalf"),
    source: z.string().nullable().describe('where the need was published'),
    disease: z.string().nullable(),
    targetGroup: z.string().nullable(),
    urgency: z.enum(urgencies),
    importance: z.enum(importances),
    priority: z.int().min(1).max(4),
    status: NeedStatus,
    closeReason: z.string().nullable(),
    appeal: z.string().nullable(),
    beneficiaries: z.string().nullable().describe('"<5" below five'),
    reportedAt: z.string(),
    firstDeliveryAt: z.string().nullable(),
    metAt: z.string().nullable(),
    closedAt: z.string().nullable().describe('when a need_close ended it'),
    asOf: z
      .string()
      .nullable()
      .describe(
        'a historical record: the date (YYYY-MM-DD) it is known to be current to, not updated since; null for a need kept current',
      ),
    waitedUntil: z.string().describe('the moment the waiting time is measured to (RFC 3339, UTC)'),
    waitedUntilReason: z
      .enum(waitedUntilReasons)
      .describe(
        'met or closed: when that happened; as_of: an open historical record, to its as-of date; ledger: still open, to the latest signed checkpoint',
      ),
    waitedHours: z.int().min(0),
    waitedDays: z.int().min(0),
  })
  .meta({ id: 'Need' });

const route = createRoute({
  method: 'get',
  path: '/api/v1/needs',
  tags: ['Needs and coverage'],
  summary: 'Needs, by priority then age',
  description: needRules,
  request: {
    query: PageQuery.extend({
      status: NeedStatus.optional(),
      priority: z.coerce.number().int().min(1).max(4).optional(),
      region: z
        .string()
        .regex(/^\d{6}$/, 'a six-digit region code')
        .optional()
        .describe('this region and all beneath it'),
      disease: z.string().max(10).optional(),
      item: z.string().max(64).optional(),
      appeal: z.string().max(64).optional(),
      facility: z.string().max(64).optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of needs',
      content: {
        'application/json': { schema: z.object({ data: z.array(Need), nextCursor: z.string().nullable() }) },
      },
    },
    ...problems(422),
  },
});

/** Cursor key: [priority, reportedAtMs, seq] of the last need served. */
const needKey = z.tuple([z.int().min(1).max(4), z.int(), z.int().min(0)]);

export function needRoutes(db: Db, catalog: Catalog, clock: () => Date) {
  const app = router();
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    // Open needs wait until the ledger's signed moment, as on the built site.
    const checkpoint = await latestCheckpoint(db);
    const ledgerAtMs = checkpoint ? Date.parse(checkpoint.signedAt) : clock().getTime();
    const cursor: NeedCursor | null = decodeKeyCursor(q.cursor, 'need', needKey);
    const rows = await listNeeds(
      db,
      { ...q, regions: q.region ? regionAndDescendants(catalog, q.region) : undefined },
      cursor,
      q.limit + 1,
    );
    const page = rows.slice(0, q.limit);
    const last = page.at(-1)?.need;
    return c.json(
      {
        data: page.map(({ need: n, facilityName, anonymousFacility }) => {
          const waited = waitingTime(n, ledgerAtMs);
          return {
            id: n.id,
            facility: n.facility,
            facilityName,
            ...(anonymousFacility ? { anonymousFacility } : {}),
            region: n.region,
            item: n.item,
            category: n.category,
            quantity: n.quantityStated ? n.quantity : null,
            delivered: n.delivered,
            reportedBy: n.reportedBy,
            source: n.source,
            disease: n.disease,
            targetGroup: n.targetGroup,
            urgency: n.urgency as (typeof urgencies)[number],
            importance: n.importance as (typeof importances)[number],
            priority: n.priority,
            status: n.status as 'open',
            closeReason: n.closeReason,
            appeal: n.appeal,
            beneficiaries: n.beneficiaries === null ? null : publicCount(n.beneficiaries),
            reportedAt: n.reportedAt,
            firstDeliveryAt: n.firstDeliveryAt,
            metAt: n.metAt,
            closedAt: n.closedAt,
            asOf: n.asOf,
            waitedUntil: waited.until,
            waitedUntilReason: waited.reason,
            waitedHours: waited.hours,
            waitedDays: waited.days,
          };
        }),
        nextCursor:
          rows.length > q.limit && last
            ? encodeCursor('need', JSON.stringify([last.priority, last.reportedAtMs, last.seq]))
            : null,
      },
      200,
    );
  });
  return app;
}
