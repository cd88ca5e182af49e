/**
 * GET /api/v1/signals/*: lists that point at goods not doing their job. Each states its rule
 * (the same text as in the OpenAPI description) and the as-of instant it was computed for.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Client } from '@libsql/client';
import { z } from 'zod';
import type { Catalog } from '../../domain/catalog.ts';
import { urgencies } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import { defaultAsOf } from '../../domain/event-time.ts';
import {
  breachRule,
  coldChainUnloggedRule,
  custodyGapRule,
  excursionUseRule,
  idleDeviceRule,
  idleRateFlag,
  idleRule,
  matchRule,
  nearExpiryRule,
  unneededRule,
} from '../../domain/signals.ts';
import {
  breaches,
  idleByHolder,
  idleDevices,
  idleStockMatches,
  nearExpiry,
  unneededDeliveries,
  type ExpiryCursor,
  type NeedPageCursor,
} from '../../store/queries/signals.ts';
import { decodeCursor, decodeKeyCursor, encodeCursor, PageQuery } from '../pagination.ts';
import {
  coldChainUnlogged,
  custodyGaps,
  excursionUses,
  viaClient,
} from '../../store/queries/custody-signals.ts';
import { publicCount } from '../../contract/privacy.ts';
import { regionAndDescendants } from '../region-filter.ts';
import { memoFor, type Memos } from '../ledger-memo.ts';
import { problems, router } from '../router.ts';

const tags = ['Signals'];
const AsOf = z.object({
  asOf: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'the clock for ages, idle periods and expiry (RFC 3339); holdings and open needs are always the current state. Default: the end of the current UTC day by the server clock',
    ),
});
const Region = z.object({
  region: z
    .string()
    .regex(/^\d{6}$/, 'a six-digit region code')
    .optional()
    .describe('this region and all beneath it'),
});
const envelope = <T extends z.ZodType>(row: T, paged: boolean) =>
  z.object({
    rule: z.string(),
    asOf: z.string().nullable(),
    data: z.array(row),
    ...(paged
      ? { nextCursor: z.string().nullable() }
      : {
          logSize: z
            .int()
            .describe(
              'the log size these figures reflect; they are refreshed in the background as the log grows',
            ),
        }),
  });
const ok = (schema: z.ZodType, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
  ...problems(422),
});

const Match = z
  .object({
    holder: z.string().nullable().describe('null for a holder registered anonymous'),
    holderName: z.string().nullable(),
    holderRegion: z.string(),
    item: z.string(),
    lotCode: z.string(),
    expiresOn: z.string().nullable(),
    heldSince: z.string(),
    available: z.int(),
    quantity: z.int().describe('suggested: what the lot holds, up to what the need lacks'),
    score: z.number(),
    urgencyWeight: z.number(),
    fit: z.number(),
    itemFit: z.number(),
    coldChainFit: z.number(),
    beneficiaries: z.string().describe('"<5" below five'),
    distanceTier: z.int(),
  })
  .meta({ id: 'SuggestedMatch' });
const NeedMatches = z
  .object({
    need: z.object({
      id: z.string(),
      facility: z.string().nullable().describe('null for a facility registered anonymous'),
      facilityName: z.string().nullable(),
      region: z.string(),
      item: z.string().nullable(),
      category: z.string(),
      quantity: z.int(),
      remaining: z.int(),
      disease: z.string().nullable(),
      appeal: z.string().nullable(),
      urgency: z.enum(urgencies),
      priority: z.int(),
      reportedAt: z.string(),
    }),
    matches: z.array(Match),
  })
  .meta({ id: 'NeedMatches' });
const Expiring = z
  .object({
    holder: z.string(),
    holderName: z.string().nullable(),
    region: z.string(),
    item: z.string(),
    lotCode: z.string(),
    expiresOn: z.string(),
    daysLeft: z.int(),
    quantity: z.int(),
    state: z.string(),
    restricted: z.boolean(),
  })
  .meta({ id: 'ExpiringLot' });
const IdleDevice = z
  .object({
    holder: z.string(),
    holderName: z.string().nullable(),
    holderKind: z.string(),
    region: z.string(),
    item: z.string(),
    quantity: z.int(),
    heldSince: z.string(),
    daysHeld: z.int(),
    lastUseAt: z.string().nullable(),
  })
  .meta({ id: 'IdleDevice' });
const HolderIdle = z
  .object({
    holder: z.string(),
    holderName: z.string().nullable(),
    kind: z.string(),
    region: z.string(),
    receivedValue: z.int().describe('CNY minor units'),
    idleValue: z.int().describe('CNY minor units'),
    idleShare: z.number().nullable(),
    flagged: z.boolean(),
  })
  .meta({ id: 'HolderIdle' });
const Unneeded = z
  .object({
    event: z.string().nullable(),
    facility: z.string(),
    facilityName: z.string().nullable(),
    region: z.string(),
    item: z.string(),
    quantity: z.int(),
    unmatched: z.int().describe('the part that answered no open need'),
    at: z.string(),
  })
  .meta({ id: 'UnneededDelivery' });
const PartyId = z.string().nullable().describe('null for an organization registered anonymous');
const UnloggedReceipt = z
  .object({
    receipt: z.string(),
    shipment: z.string(),
    item: z.string(),
    quantity: z.int(),
    from: PartyId,
    fromName: z.string().nullable(),
    to: PartyId,
    toName: z.string().nullable(),
    receivedAt: z.string(),
  })
  .meta({ id: 'ColdChainUnlogged' });
const CustodyGapSignal = z
  .object({
    shipment: z.string(),
    item: z.string(),
    state: z.enum(['in_transit', 'received']),
    gaps: z.array(
      z.object({ from: PartyId, to: PartyId, after: z.string().nullable(), before: z.string().nullable() }),
    ),
  })
  .meta({ id: 'CustodyGap' });
const ExcursionUseSignal = z
  .object({
    event: z.string(),
    holder: PartyId,
    holderName: z.string().nullable(),
    item: z.string(),
    lot: z.string(),
    quantity: z.int(),
    excursion: z.string().describe('the temperature record whose excursion the goods went through'),
    occurredAt: z.string().nullable(),
  })
  .meta({ id: 'ExcursionUse' });
const Breach = z
  .object({
    event: z.string(),
    type: z.string(),
    recordedBy: z.string().nullable().describe('null for an organization registered anonymous'),
    recordedByName: z.string().nullable(),
    occurredAt: z.string().nullable(),
    parts: z.array(
      z.object({
        donation: z.string(),
        to: z.string(),
        asset: z.string(),
        amount: z.int(),
        restriction: z.object({
          region: z.string().nullable(),
          disease: z.string().nullable(),
          appeal: z.string().nullable(),
          purpose: z.string().nullable(),
        }),
      }),
    ),
  })
  .meta({ id: 'RestrictionBreach' });

const routes = {
  idleStock: createRoute({
    method: 'get',
    path: '/api/v1/signals/idle-stock',
    tags,
    summary: 'Open needs with idle stock elsewhere that could answer them',
    description: matchRule,
    request: {
      query: PageQuery.extend(AsOf.shape)
        .extend(Region.shape)
        .extend({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
    },
    responses: ok(
      envelope(NeedMatches, true),
      'Open needs by priority then age, each with up to five suggested matches',
    ),
  }),
  nearExpiry: createRoute({
    method: 'get',
    path: '/api/v1/signals/near-expiry',
    tags,
    summary: 'Stock close to expiry',
    description: nearExpiryRule,
    request: { query: PageQuery.extend(AsOf.shape) },
    responses: ok(envelope(Expiring, true), 'Lots by expiry date'),
  }),
  idleDevices: createRoute({
    method: 'get',
    path: '/api/v1/signals/idle-devices',
    tags,
    summary: 'Devices with no reported use',
    description: idleDeviceRule,
    request: { query: AsOf },
    responses: ok(envelope(IdleDevice, false), 'Devices by days held'),
  }),
  idleHolders: createRoute({
    method: 'get',
    path: '/api/v1/signals/idle-holders',
    tags,
    summary: 'Idle share of goods by holder',
    description: idleRule,
    request: {
      query: AsOf.extend({
        flagged: z
          .enum(['true', 'false'])
          .optional()
          .describe(`only holders above ${idleRateFlag * 100}%`),
      }),
    },
    responses: ok(envelope(HolderIdle, false), 'Holders by idle share'),
  }),
  unneeded: createRoute({
    method: 'get',
    path: '/api/v1/signals/unneeded-deliveries',
    tags,
    summary: 'Goods delivered where no open need asked for them',
    description: unneededRule,
    request: { query: PageQuery.extend(Region.shape) },
    responses: ok(envelope(Unneeded, true), 'Deliveries, newest first'),
  }),
  breaches: createRoute({
    method: 'get',
    path: '/api/v1/signals/restriction-breaches',
    tags,
    summary: 'Restricted gifts moved outside their restriction',
    description: breachRule,
    request: { query: PageQuery },
    responses: ok(envelope(Breach, true), 'Events in log order'),
  }),
  coldUnlogged: createRoute({
    method: 'get',
    path: '/api/v1/signals/cold-chain-unlogged',
    tags,
    summary: 'Cold-chain goods received without a temperature record',
    description: coldChainUnloggedRule,
    request: { query: PageQuery },
    responses: ok(envelope(UnloggedReceipt, true), 'Receipts, newest first'),
  }),
  custodyGaps: createRoute({
    method: 'get',
    path: '/api/v1/signals/custody-gaps',
    tags,
    summary: 'Shipments whose custody chain has a gap',
    description: custodyGapRule,
    request: { query: PageQuery },
    responses: ok(envelope(CustodyGapSignal, true), 'Shipments in log order'),
  }),
  excursionUses: createRoute({
    method: 'get',
    path: '/api/v1/signals/excursion-uses',
    tags,
    summary: 'Uses of goods released after a temperature excursion',
    description: excursionUseRule,
    request: { query: PageQuery },
    responses: ok(envelope(ExcursionUseSignal, true), 'Uses in log order'),
  }),
};

/** A page of a signal listed in log order: its rule, rows without their seq, the cursor after the last. */
const listed = <R extends { seq: number }>(
  rule: string,
  kind: string,
  page: { rows: R[]; more: boolean },
) => {
  const last = page.rows.at(-1);
  return {
    rule,
    asOf: null,
    data: page.rows.map(({ seq: _seq, ...r }) => r),
    nextCursor: page.more && last ? encodeCursor(kind, last.seq) : null,
  };
};

/** Cursor keys: [priority, reportedAtMs, seq] of the last need; [expiresOn, lot id] of the last lot. */
const needKey = z.tuple([z.int().min(1).max(4), z.int(), z.int().min(0)]);
const expiryKey = z.tuple([z.iso.date(), z.int().min(0)]);

export function signalRoutes(
  client: Client,
  catalog: Catalog,
  memos: Memos,
  clock: () => Date,
  logSize: () => Promise<number>,
) {
  const app = router();
  /** The as-of instant asked for, or else the end of today by the server's clock; null on an empty log. */
  const moment = async (asOf: string | undefined) => ({
    asOf:
      (await logSize()) === 0 ? null : asOf ? new Date(Date.parse(asOf)).toISOString() : defaultAsOf(clock()),
  });
  const regions = (code: string | undefined) => (code ? regionAndDescendants(catalog, code) : undefined);

  app.openapi(routes.idleStock, async (c) => {
    const q = c.req.valid('query');
    const { asOf } = await moment(q.asOf);
    const after: NeedPageCursor | null = decodeKeyCursor(q.cursor, 'idle-stock', needKey);
    const page =
      asOf === null
        ? { rows: [], more: false }
        : await idleStockMatches(client, catalog, {
            asOf,
            after,
            limit: q.limit,
            regions: regions(q.region),
          });
    const last = page.rows.at(-1)?.need;
    return c.json(
      {
        rule: matchRule,
        asOf,
        data: page.rows.map(({ need: n, matches }) => ({
          need: {
            id: n.id,
            facility: n.facilityAnonymous ? null : n.facility,
            facilityName: n.facilityName,
            region: n.region,
            item: n.item,
            category: n.category,
            quantity: n.quantity,
            remaining: n.remaining,
            disease: n.disease,
            appeal: n.appeal,
            urgency: n.urgency,
            priority: n.priority,
            reportedAt: n.reportedAt,
          },
          matches: matches.map((m) => ({
            // Names are kept for public holders only: no name, no id.
            holder: m.holderName === null ? null : m.lot.holder,
            holderName: m.holderName,
            holderRegion: m.lot.holderRegion,
            item: m.lot.item,
            lotCode: m.lot.lotCode,
            expiresOn: m.lot.expiresOn,
            heldSince: m.lot.heldSince,
            available: m.lot.quantity,
            quantity: m.quantity,
            score: m.score,
            urgencyWeight: m.urgencyWeight,
            fit: m.fit,
            itemFit: m.itemFit,
            coldChainFit: m.coldChainFit,
            beneficiaries: publicCount(m.beneficiaries),
            distanceTier: m.distanceTier,
          })),
        })),
        nextCursor:
          page.more && last
            ? encodeCursor('idle-stock', JSON.stringify([last.priority, last.reportedAtMs, last.seq]))
            : null,
      },
      200,
    );
  });

  app.openapi(routes.nearExpiry, async (c) => {
    const q = c.req.valid('query');
    const { asOf } = await moment(q.asOf);
    const after: ExpiryCursor | null = decodeKeyCursor(q.cursor, 'near-expiry', expiryKey);
    const page =
      asOf === null ? { rows: [], more: false } : await nearExpiry(client, { asOf, after, limit: q.limit });
    const last = page.rows.at(-1);
    return c.json(
      {
        rule: nearExpiryRule,
        asOf,
        data: page.rows.map(({ lot: _lot, ...r }) => r),
        nextCursor:
          page.more && last ? encodeCursor('near-expiry', JSON.stringify([last.expiresOn, last.lot])) : null,
      },
      200,
    );
  });

  app.openapi(routes.idleDevices, async (c) => {
    const chosen = c.req.valid('query').asOf;
    const { asOf } = await moment(chosen);
    if (asOf === null) return c.json({ rule: idleDeviceRule, asOf, logSize: 0, data: [] }, 200);
    const { value: data, logSize } = await memoFor(memos, chosen).get(`idle-devices:${asOf}`, () =>
      idleDevices(client, catalog, { asOf }),
    );
    return c.json({ rule: idleDeviceRule, asOf, logSize, data }, 200);
  });

  app.openapi(routes.idleHolders, async (c) => {
    const q = c.req.valid('query');
    const { asOf } = await moment(q.asOf);
    if (asOf === null) return c.json({ rule: idleRule, asOf, logSize: 0, data: [] }, 200);
    const { value: all, logSize } = await memoFor(memos, q.asOf).get(`idle-holders:${asOf}`, () =>
      idleByHolder(client, catalog, { asOf }),
    );
    const data = all
      .map((h) => ({ ...h, flagged: (h.idleShare ?? 0) > idleRateFlag }))
      .filter((h) => q.flagged !== 'true' || h.flagged);
    return c.json({ rule: idleRule, asOf, logSize, data }, 200);
  });

  app.openapi(routes.unneeded, async (c) => {
    const q = c.req.valid('query');
    const before = q.cursor ? decodeCursor<number>(q.cursor, 'unneeded', 0) : null;
    if (before !== null && before <= 0)
      throw new Problem('validation', 'Invalid cursor', 'The cursor is malformed.', [
        { path: 'cursor', message: 'not a cursor of this list' },
      ]);
    const page = await unneededDeliveries(client, { before, limit: q.limit, regions: regions(q.region) });
    return c.json(listed(unneededRule, 'unneeded', page), 200);
  });

  app.openapi(routes.breaches, async (c) => {
    const q = c.req.valid('query');
    const page = await breaches(client, {
      after: decodeCursor<number>(q.cursor, 'breaches', 0),
      limit: q.limit,
    });
    return c.json(listed(breachRule, 'breaches', page), 200);
  });

  app.openapi(routes.coldUnlogged, async (c) => {
    const q = c.req.valid('query');
    const cold = catalog.items.filter((i) => i.coldChain).map((i) => i.id);
    const before = decodeCursor<number>(q.cursor, 'cold-unlogged', 0);
    const page = await coldChainUnlogged(client, cold, {
      before: before > 0 ? before : null,
      limit: q.limit,
    });
    return c.json(listed(coldChainUnloggedRule, 'cold-unlogged', page), 200);
  });

  app.openapi(routes.custodyGaps, async (c) => {
    const q = c.req.valid('query');
    const page = await custodyGaps(client, {
      after: decodeCursor<number>(q.cursor, 'custody-gaps', 0),
      limit: q.limit,
    });
    return c.json(listed(custodyGapRule, 'custody-gaps', page), 200);
  });

  app.openapi(routes.excursionUses, async (c) => {
    const q = c.req.valid('query');
    const page = await excursionUses(viaClient(client), {
      after: decodeCursor<number>(q.cursor, 'excursion-uses', 0),
      limit: q.limit,
    });
    const last = page.rows.at(-1);
    return c.json(
      {
        rule: excursionUseRule,
        asOf: null,
        data: page.rows.map(({ seq: _seq, ...r }) => r),
        // Several lots of one use share its seq: the page ends after a whole use.
        nextCursor: page.more && last ? encodeCursor('excursion-uses', last.seq) : null,
      },
      200,
    );
  });
  return app;
}
