/** GET /api/v1/donations/{receiptCode}: a gift's fate, trail and proof of inclusion in the log. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { DonationKind } from '../../contract/vocabulary.ts';
import { Problem } from '../../domain/problems.ts';
import { normalizeReceiptCode } from '../../domain/receipt-codes.ts';
import type { Db } from '../../store/database.ts';
import { giftAnswer } from '../../store/answers/gift.ts';
import { findDonationKey } from '../../store/queries/donation-fate.ts';
import { problems, router } from '../router.ts';
import { AssetView, presentAsset } from '../../contract/assets.ts';
import { DonationAnswer, Donor, OrgRef } from '../../contract/gift.ts';
import type { Client } from '@libsql/client';
import type { Catalog } from '../../domain/catalog.ts';
import { listDonations } from '../../store/queries/donation-list.ts';
import { decodeCursor, encodeCursor, PageQuery } from '../pagination.ts';
import { regionAndDescendants } from '../region-filter.ts';

const getDonation = createRoute({
  method: 'get',
  path: '/api/v1/donations/{receiptCode}',
  tags: ['Read'],
  summary: 'Follow a gift by its receipt code',
  description: [
    "Where every unit of the gift is now. `fate` parts are integers in the gift's own units (minor units of money, or the donated item's unit) and always sum exactly to the gift; after a purchase, `asset` shows what the units became.",
    'States: `held` (by `holder`), `in_transit` (shipped to `holder`, not yet acknowledged by a receipt), `used` (for `disease`), `written_off` (with `reason`), `lost` (short on receipt).',
    'Attribution is earmark-aware FIFO: money pools keep each gift apart and spend the oldest first; goods bought with several gifts are shared among them in proportion, split by largest remainder.',
    'Beneficiary counts below 5 are shown as "<5". Anonymous donors appear only as their kind.',
    '`log` carries the leaf, its index, a signed checkpoint and an inclusion proof, so the answer can be verified without trusting the server. The leaf is the public form of the gift: its receipt code is not in it. `private` (the salt and the withheld values, the receipt code among them) is given only here, to whoever presents the code: SHA-256 over its RFC 8785 JSON is the `private` commitment in the leaf.',
    'A named donor consented to be named when `donorConfirmed` is true (its own token recorded or confirmed the gift); otherwise the gift reads "named by the recipient, unconfirmed".',
  ].join('\n\n'),
  request: {
    params: z.object({
      receiptCode: z
        .string()
        .min(1)
        .max(40)
        .describe('e.g. AT-7K3M-9QXF-2B4D; case, spaces and the letters O/I/L are forgiven'),
    }),
  },
  responses: {
    200: {
      description: 'The gift and its fate',
      content: { 'application/json': { schema: DonationAnswer } },
    },
    ...problems(404, 422),
  },
});

const Restriction = z.object({
  region: z.string().nullable(),
  disease: z.string().nullable(),
  appeal: z.string().nullable(),
  purpose: z.string().nullable(),
});
const DonationRow = z
  .object({
    id: z.string().describe("the donation event's id (the receipt code stays with the donor)"),
    kind: DonationKind,
    status: z.string(),
    donor: Donor,
    donorConfirmed: z
      .boolean()
      .describe('the named donor consented to be named; false reads "named by the recipient, unconfirmed"'),
    recipient: Donor.describe('the receiving organization, or only its kind when it is registered anonymous'),
    gift: AssetView,
    restriction: Restriction.nullable(),
    occurredAt: z.string(),
  })
  .meta({ id: 'DonationRow' });

const listRoute = createRoute({
  method: 'get',
  path: '/api/v1/donations',
  tags: ['Read'],
  summary: 'Donations, filtered, in log order',
  description:
    'Gifts and pledges in the order they were recorded. Anonymous donors appear only as their kind; receipt codes are never listed.',
  request: {
    query: PageQuery.extend({
      organization: z
        .string()
        .max(64)
        .optional()
        .describe(
          'donor (unless anonymous) or recipient; an organization registered anonymous matches nothing',
        ),
      region: z
        .string()
        .regex(/^\d{6}$/, 'a six-digit region code')
        .optional()
        .describe('recipient in, or restricted to, this region or beneath it'),
      disease: z.string().max(10).optional().describe('restricted to this disease'),
      appeal: z.string().max(64).optional().describe('restricted to this appeal'),
      kind: DonationKind.optional(),
      from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('occurred at or after'),
      to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('occurred before'),
    }),
  },
  responses: {
    200: {
      description: 'A page of donations',
      content: {
        'application/json': {
          schema: z.object({ data: z.array(DonationRow), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...problems(422),
  },
});

export function donationRoutes(db: Db, client: Client, catalog: Catalog) {
  const app = router();
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const rows = await listDonations(
      client,
      { ...q, regions: q.region ? regionAndDescendants(catalog, q.region) : undefined },
      decodeCursor<number>(q.cursor, 'donation', 0),
      q.limit + 1,
    );
    const page = rows.slice(0, q.limit);
    return c.json(
      {
        data: page.map((r) => ({
          id: r.id,
          kind: r.kind as 'donation',
          status: r.status,
          donor: r.donor,
          donorConfirmed: r.donorConfirmed,
          recipient: r.recipient,
          gift: presentAsset(r.asset, r.amount, r.lotCode),
          restriction: r.restriction,
          occurredAt: r.occurredAt,
        })),
        nextCursor: rows.length > q.limit ? encodeCursor('donation', page.at(-1)!.seq) : null,
      },
      200,
    );
  });
  app.openapi(getDonation, async (c) => {
    const raw = c.req.valid('param').receiptCode;
    const code = normalizeReceiptCode(raw);
    if (!code) {
      throw new Problem(
        'validation',
        'Malformed receipt code',
        `"${raw}" is not a receipt code; they look like AT-7K3M-9QXF-2B4D.`,
        [{ path: 'receiptCode', message: 'malformed' }],
      );
    }
    const key = await findDonationKey(db, code);
    const answer = key ? await giftAnswer(db, key, catalog, { receiptCode: code }) : null;
    if (!answer)
      throw new Problem('not-found', 'Unknown receipt code', `No gift has the receipt code ${code}.`, [
        { path: 'receiptCode', message: 'unknown' },
      ]);
    // The answer holds the presenter's private part (the receipt code, the salt): a browser may
    // keep it, revalidating by ETag, but no shared cache, and its address is never sent on.
    c.header('Cache-Control', 'private, no-cache');
    c.header('Referrer-Policy', 'no-referrer');
    return c.json(answer, 200);
  });
  return app;
}
