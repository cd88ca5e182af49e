/** GET /api/v1/health: is the database reachable, and how long is the log. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Database } from '../store/database.ts';
import { readDatasetInfo } from '../store/dataset-info.ts';
import { logSize } from '../store/log-size.ts';
import { router } from './router.ts';

const health = createRoute({
  method: 'get',
  path: '/api/v1/health',
  tags: ['Meta'],
  summary: 'Health',
  description:
    'Whether the database answers, how many events the log holds, and what the dataset is: `dataset.synthetic` is true for the generated demo dataset, which must never be read as real charity data.',
  responses: {
    200: {
      description: 'Healthy',
      content: {
        'application/json': {
          schema: z.object({
            status: z.literal('ok'),
            events: z.int(),
            dataset: z.object({
              synthetic: z.boolean(),
              description: z.string().optional(),
              seed: z.string().optional(),
              generatedAt: z.string().optional(),
              generator: z.string().optional(),
            }),
          }),
        },
      },
    },
  },
});

export function healthRoutes(database: Database) {
  const app = router();
  app.openapi(health, async (c) => {
    const events = await logSize(database.client);
    c.header('cache-control', 'no-store');
    return c.json({ status: 'ok' as const, events, dataset: await readDatasetInfo(database.db) }, 200);
  });
  return app;
}
