// Page through one person's quotes, and tell an unknown name from other errors by its type.
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Quote = components["schemas"]["QuotePublic"];
type Problem = components["schemas"]["Problem"];

const UNKNOWN_NAME = "https://factsapi.dev/problems/unknown-name";

export async function quotesOf(baseUrl: string, person: string): Promise<Quote[] | string[]> {
  const client = createClient<paths>({ baseUrl });
  const quotes: Quote[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await client.GET("/v1/quotes", {
      params: { query: { person, limit: 100, cursor } },
    });
    if (error) {
      const problem: Problem = error;
      // a misspelt name: offer the close ones instead of failing
      if (problem.type === UNKNOWN_NAME) return problem.suggestions ?? [];
      throw new Error(`${problem.status} ${problem.type}: ${problem.detail ?? problem.title}`);
    }
    // the 200 also documents CSV and NDJSON (format=), typed as text: this asks for JSON
    if (typeof data === "string") throw new Error("expected a JSON page");
    for (const quote of data.data) {
      const id: number = quote.id; // never null in a response
      quotes.push({ ...quote, id });
    }
    cursor = data.next ?? undefined;
  } while (cursor);
  return quotes;
}
