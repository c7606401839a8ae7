// Page through one person's quotes as cards (text, speaker and role, article title and
// date, where the quote is), a page per request with `expand`, and tell an unknown name
// from other errors by its problem type.
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Quote = components["schemas"]["QuotePublic"];
type Problem = components["schemas"]["Problem"];

export interface QuoteCard {
  id: number;
  text: string;
  speaker: string | null;
  roles: string[];
  title: string | null;
  published: string;
  start: number;
  end: number;
}

const UNKNOWN_NAME = "/problems/unknown-name";

export async function quoteCards(baseUrl: string, person: string): Promise<QuoteCard[] | string[]> {
  const client = createClient<paths>({ baseUrl });
  const cards: QuoteCard[] = [];
  let cursor: string | undefined;
  do {
    // expand: each quote carries its article and its whole speaker, so no request per card
    const { data, error } = await client.GET("/v1/quotes", {
      // filters take several values (any matches): one person is a list of one
      params: { query: { person: [person], expand: "article,speaker", limit: 100, cursor } },
    });
    if (error) {
      const problem: Problem = error;
      // a misspelt name: offer the close ones instead of failing
      if (problem.type === UNKNOWN_NAME) return problem.suggestions ?? [];
      throw new Error(`${problem.status} ${problem.type}: ${problem.detail ?? problem.title}`);
    }
    // the list's 200 is its JSON page alone (CSV is /v1/quotes.{format}): no string to rule out
    cards.push(...data.data.map(card));
    cursor = data.next ?? undefined;
  } while (cursor);
  return cards;
}

function card(quote: Quote): QuoteCard {
  return {
    id: quote.id, // never null in a response
    text: quote.text,
    speaker: quote.speaker?.name ?? null,
    roles: quote.speaker?.roles ?? [],
    title: quote.article?.title ?? null,
    published: quote.article?.published ?? quote.day,
    start: quote.span.start,
    end: quote.span.end,
  };
}
