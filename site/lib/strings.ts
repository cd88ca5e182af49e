/**
 * String lookup that works anywhere, including in islands: it takes the table it is given
 * (an island gets only the keys it needs) rather than importing every language's strings.
 */
export type T = (key: string, vars?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export const makeT =
  (strings: Record<string, string>): T =>
  (key, vars) =>
    fill(strings[key] ?? key, vars);
