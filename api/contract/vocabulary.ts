/**
 * The words every public answer is written in: the states a gift's units can be in, the
 * standing of an event, the priority and status of a need. Each is a closed list, so the
 * database columns, the domain, the API schemas, the exports and the site name them alike
 * and a new value cannot appear in one place only.
 */
import { z } from 'zod';

/** Where a lot is: at its holder, or shipped and not yet acknowledged by a receipt. */
export const lotStates = ['held', 'in_transit'] as const;
export const LotState = z.enum(lotStates);
export type LotState = z.infer<typeof LotState>;

/** Where a unit of a gift is now: in a lot, or at the end of its journey. */
export const fateStates = ['held', 'in_transit', 'used', 'written_off', 'lost'] as const;
export const FateState = z.enum(fateStates);
export type FateState = z.infer<typeof FateState>;

/** An event stands, or a correction reversed it. */
export const eventStatuses = ['active', 'reversed'] as const;
export const EventStatus = z.enum(eventStatuses);
export type EventStatus = z.infer<typeof EventStatus>;

/** A gift received, or a promise not yet received (never counted as received). */
export const donationKinds = ['donation', 'pledge'] as const;
export const DonationKind = z.enum(donationKinds);
export type DonationKind = z.infer<typeof DonationKind>;

export const urgencies = ['immediate', '24h', '72h', '1w', '1m'] as const;
export const Urgency = z.enum(urgencies);
export type Urgency = z.infer<typeof Urgency>;

export const importances = ['life', 'function', 'quality'] as const;
export const Importance = z.enum(importances);
export type Importance = z.infer<typeof Importance>;

/** Urgency × importance: 1 urgent and important, 2 urgent, 3 important, 4 neither. */
export const priorities = [1, 2, 3, 4] as const;
export type Priority = (typeof priorities)[number];

/** A need is open until met (delivered ≥ quantity), closed by its facility, or withdrawn by a correction. */
export const needStatuses = ['open', 'met', 'closed', 'withdrawn'] as const;
export const NeedStatus = z.enum(needStatuses);
export type NeedStatus = z.infer<typeof NeedStatus>;
