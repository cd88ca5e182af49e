/** GET /api/v1/catalog/{regions,diseases,items}: the reference catalogues events refer to. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  DiseaseChapterSchema,
  DiseaseSchema,
  ItemSchema,
  RegionSchema,
  type Catalog,
} from '../../domain/catalog.ts';
import { Problem } from '../../domain/problems.ts';
import { problems, router } from '../router.ts';

const regionsRoute = createRoute({
  method: 'get',
  path: '/api/v1/catalog/regions',
  tags: ['Catalogue'],
  summary: 'Regions (GB/T 2260)',
  description:
    'Provinces, prefectures and counties with parent links and 2020 census populations where known. Filter by `parent` (direct children) or `level`.',
  request: {
    query: z.object({
      parent: z
        .string()
        .regex(/^\d{6}$/)
        .optional(),
      level: z.enum(['province', 'prefecture', 'county']).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Regions',
      content: {
        'application/json': { schema: z.object({ data: z.array(RegionSchema.meta({ id: 'Region' })) }) },
      },
    },
    ...problems(404, 422),
  },
});
const diseasesRoute = createRoute({
  method: 'get',
  path: '/api/v1/catalog/diseases',
  tags: ['Catalogue'],
  summary: 'Diseases (ICD-10)',
  description:
    'ICD-10 chapters and the three-character categories the portal uses, in Chinese and English, with a rare-disease flag.',
  responses: {
    200: {
      description: 'Diseases',
      content: {
        'application/json': {
          schema: z.object({
            chapters: z.array(DiseaseChapterSchema),
            data: z.array(DiseaseSchema.meta({ id: 'Disease' })),
          }),
        },
      },
    },
  },
});
const itemsRoute = createRoute({
  method: 'get',
  path: '/api/v1/catalog/items',
  tags: ['Catalogue'],
  summary: 'Items',
  description:
    'What can be given: medicines, vaccines, devices, protective equipment, consumables and services, with unit, category, cold-chain flag and shelf life.',
  request: { query: z.object({ category: z.string().optional() }) },
  responses: {
    200: {
      description: 'Items',
      content: {
        'application/json': { schema: z.object({ data: z.array(ItemSchema.meta({ id: 'Item' })) }) },
      },
    },
  },
});

export function catalogRoutes(catalog: Catalog) {
  const app = router();
  app.openapi(regionsRoute, (c) => {
    const { parent, level } = c.req.valid('query');
    if (parent && !catalog.hasRegion(parent))
      throw new Problem('not-found', 'Unknown region', `No region has the code ${parent}.`, [
        { path: 'parent', message: 'unknown region' },
      ]);
    const rows = parent ? catalog.children(parent) : catalog.regions;
    return c.json({ data: level ? rows.filter((r) => r.level === level) : rows }, 200);
  });
  app.openapi(diseasesRoute, (c) => c.json({ chapters: catalog.chapters, data: catalog.diseases }, 200));
  app.openapi(itemsRoute, (c) => {
    const { category } = c.req.valid('query');
    return c.json(
      { data: category ? catalog.items.filter((i) => i.category === category) : catalog.items },
      200,
    );
  });
  return app;
}
