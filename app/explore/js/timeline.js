// Facts per day as stacked bars (quotes, claims, figures). Dragging across days (or
// clicking one) chooses a date range; the chosen range is shaded.

import { clear, s } from "./dom.js";

const WIDTH = 800;
const HEIGHT = 120;
const AXIS = 18;
const KINDS = ["quotes", "claims", "figures"];
const DAY = 86400000;

function dayIndex(date, first) {
  return Math.round((Date.parse(date) - Date.parse(first)) / DAY);
}

function dateOf(index, first) {
  return new Date(Date.parse(first) + index * DAY).toISOString().slice(0, 10);
}

/**
 * Draw `days` (the /v1/timeline rows) on `svg`, shade [from, to], and call
 * `choose(from, to)` when the reader drags across a range.
 */
export function drawTimeline(svg, days, { from, to }, choose) {
  if (!days.length) {
    clear(svg, s("text", { x: 10, y: 60, class: "empty" }, "no facts under these filters"));
    return;
  }
  const first = days[0].day;
  const span = dayIndex(days[days.length - 1].day, first) + 1;
  const step = WIDTH / span;
  const top = Math.max(...days.map((d) => d.total));
  const scale = (HEIGHT - AXIS - 4) / top;
  const bars = days.flatMap((d) => {
    let y = HEIGHT - AXIS;
    const x = dayIndex(d.day, first) * step;
    return KINDS.map((kind) => {
      const height = d[kind] * scale;
      y -= height;
      return s(
        "rect",
        { x: x.toFixed(2), y: y.toFixed(2), width: Math.max(1, step - 1).toFixed(2), height: height.toFixed(2), class: kind.slice(0, -1) },
        s("title", {}, `${d.day}: ${d.quotes} quotes, ${d.claims} claims, ${d.figures} figures`),
      );
    });
  });
  const selection = [];
  if (from || to) {
    const a = Math.max(0, from ? dayIndex(from, first) : 0);
    const b = Math.min(span - 1, to ? dayIndex(to, first) : span - 1);
    if (b >= a) {
      selection.push(s("rect", { class: "brush", x: a * step, y: 0, width: (b - a + 1) * step, height: HEIGHT - AXIS }));
    }
  }
  const labels = [
    s("text", { x: 2, y: HEIGHT - 4, class: "axis" }, first),
    s("text", { x: WIDTH - 2, y: HEIGHT - 4, class: "axis end" }, days[days.length - 1].day),
  ];
  clear(svg, s("g", {}, selection), s("g", {}, bars), labels);

  // A drag in screen pixels, turned into day indexes through the SVG's own scale.
  const at = (event) => {
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    return Math.min(span - 1, Math.max(0, Math.floor(x / step)));
  };
  svg.onpointerdown = (event) => {
    const start = at(event);
    svg.setPointerCapture(event.pointerId);
    svg.onpointerup = (up) => {
      svg.onpointerup = null;
      const end = at(up);
      choose(dateOf(Math.min(start, end), first), dateOf(Math.max(start, end), first));
    };
  };
}
