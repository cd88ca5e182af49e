/**
 * What every China map draws over its regions: the names of the regions it names, and the
 * South China Sea inset with the same classes and fills as the main map.
 */
import type { MapGeometry } from '../lib/geo.ts';

interface Props {
  geometry: MapGeometry;
  names: Record<string, string>;
  /** The class of a region's path, the same on the inset as on the main map. */
  regionClass: (code: string) => string;
  fill: (code: string) => string | undefined;
  insetLabel?: string;
}

export function MapOverlays({ geometry, names, regionClass, fill, insetLabel }: Props) {
  const { inset } = geometry;
  return (
    <>
      <g className="map-names" aria-hidden="true">
        {geometry.shapes
          .filter((s) => names[s.code])
          .map((s) => (
            <text key={s.code} className="map-name halo" x={s.at[0]} y={s.at[1] + 4} textAnchor="middle">
              {names[s.code]}
            </text>
          ))}
      </g>
      {inset && (
        <g className="inset" aria-hidden="true">
          <rect className="inset-frame" x={inset.x} y={inset.y} width={inset.width} height={inset.height} />
          {inset.shapes.map((s, i) => (
            <path key={i} className={regionClass(s.code)} d={s.d} fill={fill(s.code)} />
          ))}
          {insetLabel && (
            <text
              className="inset-label"
              x={inset.x + inset.width - 6}
              y={inset.y + inset.height - 6}
              textAnchor="end"
            >
              {insetLabel}
            </text>
          )}
        </g>
      )}
    </>
  );
}
