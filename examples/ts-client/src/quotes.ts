// Page through quotes as cards (text, who said it and their roles, article title and day,
// where the quote is), a page per request with `expand`, and tell an unknown name from
// other errors by its problem type. Every type here is generated from the API's document
// (src/api.d.ts, `npm run types`): no field is read through a helper of our own.
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

type Quote = components["schemas"]["Quote"];
type Problem = components["schemas"]["Problem"];

export interface QuoteCard {
  id: number;
  text: string;
  source: string | null;
  roles: string[];
  title: string | null;
  day: string;
  start: number;
  end: number;
}

/** A name the API does not know, with the close ones it offers. */
export class UnknownName extends Error {
  constructor(
    readonly name: string,
    readonly suggestions: string[],
  ) {
    super(`no one named ${name}`);
  }
}

const UNKNOWN_NAME = "/problems/unknown-name";

/** The quote cards of `person` (everyone's without), a page of `limit` per request. */
export async function* quotePages(
  baseUrl: string,
  person?: string,
  limit = 100,
): AsyncGenerator<QuoteCard[]> {
  const client = createClient<paths>({ baseUrl });
  let cursor: string | undefined;
  do {
    // expand: each quote carries its article and its whole source, so no request per card;
    // filters take several values (any matches): one person is a list of one
    const { data, error } = await client.GET("/v1/quotes", {
      params: { query: { person: person ? [person] : undefined, expand: "article,source", limit, cursor } },
    });
    if (error) {
      const problem: Problem = error;
      // a misspelt name: offer the close ones instead of failing
      if (problem.type === UNKNOWN_NAME) throw new UnknownName(person ?? "", problem.suggestions ?? []);
      throw new Error(`${problem.status} ${problem.type}: ${problem.detail ?? problem.title}`);
    }
    // the list's 200 is its JSON page alone (CSV is /v1/quotes.{format}): no string to rule out
    yield data.data.map(card);
    cursor = data.next ?? undefined;
  } while (cursor);
}

function card(quote: Quote): QuoteCard {
  return {
    id: quote.id, // never null in a response
    text: quote.text,
    source: quote.source?.name ?? quote.source_text,
    roles: quote.source?.roles ?? [],
    title: quote.article?.title ?? null,
    day: quote.day, // never null: the day the text gives, else the publication day
    start: quote.span.start,
    end: quote.span.end,
  };
}
