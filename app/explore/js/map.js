// Country outlines (Natural Earth through world-atlas, drawn with d3-geo as SVG) and the
// places: red circles for casualty figures, grey dots for places only named in facts.
// No tiles and no network beyond this origin.

import { get, getAll } from "./api.js";
import { clear, number, s } from "./dom.js";
import { href } from "./state.js";

const WIDTH = 800;
const HEIGHT = 460;
let world = null;

/** Every geocoded place as a GeoJSON feature, with its fact counts and casualty totals. */
export async function loadPlaces() {
  const [atlas, features] = await Promise.all([
    fetch("vendor/countries-110m.json").then((r) => r.json()),
    getAll("v1/places.geojson"),
  ]);
  world = atlas;
  return features.filter((f) => f.geometry);
}

/**
 * The sum of a place's casualty totals (each incident's best report, counted once); with a
 * `category`, that category's alone, so a place without such figures draws no casualty circle.
 */
export function casualties(feature, category = null) {
  const totals = feature.properties.casualties ?? {};
  if (category) return totals[category] ?? 0;
  return Object.values(totals).reduce((a, b) => a + b, 0);
}

// area grows with the log of the count: 20 dead and 4 million displaced both stay legible
function radius(total) {
  return total > 0 ? 4 + 3 * Math.log10(1 + total) : 3;
}

/** A projection framing the places shown (at least 16 degrees across), else the world. */
function projection(shown) {
  const projection = d3.geoMercator();
  if (!shown.length) return d3.geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: "Sphere" });
  const lons = shown.map((f) => f.geometry.coordinates[0]);
  const lats = shown.map((f) => f.geometry.coordinates[1]);
  const pad = (lo, hi) => Math.max(8, (hi - lo) * 0.15);
  const [w, e] = [Math.min(...lons), Math.max(...lons)];
  const [south, north] = [Math.min(...lats), Math.max(...lats)];
  const dx = pad(w, e);
  const dy = pad(south, north);
  const frame = {
    type: "MultiPoint",
    coordinates: [
      [Math.max(-180, w - dx), Math.max(-75, south - dy)],
      [Math.min(180, e + dx), Math.min(80, north + dy)],
    ],
  };
  return projection.fitExtent(
    [
      [10, 10],
      [WIDTH - 10, HEIGHT - 10],
    ],
    frame,
  );
}

/** The places to frame: those with casualty figures when there are some (the map is about them). */
function framed(list, category) {
  const counted = list.filter((f) => casualties(f, category) > 0);
  return counted.length ? counted : list;
}

/**
 * Draw `places` on `svg`; `active` (a Set of place ids, or null for all) dims the rest;
 * `category` (or null) is the figure category whose totals the circles show.
 * Returns how many are active.
 * Each place is a link to its panel, so Tab and Enter reach it.
 */
export function drawMap(svg, places, active, category = null) {
  const isActive = (f) => !active || active.has(f.properties.id); // facet values of ids are integers
  const shown = places.filter(isActive);
  // when the filters leave no place, keep the frame of them all: the map does not jump to the world
  const project = projection(framed(shown.length ? shown : places, category));
  const path = d3.geoPath(project);
  const land = topojson.feature(world, world.objects.land);
  const borders = topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
  const total = (f) => casualties(f, category);
  const byArea = [...places].sort((a, b) => total(b) - total(a) || b.properties.id - a.properties.id);
  const markers = byArea.map((f) => {
    const p = f.properties;
    const [x, y] = project(f.geometry.coordinates);
    const counted = total(f);
    const label = counted
      ? `${p.name}: ${Object.entries(p.casualties)
          .filter(([k]) => !category || k === category)
          .map(([k, v]) => `${number(v)} ${k}`)
          .join(", ")}`
      : `${p.name}: ${p.quotes} quotes, ${p.claims} claims`;
    return s(
      "a",
      {
        href: href({ view: `place:${p.id}`, span: null }),
        class: ["marker", counted ? "casualties" : "", isActive(f) ? "" : "dim"].join(" ").trim(),
        "data-place": p.id,
        "aria-label": label,
      },
      s("title", {}, label),
      s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: radius(counted).toFixed(1) }),
      counted && isActive(f)
        ? s("text", { x: (x + radius(counted) + 3).toFixed(1), y: (y + 4).toFixed(1) }, p.name)
        : null,
    );
  });
  clear(
    svg,
    s("rect", { class: "sea", width: WIDTH, height: HEIGHT }),
    s("path", { class: "land", d: path(land) }),
    s("path", { class: "borders", d: path(borders) }),
    s("g", { class: "places" }, markers),
  );
  return shown.length;
}

/** Ids of the places with facts under the filters (a facet: the 50 with most facts). */
export async function activePlaces(params, kind) {
  const path = kind ? `v1/${kind}s` : "v1/facts";
  const body = await get(path, { ...params, facets: "place", limit: 1 });
  return new Set((body.facets?.place ?? []).map((v) => v.value));
}
