/**
 * Signals: published rules that point at goods not doing their job — stock idle while a need
 * is open elsewhere, stock close to expiry, devices nobody reports using, holders that sit on
 * what they receive. Pure functions; the store feeds them rows and the API publishes the rules
 * word for word beside the answers.
 */
import type { Urgency } from './needs.ts';
import { urgencyWeight } from './needs.ts';

export const idleAfterDays = 30;
export const idleRateFlag = 0.3;
export const nearExpiryDays = 90;
export const idleDeviceDays = 90;
export const matchesPerNeed = 5;

const dayMs = 86_400_000;

/** Whole days from `from` to `to` (ISO dates or instants), rounded down. */
export const daysBetween = (from: string, to: string) =>
  Math.floor((Date.parse(to) - Date.parse(from)) / dayMs);

/** ISO instant `days` before `asOf`. */
export const daysBefore = (asOf: string, days: number) =>
  new Date(Date.parse(asOf) - days * dayMs).toISOString();

/**
 * Distance tier by GB/T 2260 code: the first two digits name the province, the first four the
 * prefecture. Same county 1, same prefecture 2, same province 3, elsewhere 4.
 */
export function distanceTier(a: string, b: string): 1 | 2 | 3 | 4 {
  if (a === b) return 1;
  if (a.slice(0, 4) === b.slice(0, 4)) return 2;
  if (a.slice(0, 2) === b.slice(0, 2)) return 3;
  return 4;
}

/** Whether region `code` lies within `ancestor` by its GB/T 2260 code (XX0000 holds XX…, XXYY00 holds XXYY…). */
export function regionContains(ancestor: string, code: string): boolean {
  if (ancestor === code) return true;
  if (ancestor.endsWith('0000')) return code.startsWith(ancestor.slice(0, 2));
  if (ancestor.endsWith('00')) return code.startsWith(ancestor.slice(0, 4));
  return false;
}

export interface OpenNeed {
  id: string;
  facility: string;
  region: string;
  item: string | null;
  category: string;
  /** The named item's group, for substitutes; null when the need names only a category. */
  group: string | null;
  remaining: number;
  disease: string | null;
  appeal: string | null;
  urgency: Urgency;
  beneficiaries: number | null;
}

export interface StockLot {
  lot: number;
  holder: string;
  holderRegion: string;
  item: string;
  category: string;
  group: string;
  coldChain: boolean;
  lotCode: string;
  expiresOn: string | null;
  restriction: { region: string | null; disease: string | null; appeal: string | null };
  quantity: number;
  heldSince: string;
}

export interface MatchScore {
  urgencyWeight: number;
  itemFit: number;
  coldChainFit: number;
  fit: number;
  beneficiaries: number;
  distanceTier: 1 | 2 | 3 | 4;
  score: number;
}

export const matchRule = [
  `A suggested match is goods held at another holder for at least ${idleAfterDays} days, not expired, whose holder has no open need of its own for that item, and whose restrictions allow the need (a region restriction must contain the facility's region; a disease or appeal restriction must equal the need's).`,
  'score = urgency weight × fit × beneficiaries ÷ distance tier.',
  `Urgency weight: ${Object.entries(urgencyWeight)
    .map(([u, w]) => `${u} ${w}`)
    .join(', ')}.`,
  'Fit = item fit × cold-chain fit. Item fit: the named item, or any item of the named category, 1; another item of the same therapeutic group as the named item (a substitute to be confirmed by a clinician) 0.5. Cold-chain fit: cold-chain goods that would leave their province 0.5, otherwise 1. Restriction fit is all or nothing: incompatible stock is never suggested.',
  "Beneficiaries: the need's reported count, at least 1. Distance tier: same county 1, same prefecture 2, same province 3, elsewhere 4.",
  `Top ${matchesPerNeed} per need, by score, then earliest expiry, then oldest lot. The quantity suggested is what the lot holds, up to what the need still lacks.`,
].join(' ');

/** The score of one lot for one need, or null when the lot cannot answer the need at all. */
export function scoreMatch(need: OpenNeed, lot: StockLot): MatchScore | null {
  if (lot.holder === need.facility || lot.quantity <= 0) return null;
  const r = lot.restriction;
  if (r.region !== null && !regionContains(r.region, need.region)) return null;
  if (r.disease !== null && r.disease !== need.disease) return null;
  if (r.appeal !== null && r.appeal !== need.appeal) return null;
  let itemFit: number;
  if (need.item === null) itemFit = lot.category === need.category ? 1 : 0;
  else if (lot.item === need.item) itemFit = 1;
  else itemFit = need.group !== null && lot.group === need.group && lot.category === need.category ? 0.5 : 0;
  if (itemFit === 0) return null;
  const tier = distanceTier(lot.holderRegion, need.region);
  const coldChainFit = lot.coldChain && tier === 4 ? 0.5 : 1;
  const fit = itemFit * coldChainFit;
  const weight = urgencyWeight[need.urgency];
  const beneficiaries = Math.max(1, need.beneficiaries ?? 1);
  return {
    urgencyWeight: weight,
    itemFit,
    coldChainFit,
    fit,
    beneficiaries,
    distanceTier: tier,
    score: (weight * fit * beneficiaries) / tier,
  };
}

export interface SuggestedMatch extends MatchScore {
  lot: StockLot;
  quantity: number;
}

/** The best `limit` lots for a need, by the published rule; ties broken deterministically. */
export function suggestMatches(
  need: OpenNeed,
  lots: readonly StockLot[],
  limit = matchesPerNeed,
): SuggestedMatch[] {
  const scored: SuggestedMatch[] = [];
  for (const lot of lots) {
    const s = scoreMatch(need, lot);
    if (s) scored.push({ ...s, lot, quantity: Math.min(lot.quantity, need.remaining) });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      (a.lot.expiresOn ?? '9999').localeCompare(b.lot.expiresOn ?? '9999') ||
      a.lot.lot - b.lot.lot,
  );
  return scored.slice(0, limit);
}

/**
 * Idle share of a holder's goods: of what it received more than `idleAfterDays` before `asOf`,
 * the part still unaccounted for, taking everything that left (used, passed on, written off,
 * lost) as leaving oldest first. Integers in, a ratio out; null when nothing is old enough.
 */
export function idleShare(
  receivedBeforeCutoff: number,
  leftSinceStart: number,
): { idle: number; share: number | null } {
  const idle = Math.max(0, receivedBeforeCutoff - leftSinceStart);
  return { idle, share: receivedBeforeCutoff > 0 ? idle / receivedBeforeCutoff : null };
}

export const idleRule = `Idle share = goods received more than ${idleAfterDays} days before the as-of time and not yet used, passed on, written off or lost, over the goods received in that time; goods leaving are taken oldest first. Holders above ${Math.round(idleRateFlag * 100)}% are flagged.`;
export const nearExpiryRule = `Goods held or in transit whose lot expires within ${nearExpiryDays} days of the as-of date, soonest first; lots already expired but still held are listed with negative days left.`;
export const idleDeviceRule = `Devices held at a holder for at least ${idleDeviceDays} days with no use of that device reported by that holder in the last ${idleDeviceDays} days.`;
export const unneededRule =
  'Goods received at a facility that answered no open need of that facility for that item or its category (delivered with no need, or beyond what the needs lacked), newest first.';
export const breachRule =
  'Events that moved restricted money or goods outside the restriction because nothing unrestricted or compatible was left to use; the ledger records them and flags them rather than refusing.';

export const coldChainUnloggedRule =
  'Receipts of cold-chain goods (catalogue items kept at a set temperature) whose shipment has no temperature record, newest first: nobody can tell whether the goods stayed cold.';
export const custodyGapRule =
  'Shipments whose custody chain has a gap: a handover starts with someone the goods were never handed to, or the goods were received by someone other than the last holder a handover names. Shipments without any handover went straight from sender to receiver and are not listed.';
export const excursionUseRule =
  'Uses of goods that went through a temperature excursion and were released from quarantine by their holder (with the reason shown on the shipment page), in log order: recorded and flagged, not refused.';
