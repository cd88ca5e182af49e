/**
 * One stacked bar of parts of a whole, with a legend naming each part, its amount and its
 * share. The bar only repeats the legend as a picture, so it is hidden from screen readers;
 * the legend and the table beneath carry the numbers.
 */
import type { PartsModel } from '../charts/parts-state.ts';
import { shareLabel } from '../charts/parts-state.ts';

interface Props {
  model: PartsModel;
  width: number;
  /** Part key → name. */
  label: Record<string, string>;
  /** Part key → formatted amount. */
  value: Record<string, string>;
}

export function PartsBar({ model, width, label, value }: Props) {
  return (
    <div className="parts">
      <svg
        viewBox={`0 0 ${width} 28`}
        width="100%"
        height="28"
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {model.parts.map((p) => (
          <rect key={p.key} className={`state-${p.key}`} x={p.x} y={0} width={p.width} height={28} />
        ))}
      </svg>
      <ul className="bar-legend">
        {model.parts.map((p) => (
          <li key={p.key}>
            <span className={`swatch state-${p.key}`} />
            {label[p.key]} <strong>{value[p.key]}</strong> ({shareLabel(p.permille, p.value, model.total)})
          </li>
        ))}
      </ul>
    </div>
  );
}
