/**
 * The colour classes of coverage, shared by the maps and the heat maps: five equal steps from
 * 0 to 100 %, and a class of its own for a place (or cell) where no need was reported, which
 * is not the same as a need that nothing has answered (0 %). Pure, so the binning is tested.
 */
export const coverageSteps = [0.2, 0.4, 0.6, 0.8] as const;
export const coverageClasses = ['c0', 'c1', 'c2', 'c3', 'c4'] as const;
export type CoverageClass = (typeof coverageClasses)[number] | 'none';

/** The class of a coverage ratio (0–1); null means no need was reported. */
export function coverageClass(coverage: number | null): CoverageClass {
  if (coverage === null || !Number.isFinite(coverage)) return 'none';
  const i = coverageSteps.findIndex((s) => coverage < s);
  return coverageClasses[i === -1 ? coverageClasses.length - 1 : i]!;
}

/** Coverage from summed parts: Σ covered / Σ needed, null when nothing was needed. */
export const coverageOf = (covered: number, needed: number): number | null =>
  needed > 0 ? Math.min(1, covered / needed) : null;

export interface LegendEntry {
  cls: CoverageClass;
  /** Bounds in percent; null for "no need reported". */
  from: number | null;
  to: number | null;
}

/** The legend, lowest class first, then "no need reported". */
export function coverageLegend(): LegendEntry[] {
  const bounds = [0, ...coverageSteps, 1];
  return [
    ...coverageClasses.map((cls, i) => ({
      cls,
      from: Math.round(bounds[i]! * 100),
      to: Math.round(bounds[i + 1]! * 100),
    })),
    { cls: 'none' as const, from: null, to: null },
  ];
}
