/**
 * Draws a laid-out Sankey diagram as SVG. Only renders: the geometry comes from
 * charts/sankey-state.ts, the labels from the page.
 */
import type { SankeyLayout } from '../charts/sankey-state.ts';
import { fitText, textWidth } from '../charts/text-fit.ts';
import { FlowLinks } from './FlowLinks.tsx';

interface Props {
  id: string;
  layout: SankeyLayout;
  columnTitles: string[];
  /** Node id → name. */
  label: Record<string, string>;
  /** Node id → formatted amount. */
  value: Record<string, string>;
  title: string;
  desc: string;
  /** Room for a label to the right of its node. */
  labelRoom: number;
  /** Node id → a page about the node (a province's region page); its label links there. */
  href?: Record<string, string>;
}

export function SankeyView({
  id,
  layout,
  columnTitles,
  label,
  value,
  title,
  desc,
  labelRoom,
  href = {},
}: Props) {
  return (
    <svg
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      className="wide-chart"
      style={{ minWidth: `${layout.width}px` }}
      role={Object.keys(href).length ? 'group' : 'img'}
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {columnTitles.map((c, i) => (
        <text key={c} className="col-head" x={layout.columnX[i] ?? 0} y={16}>
          {c}
        </text>
      ))}
      <FlowLinks links={layout.links} label={label} value={value} />
      <g>
        {layout.nodes.map((n) => {
          const h = n.y1 - n.y0;
          const mid = (n.y0 + n.y1) / 2;
          const twoLines = h >= 30;
          const name = label[n.id] ?? '';
          // A label ends before the next column's nodes (or the chart's edge): the name gives
          // way, never the amount.
          const next = layout.columnX[n.column + 1];
          const room = next === undefined ? labelRoom - 10 : next - n.x1 - 6 - 8;
          const shown = fitText(name, room - (twoLines ? 0 : textWidth(` ${value[n.id] ?? ''}`, 12)), 13);
          const text = (
            <text className="node-label halo" x={n.x1 + 6} y={twoLines ? mid - 3 : mid + 4}>
              {shown !== name && <title>{name}</title>}
              {shown}
              {!twoLines && <tspan className="node-value"> {value[n.id]}</tspan>}
            </text>
          );
          return (
            <g key={n.id}>
              <rect
                className={`col-${n.column}`}
                x={n.x0}
                y={n.y0}
                width={n.x1 - n.x0}
                height={Math.max(1, h)}
              />
              {href[n.id] ? (
                <a href={href[n.id]} className="node-link">
                  {text}
                </a>
              ) : (
                text
              )}
              {twoLines && (
                <text className="node-value halo" x={n.x1 + 6} y={mid + 13}>
                  {value[n.id]}
                </text>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
