/** GET /api/v1/shipments/{id}/custody: who held a shipment, its temperature record and its lots. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { ShipmentCustody } from '../../contract/custody.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { EventId } from '../../domain/events.ts';
import { Problem } from '../../domain/problems.ts';
import { custodyAnswer } from '../../store/answers/custody.ts';
import type { Db } from '../../store/database.ts';
import { problems, router } from '../router.ts';

const getCustody = createRoute({
  method: 'get',
  path: '/api/v1/shipments/{id}/custody',
  tags: ['Read'],
  summary: "A shipment's custody chain and temperature record",
  description: [
    'Every handover of the goods between dispatch and receipt (`custody_handover`), in the order they happened; `chain.gaps` names each place where the goods next appear with someone who was not handed them (including a receipt after a last handover to someone else).',
    "Every temperature record (`temperature_log`) of the shipment, and of its lots kept at the receiver, judged against the item's catalogued range: more `outsideMinutes` than `toleranceMinutes` is an excursion, and it quarantines the goods at their holder until a `lot_release` (with a reason) or a `write_off`.",
    'Lots are shown with their expiry and what of each is now in transit, free to use, or quarantined at the holder; `uses` lists uses of these lots after a released excursion, which are flagged publicly.',
    'This is what the QR code on a custody label (`aidtrail label`) opens, as the page `/shipments/{id}/`.',
  ].join('\n\n'),
  request: { params: z.object({ id: EventId.describe('the transfer or return event id, e.g. evt_42') }) },
  responses: {
    200: {
      description: 'The custody of the shipment',
      content: { 'application/json': { schema: ShipmentCustody } },
    },
    ...problems(404, 422),
  },
});

export function shipmentRoutes(db: Db, catalog: Catalog) {
  const app = router();
  app.openapi(getCustody, async (c) => {
    const { id } = c.req.valid('param');
    const answer = await custodyAnswer(db, catalog, id);
    if (!answer)
      throw new Problem('not-found', 'Unknown shipment', `No shipment of goods has the id ${id}.`, [
        { path: 'id', message: 'not a transfer or return of goods' },
      ]);
    return c.json(answer, 200);
  });
  return app;
}
