/**
 * The verification badge and what it means. On a pre-built gift page it starts as "needs
 * JavaScript" and carries its proof in `data-verify` for the page's small script; in the gift
 * lookup it is re-rendered as the check progresses.
 */
import type { PanelText } from '../lib/verify-view.ts';

interface Props {
  text: PanelText;
  title: string;
  /** JSON for the page script: the proof, the receipt code and the panel's strings. */
  data?: string;
  level?: 2 | 3;
}

export function VerifyPanel({ text, title, data, level = 2 }: Props) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section className="verify" data-state={text.state} data-verify={data} aria-labelledby="verify-h">
      <H id="verify-h">{title}</H>
      <div aria-live="polite">
        <p>
          <span className="badge">{text.badge}</span>
        </p>
        <p className="verify-msg">{text.message}</p>
        <ol className="verify-steps" hidden={text.steps.length === 0}>
          {text.steps.map((s) => (
            <li key={s} className="done">
              {s}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
