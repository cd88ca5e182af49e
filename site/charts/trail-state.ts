/**
 * One gift's flow graph: from its donor through every organization it passed, to where its
 * units are now (used, held, in transit, written off, lost). Widths are the gift's own units,
 * so the right-hand column adds up to the gift.
 *
 * A Sankey diagram cannot draw a cycle, and a gift can travel one: a return sends units back
 * to an earlier holder. Such edges, and a purchase (an organization turning money into goods
 * in its own hands), are not drawn as links; they stay in the table of hops, and `notDrawn`
 * lists them so the caption can say so.
 */
import { sankey, sankeyJustify, sankeyLinkHorizontal } from 'd3-sankey';

export const fateStates = ['used', 'held', 'in_transit', 'written_off', 'lost'] as const;
export type FateState = (typeof fateStates)[number];

export interface TrailInput {
  edges: ReadonlyArray<{ from: string | null; to: string; kind: string; asset: string; amount: number }>;
  fate: ReadonlyArray<{ state: FateState; holder: string; amount: number }>;
}

export interface TrailNode {
  id: string;
  /** `donor`, `org` or `state`. */
  role: 'donor' | 'org' | 'state';
  /** Column, counted from the donor's. */
  layer: number;
  value: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface TrailLink {
  source: string;
  target: string;
  kind: string;
  value: number;
  d: string;
  width: number;
}

export interface TrailLayout {
  width: number;
  height: number;
  /** Room for a label right of a node in each column: up to the next column, or the margin. */
  labelRoom: number[];
  nodes: TrailNode[];
  links: TrailLink[];
  notDrawn: TrailInput['edges'][number][];
}

export const donorNode = 'donor';
export const stateNode = (s: FateState) => `state:${s}`;

interface GraphLink {
  source: string;
  target: string;
  kind: string;
  value: number;
}

/** The links to draw and the edges left out, before layout. */
export function trailGraph(input: TrailInput): {
  links: GraphLink[];
  notDrawn: TrailInput['edges'][number][];
} {
  const links: GraphLink[] = [];
  const notDrawn: TrailInput['edges'][number][] = [];
  const adjacency = new Map<string, Set<string>>();
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const m of adjacency.get(n) ?? []) stack.push(m);
    }
    return false;
  };
  const merged = new Map<string, GraphLink>();
  for (const e of input.edges) {
    // The gift enters from its donor, named or not: one node on the left.
    const source = e.kind === 'donated' || e.from === null ? donorNode : e.from;
    if (e.amount <= 0 || source === e.to || reaches(e.to, source)) {
      notDrawn.push(e);
      continue;
    }
    adjacency.set(source, (adjacency.get(source) ?? new Set()).add(e.to));
    const key = `${source}\u0000${e.to}`;
    const have = merged.get(key);
    if (have) have.value += e.amount;
    else merged.set(key, { source, target: e.to, kind: e.kind, value: e.amount });
  }
  links.push(...merged.values());
  const ends = new Map<string, GraphLink>();
  for (const p of input.fate) {
    if (p.amount <= 0) continue;
    const key = `${p.holder}\u0000${p.state}`;
    const have = ends.get(key);
    if (have) have.value += p.amount;
    else ends.set(key, { source: p.holder, target: stateNode(p.state), kind: p.state, value: p.amount });
  }
  links.push(
    ...[...ends.values()].sort(
      (a, b) =>
        fateStates.indexOf(a.kind as FateState) - fateStates.indexOf(b.kind as FateState) ||
        b.value - a.value,
    ),
  );
  return { links, notDrawn };
}

const round = (x: number) => Math.round(x * 10) / 10;

/**
 * Lays the graph out. The drawing is as wide as its columns need (`columnWidth` each, plus
 * `labelRoom` for the last column's labels), but never narrower than `minWidth`.
 */
export function trailLayout(
  input: TrailInput,
  opts: { minWidth: number; columnWidth?: number; labelRoom?: number; rowHeight?: number },
): TrailLayout {
  const { links, notDrawn } = trailGraph(input);
  const ids = new Set<string>();
  for (const l of links) ids.add(l.source).add(l.target);
  const order = [...ids];
  // Height grows with the busiest column, so labels never collide.
  const depth = new Map<string, number>([[donorNode, 0]]);
  for (let changed = true, guard = 0; changed && guard < 100; guard++) {
    changed = false;
    for (const l of links) {
      const d = (depth.get(l.source) ?? 0) + 1;
      if (d > (depth.get(l.target) ?? -1)) {
        depth.set(l.target, d);
        changed = true;
      }
    }
  }
  const perColumn = new Map<number, number>();
  for (const id of order)
    if (!id.startsWith('state:'))
      perColumn.set(depth.get(id) ?? 0, (perColumn.get(depth.get(id) ?? 0) ?? 0) + 1);
  // The states all sit in the last column, whatever depth their holders are at.
  const states = new Set(links.filter((l) => l.target.startsWith('state:')).map((l) => l.target)).size;
  const busiest = Math.max(1, states, ...[...perColumn].filter(([, n]) => n > 0).map(([, n]) => n));
  const rowHeight = opts.rowHeight ?? 60;
  const height = Math.max(160, busiest * rowHeight);
  const columns = Math.max(...depth.values(), 0) + 1;
  const labelRoom = opts.labelRoom ?? 170;
  const width = Math.max(opts.minWidth, (columns - 1) * (opts.columnWidth ?? 190) + labelRoom + 12);
  type N = { id: string; x0?: number; x1?: number; y0?: number; y1?: number; value?: number; layer?: number };
  type L = { source: string | N; target: string | N; value: number; kind: string; width?: number };
  const rank = (id: string) =>
    id.startsWith('state:') ? fateStates.indexOf(id.slice(6) as FateState) : order.indexOf(id);
  const graph = sankey<N, L>()
    .nodeId((n) => n.id)
    .nodeWidth(12)
    .nodePadding(18)
    .nodeAlign(sankeyJustify)
    .nodeSort((a, b) => rank(a.id) - rank(b.id))
    .extent([
      [1, 4],
      [width - labelRoom, height - 4],
    ])({
    nodes: order.map((id) => ({ id })),
    links: links.map((l) => ({ ...l })),
  });
  const path = sankeyLinkHorizontal<N, L>();
  const columnX: number[] = [];
  for (const n of graph.nodes) columnX[n.layer ?? 0] = n.x0!;
  const rooms = columnX.map((x, i) =>
    i + 1 < columnX.length ? round(columnX[i + 1]! - x - 12 - 8) : labelRoom - 8,
  );
  return {
    width,
    height,
    labelRoom: rooms,
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      role: n.id === donorNode ? 'donor' : n.id.startsWith('state:') ? 'state' : 'org',
      layer: n.layer ?? 0,
      value: n.value ?? 0,
      x0: round(n.x0!),
      x1: round(n.x1!),
      y0: round(n.y0!),
      y1: round(n.y1!),
    })),
    links: graph.links.map((l) => ({
      source: (l.source as N).id,
      target: (l.target as N).id,
      kind: l.kind,
      value: l.value,
      d: (path(l) ?? '').replace(/-?\d+\.\d+/g, (x) => String(round(Number(x)))),
      width: round(Math.max(1, l.width ?? 1)),
    })),
    notDrawn,
  };
}
