/**
 * The provinces a gift reached, on the national map (lib/geo.ts, projected at build time):
 * shaded by the share of the gift now there, hatched where the trail only passed through.
 * Only renders; the classes and names come from gift-map-state.
 */
import type { PlaceClass } from '../charts/gift-map-state.ts';
import type { MapGeometry } from '../lib/geo.ts';
import { HatchPattern } from './HatchPattern.tsx';
import { MapOverlays } from './MapOverlays.tsx';

interface Props {
  id: string;
  geometry: MapGeometry;
  cls: Record<string, PlaceClass>;
  /** Province code → "name: share", for tooltips. */
  label: Record<string, string>;
  /** Province code → name, drawn on the provinces the gift reached or passed through. */
  names: Record<string, string>;
  title: string;
  desc: string;
  insetLabel?: string;
}

export function GiftMapView({ id, geometry, cls, label, names, title, desc, insetLabel }: Props) {
  const { width, height } = geometry;
  const hatch = `${id}-hatch`;
  const classOf = (code: string) => cls[code] ?? 'none';
  const fill = (code: string) => (classOf(code) === 'passed' ? `url(#${hatch})` : undefined);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="map gift-map"
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <HatchPattern id={hatch} />
      <g className="regions">
        {geometry.shapes.map((s) => (
          <path
            key={s.code}
            className={`region place-${classOf(s.code)}`}
            data-code={s.code}
            d={s.d}
            fill={fill(s.code)}
          >
            {label[s.code] && <title>{label[s.code]}</title>}
          </path>
        ))}
      </g>
      <MapOverlays
        geometry={geometry}
        names={names}
        regionClass={(code) => `region place-${classOf(code)}`}
        fill={fill}
        insetLabel={insetLabel}
      />
    </svg>
  );
}
