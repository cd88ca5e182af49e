/**
 * The gift pages' only script: checks the embedded inclusion proof against the signed
 * checkpoint, with the log's public key fetched from the API, and updates the badge.
 */
import { makeT } from '../lib/strings.ts';
import { verifyGiftProof, type GiftClaim, type LogProof } from '../lib/verify-gift.ts';
import { panelText, type PanelText } from '../lib/verify-view.ts';

interface Embedded {
  /** The gift's receipt code on the donor's page, else its event id. */
  name: string;
  gift: GiftClaim;
  proof: LogProof;
  strings: Record<string, string>;
}

function show(panel: HTMLElement, text: PanelText) {
  panel.dataset.state = text.state;
  panel.querySelector('.badge')!.textContent = text.badge;
  panel.querySelector('.verify-msg')!.textContent = text.message;
  const steps = panel.querySelector<HTMLOListElement>('.verify-steps')!;
  steps.replaceChildren(
    ...text.steps.map((s) =>
      Object.assign(document.createElement('li'), { className: 'done', textContent: s }),
    ),
  );
  steps.hidden = text.steps.length === 0;
}

async function run(panel: HTMLElement) {
  const data = JSON.parse(panel.dataset.verify!) as Embedded;
  const t = makeT(data.strings);
  show(panel, panelText(t, 'checking', data.name));
  let key: string;
  try {
    const res = await fetch('/api/v1/log/public-key');
    if (!res.ok) throw new Error(String(res.status));
    key = await res.text();
  } catch {
    show(panel, panelText(t, 'network', data.name));
    return;
  }
  show(panel, panelText(t, 'result', data.name, verifyGiftProof(data.proof, key, data.gift)));
}

document.querySelectorAll<HTMLElement>('[data-verify]').forEach((panel) => void run(panel));
