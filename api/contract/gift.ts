/**
 * The public answer about one gift, as GET /api/v1/donations/{receiptCode} returns it and the
 * gift pages render it: what was given, where every unit of it is now (its fate), the trail it
 * took, the uses it paid for, its corrections and the log proof that records it.
 */
import { z } from 'zod';
import { AssetView } from './assets.ts';
import { DonationKind, EventStatus, FateState } from './vocabulary.ts';
import { GiftShipmentCustody } from './custody.ts';

export const OrgRef = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), region: z.string() })
  .meta({ id: 'OrganizationRef' });
export type OrgRef = z.infer<typeof OrgRef>;

/** A party the public sees only by its kind (see contract/privacy.ts anonymousParty). */
export const AnonymousRef = z
  .object({ anonymous: z.literal(true), kind: z.string() })
  .meta({ id: 'AnonymousParty' });

/** A donor shown by name, or only by kind (see contract/privacy.ts). */
export const Donor = z.union([OrgRef, AnonymousRef]);

export const FatePart = z
  .object({
    state: FateState,
    holder: z.string().describe('organization id'),
    amount: z.int().optional().describe("minor units of the gift's currency (money gifts)"),
    quantity: z.int().optional().describe('units of the donated item (goods gifts)'),
    asset: AssetView.describe('what these units are now'),
    disease: z.string().nullable(),
    reason: z.string().nullable(),
    breach: z.boolean().describe('reached here by consuming a restriction elsewhere'),
  })
  .meta({ id: 'FatePart' });
export type FatePart = z.infer<typeof FatePart>;

export const GiftProof = z.object({
  leafIndex: z.int(),
  leaf: z.string().describe('the exact bytes hashed into the log (RFC 8785 JSON)'),
  treeSize: z.int(),
  checkpoint: z.string().nullable().describe('signed checkpoint note (C2SP tlog-checkpoint)'),
  inclusionProof: z.array(z.string()).describe('base64 hashes, RFC 9162 §2.1.3'),
  trail: z
    .array(
      z.object({
        event: z.string().describe('event id'),
        leafIndex: z.int(),
        leaf: z.string().describe('the exact bytes hashed into the log (RFC 8785 JSON)'),
        inclusionProof: z.array(z.string()).describe('base64 hashes, at the same tree size'),
      }),
    )
    .optional()
    .describe(
      "every other event on the gift's trail (transfers, receipts, purchases, uses, write-offs, corrections), each with its inclusion proof in the same checkpoint: the fate and trail are computed from these events",
    ),
});
export type GiftProof = z.infer<typeof GiftProof>;

/** What a gift's leaf withholds, shown only to whoever presented its receipt code. */
export const GiftPrivatePart = z
  .object({
    salt: z
      .string()
      .describe('hex; the commitment in the leaf is SHA-256(RFC 8785 JSON of { salt, withheld })'),
    withheld: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .describe('withheld values by JSON Pointer into { recordedBy, receiptCode, event }, e.g. /receiptCode'),
  })
  .meta({ id: 'GiftPrivatePart' });
export type GiftPrivatePart = z.infer<typeof GiftPrivatePart>;

export const DonationAnswer = z
  .object({
    id: z.string().describe("the donation event's id"),
    receiptCode: z.string().optional().describe('only in the answer to whoever presented it'),
    kind: DonationKind,
    status: EventStatus,
    donor: Donor,
    donorConfirmed: z
      .boolean()
      .describe(
        'the named donor consented: its own token recorded or confirmed the gift; false reads "named by the recipient, unconfirmed"',
      ),
    recipient: OrgRef,
    gift: AssetView,
    restriction: z.record(z.string(), z.string()).nullable(),
    occurredAt: z.string(),
    fate: z.array(FatePart),
    totals: z.record(FateState, z.int()),
    trail: z.object({
      nodes: z.array(OrgRef),
      edges: z.array(
        z.object({
          from: z.string().nullable(),
          to: z.string(),
          kind: z.string(),
          asset: z.string(),
          amount: z.int(),
          breach: z.boolean(),
        }),
      ),
    }),
    uses: z.array(
      z.object({
        event: z.string(),
        holder: z.string(),
        disease: z.string().nullable(),
        amount: z.int(),
        beneficiaries: z.string().describe('"<5" below five'),
      }),
    ),
    corrections: z.array(z.object({ event: z.string(), reason: z.string(), occurredAt: z.string() })),
    custody: z
      .array(GiftShipmentCustody)
      .optional()
      .describe(
        'the shipments of goods the gift travelled in: every handover, temperature record and excursion',
      ),
    log: GiftProof,
    private: GiftPrivatePart.optional().describe(
      "the private part of the gift's leaf (its salt and withheld values), only in the answer to whoever presented the receipt code: recompute the leaf's `private` commitment from it",
    ),
  })
  .meta({ id: 'Donation' });
export type GiftAnswer = z.infer<typeof DonationAnswer>;
