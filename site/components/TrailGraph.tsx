/**
 * Draws one gift's flow graph from charts/trail-state.ts: the donor on the left, each holder
 * it passed through, and on the right where its units are now, coloured by state.
 */
import { fitText, textWidth } from '../charts/text-fit.ts';
import { FlowLinks } from './FlowLinks.tsx';
import type { TrailLayout } from '../charts/trail-state.ts';

interface Props {
  id: string;
  layout: TrailLayout;
  label: Record<string, string>;
  value: Record<string, string>;
  title: string;
  desc: string;
}

export function TrailGraph({ id, layout, label, value, title, desc }: Props) {
  return (
    <svg
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      className="wide-chart"
      style={{ minWidth: `${layout.width}px` }}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <FlowLinks links={layout.links} label={label} value={value} />
      {layout.nodes.map((n) => {
        const h = Math.max(1, n.y1 - n.y0);
        const mid = (n.y0 + n.y1) / 2;
        const name = label[n.id] ?? n.id;
        const v = value[n.id] ?? '';
        const room = layout.labelRoom[n.layer] ?? 150;
        // The amount goes on a second line when the node is tall enough, else after the name.
        const twoLines = h >= 30;
        const shown = fitText(name, room - (twoLines ? 0 : textWidth(` ${v}`, 12)), 13);
        const cls = n.role === 'state' ? `state-${n.id.slice(6)}` : n.role === 'donor' ? 'col-0' : 'col-1';
        return (
          <g key={n.id}>
            <rect className={cls} x={n.x0} y={n.y0} width={n.x1 - n.x0} height={h} />
            <text className="node-label halo" x={n.x1 + 6} y={twoLines ? mid - 3 : mid + 4}>
              {shown !== name && <title>{name}</title>}
              {shown}
              {!twoLines && <tspan className="node-value"> {v}</tspan>}
            </text>
            {twoLines && (
              <text className="node-value halo" x={n.x1 + 6} y={mid + 13}>
                {fitText(v, room, 12)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
