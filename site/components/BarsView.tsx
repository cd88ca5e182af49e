/**
 * Draws a horizontal bar chart from charts/bars-state.ts: row labels on the left, an axis
 * with round ticks and its unit on top, each bar's value at its end.
 */
import type { BarsModel } from '../charts/bars-state.ts';
import { fitText } from '../charts/text-fit.ts';

interface Props {
  id: string;
  model: BarsModel;
  /** Row key → name. */
  label: Record<string, string>;
  /** Row key → formatted amount. */
  value: Record<string, string>;
  /** Tick value → text. */
  tick: (value: number) => string;
  axisLabel: string;
  title: string;
  desc: string;
}

export function BarsView({ id, model, label, value, tick, axisLabel, title, desc }: Props) {
  const { width, height, x0, barHeight } = model;
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 18}`}
      width={width}
      height={height + 18}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <g className="axis">
        {model.ticks.map((t) => (
          <g key={t.value}>
            <line x1={t.x} x2={t.x} y1={18} y2={height} />
            <text x={t.x} y={14} textAnchor="middle">
              {tick(t.value)}
            </text>
          </g>
        ))}
      </g>
      {model.bars.map((b) => (
        <g key={b.key}>
          <text className="node-label" x={x0 - 8} y={b.y + barHeight / 2 + 5} textAnchor="end">
            {fitText(label[b.key] ?? '', x0 - 12, 13) !== label[b.key] && <title>{label[b.key]}</title>}
            {fitText(label[b.key] ?? '', x0 - 12, 13)}
          </text>
          <rect className="bar" x={x0} y={b.y} width={b.width} height={barHeight} />
          <text className="node-value" x={x0 + b.width + 6} y={b.y + barHeight / 2 + 5}>
            {value[b.key]}
          </text>
        </g>
      ))}
      <text className="axis-label" x={x0} y={height + 14}>
        {axisLabel}
      </text>
    </svg>
  );
}
