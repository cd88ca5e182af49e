/**
 * The gift pages' only script: checks the embedded inclusion proof against the signed
 * checkpoint with the log's key pinned in the page at build time, and that the checkpoint is in
 * the history the pinned witnesses cosigned; then updates the badge.
 */
import { pagePins } from '../lib/pinned-keys.ts';
import { makeT } from '../lib/strings.ts';
import type { GiftClaim, LogProof } from '../lib/verify-gift.ts';
import { checkGift } from '../lib/verify-witnessed.ts';
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
  const pins = pagePins(document);
  if (!pins) {
    show(panel, panelText(t, 'noPinnedKey', data.name));
    return;
  }
  try {
    const { result, witnessed } = await checkGift(data.proof, data.gift, pins);
    show(panel, panelText(t, 'result', data.name, result, witnessed));
  } catch {
    show(panel, panelText(t, 'network', data.name));
  }
}

document.querySelectorAll<HTMLElement>('[data-verify]').forEach((panel) => void run(panel));
