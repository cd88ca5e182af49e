/**
 * Where a gift went, by province: how much of it is now at holders in each province (held,
 * on its way there, used, written off or lost there), and which provinces its trail only
 * passed through. Browser-safe and pure, so the gift page's map, the lookup's table and the
 * CSV all come from the same rows, and the shares are tested.
 */
import { splitLargestRemainder } from '../../api/domain/amounts.ts';

export interface PlaceRow {
  /** Province code; '' when a holder's region is not known. */
  province: string;
  /** Sum of the gift's parts at holders there, in the gift's units. */
  amount: number;
  /** Share of the gift, per mille (largest remainder, so the rows sum to 1000). */
  permille: number;
  /** Holders there, in trail order: those with a part of the gift first. */
  holders: string[];
  /** Holders the trail passed through there that hold no part of the gift now. */
  passedHolders: string[];
}

/** Map classes: by share of the gift, 'passed' (trail only) and 'none'. */
export const placeSteps = [100, 250, 500] as const;
export const placeClasses = ['s0', 's1', 's2', 's3'] as const;
export type PlaceClass = (typeof placeClasses)[number] | 'passed' | 'none';

/** The class of a share in per mille: below 10 %, 10–25 %, 25–50 %, 50 % and more. */
export function placeClass(row: Pick<PlaceRow, 'amount' | 'permille'> | undefined): PlaceClass {
  if (!row) return 'none';
  if (row.amount <= 0) return 'passed';
  const i = placeSteps.findIndex((s) => row.permille < s);
  return placeClasses[i === -1 ? placeClasses.length - 1 : i]!;
}

export interface GiftPlacesInput {
  fate: ReadonlyArray<{ holder: string; amount: number }>;
  /** The trail's holders with their regions (any level of GB/T 2260). */
  nodes: ReadonlyArray<{ id: string; region: string }>;
}

/**
 * Rows by province, the largest share first, then provinces passed through (in trail order).
 * `provinceOf` maps any region code to its province code ('' when unknown).
 */
export function giftPlaces(input: GiftPlacesInput, provinceOf: (region: string) => string): PlaceRow[] {
  const regionOf = new Map(input.nodes.map((n) => [n.id, n.region]));
  const provinceOfHolder = (id: string) => {
    const r = regionOf.get(id);
    return r ? provinceOf(r) : '';
  };
  const rows = new Map<string, PlaceRow>();
  const row = (p: string) => {
    let r = rows.get(p);
    if (!r) rows.set(p, (r = { province: p, amount: 0, permille: 0, holders: [], passedHolders: [] }));
    return r;
  };
  for (const part of input.fate) {
    if (part.amount <= 0) continue;
    const r = row(provinceOfHolder(part.holder));
    r.amount += part.amount;
    if (!r.holders.includes(part.holder)) r.holders.push(part.holder);
  }
  for (const n of input.nodes) {
    const r = row(provinceOfHolder(n.id));
    if (!r.holders.includes(n.id) && !r.passedHolders.includes(n.id)) r.passedHolders.push(n.id);
  }
  const reached = [...rows.values()].filter((r) => r.amount > 0);
  const shares = reached.length
    ? splitLargestRemainder(
        1000,
        reached.map((r) => r.amount),
      )
    : [];
  reached.forEach((r, i) => (r.permille = shares[i]!));
  const passed = [...rows.values()].filter((r) => r.amount === 0);
  return [...reached.sort((a, b) => b.amount - a.amount || a.province.localeCompare(b.province)), ...passed];
}
