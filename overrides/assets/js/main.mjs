// The single page-script entry (mkdocs.yml extra_javascript, type module).
//
// Each component's markup works without JavaScript and names its module with
// data-module="…"; this file finds those roots and mounts them. Material's instant
// navigation swaps the page content without reloading, so DOMContentLoaded fires only
// once: Material's `document$` emits after every page swap instead (a replaying
// observable, so subscribing late still sees the current page, already mounted or not:
// a root is mounted once).

import { mountPrintLine } from "./print-line.mjs";

const COMPONENTS = {
  timescales: () => import("./timescales.mjs"),
  quorum: () => import("./quorum.mjs"),
  prebirth: () => import("./prebirth.mjs"),
  "quick-exit": () => import("./quick-exit.mjs"),
  presentation: () => import("./presentation.mjs"),
  offline: () => import("./offline.mjs"),
};

/** Mount every component root under `scope` that is not mounted yet. */
export function mountAll(scope = document) {
  for (const root of scope.querySelectorAll("[data-module]")) {
    const name = root.dataset.module;
    const mark = `data-${name}-init`;
    // Marked before mounting, so a second pass (another document$ emission) skips it.
    if (root.hasAttribute(mark)) continue;
    root.setAttribute(mark, "");
    const load = COMPONENTS[name];
    const started = load
      ? load().then((module) => module.mount(root))
      : Promise.reject(new Error(`no component called “${name}”`));
    // One component's failure stays inside its own widget; the others still mount.
    started.catch((error) => showFailure(root, error));
  }
}

/** Write why a component could not start into the component itself. */
function showFailure(root, error) {
  console.error(`[${root.dataset.module}]`, error);
  const reason = error && error.message ? error.message : String(error);
  const note = document.createElement("p");
  note.className = "widget-failed";
  note.setAttribute("role", "alert");
  if (root.hidden) {
    // A widget shipped hidden (a calculator form) only works with its script: show the
    // reason in its place. The page around it (the rules tables) stands on its own.
    note.textContent = `This tool could not start: ${reason}. The rest of this page still works without it.`;
    root.replaceChildren(note);
    root.hidden = false;
  } else {
    // A widget that already works without script (such as the Quick Exit link) keeps
    // working; say only that its extras are missing.
    note.textContent = `Part of this page could not start: ${reason}.`;
    if (root.matches("a, button, input, select, textarea")) root.after(note);
    else root.append(note);
  }
}

function mountPage() {
  mountAll(document);
  mountPrintLine(document); // every page's "Printed on … from …" line (print-line.mjs)
}

/** Mount each page Material's document$ emits (the current one too); false without one. */
function follow(documents) {
  if (typeof documents?.subscribe !== "function") return false;
  documents.subscribe(mountPage);
  return true;
}

// Under file:// Material's document$ never emits (no instant navigation there), and without
// Material there is none: mount this page once. On a calculator page Material's bundle runs
// only after the first answer (overrides/hooks/python_pages.py): mount now, and follow its
// page swaps once it has run.
const fromFile = location.protocol === "file:";
if (fromFile || !follow(globalThis.document$)) {
  mountPage();
  if (!fromFile) globalThis.__materialBundle?.then(() => follow(globalThis.document$));
}

// A reader who kept a copy of the site for offline use (offline.mjs) has its service worker
// controlling this page: say when a new version replaces the copy. For everyone else there
// is no controller, and nothing more is loaded or registered.
if (globalThis.navigator?.serviceWorker?.controller) {
  import("./offline-copy.mjs").then((copy) => copy.watchForUpdates(), (error) => console.error("[offline]", error));
}
