// The view lives in the URL's hash (#q=...&from=...&view=place:30), so any view can be
// shared, bookmarked and reloaded; links change the hash and the page follows it.

export const KEYS = ["q", "kind", "category", "person", "place", "organization", "from", "to", "view", "span"];

/** The current view, read from the hash. */
export function read() {
  const params = new URLSearchParams(location.hash.slice(1));
  const state = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  return state;
}

/** A hash link to the current view with `changes` applied (null removes a key). */
export function href(changes) {
  const state = { ...read(), ...changes };
  const params = new URLSearchParams();
  for (const key of KEYS) if (state[key]) params.set(key, state[key]);
  return `#${params}`;
}

/** Go to the current view with `changes` applied. */
export function go(changes) {
  location.hash = href(changes);
}
