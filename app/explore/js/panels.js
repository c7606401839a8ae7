// The side panel: a place (its incidents with every report side by side, then its quotes
// and claims), a person, an organization, or an article with a fact's span highlighted.

import { get, getAll } from "./api.js";
import { articleTitle, card, entityLink, figureValue, source } from "./cards.js";
import { h } from "./dom.js";

const PATHS = { place: "places", person: "people", organization: "organizations" };
// counts the map does not add up as casualties, so no incident group holds them
const NOT_CASUALTIES = new Set(["population", "other"]);

function facts(title, rows, empty) {
  return h(
    "section",
    {},
    h("h3", {}, `${title} (${rows.length})`),
    rows.length ? h("ol", { class: "cards" }, rows.map(card)) : h("p", { class: "note" }, empty),
  );
}

function names(entity) {
  return [
    entity.aliases?.length ? h("p", {}, "Also called: ", entity.aliases.join(", ")) : null,
    entity.roles?.length ? h("p", {}, "Roles: ", entity.roles.join("; ")) : null,
  ];
}

/** One incident: its reports side by side, each with its value, source and sentence. */
function incident(group) {
  const reports = group.reports.map((f) =>
    h(
      "li",
      { class: f.value === group.best ? "report best" : "report" },
      h("strong", { class: "value" }, figureValue(f)),
      h("span", { class: "who" }, f.source ? entityLink(f.source) : f.source_text || "unattributed"),
      h("q", {}, f.text),
      card(f).querySelector(".source"),
    ),
  );
  return h(
    "section",
    { class: "incident" },
    h(
      "h4",
      {},
      `${group.category}, ${group.day ?? "undated"}: best report ${group.best ?? "?"}`,
      h(
        "span",
        { class: group.consistent ? "consistent" : "conflict" },
        group.consistent ? " (reports consistent)" : " (reports conflict)",
      ),
    ),
    h("ul", { class: "reports" }, reports),
  );
}

async function place(id, params) {
  const [entity, groups, figures, quotes, claims] = await Promise.all([
    get(`v1/places/${id}`),
    getAll("v1/figures/groups", { ...params, place: id }, 2),
    getAll("v1/figures", { ...params, place: id }, 2),
    getAll("v1/quotes", { ...params, place: id }, 1),
    getAll("v1/claims", { ...params, place: id }, 1),
  ]);
  // the figures no group holds: counts that are no casualties, and those placed by their sentence
  const grouped = new Set(groups.flatMap((g) => g.reports.map((r) => r.id)));
  const loose = figures.filter(
    (f) => !grouped.has(f.id) && !f.incident && (!f.place || NOT_CASUALTIES.has(f.category)),
  );
  return [
    h("h2", { id: "panel-title", tabindex: -1 }, entity.name),
    h("p", { class: "note" }, [entity.place_kind, entity.country].filter(Boolean).join(", ")),
    ...names(entity),
    h("h3", {}, `Casualty figures by incident (${groups.length})`),
    groups.length ? groups.map(incident) : h("p", { class: "note" }, "No casualty figures here."),
    loose.length ? facts("Other figures", loose, "") : null,
    facts("Quotes", quotes, "No quotes mention this place."),
    facts("Claims", claims, "No claims mention this place."),
  ];
}

/** One statement: its longest words, how many articles reported it and when, and its first report. */
function statement(said) {
  const first = said.occurrences[0];
  const days = said.first_day === said.last_day ? said.first_day : `${said.first_day} to ${said.last_day}`;
  return h(
    "li",
    { class: "statement" },
    h("q", {}, said.text),
    h(
      "p",
      { class: "reach" },
      h("strong", {}, `${said.articles} article${said.articles === 1 ? "" : "s"}`),
      `, ${days}`,
    ),
    first ? source({ span: first.span, day: first.day }) : null,
  );
}

async function entity(kind, id, params) {
  const filter = { ...params, [kind]: id };
  // statements are all of quotes: a figure category would be refused there
  const { category: _category, ...quoteFilter } = filter;
  const [found, quotes, claims, statements] = await Promise.all([
    get(`v1/${PATHS[kind]}/${id}`),
    getAll("v1/quotes", filter, 1),
    getAll("v1/claims", filter, 1),
    getAll("v1/statements", { ...quoteFilter, sort: "reach", occurrences: 1 }, 1),
  ]);
  return [
    h("h2", { id: "panel-title", tabindex: -1 }, found.name),
    h("p", { class: "note" }, kind),
    ...names(found),
    h(
      "section",
      {},
      h("h3", {}, `Statements, most reported first (${statements.length})`),
      statements.length
        ? h("ol", { class: "statements" }, statements.map(statement))
        : h("p", { class: "note" }, "No statements."),
    ),
    facts("Quotes", quotes, "No quotes."),
    facts("Claims", claims, "No claims."),
  ];
}

/** The article's segments as paragraphs, the span [start, end) wrapped in <mark>. */
async function article(id, span) {
  const found = await get(`v1/articles/${id}`, { include: "text" });
  const [start, end] = (span ?? "").split("-").map(Number);
  const segments = found.segments?.length
    ? found.segments
    : [{ kind: "body", start: 0, end: found.text.length }];
  const paragraphs = segments.map((seg) => {
    const text = found.text.slice(seg.start, seg.end);
    const a = Math.max(seg.start, start) - seg.start;
    const b = Math.min(seg.end, end) - seg.start;
    const parts = b > a ? [text.slice(0, a), h("mark", { id: "highlight" }, text.slice(a, b)), text.slice(b)] : [text];
    return h("p", { class: `segment ${seg.kind}` }, seg.kind !== "body" ? h("span", { class: "badge" }, seg.kind) : null, parts);
  });
  return [
    h("h2", { id: "panel-title", tabindex: -1 }, articleTitle(found)),
    h(
      "p",
      { class: "note" },
      [found.dateline, found.authors?.length ? `by ${found.authors.join(", ")}` : null, found.url]
        .filter(Boolean)
        .join(" · "),
    ),
    h("div", { class: "article-text" }, paragraphs),
  ];
}

/** The panel's content for a view such as "place:30" or "article:1". */
export function panel(view, span, params) {
  const [kind, id] = view.split(":");
  if (kind === "article") return article(id, span);
  if (kind === "place") return place(id, params);
  if (kind in PATHS) return entity(kind, id, params);
  return Promise.resolve([h("p", {}, `Unknown view ${view}`)]);
}
