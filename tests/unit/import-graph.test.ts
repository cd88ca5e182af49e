/**
 * The shape of the house, checked: imports flow domain → contract → store → http, and the
 * site reads the store, never the HTTP layer; SQL is written only in api/store; no module
 * imports itself back through a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sourceFile = /\.(ts|tsx|mts|mjs|astro)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && sourceFile.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

interface Edge {
  to: string;
  typeOnly: boolean;
}

const importPattern =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of a file, resolved to repository paths (packages are left out). */
function importsOf(file: string, text: string): Edge[] {
  const out: Edge[] = [];
  for (const m of text.matchAll(importPattern)) {
    const spec = m[2] ?? m[3]!;
    if (!spec.startsWith('.')) continue;
    out.push({ to: relative(root, resolve(root, dirname(file), spec)), typeOnly: m[1] !== undefined });
  }
  return out;
}

const files = [...filesUnder('api'), ...filesUnder('site'), ...filesUnder('data')];
const texts = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8')]));
const graph = new Map(files.map((f) => [f, importsOf(f, texts.get(f)!)]));

/** Strongly connected components of more than one module (or a module importing itself). */
function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('the import graph', () => {
  it('finds the imports it checks', () => {
    expect(graph.get('api/http/app.ts')!.map((e) => e.to)).toContain('api/store/ledger-writer.ts');
    expect(graph.get('site/lib/gift-pages.ts')!.map((e) => e.to)).toContain('api/store/answers/gift.ts');
  });

  it('has no edge from api/store, api/contract, api/domain or the site into api/http', () => {
    const leaks = [...graph]
      .filter(([from]) => /^(api\/store|api\/contract|api\/domain|site)\//.test(from))
      .flatMap(([from, edges]) =>
        edges.filter((e) => e.to.startsWith('api/http/')).map((e) => `${from} → ${e.to}`),
      );
    expect(leaks).toEqual([]);
  });

  it('keeps the contract free of storage and transport', () => {
    const leaks = [...graph]
      .filter(([from]) => from.startsWith('api/contract/'))
      .flatMap(([from, edges]) =>
        edges.filter((e) => /^api\/(store|http|cli)\//.test(e.to)).map((e) => `${from} → ${e.to}`),
      );
    expect(leaks).toEqual([]);
  });

  it('writes SQL only in api/store', () => {
    const sqlText = /\b(SELECT\s[\s\S]*?\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b/;
    const queryBuilder =
      /^import\s+\{[^}]*\b(eq|and|sql|asc|desc|gt|lt|inArray)\b[^}]*\}\s+from\s+'drizzle-orm'/m;
    // The data page shows readers a sqlite3 command to run on the downloaded snapshot.
    const examples = new Set(['site/pages/[...locale]/data.astro']);
    const offenders = [...texts]
      .filter(([f]) => !f.startsWith('api/store/') && !examples.has(f))
      .filter(([, text]) => sqlText.test(text) || queryBuilder.test(text))
      .map(([f]) => f);
    expect(offenders).toEqual([]);
  });

  // Type-only imports vanish when compiled, so only the others can form a cycle that matters.
  it('has no import cycle', () => {
    const runtime = new Map(
      [...graph].map(([f, edges]) => [f, edges.filter((e) => !e.typeOnly).map((e) => e.to)]),
    );
    expect(cycles(runtime)).toEqual([]);
  });
});
