/** GET /api/v1/organizations and /api/v1/organizations/{id} (with holdings by asset and lot). */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { LotState } from '../../contract/vocabulary.ts';
import { OrganizationKind } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import type { Db } from '../../store/database.ts';
import { holdingsOf, organizationById } from '../../store/queries/holdings.ts';
import { listOrganizations as organizationPage } from '../../store/queries/organization-list.ts';
import { presentAsset } from '../../contract/assets.ts';
import { decodeCursor, encodeCursor, PageQuery } from '../pagination.ts';
import { problems, router } from '../router.ts';
import { ComplaintCounts } from '../../contract/complaint.ts';
import { organizationComplaints } from '../../store/answers/complaints.ts';
import type { Executor } from '../../store/bulk-sql.ts';

const Organization = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: OrganizationKind,
    region: z.string(),
    anonymous: z.boolean(),
  })
  .meta({ id: 'Organization' });

const Holding = z
  .object({
    state: LotState,
    asset: z
      .record(z.string(), z.unknown())
      .describe('`{ money: { currency, amount } }` or `{ goods: { item, quantity, lot } }`'),
    expiresOn: z.string().nullable(),
    restricted: z.boolean().describe('carries a donor restriction (region, disease or appeal)'),
    provenanceUnknown: z
      .boolean()
      .describe(
        'provenance unknown: the units carry no gift (stock stated by an opening balance, or what it was moved or bought into)',
      ),
  })
  .meta({ id: 'Holding' });

const listOrganizations = createRoute({
  method: 'get',
  path: '/api/v1/organizations',
  tags: ['Read'],
  summary: 'List organizations',
  description: 'Organizations in id order. Anonymous individual donors are not listed.',
  request: {
    query: PageQuery.extend({
      kind: OrganizationKind.optional(),
      region: z
        .string()
        .regex(/^\d{6}$/)
        .optional(),
    }),
  },
  responses: {
    200: {
      description: 'A page of organizations',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(Organization), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problems(422),
  },
});

const getOrganization = createRoute({
  method: 'get',
  path: '/api/v1/organizations/{id}',
  tags: ['Read'],
  summary: 'An organization and what it holds',
  description:
    "Holdings by asset and lot: held here, and in transit to here (shipped, not yet acknowledged by a receipt). Money in minor units; goods in the item's unit. Units that carry no gift (stock stated by an opening balance) are rows of their own, `provenanceUnknown: true`.",
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: {
      description: 'The organization',
      content: {
        'application/json': {
          schema: Organization.extend({
            holdings: z.array(Holding),
            complaints: ComplaintCounts.describe(
              'complaints this organization answers, as of now: counts, answer times in working days, overdue (see /api/v1/complaints)',
            ),
          }),
        },
      },
    },
    ...problems(404),
  },
});

export function organizationRoutes(db: Db, sql: Executor, clock: () => Date) {
  const app = router();
  app.openapi(listOrganizations, async (c) => {
    const q = c.req.valid('query');
    const after = decodeCursor<string>(q.cursor, 'org', '');
    const rows = await organizationPage(db, q, after, q.limit + 1);
    const page = rows.slice(0, q.limit);
    return c.json(
      {
        data: page.map((o) => ({
          id: o.id,
          name: o.name,
          kind: o.kind as OrganizationKind,
          region: o.region,
          anonymous: o.anonymous,
        })),
        nextCursor: rows.length > q.limit ? encodeCursor('org', page.at(-1)!.id) : null,
      },
      200,
    );
  });
  app.openapi(getOrganization, async (c) => {
    const { id } = c.req.valid('param');
    const org = await organizationById(db, id);
    if (!org || org.anonymous)
      throw new Problem('not-found', 'Unknown organization', `No organization has the id "${id}".`, [
        { path: 'id', message: 'unknown' },
      ]);
    const [holdings, complaints] = await Promise.all([
      holdingsOf(db, id),
      organizationComplaints(sql, id, clock().toISOString()),
    ]);
    return c.json(
      {
        id: org.id,
        name: org.name,
        kind: org.kind as OrganizationKind,
        region: org.region,
        anonymous: org.anonymous,
        holdings: holdings.map((h) => ({
          state: h.state,
          asset: presentAsset(h.asset, h.amount, h.lotCode),
          expiresOn: h.expiresOn,
          restricted: h.restricted,
          provenanceUnknown: h.provenanceUnknown,
        })),
        complaints,
      },
      200,
    );
  });
  return app;
}
