/**
 * "Track my gift": the lookup's first-load script, plain DOM. A donor types their receipt
 * code; the script asks the API (same origin) for the gift and says plainly when the code is
 * malformed or unknown. Only when a gift is found does the page load the code that draws it
 * (gift-result.tsx: the same view as the gift pages) and checks its proof, so the page itself
 * stays light. The code goes into the address (?code=…) so the result can be shared and
 * reloaded.
 */
import { normalizeReceiptCode } from '../../api/domain/receipt-codes.ts';
import type { GiftAnswer } from '../lib/gift-types.ts';
import type { NameTables } from '../lib/names.ts';
import { makeT } from '../lib/strings.ts';
import type { TrackConfig } from '../lib/track-config.ts';

const emptyNames: NameTables = { regions: {}, diseases: {}, items: {} };

function start(root: HTMLElement) {
  const config = JSON.parse(document.getElementById('track-config')!.textContent!) as TrackConfig;
  const t = makeT(config.strings);
  const form = root.querySelector<HTMLFormElement>('form.lookup')!;
  const input = root.querySelector<HTMLInputElement>('#receipt-code')!;
  const live = root.querySelector<HTMLElement>('#track-live')!;
  const message = root.querySelector<HTMLElement>('#track-message')!;
  const result = root.querySelector<HTMLElement>('#track-result')!;
  let names: Promise<NameTables> | null = null;
  let shown: { clear(): void } | null = null;
  let asked = 0;

  const say = (text: string) => {
    live.replaceChildren(
      text ? Object.assign(document.createElement('p'), { className: 'status', textContent: text }) : '',
    );
  };
  const alert = (text: string) => {
    const p = Object.assign(document.createElement('p'), {
      className: 'alert',
      textContent: text,
      tabIndex: -1,
    });
    p.setAttribute('role', 'alert');
    message.replaceChildren(p);
    p.focus();
  };

  async function lookup(raw: string) {
    const typed = raw.trim();
    if (!typed) return;
    const mine = ++asked;
    shown?.clear();
    shown = null;
    message.replaceChildren();
    say(t('track.loading', { code: typed }));
    names ??= fetch(config.namesUrl)
      .then((r) => (r.ok ? (r.json() as Promise<NameTables>) : emptyNames))
      .catch(() => emptyNames);
    let res: Response;
    try {
      res = await fetch(`/api/v1/donations/${encodeURIComponent(typed)}`, {
        headers: { accept: 'application/json' },
      });
    } catch {
      return mine === asked && (say(''), alert(t('track.failed', { status: 'network' })));
    }
    if (mine !== asked) return;
    if (res.status === 422) return (say(''), alert(t('track.malformed', { code: typed })));
    if (res.status === 404) return (say(''), alert(t('track.unknown', { code: typed.toUpperCase() })));
    if (!res.ok) return (say(''), alert(t('track.failed', { status: String(res.status) })));
    const answer = (await res.json()) as GiftAnswer;
    const code = normalizeReceiptCode(typed) ?? typed;
    const url = new URL(window.location.href);
    url.searchParams.set('code', code);
    window.history.replaceState(null, '', url);
    // The view and the proof checks load only now, when there is a gift to show.
    const [{ showGift }, tables] = await Promise.all([import('./gift-result.tsx'), names]);
    if (mine !== asked) return;
    say('');
    shown = showGift(result, {
      answer,
      names: tables,
      code,
      locale: config.locale,
      strings: config.strings,
      pins: config.pins,
    });
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void lookup(input.value);
  });
  const initial = new URLSearchParams(window.location.search).get('code');
  if (initial) {
    input.value = initial;
    void lookup(initial);
  }
}

const root = document.getElementById('track');
if (root) start(root);
