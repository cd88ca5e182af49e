/**
 * Complaints over the API: a challenge, filing, the public list (JSON and CSV), one complaint
 * with its answers, the private part for the organization complained about or the complainant,
 * and the complainant's say. Organizations answer through POST /api/v1/events
 * (`complaint_answer`), with their token.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ComplaintDetail, ComplaintRow, complaintStatuses } from '../../contract/complaint.ts';
import { complaintWordsFor } from '../../contract/privacy.ts';
import { complaintRule } from '../../domain/complaints.ts';
import { complaintCategories, EventId } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import { bearerOwner } from '../auth.ts';
import { complaintDetail, complaintList, complaintsCsv } from '../../store/answers/complaints.ts';
import type { Executor } from '../../store/bulk-sql.ts';
import type { Db } from '../../store/database.ts';
import { complaintPrivate } from '../../store/queries/complaint-private.ts';
import { decodeCursor, encodeCursor, PageQuery } from '../pagination.ts';
import { problemResponse } from '../problem.ts';
import { writeBody } from '../request-body.ts';
import { problems, router } from '../router.ts';
import { ComplaintDesk, ComplaintInput, complaintBodyBytes } from './desk.ts';

const Challenge = z
  .object({
    challenge: z.string(),
    bits: z.int().describe('leading zero bits SHA-256(challenge ":" solution) must have'),
    notBefore: z.string(),
    expiresAt: z.string(),
    rule: z.string(),
  })
  .meta({ id: 'ComplaintChallenge' });

const challengeRule =
  'Find a decimal `solution` such that SHA-256 of the UTF-8 text `challenge + ":" + solution` starts with `bits` zero bits, and send both with the complaint before `expiresAt`. Each challenge files one complaint.';

const getChallenge = createRoute({
  method: 'get',
  path: '/api/v1/complaints/challenge',
  tags: ['Complaints'],
  summary: 'A challenge to file a complaint with',
  description: `Signed by this server, good for one complaint until it expires. ${challengeRule} (The complaint form on the site works without JavaScript: it is served with a challenge that asks no work but is good only a few seconds after the form was opened.)`,
  responses: {
    200: { description: 'A fresh challenge', content: { 'application/json': { schema: Challenge } } },
    ...problems(429),
  },
});

const Filed = z
  .object({
    id: z.string(),
    seq: z.int(),
    leafIndex: z.int(),
    recordedAt: z.string(),
    followUpCode: z
      .string()
      .describe(
        "the complainant's private code: shown once, needed to read the complaint back and to say whether the answer resolved it",
      ),
    dueOn: z.string().describe('the last day the organization may answer in time (7th working day)'),
  })
  .meta({ id: 'FiledComplaint' });

const postComplaint = createRoute({
  method: 'post',
  path: '/api/v1/complaints',
  tags: ['Complaints'],
  summary: 'File a complaint',
  description: [
    "Anyone may complain about an organization, an event or a need, without an account or a token. The log records the complaint as filed by `public`; its `summary` is published on /complaints, its `text` and `contact` are never published (they are kept off the log behind the leaf's commitment) and are shown only to the organization complained about, which answers in public within 7 working days.",
    `Abuse is contained without accounts: a challenge (GET /api/v1/complaints/challenge) with its proof of work, spent once; at most a few complaints per address per hour (429 with Retry-After beyond); a body of at most ${complaintBodyBytes} bytes.`,
  ].join('\n\n'),
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: ComplaintInput.extend({
            challenge: z.string().max(200),
            solution: z.string().max(40).optional().describe('the proof of work on the challenge'),
          })
            .strict()
            .meta({ id: 'ComplaintRequest' }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Filed', content: { 'application/json': { schema: Filed } } },
    ...problems(403, 413, 422, 429, 503),
  },
});

const ListQuery = PageQuery.extend({
  organization: z.string().max(64).optional().describe('the answering organization'),
  about: z.string().max(64).optional().describe('the organization or event complained about'),
  appeal: z.string().max(64).optional(),
  category: z.enum(complaintCategories).optional(),
  status: z.enum(complaintStatuses).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  asOf: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('judge working days and overdue as of this moment (default: now)'),
});

const listComplaints = createRoute({
  method: 'get',
  path: '/api/v1/complaints',
  tags: ['Complaints'],
  summary: 'List complaints',
  description: `The public part of every complaint, in log order, with its status, answer time in working days and whether it is overdue. ${complaintRule}`,
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'A page of complaints',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            rule: z.string(),
            data: z.array(ComplaintRow),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    ...problems(422),
  },
});

const csvComplaints = createRoute({
  method: 'get',
  path: '/api/v1/complaints.csv',
  tags: ['Complaints'],
  summary: 'Every complaint, as CSV',
  description:
    'The same public part as the list, every complaint matching the filters, one row each (UTF-8 with a byte-order mark, spreadsheet formulas neutralised): the columns of the `complaints` table of the bulk export.',
  request: { query: ListQuery.omit({ limit: true, cursor: true }) },
  responses: {
    200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
    ...problems(422),
  },
});

const IdParam = z.object({ id: EventId });

const getComplaint = createRoute({
  method: 'get',
  path: '/api/v1/complaints/{id}',
  tags: ['Complaints'],
  summary: 'One complaint and every answer',
  request: { params: IdParam, query: z.object({ asOf: ListQuery.shape.asOf }) },
  responses: {
    200: { description: 'The complaint', content: { 'application/json': { schema: ComplaintDetail } } },
    ...problems(404, 422),
  },
});

const PrivateWords = z
  .object({
    id: z.string(),
    text: z.string().nullable(),
    contact: z.string().nullable(),
    summary: z.string().nullable().describe('as written, even when moderation hid it from the public'),
    private: z
      .object({ salt: z.string(), withheld: z.record(z.string(), z.union([z.string(), z.number()])) })
      .optional()
      .describe("the complainant only: the leaf's private part, to check its commitment"),
  })
  .meta({ id: 'ComplaintPrivate' });

const getPrivate = createRoute({
  method: 'get',
  path: '/api/v1/complaints/{id}/private',
  tags: ['Complaints'],
  summary: "A complaint's own words, for the organization complained about or the complainant",
  description:
    'With `Authorization: Bearer TOKEN` of the organization that answers the complaint: its text and contact, so it can answer. With the header `Follow-Up-Code` the complainant was given: everything, and the private part to check against the leaf. Never cached.',
  security: [{ bearer: [] }],
  request: {
    params: IdParam,
    headers: z.object({ 'follow-up-code': z.string().max(40).optional() }),
  },
  responses: {
    200: { description: 'The private words', content: { 'application/json': { schema: PrivateWords } } },
    ...problems(401, 403, 404),
  },
});

const postFeedback = createRoute({
  method: 'post',
  path: '/api/v1/complaints/{id}/feedback',
  tags: ['Complaints'],
  summary: 'The complainant says whether the answer resolved the matter',
  description:
    "With the follow-up code given when the complaint was filed; no account. Possible once the complaint is answered; a new answer asks again. The optional `text` is private like the complaint's.",
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              code: z.string().max(40),
              resolved: z.boolean(),
              text: z.string().max(4000).optional(),
            })
            .strict()
            .meta({ id: 'ComplaintFeedback' }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Recorded',
      content: {
        'application/json': {
          schema: z.object({ id: z.string(), seq: z.int(), leafIndex: z.int(), recordedAt: z.string() }),
        },
      },
    },
    ...problems(403, 404, 409, 413, 422, 429, 503),
  },
});

const notFound = (id: string) =>
  new Problem('not-found', 'Unknown complaint', `No complaint has the id "${id}".`, [
    { path: 'id', message: 'unknown' },
  ]);

/** A refusal carrying its Retry-After (rate limits). */
function refuse(c: Context, p: Problem): Response {
  const res = problemResponse(c, p);
  if (typeof p.extra.retryAfter === 'number') res.headers.set('Retry-After', String(p.extra.retryAfter));
  return res;
}

export interface ComplaintRouteDeps {
  db: Db;
  sql: Executor;
  desk: ComplaintDesk;
  clock: () => Date;
  clientAddress: (c: Context) => string;
}

export function complaintRoutes({ db, sql, desk, clock, clientAddress }: ComplaintRouteDeps) {
  const app = router();
  const asOfOf = (asOf: string | undefined) =>
    asOf ? new Date(Date.parse(asOf)).toISOString() : clock().toISOString();
  // Every attempt from an address counts before its body is read.
  const limited =
    (what: 'complaint' | 'feedback'): MiddlewareHandler =>
    async (c, next) => {
      if (c.req.method !== 'POST') return next();
      const refusal = await desk.admit(clientAddress(c), what);
      if (refusal) return refuse(c, refusal);
      await next();
    };
  for (const step of [limited('complaint'), ...writeBody(complaintBodyBytes)])
    app.use('/api/v1/complaints', async (c, next) => (c.req.method === 'POST' ? step(c, next) : next()));
  for (const step of [limited('feedback'), ...writeBody(complaintBodyBytes)])
    app.use('/api/v1/complaints/:id/feedback', step);

  app.openapi(getChallenge, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ ...desk.challenge('api'), rule: challengeRule }, 200);
  });
  app.openapi(postComplaint, async (c) => {
    const { challenge, solution, ...input } = c.req.valid('json');
    return c.json(await desk.file(input, challenge, solution), 201);
  });
  app.openapi(listComplaints, async (c) => {
    const q = c.req.valid('query');
    const asOf = asOfOf(q.asOf);
    const rows = await complaintList(sql, {
      ...q,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      asOf,
      after: decodeCursor<number>(q.cursor, 'complaint', 0),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    return c.json(
      {
        asOf,
        rule: complaintRule,
        data: page,
        nextCursor: rows.length > q.limit ? encodeCursor('complaint', page.at(-1)!.seq) : null,
      },
      200,
    );
  });
  app.openapi(csvComplaints, async (c) => {
    const q = c.req.valid('query');
    const csv = await complaintsCsv(sql, {
      ...q,
      overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
      asOf: asOfOf(q.asOf),
    });
    c.header('Content-Disposition', 'attachment; filename="aidtrail-complaints.csv"');
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' }) as never;
  });
  app.openapi(getComplaint, async (c) => {
    const { id } = c.req.valid('param');
    const found = await complaintDetail(sql, id, asOfOf(c.req.valid('query').asOf));
    if (!found) throw notFound(id);
    return c.json(found, 200);
  });
  app.openapi(getPrivate, async (c) => {
    const { id } = c.req.valid('param');
    c.header('Cache-Control', 'private, no-store');
    const code = c.req.valid('header')['follow-up-code'];
    if (code !== undefined) {
      const found = await desk.forComplainant(id, code);
      return c.json({ id, ...complaintWordsFor(found.part, 'complainant') }, 200);
    }
    const owner = await bearerOwner(
      db,
      c.req.header('authorization'),
      'Send the token of the organization complained about, or the follow-up code in `Follow-Up-Code`.',
    );
    const found = await complaintPrivate(sql, id);
    if (!found) throw notFound(id);
    if (found.organization !== owner.organization)
      throw new Problem(
        'forbidden',
        'Forbidden',
        `${id} is not about ${owner.organization}; only the organization that answers it reads its words.`,
      );
    const { private: _never, ...words } = complaintWordsFor(found.part, 'organization');
    return c.json({ id, ...words }, 200);
  });
  app.openapi(postFeedback, async (c) => {
    const { id } = c.req.valid('param');
    const { code, resolved, text } = c.req.valid('json');
    const { receiptCode: _none, ...answer } = await desk.feedback(id, code, resolved, text);
    return c.json(answer, 201);
  });
  return app;
}
