/**
 * What a write's body must be before its schema is even tried: at most `maxBodyBytes` (413
 * beyond, read no further), and text that can be recorded throughout (domain/text.ts): refused
 * here with the path of the field.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { Problem } from '../domain/problems.ts';
import { illFormedText } from '../domain/text.ts';

export { illFormedText };

/** 64 KiB: the largest valid event (a correction with a replacement and full notes) is far smaller. */
export const maxBodyBytes = 64 * 1024;

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
    const bad = illFormedText(body);
    if (bad !== null)
      throw new Problem('validation', 'Invalid text', `${bad.path}: not valid text (${bad.flaw})`, [
        { path: bad.path, message: `not valid text (${bad.flaw})` },
      ]);
    await next();
  };
  return [limit, wellFormed];
}
