// Elements from data without innerHTML: every string from the API lands as text.

/** An element with attributes (`on*` functions become listeners) and children. */
export function h(tag, attrs = {}, ...children) {
  const svg = ["svg", "g", "path", "circle", "rect", "text", "title", "a", "line"].includes(tag) && attrs.svg;
  const el = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "svg" || value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** An SVG element (see `h`). */
export function s(tag, attrs = {}, ...children) {
  return h(tag, { ...attrs, svg: true }, ...children);
}

export function clear(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter(Boolean));
}

export function number(n) {
  return n === null || n === undefined ? "?" : Number(n).toLocaleString("en");
}
