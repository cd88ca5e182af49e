/**
 * Draws a heat map laid out by charts/heatmap-state.ts: row labels on the left, column labels
 * turned up above, each cell coloured by its coverage class with its percentage written in it;
 * cells where no need was reported are hatched and empty.
 */
import type { HeatmapLayout } from '../charts/heatmap-state.ts';
import { fitText } from '../charts/text-fit.ts';
import { HatchPattern } from './HatchPattern.tsx';

export interface HeatmapModel {
  layout: HeatmapLayout;
  rowLabel: Record<string, string>;
  columnLabel: Record<string, string>;
  /** Cell text by `row\u0000column`. */
  value: Record<string, string>;
  title: string;
  desc: string;
}

export function HeatmapView({ id, heat }: { id: string; heat: HeatmapModel }) {
  const { layout, rowLabel, columnLabel, value, title, desc } = heat;
  const { width, height, cell, x0, y0 } = layout;
  const hatch = `${id}-hatch`;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className="heatmap"
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <HatchPattern id={hatch} />
      {layout.columns.map((c) => {
        const name = columnLabel[c.key] ?? c.key;
        const shown = fitText(name, (y0 - 10) / 0.87, 12);
        return (
          <text
            key={c.key}
            className="heat-col"
            transform={`translate(${c.x + cell / 2 + 4},${y0 - 6}) rotate(-60)`}
          >
            {shown !== name && <title>{name}</title>}
            {shown}
          </text>
        );
      })}
      {layout.rows.map((r) => {
        const name = rowLabel[r.key] ?? r.key;
        const shown = fitText(name, x0 - 10, 12);
        return (
          <text key={r.key} className="heat-row" x={x0 - 8} y={r.y + cell / 2 + 4} textAnchor="end">
            {shown !== name && <title>{name}</title>}
            {shown}
          </text>
        );
      })}
      {layout.cells.map((c) => {
        const key = `${c.row}\u0000${c.column}`;
        const tip = `${rowLabel[c.row]} · ${columnLabel[c.column]}: ${c.cls === 'none' ? '—' : `${value[key]}%`}`;
        return (
          <g key={key}>
            <rect
              className={`cell cov-${c.cls}`}
              x={c.x + 1}
              y={c.y + 1}
              width={cell - 2}
              height={cell - 2}
              fill={c.cls === 'none' ? `url(#${hatch})` : undefined}
            >
              <title>{tip}</title>
            </rect>
            {c.cls !== 'none' && (
              <text
                className={`cell-value on-${c.cls}`}
                x={c.x + cell / 2}
                y={c.y + cell / 2 + 4}
                textAnchor="middle"
              >
                {value[key]}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
