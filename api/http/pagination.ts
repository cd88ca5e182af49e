/**
 * Opaque cursors over a stable ordering key. A cursor names the last row served, so new rows
 * (which only ever arrive with larger keys) never shift a page: no skips, no repeats.
 */
import { z } from 'zod';
import { Problem } from '../domain/problems.ts';

export const maxPageSize = 500;

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(maxPageSize)
    .default(100)
    .describe(`page size, at most ${maxPageSize}`),
  cursor: z.string().max(200).optional().describe('the `nextCursor` of the previous page'),
});

export const encodeCursor = (kind: string, after: number | string) =>
  Buffer.from(JSON.stringify([kind, after])).toString('base64url');

const invalidCursor = () =>
  new Problem(
    'validation',
    'Invalid cursor',
    'The cursor is malformed or belongs to another list; start again without one.',
    [{ path: 'cursor', message: 'not a cursor of this list' }],
  );

export function decodeCursor<T extends number | string = number>(
  cursor: string | undefined,
  kind: string,
  initial: T = 0 as T,
): T {
  if (cursor === undefined) return initial;
  try {
    const [k, after] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, T];
    if (k === kind && typeof after === typeof initial) return after;
  } catch {
    // fall through to the problem below
  }
  throw invalidCursor();
}

/**
 * A cursor over a compound key (JSON inside the cursor), or null without one. The key is
 * checked against its shape: a crafted cursor is bad input, never a failed query.
 */
export function decodeKeyCursor<T>(cursor: string | undefined, kind: string, key: z.ZodType<T>): T | null {
  if (!cursor) return null;
  const inner = decodeCursor<string>(cursor, kind, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(inner);
  } catch {
    throw invalidCursor();
  }
  const checked = key.safeParse(parsed);
  if (!checked.success) throw invalidCursor();
  return checked.data;
}
