/**
 * A found gift on the track page, loaded on demand by track-gift.ts: the same GiftView the gift
 * pages render, and its inclusion proof checked against the checkpoint with the keys pinned at
 * build time (the signature and proof code loads only when there is something to verify).
 */
import { useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GiftView } from '../components/GiftView.tsx';
import { VerifyPanel } from '../components/VerifyPanel.tsx';
import type { GiftAnswer } from '../lib/gift-types.ts';
import type { Locale } from '../lib/i18n.ts';
import { createNamer, type NameTables } from '../lib/names.ts';
import type { PinnedKeys } from '../lib/pinned-keys.ts';
import { makeT } from '../lib/strings.ts';
import { panelText, type PanelText } from '../lib/verify-view.ts';

interface Props {
  answer: GiftAnswer;
  names: NameTables;
  /** The code the donor typed, normalised: the answer must commit to it. */
  code: string;
  locale: Locale;
  strings: Record<string, string>;
  pins: PinnedKeys | null;
}

function GiftResult({ answer, names, code, locale, strings, pins }: Props) {
  const t = makeT(strings);
  const heading = useRef<HTMLHeadingElement>(null);
  const [verify, setVerify] = useState<PanelText>(() =>
    panelText(t, pins ? 'checking' : 'noPinnedKey', code),
  );
  useEffect(() => {
    heading.current?.focus();
    if (!pins) return;
    let live = true;
    import('../lib/verify-witnessed.ts')
      .then(({ checkGift }) =>
        checkGift(answer.log, { id: answer.id, receiptCode: code, private: answer.private }, pins),
      )
      .then(({ result, witnessed }) => live && setVerify(panelText(t, 'result', code, result, witnessed)))
      .catch(() => live && setVerify(panelText(t, 'network', code)));
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="result">
      <h2 ref={heading} tabIndex={-1}>
        {t('gift.title', { code: answer.receiptCode ?? answer.id })}
      </h2>
      <GiftView
        answer={answer}
        namer={createNamer(names, locale)}
        t={t}
        locale={locale}
        level={3}
        verify={<VerifyPanel text={verify} title={t('verify.title')} level={3} />}
      />
    </div>
  );
}

/** Draws the gift into `el`; `clear` removes it (a new lookup replaces it). */
export function showGift(el: HTMLElement, props: Props): { clear(): void } {
  const root = createRoot(el);
  root.render(<GiftResult {...props} />);
  return { clear: () => root.unmount() };
}
