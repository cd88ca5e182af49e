/**
 * Draws a choropleth from projected paths (lib/geo.ts) and coverage classes: each region is a
 * link to its page where it has one, named for screen readers and in its tooltip. Only
 * renders; the classes, names and links come from the page's model.
 */
import type { CoverageClass } from '../charts/coverage-scale.ts';
import type { MapGeometry } from '../lib/geo.ts';
import { HatchPattern } from './HatchPattern.tsx';
import { MapOverlays } from './MapOverlays.tsx';

export interface ChoroplethModel {
  geometry: MapGeometry;
  cls: Record<string, CoverageClass>;
  /** Region code → its page, for the regions that have one. */
  href: Record<string, string>;
  /** Region code → "name: coverage", for tooltips and link names. */
  label: Record<string, string>;
  /** Names drawn at the regions' centres (where needs were reported). */
  names: Record<string, string>;
  title: string;
  desc: string;
}

interface Props {
  id: string;
  map: ChoroplethModel;
  insetLabel?: string;
}

export function ChoroplethView({ id, map, insetLabel }: Props) {
  const { geometry, cls, href, label, names, title, desc } = map;
  const { width, height } = geometry;
  const hatch = `${id}-hatch`;
  const fill = (code: string) => ((cls[code] ?? 'none') === 'none' ? `url(#${hatch})` : undefined);
  return (
    // With links inside, the map is a group of links rather than one image (an image hides its contents).
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="map"
      role={Object.keys(href).length ? 'group' : 'img'}
      aria-labelledby={`${id}-t ${id}-d`}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      <HatchPattern id={hatch} />
      <g className="regions">
        {geometry.shapes.map((s) => {
          const path = (
            <path className={`region cov-${cls[s.code] ?? 'none'}`} d={s.d} fill={fill(s.code)}>
              <title>{label[s.code]}</title>
            </path>
          );
          return href[s.code] ? (
            <a key={s.code} href={href[s.code]} aria-label={label[s.code]}>
              {path}
            </a>
          ) : (
            <g key={s.code}>{path}</g>
          );
        })}
      </g>
      <MapOverlays
        geometry={geometry}
        names={names}
        regionClass={(code) => `region cov-${cls[code] ?? 'none'}`}
        fill={fill}
        insetLabel={insetLabel}
      />
    </svg>
  );
}
