/** A region filter means the region and everything beneath it (GB/T 2260 hierarchy). */
import type { Catalog } from '../domain/catalog.ts';
import { Problem } from '../domain/problems.ts';

export function regionAndDescendants(catalog: Catalog, code: string, path = 'region'): string[] {
  if (!catalog.hasRegion(code))
    throw new Problem('unknown-reference', 'Unknown region', `No region has the code ${code}.`, [
      { path, message: 'unknown region' },
    ]);
  const out: string[] = [];
  const walk = (c: string) => {
    out.push(c);
    for (const child of catalog.children(c)) walk(child.code);
  };
  walk(code);
  return out;
}
