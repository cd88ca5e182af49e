/** The shape of a gift's public answer. */
import { z } from 'zod';
import { DonationKind, EventStatus, FateState } from '../../contract/vocabulary.ts';

export const AssetView = z
  .union([
    z.object({ money: z.object({ currency: z.string(), amount: z.int().optional() }) }),
    z.object({
      goods: z.object({ item: z.string(), quantity: z.int().optional(), lot: z.string().optional() }),
    }),
  ])
  .meta({ id: 'AssetView' });

/** `money:CNY` / `goods:insulin-glargine` as the API shows them, with an amount when given. */
export function presentAsset(asset: string, amount?: number, lotCode?: string) {
  const name = asset.slice(asset.indexOf(':') + 1);
  if (asset.startsWith('money:'))
    return { money: { currency: name, ...(amount === undefined ? {} : { amount }) } };
  return {
    goods: {
      item: name,
      ...(amount === undefined ? {} : { quantity: amount }),
      ...(lotCode ? { lot: lotCode } : {}),
    },
  };
}

export const OrgRef = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), region: z.string() })
  .meta({ id: 'OrganizationRef' });

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

export const DonationAnswer = z
  .object({
    receiptCode: z.string(),
    kind: DonationKind,
    status: EventStatus,
    donor: z.union([OrgRef, z.object({ anonymous: z.literal(true), kind: z.string() })]),
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
    log: z.object({
      leafIndex: z.int(),
      leaf: z.string().describe('the exact bytes hashed into the log (RFC 8785 JSON)'),
      treeSize: z.int(),
      checkpoint: z.string().nullable().describe('signed checkpoint note (C2SP tlog-checkpoint)'),
      inclusionProof: z.array(z.string()).describe('base64 hashes, RFC 9162 §2.1.3'),
    }),
  })
  .meta({ id: 'Donation' });
