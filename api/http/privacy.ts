/** Public outputs never show a count small enough to point at a person. */
export const smallCountThreshold = 5;

export const publicCount = (n: number): string => (n < smallCountThreshold ? '<5' : String(n));
