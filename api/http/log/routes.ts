/**
 * The verifiable log, served as Certificate-Transparency-style endpoints. Published
 * checkpoints and entries below a checkpoint never change, so they are cacheable forever;
 * the latest checkpoint is not.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { encodeBase64, type SigningKey, verifierKeyFor } from '../../domain/merkle/index.ts';
import { Problem } from '../../domain/problems.ts';
import type { Db } from '../../store/database.ts';
import {
  checkpointAt,
  latestCheckpoint,
  leafHashes,
  leavesBetween,
  proveConsistency,
  proveInclusion,
} from '../../store/log-store.ts';
import { problems, router } from '../router.ts';

const maxEntries = 10_000;
const Index = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const text = (description: string) => ({ description, content: { 'text/plain': { schema: z.string() } } });

const checkpointRoute = createRoute({
  method: 'get',
  path: '/api/v1/log/checkpoint',
  tags: ['Verifiable log'],
  summary: 'The latest signed checkpoint',
  description:
    'A C2SP tlog-checkpoint (origin, tree size, base64 root hash) signed as a C2SP signed note with Ed25519. Verify it with the key from `/api/v1/log/public-key`. Pass `size` for any earlier checkpoint.',
  request: { query: z.object({ size: Index.optional() }) },
  responses: { 200: text('The signed note'), ...problems(404, 422) },
});
const entriesRoute = createRoute({
  method: 'get',
  path: '/api/v1/log/entries',
  tags: ['Verifiable log'],
  summary: 'Log entries as NDJSON',
  description: `Leaves [start, end) in order, one per line: each line is exactly the bytes that were hashed (leaf hash = SHA-256(0x00 ‖ line)). At most ${maxEntries} per request.`,
  request: { query: z.object({ start: Index, end: Index }) },
  responses: {
    200: { description: 'NDJSON', content: { 'application/x-ndjson': { schema: z.string() } } },
    ...problems(422),
  },
});
const inclusionRoute = createRoute({
  method: 'get',
  path: '/api/v1/log/proofs/inclusion',
  tags: ['Verifiable log'],
  summary: 'Inclusion proof',
  description:
    'The RFC 9162 §2.1.3 audit path for leaf `index` in the tree of `treeSize` leaves (a published checkpoint size).',
  request: { query: z.object({ index: Index, treeSize: Index }) },
  responses: {
    200: {
      description: 'Proof',
      content: {
        'application/json': {
          schema: z.object({
            index: z.int(),
            treeSize: z.int(),
            leafHash: z.string(),
            proof: z.array(z.string()),
          }),
        },
      },
    },
    ...problems(404, 422),
  },
});
const consistencyRoute = createRoute({
  method: 'get',
  path: '/api/v1/log/proofs/consistency',
  tags: ['Verifiable log'],
  summary: 'Consistency proof',
  description:
    'The RFC 9162 §2.1.4 proof that the tree of `to` leaves extends the tree of `from` leaves (both published checkpoint sizes).',
  request: { query: z.object({ from: Index, to: Index }) },
  responses: {
    200: {
      description: 'Proof',
      content: {
        'application/json': { schema: z.object({ from: z.int(), to: z.int(), proof: z.array(z.string()) }) },
      },
    },
    ...problems(404, 422),
  },
});
const publicKeyRoute = createRoute({
  method: 'get',
  path: '/api/v1/log/public-key',
  tags: ['Verifiable log'],
  summary: "The log's verifier key",
  description:
    'In the signed-note verifier-key format: `<name>+<key id>+<base64(0x01 ‖ Ed25519 public key)>`.',
  responses: { 200: text('The verifier key') },
});

export function logRoutes(db: Db, signingKey: SigningKey) {
  const app = router();
  const bad = (path: string, message: string) =>
    new Problem('validation', 'Out of range', `${path}: ${message}`, [{ path, message }]);
  const published = async (size: number, path: string) => {
    const cp = await checkpointAt(db, size);
    if (!cp)
      throw new Problem(
        'not-found',
        'No such checkpoint',
        `No checkpoint was published at tree size ${size}.`,
        [{ path, message: 'not a published tree size' }],
      );
    return cp;
  };

  app.openapi(checkpointRoute, async (c) => {
    const { size } = c.req.valid('query');
    const cp = size === undefined ? await latestCheckpoint(db) : await published(size, 'size');
    if (!cp) throw new Problem('not-found', 'Empty log', 'No checkpoint has been published yet.');
    c.header('cache-control', size === undefined ? 'no-cache' : 'public, max-age=31536000, immutable');
    return c.text(cp.note, 200);
  });
  app.openapi(entriesRoute, async (c) => {
    const { start, end } = c.req.valid('query');
    if (end <= start) throw bad('end', 'must be greater than start');
    if (end - start > maxEntries) throw bad('end', `at most ${maxEntries} entries per request`);
    const latest = await latestCheckpoint(db);
    if (end > (latest?.size ?? 0))
      throw bad('end', `beyond the latest checkpoint (${latest?.size ?? 0} leaves)`);
    const leaves = await leavesBetween(db, start, end);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    return c.body(leaves.map((leaf) => `${leaf}\n`).join(''), 200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
    }) as never;
  });
  app.openapi(inclusionRoute, async (c) => {
    const { index, treeSize } = c.req.valid('query');
    if (index >= treeSize) throw bad('index', `must be below treeSize (${treeSize})`);
    await published(treeSize, 'treeSize');
    const [proof, [leaf]] = await Promise.all([proveInclusion(db, index, treeSize), leafHashes(db, [index])]);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    return c.json({ index, treeSize, leafHash: encodeBase64(leaf!), proof: proof.map(encodeBase64) }, 200);
  });
  app.openapi(consistencyRoute, async (c) => {
    const { from, to } = c.req.valid('query');
    if (from > to) throw bad('from', `must not exceed to (${to})`);
    await published(to, 'to');
    if (from > 0) await published(from, 'from');
    const proof = from === 0 ? [] : await proveConsistency(db, from, to);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    return c.json({ from, to, proof: proof.map(encodeBase64) }, 200);
  });
  app.openapi(publicKeyRoute, (c) => c.text(`${verifierKeyFor(signingKey)}\n`, 200));
  return app;
}
