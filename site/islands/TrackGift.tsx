/**
 * "Track my gift": the one interactive island. A donor types their receipt code; the island
 * asks the API (same origin) for the gift, shows its story with the same view as the
 * pre-built gift pages, and verifies its inclusion proof against the signed checkpoint with
 * the log's key (and the witnesses' keys) pinned when the site was built. The code goes into the address (?code=…) so the result can be shared
 * and reloaded.
 */
import { normalizeReceiptCode } from '../../api/domain/receipt-codes.ts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { GiftView } from '../components/GiftView.tsx';
import { VerifyPanel } from '../components/VerifyPanel.tsx';
import type { GiftAnswer } from '../lib/gift-types.ts';
import type { Locale } from '../lib/i18n.ts';
import { createNamer, type NameTables } from '../lib/names.ts';
import { makeT } from '../lib/strings.ts';
import { panelText, type PanelText } from '../lib/verify-view.ts';
import type { PinnedKeys } from '../lib/pinned-keys.ts';

interface Props {
  locale: Locale;
  strings: Record<string, string>;
  /** Where the name tables for this language are (site-data/names.<locale>.json). */
  namesUrl: string;
  /** The keys pinned at build time; without them nothing is verified. */
  pins: PinnedKeys | null;
}

type Status =
  | { kind: 'idle' }
  | { kind: 'loading'; code: string }
  | { kind: 'malformed'; code: string }
  | { kind: 'unknown'; code: string }
  | { kind: 'failed'; status: string }
  | { kind: 'found'; answer: GiftAnswer; names: NameTables };

const emptyNames: NameTables = { regions: {}, diseases: {}, items: {} };

export default function TrackGift({ locale, strings, namesUrl, pins }: Props) {
  const t = makeT(strings);
  const [code, setCode] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [verify, setVerify] = useState<PanelText | null>(null);
  const names = useRef<Promise<NameTables> | null>(null);
  const result = useRef<HTMLHeadingElement>(null);
  const message = useRef<HTMLParagraphElement>(null);

  async function lookup(raw: string) {
    const typed = raw.trim();
    if (!typed) return;
    setStatus({ kind: 'loading', code: typed });
    setVerify(null);
    names.current ??= fetch(namesUrl)
      .then((r) => (r.ok ? (r.json() as Promise<NameTables>) : emptyNames))
      .catch(() => emptyNames);
    let res: Response;
    try {
      res = await fetch(`/api/v1/donations/${encodeURIComponent(typed)}`, {
        headers: { accept: 'application/json' },
      });
    } catch {
      setStatus({ kind: 'failed', status: 'network' });
      return;
    }
    if (res.status === 422) return setStatus({ kind: 'malformed', code: typed });
    if (res.status === 404) return setStatus({ kind: 'unknown', code: typed.toUpperCase() });
    if (!res.ok) return setStatus({ kind: 'failed', status: String(res.status) });
    const answer = (await res.json()) as GiftAnswer;
    const code = normalizeReceiptCode(typed) ?? typed;
    setStatus({ kind: 'found', answer, names: await names.current });
    const url = new URL(window.location.href);
    url.searchParams.set('code', code);
    window.history.replaceState(null, '', url);
    if (!pins) return setVerify(panelText(t, 'noPinnedKey', code));
    setVerify(panelText(t, 'checking', code));
    try {
      // The signature and proof code loads only when there is something to verify.
      const { checkGift } = await import('../lib/verify-witnessed.ts');
      // The code typed is the one checked: the answer must commit to it.
      const { result, witnessed } = await checkGift(
        answer.log,
        { id: answer.id, receiptCode: code, private: answer.private },
        pins,
      );
      setVerify(panelText(t, 'result', code, result, witnessed));
    } catch {
      setVerify(panelText(t, 'network', code));
    }
  }

  useEffect(() => {
    const initial = new URLSearchParams(window.location.search).get('code');
    if (initial) {
      setCode(initial);
      void lookup(initial);
    }
  }, []);

  useEffect(() => {
    if (status.kind === 'found') result.current?.focus();
    else if (status.kind !== 'idle' && status.kind !== 'loading') message.current?.focus();
  }, [status.kind]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void lookup(code);
  };

  return (
    <div className="track">
      <form className="lookup" onSubmit={submit} role="search" aria-label={t('track.title')}>
        <label htmlFor="receipt-code">{t('track.label')}</label>
        <input
          id="receipt-code"
          name="code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-describedby="receipt-hint"
          placeholder="AT-XXXX-XXXX-XXXX"
        />
        <button type="submit">{t('track.submit')}</button>
        <p className="hint" id="receipt-hint">
          {t('track.hint')}
        </p>
      </form>
      <div aria-live="polite">
        {status.kind === 'loading' && <p className="status">{t('track.loading', { code: status.code })}</p>}
      </div>
      {status.kind === 'malformed' && (
        <p className="alert" role="alert" tabIndex={-1} ref={message}>
          {t('track.malformed', { code: status.code })}
        </p>
      )}
      {status.kind === 'unknown' && (
        <p className="alert" role="alert" tabIndex={-1} ref={message}>
          {t('track.unknown', { code: status.code })}
        </p>
      )}
      {status.kind === 'failed' && (
        <p className="alert" role="alert" tabIndex={-1} ref={message}>
          {t('track.failed', { status: status.status })}
        </p>
      )}
      {status.kind === 'found' && (
        <div className="result">
          <h2 ref={result} tabIndex={-1}>
            {t('gift.title', { code: status.answer.receiptCode ?? status.answer.id })}
          </h2>
          <GiftView
            answer={status.answer}
            namer={createNamer(status.names, locale)}
            t={t}
            locale={locale}
            level={3}
            verify={verify && <VerifyPanel text={verify} title={t('verify.title')} level={3} />}
          />
        </div>
      )}
    </div>
  );
}
