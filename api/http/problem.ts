/**
 * One door for errors: every refusal leaves as RFC 9457 `application/problem+json` with a
 * stable `type` URI, a human `detail`, and the offending field paths. Only a 5xx is logged,
 * because only a 5xx is a bug.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { Problem, type FieldIssue } from '../domain/problems.ts';
import { storageCause, storageProblem, type StorageStatus } from '../store/storage-status.ts';

export const problemTypeBase = 'https://aidtrail.org/problems/';

export function problemResponse(c: Context, problem: Problem): Response {
  const body = {
    type: problemTypeBase + problem.type,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: c.req.path,
    ...(problem.fields.length ? { errors: problem.fields } : {}),
    ...problem.extra,
  };
  return c.body(JSON.stringify(body), problem.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
  });
}

export function fieldsOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function validationProblem(
  error: z.ZodError,
  where: 'body' | 'query' | 'path' | 'header' = 'body',
): Problem {
  const fields = fieldsOf(error);
  const first = fields[0]!;
  return new Problem(
    'validation',
    'Invalid request',
    `${fields.length} problem(s) in the request ${where}; first: ${first.path}: ${first.message}`,
    fields,
  );
}

/** The root error handler: typed problems as they are, framework errors mapped, anything else a logged 500. */
export function onError(log: (message: string, error: unknown) => void, storage?: StorageStatus) {
  return (err: Error, c: Context): Response => {
    if (err instanceof Problem) return problemResponse(c, err);
    const cause = storageCause(err);
    if (cause) {
      // Not a bug but a state of the machine: said to the client, kept for health, not logged as a 500.
      storage?.failed(cause);
      const res = problemResponse(c, storageProblem(cause));
      res.headers.set('Retry-After', '30');
      return res;
    }
    if (err instanceof HTTPException && err.status < 500) {
      const type = err.status === 401 ? 'unauthorized' : 'validation';
      const p = new Problem(
        type,
        err.status === 400 ? 'Bad request' : 'Request refused',
        err.message || 'The request could not be read.',
      );
      return problemResponse(c, Object.assign(p, { status: err.status }));
    }
    log(`unhandled error on ${c.req.method} ${c.req.path}`, err);
    return c.body(
      JSON.stringify({
        type: `${problemTypeBase}internal`,
        title: 'Internal error',
        status: 500,
        detail: 'An unexpected error occurred; it has been logged.',
      }),
      500,
      { 'content-type': 'application/problem+json' },
    );
  };
}
