/**
 * Fuzzing from outside: valid writes bent out of shape, and public reads with hostile
 * parameters. The portal may refuse anything, but never with a 5xx, and the log must grow by
 * exactly the number of writes it answered 201.
 */
import fc from 'fast-check';
import type { DrillResult } from './result.ts';
import { gift, occurredAt, type Actor, type Scratch } from './portal.ts';

const nasty: unknown[] = [
  null,
  -1,
  0,
  1.5,
  2 ** 53,
  1e308,
  '',
  '\ud800',
  'a\u202eb',
  'x'.repeat(5000),
  {},
  [],
  true,
  '2026-13-45',
  '9999-12-31T00:00:00Z',
  '1000-01-01T00:00:00Z',
  'evt_99999999999',
  'evt_-1',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  { $gt: '' },
  '420100',
  'CNY',
];

/** Valid bodies of several kinds, with who records them. */
const seeds: Array<{ as: Actor; body: Record<string, unknown> }> = [
  { as: 'charity', body: gift(500) },
  {
    as: 'charity',
    body: {
      type: 'donation',
      occurredAt,
      anonymous: true,
      donorKind: 'individual',
      recipient: 'charity',
      goods: { item: 'insulin-glargine', quantity: 10, lot: 'L1', expiresOn: '2027-01-01' },
    },
  },
  {
    as: 'hospital',
    body: {
      type: 'need',
      occurredAt,
      facility: 'hospital',
      item: 'insulin-glargine',
      quantity: 20,
      urgency: '72h',
      importance: 'life',
    },
  },
  {
    as: 'charity',
    body: { type: 'transfer', occurredAt, to: 'hospital', money: { currency: 'CNY', amount: 1 } },
  },
  {
    as: 'charity',
    body: { type: 'use', occurredAt, money: { currency: 'CNY', amount: 1 }, beneficiaries: 3 },
  },
];

const paths = (o: unknown, prefix: string[] = []): string[][] =>
  o && typeof o === 'object' && !Array.isArray(o)
    ? Object.entries(o).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])])
    : [];

const setPath = (o: Record<string, unknown>, path: string[], value: unknown, remove: boolean) => {
  const copy = structuredClone(o);
  let at: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove) delete at[last];
  else at[last] = value;
  return copy;
};

const mutation = fc.oneof(
  // One field set to a hostile value, removed, or a field added.
  fc
    .record({
      seed: fc.nat(seeds.length - 1),
      pick: fc.nat(),
      value: fc.constantFrom(...nasty),
      remove: fc.boolean(),
    })
    .map(({ seed, pick, value, remove }) => {
      const s = seeds[seed]!;
      const ps = paths(s.body);
      return { as: s.as, body: JSON.stringify(setPath(s.body, ps[pick % ps.length]!, value, remove)) };
    }),
  fc
    .record({ seed: fc.nat(seeds.length - 1), key: fc.string(), value: fc.constantFrom(...nasty) })
    .map(({ seed, key, value }) => ({
      as: seeds[seed]!.as,
      body: JSON.stringify({ ...seeds[seed]!.body, [key]: value }),
    })),
  // Bodies that are not an event at all.
  fc
    .constantFrom(
      '',
      '{',
      'null',
      '[]',
      '42',
      '"donation"',
      '{"type":"nonsense"}',
      '['.repeat(20_000),
      JSON.stringify({ ...gift(1), note: 'n'.repeat(70 * 1024) }),
    )
    .map((body) => ({ as: 'charity' as Actor, body })),
  // Whole random JSON.
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ as: 'charity' as Actor, body: JSON.stringify(v) ?? 'null' })),
  // Valid bodies, so the log grows too.
  fc.nat(seeds.length - 1).map((i) => ({ as: seeds[i]!.as, body: JSON.stringify(seeds[i]!.body) })),
);

export async function writeFuzz(base: Scratch, requests: number): Promise<DrillResult> {
  const s = base.copyTo('write-fuzz');
  const result: DrillResult = { drill: 'write fuzzing', tried: 0, held: 0, failed: [], figures: {} };
  try {
    const server = await s.serve();
    const before = await s.logSize();
    const cases = fc.sample(mutation, { numRuns: requests, seed: 20261202 });
    const byStatus = new Map<number, number>();
    let created = 0;
    // Eight at a time: the fuzz is about input, not load.
    for (let i = 0; i < cases.length; i += 8) {
      await Promise.all(
        cases.slice(i, i + 8).map(async (c, j) => {
          result.tried++;
          const res = await server.post(c.as, c.body);
          await res.body?.cancel();
          byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
          if (res.status === 201) created++;
          if (res.status >= 500)
            result.failed.push(`case ${i + j} answered ${res.status}: ${c.body.slice(0, 120)}`);
          else result.held++;
        }),
      );
    }
    await server.stop();
    const grown = (await s.logSize()) - before;
    if (grown !== created) {
      result.failed.push(`the log grew by ${grown} events but ${created} writes were answered 201`);
      result.held--;
    }
    const integrity = await s.checkIntegrity();
    if (integrity.length) result.failed.push(...integrity);
    for (const [status, n] of [...byStatus].sort((a, b) => a[0] - b[0])) result.figures![String(status)] = n;
  } finally {
    s.remove();
  }
  return result;
}

const readPaths = [
  '/api/v1/events',
  '/api/v1/donations',
  '/api/v1/donations/{}',
  '/api/v1/organizations',
  '/api/v1/organizations/{}',
  '/api/v1/catalog/regions',
  '/api/v1/catalog/items',
  '/api/v1/log/checkpoint',
  '/api/v1/log/entries',
  '/api/v1/log/proofs/inclusion',
  '/api/v1/log/proofs/consistency',
  '/api/v1/needs',
  '/api/v1/coverage',
  '/api/v1/signals/idle-stock',
  '/api/v1/signals/near-expiry',
  '/api/v1/signals/idle-devices',
  '/api/v1/signals/idle-holders',
  '/api/v1/signals/unneeded-deliveries',
  '/api/v1/signals/restriction-breaches',
  '/api/v1/outcomes',
  '/api/v1/appeals',
  '/api/v1/downloads/{}',
];
const params = [
  'limit',
  'cursor',
  'type',
  'recordedBy',
  'organization',
  'region',
  'disease',
  'item',
  'from',
  'to',
  'groupBy',
  'level',
  'period',
  'asOf',
  'start',
  'end',
  'index',
  'treeSize',
  'size',
  'status',
  'priority',
  'by',
  'flagged',
  'parent',
  'category',
];
const values = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1e400',
    '9007199254740993',
    'NaN',
    'region,disease,item,facility,region',
    'eyJ4IjoxfQ',
    '%00',
    '%ED%A0%80',
    '..%2F..%2Fetc%2Fpasswd',
    "'OR'1'='1",
    '2026-02-30',
    '9999-12-31',
    'x'.repeat(3000),
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.integer().map(String),
);
const reads = fc
  .record({
    path: fc.constantFrom(...readPaths),
    segment: values,
    query: fc.array(fc.tuple(fc.constantFrom(...params), values), { maxLength: 4 }),
  })
  .map(
    ({ path, segment, query }) =>
      path.replace('{}', segment || 'x') +
      (query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''),
  );

export async function readFuzz(base: Scratch, requests: number): Promise<DrillResult> {
  const s = base.copyTo('read-fuzz');
  const result: DrillResult = { drill: 'read fuzzing', tried: 0, held: 0, failed: [], figures: {} };
  try {
    const server = await s.serve();
    const byStatus = new Map<number, number>();
    const urls = fc.sample(reads, { numRuns: requests, seed: 20261203 });
    for (let i = 0; i < urls.length; i += 8) {
      await Promise.all(
        urls.slice(i, i + 8).map(async (url) => {
          result.tried++;
          const res = await server.get(url);
          await res.body?.cancel();
          byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
          if (res.status >= 500) result.failed.push(`${url.slice(0, 160)} answered ${res.status}`);
          else result.held++;
        }),
      );
    }
    await server.stop();
    for (const [status, n] of [...byStatus].sort((a, b) => a[0] - b[0])) result.figures![String(status)] = n;
  } finally {
    s.remove();
  }
  return result;
}
