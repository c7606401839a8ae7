// A fact as a card: what was said or counted, by whom (and their role), in which
// article and when, with a link that opens the article at the fact's span.

import { cached } from "./api.js";
import { h, number } from "./dom.js";
import { href } from "./state.js";

/** "at least 15", "about 10,000", "10,000 to 12,000", "1,000+": a figure's value as the article gives it. */
export function figureValue(f) {
  let value = number(f.value);
  if (f.low !== null && f.high !== null && f.low !== f.high) {
    value = `${number(f.low)} to ${number(f.high)}`;
  } else if (f.high === null && !f.qualifier) {
    value = `${number(f.low)}+`; // a vague count: "thousands" is 1,000 or more
  }
  const prefix = f.qualifier || (f.approximate && f.high !== null ? "about" : "");
  return prefix ? `${prefix} ${value}` : value;
}

/** A link to an entity's panel. */
export function entityLink(entity) {
  const kind = entity.kind === "organization" ? "organization" : entity.kind;
  return h("a", { href: href({ view: `${kind}:${entity.id}`, span: null }), class: `entity ${kind}` }, entity.name);
}

/** Who said or reported it: the entity with its first role, or the words the article used. */
function attribution(fact) {
  const who = fact.source;
  const words = fact.source_text;
  const line = h("span", { class: "who" });
  if (!who && !words) {
    line.append("unattributed");
    return line;
  }
  if (!who) {
    line.append(words);
    return line;
  }
  line.append(entityLink(who));
  if (who.kind === "person") {
    cached(`v1/people/${who.id}`).then((person) => {
      if (person?.roles?.length) line.append(h("span", { class: "role" }, `, ${person.roles[0]}`));
    });
  }
  return line;
}

/** The article's title and date, and the link that opens it at the fact. */
export function source(fact) {
  const { article_id: id, start, end } = fact.span;
  const title = h("span", { class: "article-title" }, `article ${id}`);
  cached(`v1/articles/${id}`).then((article) => {
    if (article) title.textContent = articleTitle(article);
  });
  return h(
    "p",
    { class: "source" },
    title,
    " · ",
    h("time", { datetime: fact.day }, fact.day),
    " · ",
    h("a", { href: href({ view: `article:${id}`, span: `${start}-${end}` }), class: "open" }, "read in article"),
  );
}

export function articleTitle(article) {
  const name = article.title || article.source?.split("/").pop() || `article ${article.id}`;
  return article.published ? `${name} (${article.published})` : name;
}

/** A card for a quote, claim or figure. */
export function card(fact) {
  const body =
    fact.kind === "figure"
      ? h(
          "p",
          { class: "figure-line" },
          h("strong", { class: "value" }, figureValue(fact)),
          ` ${fact.category}`,
          fact.place ? [" in ", entityLink(fact.place)] : "",
          h("q", { class: "text" }, fact.text),
        )
      : h(fact.kind === "quote" ? "blockquote" : "p", { class: "text" }, fact.text);
  return h(
    "li",
    { class: `card ${fact.kind}`, "data-kind": fact.kind, "data-id": fact.id },
    h("span", { class: "badge" }, fact.kind),
    body,
    h("p", { class: "by" }, fact.kind === "figure" ? "source: " : "", attribution(fact)),
    source(fact),
  );
}
