// Wires the page: the hash is the view; every change of it redraws the map, timeline,
// list and panel from the API.

import { factParams, get } from "./api.js";
import { card, entityLink } from "./cards.js";
import { clear, h, number } from "./dom.js";
import { activePlaces, drawMap, loadPlaces } from "./map.js";
import { panel } from "./panels.js";
import * as state from "./state.js";
import { drawTimeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);
const form = $("filters");
let places = [];
let next = null; // the list's cursor for "More"
let drawn = 0; // renders started: a late answer for an older view is dropped

function once(mark) {
  if (!performance.getEntriesByName(mark).length) performance.mark(mark);
}

function status(text) {
  $("status").textContent = text;
}

/** The kind whose list a view reads: a category only exists on figures. */
function kindOf(view) {
  return view.category ? "figure" : view.kind;
}

function listParams(view) {
  const kind = kindOf(view);
  return kind && !view.category ? { ...factParams(view), kind } : factParams(view);
}

function listPath(view) {
  return view.category ? "v1/figures" : "v1/facts";
}

function fillForm(view) {
  for (const el of form.elements) if (el.name) el.value = view[el.name] ?? "";
}

/** People, places and organizations whose names match the search, with what the people said. */
async function matches(q) {
  if (!q) return [];
  const kinds = [
    ["person", "v1/people"],
    ["organization", "v1/organizations"],
    ["place", "v1/places"],
  ];
  const found = await Promise.all(kinds.map(([, path]) => get(path, { q, limit: 3 })));
  const entities = found.flatMap((body) => body.data);
  // no name holds the search: the names spelled closest, each a link that searches for it
  const close = [...new Set(found.flatMap((body) => body.suggestions ?? []))].slice(0, 3);
  const speakers = entities.filter((e) => e.kind !== "place").slice(0, 3);
  const said = await Promise.all(speakers.map((e) => get("v1/facts", { [e.kind]: e.id, limit: 5 })));
  return [
    entities.length ? h("p", { class: "chips" }, "Names matching: ", entities.map(entityLink)) : null,
    !entities.length && close.length
      ? h(
          "p",
          { class: "chips" },
          "Did you mean ",
          close.map((name) => h("a", { class: "suggestion", href: state.href({ q: name }) }, name)),
          "?",
        )
      : null,
    speakers.map((e, i) =>
      said[i].data.length
        ? h(
            "section",
            { class: "said" },
            h("h3", {}, "Facts of ", entityLink(e), ` (${said[i].count})`),
            h("ol", { class: "cards" }, said[i].data.map(card)),
          )
        : null,
    ),
  ];
}

async function drawList(view, ticket) {
  const [page, found] = await Promise.all([get(listPath(view), { ...listParams(view), limit: 50 }), matches(view.q)]);
  if (ticket !== drawn) return;
  next = page.next;
  $("list-count").textContent = `(${number(page.count)}${view.q ? ` containing “${view.q}”` : ""})`;
  clear($("matches"), found);
  clear($("facts"), page.data.map(card));
  if (!page.data.length) {
    const why = view.q ? "No fact's own words contain the search." : "No facts match these filters.";
    $("facts").append(h("li", { class: "note" }, why));
  }
  $("more").hidden = !next;
}

async function more() {
  const view = state.read();
  const page = await get(listPath(view), { ...listParams(view), limit: 50, cursor: next });
  next = page.next;
  $("facts").append(...page.data.map(card));
  $("more").hidden = !next;
}

async function drawPlaces(view, ticket) {
  const filtered = Object.keys(factParams(view)).length || view.kind;
  const active = filtered ? await activePlaces(factParams(view), kindOf(view)) : null;
  if (ticket !== drawn) return;
  const n = drawMap($("map"), places, active, view.category);
  once("map-drawn"); // bench/explorer.py reads these marks
  $("map-note").textContent = filtered ? `(${n} with facts under these filters)` : `(${n})`;
}

async function drawDays(view, ticket) {
  // the timeline counts facts per day; a figure category is the list's filter, not its
  const { from, to, category, ...rest } = view;
  const kind = kindOf(view);
  const days = await get("v1/timeline", { ...factParams(rest), kind });
  if (ticket !== drawn) return;
  drawTimeline($("timeline"), days.data, { from, to }, (a, b) => state.go({ from: a, to: b }));
  clear(
    $("timeline-note"),
    from || to ? [`(${from ?? "…"} to ${to ?? "…"}) `, h("a", { href: state.href({ from: null, to: null }) }, "all dates")] : [],
  );
}

async function drawPanel(view, ticket) {
  const aside = $("panel");
  if (!view.view) {
    aside.hidden = true;
    return;
  }
  const content = await panel(view.view, view.span, { from: view.from, to: view.to });
  if (ticket !== drawn) return;
  clear($("panel-body"), content);
  aside.hidden = false;
  const mark = $("highlight");
  (mark ?? $("panel-title"))?.scrollIntoView({ block: "center" });
  $("panel-title")?.focus({ preventScroll: true });
}

async function render() {
  const ticket = ++drawn;
  const view = state.read();
  fillForm(view);
  $("notice").hidden = true;
  document.body.dataset.ready = "";
  status("Loading…");
  try {
    await Promise.all([drawList(view, ticket), drawPlaces(view, ticket), drawDays(view, ticket), drawPanel(view, ticket)]);
    if (ticket === drawn) {
      status("");
      document.body.dataset.ready = "1";
      once("explorer-ready");
    }
  } catch (error) {
    if (ticket !== drawn) return;
    if (unknownName(view, error.problem)) {
      // a name no one has (a typo, most often): say so where the facts would be, with the
      // names the API offers in its place, and keep the map
      drawMap($("map"), places, null);
      status("");
      document.body.dataset.ready = "1";
      return;
    }
    // the API said no (a bad date, an id that does not exist): show its words, not a stack
    status(`Could not load: ${error.message}`);
    document.body.dataset.ready = "error";
  }
}

/** For a filter naming no one: "No person named “Stoltenburg”. Did you mean Jens Stoltenberg?",
 * each suggestion a link to the view with it in the name's place. False for other errors. */
function unknownName(view, problem) {
  const name = problem?.parameter;
  if (!problem?.type?.endsWith("/unknown-name") || !name || !view[name]) return false;
  const offers = (problem.suggestions ?? []).map((s, i) => [
    i ? ", " : "",
    h("a", { class: "suggestion", href: state.href({ [name]: s }) }, s),
  ]);
  clear(
    $("notice"),
    `No ${name} named “${view[name]}”. `,
    offers.length ? ["Did you mean ", offers, "? "] : [],
    h("a", { href: state.href({ [name]: null }) }, `Show facts of any ${name}`),
  );
  $("notice").hidden = false;
  clear($("matches"));
  clear($("facts"));
  clear($("timeline"));
  $("list-count").textContent = "";
  $("more").hidden = true;
  return true;
}

async function start() {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = {};
    for (const el of form.elements) if (el.name) changes[el.name] = el.value.trim() || null;
    state.go(changes);
  });
  $("more").addEventListener("click", more);
  $("panel-close").addEventListener("click", () => state.go({ view: null, span: null }));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("panel").hidden) state.go({ view: null, span: null });
  });
  window.addEventListener("hashchange", render);
  // the categories the data holds fill their menu when they come; the map does not wait
  const categories = get("v1/figures", { facets: "category", limit: 1 }).then((body) => {
    const select = form.elements.category;
    for (const c of body.facets?.category ?? []) select.append(h("option", { value: c.value }, c.value));
    select.value = state.read().category ?? "";
  });
  places = await loadPlaces();
  await Promise.all([render(), categories]);
}

start().catch((error) => {
  status(`Could not start: ${error.message}`);
  console.error(error);
});
