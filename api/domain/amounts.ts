/**
 * Integer arithmetic for amounts. Money is integer minor units and goods are integer
 * quantities; nothing stored or summed is ever a float. Ratios exist only transiently,
 * inside the largest-remainder split below, and never leave it.
 */

/**
 * Splits a non-negative integer `total` into parts proportional to `weights` by the
 * largest-remainder (Hamilton) method: each part gets the floor of its exact share, and
 * the units left over go one each to the parts with the largest fractional remainders,
 * ties to the earlier part. The parts always sum to `total` exactly.
 *
 * BigInt keeps `total × weight` exact: both may approach 2^53.
 */
export function splitLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`total must be a non-negative safe integer, got ${total}`);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('cannot split a non-zero total over no weights');
  }
  const ws = weights.map((w) => {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`weights must be non-negative safe integers, got ${w}`);
    return BigInt(w);
  });
  const sum = ws.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError('cannot split a non-zero total over weights that sum to zero');
  }
  const t = BigInt(total);
  const floors = ws.map((w) => (t * w) / sum);
  const remainders = ws.map((w, i) => t * w - floors[i]! * sum);
  let left = Number(t - floors.reduce((a, b) => a + b, 0n));
  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const parts = floors.map(Number);
  for (const { i } of order) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/** Adds safe integers, refusing to overflow into float territory. */
export function addExact(a: number, b: number): number {
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw new RangeError(`amount overflow: ${a} + ${b}`);
  return s;
}

export const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s = addExact(s, x);
  return s;
};

/**
 * The largest amount one event may carry: 10^12 minor units (ten billion yuan in fen) or
 * 10^12 units of goods. No real gift, shipment or need comes near it.
 */
export const maxAmount = 1_000_000_000_000;

/**
 * The most the whole ledger may ever record, in all amounts, quantities and beneficiary counts
 * of all its events together: 2^51 (about 2.25 × 10^15, 22 trillion yuan in fen).
 *
 * This is what keeps every sum exact. Any public total (a holding, a coverage cell, an
 * organization's inflows, an outcome) adds up parts of recorded events, each event contributing
 * at most its own amount to each of a few measures; so no sum can reach 4 × 2^51 = 2^53, and
 * every sum, in SQLite or in JavaScript, stays a safe integer.
 */
export const ledgerTotalLimit = 2 ** 51;

const measuredKeys = new Set(['amount', 'quantity', 'beneficiaries']);

/** Every amount, quantity and beneficiary count in an event body (a correction's replacement included). */
export function recordedMagnitude(body: unknown): number {
  if (Array.isArray(body)) return sum(body.map(recordedMagnitude));
  if (body === null || typeof body !== 'object') return 0;
  let total = 0;
  for (const [key, value] of Object.entries(body)) {
    if (measuredKeys.has(key) && Number.isSafeInteger(value)) total = addExact(total, value as number);
    else if (typeof value === 'object') total = addExact(total, recordedMagnitude(value));
  }
  return total;
}
