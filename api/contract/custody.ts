/**
 * The public answer about one shipment's custody, as GET /api/v1/shipments/{id}/custody returns
 * it and the shipment page (the one a custody label's QR code opens) renders it: who held the
 * goods from dispatch to receipt, every temperature record, the lots with their expiry, whether
 * any is quarantined, and where the chain has a gap.
 */
import { z } from 'zod';
import { EventStatus } from './vocabulary.ts';

/** An organization as the public sees it: by name, or only by kind when registered anonymous. */
export const CustodyParty = z
  .object({
    id: z.string().nullable().describe('null for an organization registered anonymous'),
    name: z.string().nullable(),
    kind: z.string(),
    region: z.string().nullable(),
  })
  .meta({ id: 'CustodyParty' });
export type CustodyParty = z.infer<typeof CustodyParty>;

export const custodyStates = ['in_transit', 'received'] as const;
export const quarantineStates = ['none', 'quarantined', 'released'] as const;

export const ShipmentCustody = z
  .object({
    shipment: z.object({
      id: z.string(),
      kind: z.enum(['transfer', 'return']),
      status: EventStatus,
      from: CustodyParty,
      to: CustodyParty,
      item: z.string(),
      quantity: z.int().describe("units shipped, in the item's unit"),
      shippedAt: z.string(),
      state: z.enum(custodyStates),
      receipt: z
        .object({ id: z.string(), quantity: z.int(), occurredAt: z.string() })
        .nullable()
        .describe("the receiving side's acknowledgement; quantity may be short of what was shipped"),
    }),
    coldChain: z.object({
      required: z.boolean().describe('the item is kept in a cold chain'),
      range: z.tuple([z.number(), z.number()]).nullable().describe('[low, high] °C from the catalogue'),
      toleranceMinutes: z.int().nullable().describe('minutes outside range tolerated before quarantine'),
    }),
    handovers: z.array(
      z.object({
        id: z.string(),
        from: CustodyParty,
        to: CustodyParty,
        at: z.string(),
        place: z.string().nullable(),
      }),
    ),
    chain: z.object({
      continuous: z.boolean(),
      holder: CustodyParty.describe('who has the goods by the record'),
      gaps: z.array(
        z.object({
          from: CustodyParty.describe('last known holder'),
          to: CustodyParty.describe('next holder seen, with no handover between'),
          after: z.string().nullable().describe('handover after which the goods were not seen'),
          before: z.string().nullable().describe('handover or receipt that shows the gap'),
        }),
      ),
    }),
    temperatures: z.array(
      z.object({
        id: z.string(),
        status: EventStatus,
        recordedBy: CustodyParty,
        occurredAt: z.string(),
        min: z.number(),
        max: z.number(),
        outsideMinutes: z.int(),
        range: z.tuple([z.number(), z.number()]),
        toleranceMinutes: z.int(),
        excursion: z.boolean(),
        quarantined: z.int().describe('units the excursion put in quarantine'),
        readings: z.int().nullable(),
        firstReadingAt: z.string().nullable(),
        lastReadingAt: z.string().nullable(),
        logger: z.string().nullable(),
      }),
    ),
    lots: z.array(
      z.object({
        lot: z.string().describe('batch/lot number as printed; "" when none was given'),
        expiresOn: z.string().nullable(),
        shipped: z.int(),
        holder: CustodyParty,
        inTransit: z.int(),
        held: z.int().describe('units of this lot free to use at the holder now'),
        quarantined: z.int().describe('units of this lot in quarantine at the holder now'),
        excursions: z
          .array(z.string())
          .describe('temperature records with an excursion this lot went through'),
      }),
    ),
    quarantine: z.object({
      state: z.enum(quarantineStates),
      releases: z.array(
        z.object({
          id: z.string(),
          lot: z.string(),
          reason: z.string(),
          quantity: z.int(),
          occurredAt: z.string(),
        }),
      ),
    }),
    uses: z
      .array(
        z.object({
          event: z.string(),
          holder: CustodyParty,
          lot: z.string(),
          quantity: z.int(),
          excursion: z.string(),
        }),
      )
      .describe("uses of this shipment's lots after a released excursion: flagged publicly"),
    asOf: z.object({ treeSize: z.int() }),
  })
  .meta({ id: 'ShipmentCustody' });
export type ShipmentCustody = z.infer<typeof ShipmentCustody>;

/** One shipment a gift travelled in, as the gift answer shows it: its custody steps and excursions. */
export const GiftShipmentCustody = z
  .object({
    shipment: z.string(),
    from: CustodyParty,
    to: CustodyParty,
    state: z.enum(custodyStates),
    coldChain: z.boolean(),
    handovers: z.array(
      z.object({ from: CustodyParty, to: CustodyParty, at: z.string(), place: z.string().nullable() }),
    ),
    continuous: z.boolean().describe('every change of hands between dispatch and receipt is recorded'),
    gaps: z.int(),
    temperatures: z.array(
      z.object({
        id: z.string(),
        min: z.number(),
        max: z.number(),
        outsideMinutes: z.int(),
        range: z.tuple([z.number(), z.number()]),
        excursion: z.boolean(),
      }),
    ),
    quarantine: z.enum(quarantineStates),
  })
  .meta({ id: 'GiftShipmentCustody' });
export type GiftShipmentCustody = z.infer<typeof GiftShipmentCustody>;

/** The gift answer's view of a shipment's custody answer. */
export const giftShipmentView = (c: ShipmentCustody): GiftShipmentCustody => ({
  shipment: c.shipment.id,
  from: c.shipment.from,
  to: c.shipment.to,
  state: c.shipment.state,
  coldChain: c.coldChain.required,
  handovers: c.handovers.map(({ from, to, at, place }) => ({ from, to, at, place })),
  continuous: c.chain.continuous,
  gaps: c.chain.gaps.length,
  temperatures: c.temperatures.map(({ id, min, max, outsideMinutes, range, excursion }) => ({
    id,
    min,
    max,
    outsideMinutes,
    range,
    excursion,
  })),
  quarantine: c.quarantine.state,
});
