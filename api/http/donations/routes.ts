/** GET /api/v1/donations/{receiptCode}: a gift's fate, trail and proof of inclusion in the log. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { encodeBase64 } from '../../domain/merkle/index.ts';
import { Problem } from '../../domain/problems.ts';
import { normalizeReceiptCode } from '../../domain/receipt-codes.ts';
import type { Db } from '../../store/database.ts';
import { donationStory, findDonationKey } from '../../store/queries/donation-fate.ts';
import { latestCheckpoint, proveInclusion } from '../../store/log-store.ts';
import { publicCount } from '../privacy.ts';
import { problems, router } from '../router.ts';
import { DonationAnswer, presentAsset } from './schemas.ts';

const getDonation = createRoute({
  method: 'get',
  path: '/api/v1/donations/{receiptCode}',
  tags: ['Read'],
  summary: 'Follow a gift by its receipt code',
  description: [
    'Where every unit of the gift is now. `fate` parts are integers in the gift\'s own units (minor units of money, or the donated item\'s unit) and always sum exactly to the gift; after a purchase, `asset` shows what the units became.',
    'States: `held` (by `holder`), `in_transit` (shipped to `holder`, not yet acknowledged by a receipt), `used` (for `disease`), `written_off` (with `reason`), `lost` (short on receipt).',
    'Attribution is earmark-aware FIFO: money pools keep each gift apart and spend the oldest first; goods bought with several gifts are shared among them in proportion, split by largest remainder.',
    'Beneficiary counts below 5 are shown as "<5". Anonymous donors appear only as their kind.',
    '`log` carries the leaf, its index, a signed checkpoint and an inclusion proof, so the answer can be verified without trusting the server.',
  ].join('\n\n'),
  request: { params: z.object({ receiptCode: z.string().min(1).max(40).describe('e.g. AT-7K3M-9QXF-2B4D; case, spaces and the letters O/I/L are forgiven') }) },
  responses: {
    200: { description: 'The gift and its fate', content: { 'application/json': { schema: DonationAnswer } } },
    ...problems(404, 422),
  },
});

export function donationRoutes(db: Db) {
  const app = router();
  app.openapi(getDonation, async (c) => {
    const raw = c.req.valid('param').receiptCode;
    const code = normalizeReceiptCode(raw);
    if (!code) {
      throw new Problem('validation', 'Malformed receipt code', `"${raw}" is not a receipt code; they look like AT-7K3M-9QXF-2B4D.`, [{ path: 'receiptCode', message: 'malformed' }]);
    }
    const key = await findDonationKey(db, code);
    const story = key ? await donationStory(db, key) : null;
    if (!story) throw new Problem('not-found', 'Unknown receipt code', `No gift has the receipt code ${code}.`, [{ path: 'receiptCode', message: 'unknown' }]);
    const checkpoint = await latestCheckpoint(db);
    const treeSize = checkpoint?.size ?? 0;
    const proof = checkpoint && story.leafIndex < treeSize ? await proveInclusion(db, story.leafIndex, treeSize) : [];
    const [leaf] = await db.query.events.findMany({ where: (e, { eq }) => eq(e.seq, story.leafIndex + 1), columns: { leaf: true } });
    const unit = story.asset.startsWith('money:') ? 'amount' : 'quantity';
    const total = (state: string) => story.fate.filter((p) => p.state === state).reduce((a, p) => a + p.amount, 0);
    return c.json({
      receiptCode: story.receiptCode,
      kind: story.kind,
      status: story.status,
      donor: story.donor,
      recipient: story.recipient,
      gift: presentAsset(story.asset, story.amount, story.lotCode),
      restriction: story.restriction,
      occurredAt: story.occurredAt,
      fate: story.fate.map((p) => ({
        state: p.state, holder: p.holder, [unit]: p.amount, asset: presentAsset(p.asset), disease: p.disease, reason: p.reason, breach: p.breach,
      })),
      totals: { held: total('held'), in_transit: total('in_transit'), used: total('used'), written_off: total('written_off'), lost: total('lost') },
      trail: story.trail,
      uses: story.uses.map((u) => ({ ...u, beneficiaries: publicCount(u.beneficiaries) })),
      corrections: story.corrections,
      log: {
        leafIndex: story.leafIndex,
        leaf: leaf?.leaf ?? '',
        treeSize,
        checkpoint: checkpoint?.note ?? null,
        inclusionProof: proof.map(encodeBase64),
      },
    }, 200);
  });
  return app;
}
