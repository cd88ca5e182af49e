/**
 * Every resource router is made here so that all share one validation hook: a request that
 * fails its zod schema gets a 422 problem naming each offending field, never a framework default.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { problemResponse, validationProblem } from './problem.ts';

/** What authentication sets on a write: the organization and the id of the token it used. */
export type Env = { Variables: { organization: string; token: string } };

export const router = () =>
  new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success)
        return problemResponse(
          c,
          validationProblem(
            result.error as z.ZodError,
            result.target === 'json'
              ? 'body'
              : result.target === 'param'
                ? 'path'
                : (result.target as 'query'),
          ),
        );
    },
  });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: problemDescriptions[s] ?? 'Refused',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );

const problemDescriptions: Record<number, string> = {
  400: 'Malformed request',
  401: 'Missing or unknown API token',
  403: "The token's organization may not record this event",
  404: 'Not found',
  409: 'Conflicts with the ledger (insufficient holdings, already received, already reversed)',
  422: 'Invalid body or unknown reference; the `errors` member names each offending field',
  413: 'Request body larger than 65,536 bytes',
  429: 'Rate limited: too many requests from this address, or too many events from this token, in a minute',
  503: 'The database cannot take writes now (disk full, read-only); reads go on. The problem names the cause',
};
