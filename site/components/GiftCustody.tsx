/**
 * The custody of the shipments a gift travelled in, for the gift's page and the lookup: for
 * each shipment of goods, who handed it to whom, whether the chain has a gap, and what its
 * temperature record says, with a link to the shipment's own page.
 */
import type { CustodyParty, GiftShipmentCustody } from '../../api/contract/custody.ts';
import type { Locale } from '../lib/i18n.ts';
import type { Namer } from '../lib/names.ts';
import type { StringKey, T } from '../lib/strings.ts';

interface Props {
  custody: GiftShipmentCustody[];
  t: T;
  locale: Locale;
  heading: 'h2' | 'h3';
  /** Names organizations in the page's language (their English name on English pages). */
  namer?: Pick<Namer, 'organization'>;
}

export function GiftCustody({ custody, t, locale, heading: H, namer }: Props) {
  if (custody.length === 0) return null;
  const party = (p: CustodyParty) =>
    p.name === null || p.id === null
      ? t('gift.custody.anonymous', { kind: t(`kind.${p.kind}` as StringKey) })
      : (namer?.organization(p.id, p.name) ?? p.name);
  const page = (id: string) => `${locale === 'en' ? '/en' : ''}/shipments/${id}/`;
  return (
    <section aria-labelledby="custody-h">
      <H id="custody-h">{t('gift.custody.title')}</H>
      <p className="note">{t('gift.custody.caption')}</p>
      <ul className="gift-custody">
        {custody.map((s) => {
          const hot = s.temperatures.filter((x) => x.excursion);
          const notes = [
            s.handovers.length > 0
              ? t('gift.custody.handovers', {
                  chain: [party(s.from), ...s.handovers.map((h) => party(h.to))].join(' → '),
                })
              : null,
            s.continuous ? null : t('gift.custody.gap'),
            ...hot.map((x) =>
              t('gift.custody.excursion', {
                minutes: x.outsideMinutes,
                low: x.range[0],
                high: x.range[1],
                max: x.max,
              }),
            ),
            hot.length === 0 && s.temperatures.length > 0
              ? t('gift.custody.cold', {
                  low: s.temperatures[0]!.range[0],
                  high: s.temperatures[0]!.range[1],
                })
              : null,
            s.temperatures.length === 0 && s.coldChain ? t('gift.custody.noRecord') : null,
            s.quarantine === 'quarantined' ? t('gift.custody.quarantined') : null,
            s.quarantine === 'released' ? t('gift.custody.released') : null,
          ].filter((n): n is string => n !== null);
          return (
            <li key={s.shipment}>
              <a href={page(s.shipment)}>
                {t('gift.custody.shipment', { id: s.shipment, from: party(s.from), to: party(s.to) })}
              </a>
              {notes.length > 0 && <span>: {notes.join('; ')}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
