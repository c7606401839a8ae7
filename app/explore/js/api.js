// The public API, read with fetch: the explorer knows nothing the API does not say.

export const FILTERS = ["q", "person", "place", "organization", "from", "to", "category"];

/** A problem+json answer: its `detail` as the message, the whole problem beside it. */
export class ApiError extends Error {
  constructor(message, problem = null) {
    super(message);
    this.problem = problem;
  }
}

/** GET a JSON document; a problem+json answer becomes an ApiError carrying its detail. */
export async function get(path, params = {}) {
  const url = new URL(path, new URL("../", document.baseURI));
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(body?.detail || `${response.status} ${response.statusText} from ${url.pathname}`, body);
  }
  return body;
}

/** Every page of a list (following `next`), up to `pages` pages. */
export async function getAll(path, params = {}, pages = 10) {
  const rows = [];
  let cursor;
  for (let page = 0; page < pages; page++) {
    const body = await get(path, { ...params, limit: 500, cursor });
    rows.push(...(body.data ?? body.features ?? []));
    cursor = body.next;
    if (!cursor) break;
  }
  return rows;
}

/** The fact filters of a view, as query parameters. */
export function factParams(state) {
  const params = {};
  for (const name of FILTERS) if (state[name]) params[name] = state[name];
  return params;
}

// One request per article or person, however many cards show it.
const cache = new Map();
export function cached(path) {
  if (!cache.has(path)) cache.set(path, get(path).catch(() => null));
  return cache.get(path);
}
