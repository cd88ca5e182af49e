/**
 * Text an event may carry: well-formed Unicode without NUL. A lone surrogate such as "\ud800"
 * parses as JSON but cannot be encoded as UTF-8, so it would fail deep in the canonical encoding
 * of the log leaf; a NUL is kept in the leaf (escaped) but cut short by the database where the
 * projections store the text, so the public answer and the log would disagree.
 */
import { invalid } from './problems.ts';

const unstorable = /[\p{Cs}\u0000]/u;

/** Why a piece of text cannot be recorded, or null. */
const flaw = (s: string) =>
  unstorable.test(s) ? (/\u0000/.test(s) ? 'a NUL character' : 'a lone surrogate') : null;

/** The path and flaw of the first string (or key) in `value` that cannot be recorded. */
export function illFormedText(value: unknown, path: string[] = []): { path: string; flaw: string } | null {
  if (typeof value === 'string') {
    const f = flaw(value);
    return f === null ? null : { path: path.join('.') || '(body)', flaw: f };
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    const f = flaw(key);
    if (f !== null) return { path: [...path, '(key)'].join('.'), flaw: f };
    const found = illFormedText(v, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** Refuses an event body holding text that cannot be recorded (422 naming the field). */
export function checkText(body: unknown): void {
  const found = illFormedText(body);
  if (found !== null) throw invalid(found.path, `not valid text (${found.flaw})`);
}
