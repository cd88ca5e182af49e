/**
 * A gift's page rendered on request: the built site's gift frame (its layout, styles and
 * verification script) filled with the StaticGift component a built page uses, from the same
 * gift answer the API gives. Every gift has a page this way, and no receipt code is ever listed
 * in the built site. Pages are kept per log size, so a gift's page follows its trail.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { StaticGift } from '../components/StaticGift.tsx';
import { nationMap } from '../lib/geo.ts';
import type { GiftAnswer } from '../lib/gift-types.ts';
import { localePath, stringsFor, translator, type Locale } from '../lib/i18n.ts';
import { giftFrameMarks, giftFramePath } from './gift-frame.ts';
import { escapeHtml, framedPages, withAsOf, type Frame } from './framed-pages.ts';
import { EventId } from '../../api/domain/events.ts';
import { normalizeReceiptCode } from '../../api/domain/receipt-codes.ts';
import { giftAnswer } from '../../api/store/answers/gift.ts';
import { findDonationKey } from '../../api/store/queries/donation-fate.ts';
import type { Database } from '../../api/store/database.ts';
import { logSize } from '../../api/store/log-size.ts';
import { itemStorage } from '../lib/item-storage.ts';
import type { ComplaintRow } from '../../api/contract/complaint.ts';
import { openComplaintsAbout } from '../../api/store/answers/complaints.ts';
import { latestOccurredAt } from '../../api/store/queries/signals.ts';
import { ComplaintsAbout } from '../components/ComplaintsAbout.tsx';
import { complaintFormPath } from '../lib/complaints-view.ts';

export interface GiftPages {
  /** The page of the gift with this receipt code, or null when there is none (or no built site). */
  render(code: string, locale: Locale): Promise<string | null>;
}

export interface GiftPageDeps {
  /** The folder of the site being served (its frame and name tables are used). */
  siteDir: () => string | undefined;
  /** The gift's public answer, as GET /api/v1/donations/{code} gives it; null when unknown. */
  answer: (code: string) => Promise<GiftAnswer | null>;
  /** The log's size: pages are kept until it grows. */
  logSize: () => Promise<number>;
  /** How many rendered pages are kept (default 500). */
  keep?: number;
  /** The complaints about a gift that are not resolved (none when not given). */
  complaints?: (giftId: string) => Promise<ComplaintRow[]>;
}

/** A gift's answer and the open complaints about it: what one page shows. */
interface GiftPageData {
  answer: GiftAnswer;
  complaints: ComplaintRow[];
}

export const giftPages = (deps: GiftPageDeps): GiftPages =>
  framedPages<GiftPageData>({
    ...deps,
    framePath: giftFramePath,
    answer: async (code) => {
      const answer = await deps.answer(code);
      return answer ? { answer, complaints: (await deps.complaints?.(answer.id)) ?? [] } : null;
    },
    fill: (shell, data, locale) => fill(shell, data.answer, locale, data.complaints),
  });

/** Gift pages from a ledger: a public page by event id, the donor's page by receipt code. */
export function ledgerGiftPages(database: Database, siteDir: () => string | undefined): GiftPages {
  return giftPages({
    siteDir,
    answer: async (id) => {
      // By event id: the gift's public form (no receipt code, no private part).
      if (EventId.safeParse(id).success) return giftAnswer(database.db, id, itemStorage);
      const code = normalizeReceiptCode(id);
      const key = code ? await findDonationKey(database.db, code) : null;
      return key && code ? giftAnswer(database.db, key, itemStorage, { receiptCode: code }) : null;
    },
    logSize: () => logSize(database.client),
    complaints: async (id) => {
      const { asOf } = await latestOccurredAt(database.client);
      return asOf ? openComplaintsAbout(database.client, id, asOf) : [];
    },
  });
}

function fill(shell: Frame, answer: GiftAnswer, locale: Locale, complaints: ComplaintRow[]): string {
  const t = translator(locale);
  const code = answer.receiptCode ?? answer.id;
  const asOf = t('gift.asOf', { size: answer.log.treeSize });
  const body = renderToString(
    createElement(StaticGift, {
      answer,
      names: shell.names,
      strings: stringsFor(locale, ['']),
      verifyStrings: stringsFor(locale, ['verify.']),
      locale,
      map: nationMap(),
    }),
  );
  const aboutIt = renderToString(
    createElement(ComplaintsAbout, {
      t,
      locale,
      rows: complaints,
      formHref: complaintFormPath(locale, answer.id),
      listHref: localePath(locale, '/complaints/'),
    }),
  );
  // The live trail is followed by receipt code: a public page by event id has none to link.
  const live = answer.receiptCode
    ? ` <a href="${escapeHtml(`${localePath(locale, '/track/')}?code=${code}`)}">${escapeHtml(t('gift.live'))}</a>`
    : '';
  const head = `<h1>${escapeHtml(t('gift.title', { code }))}</h1><p class="note">${escapeHtml(asOf)}${live}</p>`;
  // The page states the one checkpoint it reflects: the gift's, not the built site's.
  return withAsOf(
    shell.html
      .replaceAll(giftFrameMarks.title, escapeHtml(t('gift.title', { code })))
      .replaceAll(giftFrameMarks.description, escapeHtml(t('gift.metaDescription', { code })))
      .replace(giftFrameMarks.body, () => head + body + aboutIt),
    asOf,
  );
}
