// `npm start [PERSON]`: page the quote cards of a running factsapi (FACTSAPI_URL, default
// http://127.0.0.1:8000; FACTSAPI_LIMIT cards a page) and print them, a page at a time.
import process from "node:process";
import { quotePages, UnknownName, type QuoteCard } from "./quotes.js";

const baseUrl = process.env.FACTSAPI_URL ?? "http://127.0.0.1:8000";
const limit = Number(process.env.FACTSAPI_LIMIT ?? "100");
const person = process.argv[2];

function show(card: QuoteCard): string {
  const who = card.source ? `${card.source}${card.roles.length ? ` (${card.roles.join(", ")})` : ""}` : "unattributed";
  const where = `${card.title ?? "untitled"}, ${card.day}, characters ${card.start}-${card.end}`;
  return `  “${card.text}” ${who}; ${where}`;
}

try {
  let pages = 0;
  let cards = 0;
  for await (const page of quotePages(baseUrl, person, limit)) {
    pages += 1;
    cards += page.length;
    console.log(`page ${pages}: ${page.length} quotes`);
    for (const card of page) console.log(show(card));
  }
  console.log(`${cards} quotes in ${pages} pages`);
} catch (error) {
  if (!(error instanceof UnknownName)) throw error;
  console.error(`${error.message}; did you mean ${error.suggestions.join(", ") || "no one close"}?`);
  process.exitCode = 2;
}
