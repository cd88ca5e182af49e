/**
 * GET /api/v1/health: is the database reachable, can it take writes, and how long is the log.
 * A database that cannot take writes is `degraded`, not down: reads go on, so health answers 200.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Database } from '../store/database.ts';
import { readDatasetInfo } from '../store/dataset-info.ts';
import { logSize } from '../store/log-size.ts';
import type { StorageStatus } from '../store/storage-status.ts';
import { router } from './router.ts';

const health = createRoute({
  method: 'get',
  path: '/api/v1/health',
  tags: ['Meta'],
  summary: 'Health',
  description:
    'Whether the database answers, how many events the log holds, and what the dataset is: `dataset.synthetic` is true for the generated demo dataset, which must never be read as real charity data. `status` is `degraded` while the database cannot take writes (disk full, read-only): `storage` names the cause; reads go on, and it is `ok` again after the next write succeeds.',
  responses: {
    200: {
      description: 'Healthy',
      content: {
        'application/json': {
          schema: z.object({
            status: z.enum(['ok', 'degraded']),
            storage: z
              .object({
                cause: z.enum(['disk-full', 'read-only', 'io-error', 'busy']),
                detail: z.string(),
                since: z.string(),
              })
              .optional(),
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

export function healthRoutes(database: Database, storage: StorageStatus) {
  const app = router();
  app.openapi(health, async (c) => {
    const events = await logSize(database.client);
    c.header('cache-control', 'no-store');
    const failure = storage.current;
    return c.json(
      {
        status: failure ? ('degraded' as const) : ('ok' as const),
        ...(failure ? { storage: failure } : {}),
        events,
        dataset: await readDatasetInfo(database.db),
      },
      200,
    );
  });
  return app;
}
