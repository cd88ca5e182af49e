/**
 * The verifiable log, served as Certificate-Transparency-style endpoints. Published
 * checkpoints and entries below a checkpoint never change, so they are cacheable forever;
 * the latest checkpoint is not.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { encodeBase64, hex8, type SigningKey, verifierKeyFor } from '../../domain/merkle/index.ts';
import type { CosignerKey } from '../../domain/witness/cosignature.ts';
import { Problem } from '../../domain/problems.ts';
import type { Db } from '../../store/database.ts';
import {
  checkpointArchive,
  cosignedCheckpoint,
  newestWitnessed,
  noteWithCosignatures,
  type CosignedCheckpoint,
} from '../../store/cosignatures.ts';
import {
  checkpointAt,
  latestCheckpoint,
  leafHashes,
  leavesBetween,
  proveConsistency,
  proveInclusion,
} from '../../store/log-store.ts';
import { decodeCursor, encodeCursor, PageQuery } from '../pagination.ts';
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
    "A C2SP tlog-checkpoint (origin, tree size, base64 root hash) signed as a C2SP signed note with Ed25519, followed by the cosignature lines (C2SP tlog-cosignature/v1) of the witnesses that have cosigned it so far. Verify it with the log's key and the witnesses' keys obtained independently (pinned in the site at build time, or given to `aidtrail verify`); `/api/v1/log/public-key` is for comparison only. Pass `size` for any earlier checkpoint.",
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

const witnessedRoute = createRoute({
  method: 'get',
  path: '/api/v1/log/checkpoint/witnessed',
  tags: ['Verifiable log'],
  summary: 'The newest checkpoint cosigned by the quorum of witnesses',
  description:
    'The newest signed checkpoint that at least `AIDTRAIL_WITNESS_QUORUM` of the witnesses in `AIDTRAIL_WITNESSES` (default: all of them) have cosigned, with their cosignature lines. A verifier that checks the log signature and a quorum of cosignatures with keys it trusts knows that the witnesses saw this same history. 404 while no checkpoint has the quorum.',
  responses: { 200: text('The signed note with its cosignature lines'), ...problems(404) },
});

const CosignatureSchema = z.object({
  witness: z.string().describe("the witness's key name"),
  keyId: z.string().describe('the key id, 8 hex digits'),
  timestamp: z.int().describe('when the witness cosigned, in POSIX seconds'),
});
const CheckpointSchema = z
  .object({
    size: z.int(),
    rootHash: z.string().describe('base64'),
    signedAt: z.string(),
    note: z.string().describe('the signed note with the cosignature lines gathered so far'),
    cosignatures: z.array(CosignatureSchema),
    witnessed: z.boolean().describe('cosigned by the quorum of the configured witnesses'),
  })
  .meta({ id: 'Checkpoint' });
const checkpointsRoute = createRoute({
  method: 'get',
  path: '/api/v1/log/checkpoints',
  tags: ['Verifiable log'],
  summary: 'Every checkpoint the log has published',
  description:
    'The archive of signed checkpoints in tree-size order, each with the witnesses that cosigned it. Any two can be checked against each other with `/api/v1/log/proofs/consistency`.',
  request: { query: PageQuery },
  responses: {
    200: {
      description: 'A page of checkpoints',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(CheckpointSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problems(422),
  },
});

/** The witnesses whose cosignatures count, and how many of them make a quorum. */
export interface WitnessPolicy {
  witnesses: readonly CosignerKey[];
  quorum: number;
}

export function logRoutes(
  db: Db,
  signingKey: SigningKey,
  policy: WitnessPolicy = { witnesses: [], quorum: 0 },
) {
  const witnessed = (cp: CosignedCheckpoint) =>
    policy.witnesses.filter((w) => cp.cosignatures.some((c) => c.witness === w.name && c.keyId === w.keyId))
      .length >= policy.quorum;
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
    if (size !== undefined) await published(size, 'size');
    const cp = await cosignedCheckpoint(db, size);
    if (!cp) throw new Problem('not-found', 'Empty log', 'No checkpoint has been published yet.');
    // An earlier checkpoint is final once the quorum has cosigned it; until then lines may be added.
    c.header(
      'cache-control',
      size !== undefined && witnessed(cp) ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
    return c.text(noteWithCosignatures(cp), 200);
  });
  app.openapi(witnessedRoute, async (c) => {
    const cp = await newestWitnessed(db, policy.witnesses, policy.quorum);
    if (!cp)
      throw new Problem(
        'not-found',
        'No witnessed checkpoint',
        `No checkpoint has been cosigned by ${policy.quorum} of the ${policy.witnesses.length} configured witnesses yet.`,
      );
    c.header('cache-control', 'no-cache');
    return c.text(noteWithCosignatures(cp), 200);
  });
  app.openapi(checkpointsRoute, async (c) => {
    const q = c.req.valid('query');
    const rows = await checkpointArchive(db, decodeCursor(q.cursor, 'checkpoint'), q.limit + 1);
    const page = rows.slice(0, q.limit);
    c.header('cache-control', 'no-cache');
    return c.json(
      {
        data: page.map((cp) => ({
          size: cp.size,
          rootHash: encodeBase64(cp.rootHash),
          signedAt: cp.signedAt,
          note: noteWithCosignatures(cp),
          cosignatures: cp.cosignatures.map((x) => ({
            witness: x.witness,
            keyId: hex8(x.keyId),
            timestamp: x.timestamp,
          })),
          witnessed: witnessed(cp),
        })),
        nextCursor: rows.length > q.limit ? encodeCursor('checkpoint', page.at(-1)!.size) : null,
      },
      200,
    );
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
