/**
 * A pre-built gift page's body: the gift's story with the verification panel in its
 * "needs JavaScript" state, carrying the proof for the page's script to check.
 */
import type { MapGeometry } from '../lib/geo.ts';
import type { GiftAnswer } from '../lib/gift-types.ts';
import type { Locale } from '../lib/i18n.ts';
import { createNamer, type NameTables } from '../lib/names.ts';
import { makeT } from '../lib/strings.ts';
import { panelText } from '../lib/verify-view.ts';
import { GiftView } from './GiftView.tsx';
import { VerifyPanel } from './VerifyPanel.tsx';

interface Props {
  answer: GiftAnswer;
  names: NameTables;
  strings: Record<string, string>;
  verifyStrings: Record<string, string>;
  locale: Locale;
  /** Province outlines for the map of where the gift went. */
  map?: MapGeometry;
}

export function StaticGift({ answer, names, strings, verifyStrings, locale, map }: Props) {
  const t = makeT(strings);
  const name = answer.receiptCode ?? answer.id;
  const data = JSON.stringify({
    name,
    gift: { id: answer.id, receiptCode: answer.receiptCode, private: answer.private },
    proof: answer.log,
    strings: verifyStrings,
  });
  return (
    <GiftView
      answer={answer}
      namer={createNamer(names, locale)}
      t={t}
      locale={locale}
      map={map}
      verify={<VerifyPanel text={panelText(t, 'nojs', name)} title={t('verify.title')} data={data} />}
    />
  );
}
