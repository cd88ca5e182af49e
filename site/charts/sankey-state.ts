/**
 * A Sankey diagram's state: which nodes and links to draw, and where. Pure: rows in, numbers
 * and path strings out, so the table, the CSV and the picture are built from the same links.
 *
 * Input is a list of paths, each a sequence of node keys (one per column) with an integer
 * amount; a link between two adjacent columns carries the sum of the paths through both its
 * ends, so every column adds up to the same total and no unit is drawn twice. Columns with too
 * many nodes keep their largest ones and fold the rest into one "other" node per column.
 */
import { sankey, sankeyLinkHorizontal, type SankeyGraph } from 'd3-sankey';

export interface SankeyPath {
  steps: string[];
  amount: number;
}

export interface SankeyNodeModel {
  id: string;
  column: number;
  key: string;
  value: number;
}

export interface SankeyLinkModel {
  source: string;
  target: string;
  value: number;
}

export interface SankeyModel {
  columns: number;
  total: number;
  nodes: SankeyNodeModel[];
  links: SankeyLinkModel[];
}

export const otherKey = '__other__';

/** Node id: unique across columns even when two columns share a key. */
const nodeId = (column: number, key: string) => `${column}:${key}`;

/**
 * Builds nodes and links from paths. `keep[c]` is how many nodes column c keeps before folding
 * the smallest into `otherKey` (Infinity keeps all). Links and nodes come out in a stable order:
 * by column, then by value (largest first), then by key.
 */
export function sankeyModel(paths: readonly SankeyPath[], keep: readonly number[]): SankeyModel {
  const columns = keep.length;
  const valid = paths.filter((p) => p.amount > 0 && p.steps.length === columns);
  const kept: Array<Set<string>> = [];
  for (let c = 0; c < columns; c++) {
    const sums = new Map<string, number>();
    for (const p of valid) sums.set(p.steps[c]!, (sums.get(p.steps[c]!) ?? 0) + p.amount);
    const ranked = [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const limit = keep[c]!;
    // Folding a single node into "other" would only rename it.
    const room = ranked.length > limit ? Math.max(0, limit - 1) : ranked.length;
    kept.push(new Set(ranked.slice(0, room).map(([k]) => k)));
  }
  const keyAt = (p: SankeyPath, c: number) => (kept[c]!.has(p.steps[c]!) ? p.steps[c]! : otherKey);

  const nodeValue = new Map<string, SankeyNodeModel>();
  const linkValue = new Map<string, SankeyLinkModel>();
  for (const p of valid) {
    for (let c = 0; c < columns; c++) {
      const id = nodeId(c, keyAt(p, c));
      const n =
        nodeValue.get(id) ?? nodeValue.set(id, { id, column: c, key: keyAt(p, c), value: 0 }).get(id)!;
      n.value += p.amount;
      if (c + 1 < columns) {
        const target = nodeId(c + 1, keyAt(p, c + 1));
        const lk = `${id}\u0000${target}`;
        const l = linkValue.get(lk) ?? linkValue.set(lk, { source: id, target, value: 0 }).get(lk)!;
        l.value += p.amount;
      }
    }
  }
  const column = (id: string) => nodeValue.get(id)!.column;
  const byValue =
    <T extends { value: number }>(key: (x: T) => string) =>
    (a: T, b: T) =>
      b.value - a.value || key(a).localeCompare(key(b));
  const nodes = [...nodeValue.values()].sort(
    (a, b) =>
      a.column - b.column ||
      (a.key === otherKey ? 1 : 0) - (b.key === otherKey ? 1 : 0) ||
      byValue<SankeyNodeModel>((n) => n.key)(a, b),
  );
  const links = [...linkValue.values()].sort(
    (a, b) =>
      column(a.source) - column(b.source) || byValue<SankeyLinkModel>((l) => `${l.source}>${l.target}`)(a, b),
  );
  const total = valid.reduce((s, p) => s + p.amount, 0);
  return { columns, total, nodes, links };
}

export interface SankeyLayoutOptions {
  width: number;
  height: number;
  nodeWidth?: number;
  nodePadding?: number;
  /** Space kept free on the right of the last column for its labels. */
  labelRoom?: number;
  margin?: { top: number; right: number; bottom: number; left: number };
}

export interface PlacedNode extends SankeyNodeModel {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface PlacedLink extends SankeyLinkModel {
  /** SVG path of the link's centre line; draw it with stroke-width `width`. */
  d: string;
  width: number;
}

export interface SankeyLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  links: PlacedLink[];
  /** Left edge of each column, for column headings. */
  columnX: number[];
}

const round = (x: number) => Math.round(x * 10) / 10;

/** Places a model with d3-sankey; the order of nodes within a column follows the model's order. */
export function sankeyLayout(model: SankeyModel, opts: SankeyLayoutOptions): SankeyLayout {
  const margin = opts.margin ?? { top: 28, right: 0, bottom: 4, left: 0 };
  const labelRoom = opts.labelRoom ?? 180;
  const nodeWidth = opts.nodeWidth ?? 14;
  const order = new Map(model.nodes.map((n, i) => [n.id, i]));
  type N = SankeyNodeModel & { x0?: number; x1?: number; y0?: number; y1?: number };
  type L = {
    source: string | N;
    target: string | N;
    value: number;
    width?: number;
    y0?: number;
    y1?: number;
  };
  const generator = sankey<N, L>()
    .nodeId((n) => n.id)
    .nodeWidth(nodeWidth)
    .nodePadding(opts.nodePadding ?? 14)
    .nodeAlign((n) => (n as N).column)
    .nodeSort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .linkSort(null)
    .extent([
      [margin.left, margin.top],
      [opts.width - margin.right - labelRoom, opts.height - margin.bottom],
    ]);
  const graph: SankeyGraph<N, L> = generator({
    nodes: model.nodes.map((n) => ({ ...n })),
    links: model.links.map((l) => ({ ...l })),
  });
  const path = sankeyLinkHorizontal<N, L>();
  const nodes = graph.nodes.map((n) => ({
    id: n.id,
    column: n.column,
    key: n.key,
    value: n.value,
    x0: round(n.x0!),
    x1: round(n.x1!),
    y0: round(n.y0!),
    y1: round(n.y1!),
  }));
  const links = graph.links.map((l) => ({
    source: (l.source as N).id,
    target: (l.target as N).id,
    value: l.value,
    d: roundPath(path(l) ?? ''),
    width: round(Math.max(1, l.width ?? 1)),
  }));
  const columnX: number[] = [];
  for (const n of nodes) columnX[n.column] = n.x0;
  return { width: opts.width, height: opts.height, nodes, links, columnX };
}

/** Shorter SVG: one decimal is far below a pixel. */
const roundPath = (d: string) => d.replace(/-?\d+\.\d+/g, (x) => String(round(Number(x))));
