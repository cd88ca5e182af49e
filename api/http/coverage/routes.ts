/** GET /api/v1/coverage: how closely deliveries match reported needs, by any grouping. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Catalog } from '../../domain/catalog.ts';
import { itemCategories } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import type { Database } from '../../store/database.ts';
import { coverageAnswer, type CoverageGroup } from '../../store/answers/coverage.ts';
import { coverageDimensions } from '../../store/queries/coverage.ts';
import { facilityDimensions } from '../../store/queries/facility-coverage.ts';
import { needRules } from '../needs/routes.ts';
import { problems, router } from '../router.ts';
import { regionAndDescendants } from '../region-filter.ts';

const description = [
  'Sums over needs (counted where the facility is, in the period the need was reported) and deliveries to facilities.',
  "`needed` = quantity needed; `delivered` = units delivered against those needs; `coverage` = Σ min(delivered, needed) / Σ needed per need, so it never exceeds 1 and one facility's surplus never fills another's gap; `unmet` = needed − covered; `oversupply` = units delivered beyond a need plus deliveries that answered no need (`unmatched`), reported apart and never inside coverage.",
  'Response time = need reported → first matching delivery; p50 and p90 are the upper edge of the histogram bucket (buckets grow by 25% from 15 minutes), so never understated. `metWithinUrgencyWindow` counts needs fully met within their urgency window.',
  'Regions roll up through GB/T 2260: each need counts once at every level, so a province equals the sum of its prefectures. Regions registered above the requested level appear as themselves. Per-capita figures (per 100,000 people) appear where the region has a census population. Periods use the local date recorded in the event.',
  'Need lines count as well as quantities: `needLines` is every need, `needLinesUnstated` those published without an amount ("needed, amount not stated": never counted as a quantity, so outside `needed` and `coverage`), `needLinesMet` those met, and `lineCoverage` = met ÷ lines. `groupBy=facility` (optionally with item, category or disease) gives the same measures per facility.',
  "Quantities are in items' units (a need for a whole category counts units of whatever arrives), and unlike units are never added: a row that spans more than one item — any grouping but `item` with `category`, unless filtered to one item — has `needed`, `delivered`, `coverage`, `unmet`, `oversupply`, `excess`, `unmatched` and the per-100,000 figures null, and `byItem` gives them item by item. Line counts (`needLines`, `needLinesUnstated`, `needLinesMet`, `lineCoverage`), `openNeeds` and response times count need lines and stay. `byItem` is present on every row (one entry when the row holds one item). Ratios are computed at read time.",
  needRules,
].join('\n\n');

const quantityNote = 'null when the row spans more than one item (see byItem)';

const ItemLine = z
  .object({
    item: z.string().nullable().describe('null: needs for a whole category'),
    category: z.string(),
    needLines: z.int(),
    needLinesUnstated: z.int(),
    needLinesMet: z.int(),
    needed: z.int(),
    delivered: z.int(),
    coverage: z.number().min(0).max(1).nullable(),
    unmet: z.int(),
    oversupply: z.int(),
    excess: z.int(),
    unmatched: z.int(),
  })
  .meta({ id: 'CoverageItemLine' });

const Row = z
  .object({
    region: z.string().optional(),
    regionName: z.string().optional(),
    disease: z
      .string()
      .nullable()
      .optional()
      .describe('null: deliveries that answered no need, or needs without a disease'),
    item: z.string().nullable().optional().describe('null: needs for a whole category'),
    category: z.string().optional(),
    period: z.string().optional().describe('start date of the period'),
    facility: z
      .string()
      .optional()
      .describe(
        'facility id; facilities registered anonymous are counted together as `anonymous:<kind>`, without name or region (by facility, `region` is where the facility is)',
      ),
    facilityName: z.string().nullable().optional(),
    needs: z.int(),
    needed: z.int().nullable().describe(quantityNote),
    delivered: z.int().nullable().describe(quantityNote),
    coverage: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .describe(`null also when nothing stated was needed. ${quantityNote}`),
    unmet: z.int().nullable().describe(quantityNote),
    oversupply: z.int().nullable().describe(quantityNote),
    excess: z.int().nullable().describe(quantityNote),
    unmatched: z.int().nullable().describe(quantityNote),
    openNeeds: z.object({ p1: z.int(), p2: z.int(), p3: z.int(), p4: z.int() }),
    responded: z.int(),
    responseHoursP50: z.number().nullable(),
    responseHoursP90: z.number().nullable(),
    metWithinUrgencyWindow: z.int(),
    needLines: z.int(),
    needLinesUnstated: z.int().describe('needs published without an amount'),
    needLinesMet: z.int(),
    lineCoverage: z.number().min(0).max(1).nullable().describe('need lines met ÷ need lines'),
    population: z.int().optional(),
    neededPer100k: z.number().nullable().optional().describe(quantityNote),
    deliveredPer100k: z.number().nullable().optional().describe(quantityNote),
    byItem: z
      .array(ItemLine)
      .describe("the row's quantities item by item (a whole-category need as item null with its category)"),
  })
  .meta({ id: 'CoverageRow' });

const route = createRoute({
  method: 'get',
  path: '/api/v1/coverage',
  tags: ['Needs and coverage'],
  summary: 'Coverage of needs by region, disease, item, category and period',
  description,
  request: {
    query: z.object({
      groupBy: z
        .string()
        .default('region')
        .describe(
          `comma-separated, any of ${coverageDimensions.join(', ')}; or facility, alone or with ${facilityDimensions.slice(1).join(', ')}`,
        ),
      level: z.enum(['province', 'prefecture', 'county']).default('province'),
      period: z.enum(['day', 'week', 'month']).default('month'),
      from: z.iso.date().optional(),
      to: z.iso.date().optional(),
      region: z
        .string()
        .regex(/^\d{6}$/, 'a six-digit region code')
        .optional()
        .describe('only this region and beneath it'),
      disease: z.string().max(10).optional(),
      item: z.string().max(64).optional(),
      category: z.enum(itemCategories).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Coverage rows',
      content: {
        'application/json': {
          schema: z.object({
            groupBy: z.array(z.string()),
            level: z.string(),
            period: z.string(),
            data: z.array(Row),
          }),
        },
      },
    },
    ...problems(422),
  },
});

export function coverageRoutes(database: Database, catalog: Catalog) {
  const app = router();
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const groupBy = q.groupBy
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const byFacility = groupBy.includes('facility');
    const allowed: readonly string[] = byFacility ? facilityDimensions : coverageDimensions;
    const unknown = groupBy.find((g) => !allowed.includes(g));
    if (unknown || new Set(groupBy).size !== groupBy.length) {
      throw new Problem(
        'validation',
        'Invalid groupBy',
        `groupBy takes a comma-separated list of ${coverageDimensions.join(', ')}, or facility with any of ${facilityDimensions.slice(1).join(', ')}${unknown ? `; "${unknown}" is not one of them here` : ' without repeats'}.`,
        [{ path: 'groupBy', message: unknown ? `unknown dimension "${unknown}"` : 'repeated dimension' }],
      );
    }
    if (q.from && q.to && q.from > q.to)
      throw new Problem('validation', 'Invalid range', 'from must not be after to.', [
        { path: 'from', message: 'after to' },
      ]);
    if (
      q.region &&
      catalog.region(q.region) &&
      levelRank[catalog.region(q.region)!.level] > levelRank[q.level]
    ) {
      throw new Problem(
        'validation',
        'Invalid level',
        `${q.region} is a ${catalog.region(q.region)!.level}; ask for level=${catalog.region(q.region)!.level} or a finer one.`,
        [{ path: 'level', message: 'coarser than the region filter' }],
      );
    }
    const regions = q.region ? regionAndDescendants(catalog, q.region) : undefined;
    const data = await coverageAnswer(database, catalog, {
      ...q,
      groupBy: groupBy as CoverageGroup[],
      regions,
    });
    return c.json({ groupBy, level: q.level, period: q.period, data }, 200);
  });
  return app;
}

const levelRank = { province: 0, prefecture: 1, county: 2 } as const;
