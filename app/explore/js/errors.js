// Collects every script error, rejected promise, failed asset and blocked request into
// #errors (and data-errors on <html>), so a test reading the DOM sees what a console would.
(function () {
  "use strict";
  const seen = [];
  function note(text) {
    seen.push(String(text));
    document.documentElement.dataset.errors = String(seen.length);
    const list = document.getElementById("errors");
    if (!list) return; // before the body parsed: written out on DOMContentLoaded
    const item = document.createElement("li");
    item.textContent = String(text);
    list.append(item);
    list.hidden = false;
  }
  window.addEventListener(
    "error",
    (event) => {
      const target = event.target;
      if (target && target !== window && (target.src || target.href)) {
        note(`failed to load ${target.src || target.href}`);
      } else {
        note(`${event.message} (${event.filename}:${event.lineno})`);
      }
    },
    true,
  );
  window.addEventListener("unhandledrejection", (event) => note(`unhandled: ${event.reason}`));
  document.addEventListener("securitypolicyviolation", (event) =>
    note(`blocked by CSP: ${event.violatedDirective} ${event.blockedURI}`),
  );
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    note(args.join(" "));
    consoleError(...args);
  };
  document.addEventListener("DOMContentLoaded", () => {
    const early = seen.splice(0);
    early.forEach(note);
  });
})();
