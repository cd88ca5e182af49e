/**
 * What a write's body must be before its schema is even tried: at most `maxBodyBytes` (413
 * beyond, read no further), and text that is valid Unicode throughout. A lone surrogate such
 * as "\ud800" parses as JSON but cannot be encoded as UTF-8, so it would fail deep in the
 * canonical encoding of the log leaf; it is refused here with the path of the field.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Problem } from '../domain/problems.ts';

/** 64 KiB: the largest valid event (a correction with a replacement and full notes) is far smaller. */
export const maxBodyBytes = 64 * 1024;

const loneSurrogate = /\p{Cs}/u;

/** The path of the first string (or key) in `value` that is not well-formed Unicode. */
export function illFormedText(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return loneSurrogate.test(value) ? path.join('.') || '(body)' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    if (loneSurrogate.test(key)) return [...path, '(key)'].join('.');
    const found = illFormedText(v, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

export function writeBody(maxBytes = maxBodyBytes): MiddlewareHandler[] {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new Problem(
        'payload-too-large',
        'Request body too large',
        `A request body may be at most ${maxBytes} bytes.`,
      );
    },
  });
  const wellFormed: MiddlewareHandler = async (c, next) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return next(); // the schema validator reports malformed JSON
    }
    const path = illFormedText(body);
    if (path !== null)
      throw new Problem('validation', 'Invalid text', `${path}: not valid Unicode (a lone surrogate)`, [
        { path, message: 'not valid Unicode text (a lone surrogate)' },
      ]);
    await next();
  };
  return [limit, wellFormed];
}
