// The page's side of the offline copy. The service worker itself is assets/js/offline-sw.js,
// written to the site root as sw.js by overrides/hooks/offline.py (read its header first).
//
// Nothing here registers anything by itself: saveCopy() does, and only the button on the
// offline page (offline.mjs) calls it, so a reader who never asks for a copy leaves no service
// worker behind. registration() only looks (getRegistration registers nothing). main.mjs loads
// this module on other pages only when a kept copy already controls them, to say when a new
// version of the site has replaced it (watchForUpdates).

/** The site root: this file is <root>/assets/js/offline-copy.mjs, whatever path the site is served under. */
export const SITE_ROOT = new URL("../../", import.meta.url);
const WORKER = new URL("sw.js", SITE_ROOT);

/** Whether this browser can keep a copy: service workers and Cache Storage need a secure context (https, or localhost). */
export function canKeepACopy() {
  return globalThis.isSecureContext === true && "serviceWorker" in navigator && typeof caches !== "undefined";
}

/** The site's own registration, or null. Never registers anything. */
export async function registration() {
  if (!canKeepACopy()) return null;
  const found = await navigator.serviceWorker.getRegistration(SITE_ROOT.href);
  // A worker of another site sharing this origin (a scope above ours) is not ours.
  return found && found.scope === SITE_ROOT.href ? found : null;
}

/** Registers the worker: its install keeps the whole site. Called only by the save button. */
export function saveCopy() {
  return navigator.serviceWorker.register(WORKER.href, { scope: SITE_ROOT.href, updateViaCache: "none" });
}

/**
 * Calls callback(message) with each of the worker's messages ({type: "offline", state, ...});
 * returns an unsubscribe function. A message made before one already heard from the same run of
 * the worker is out of date and dropped (offline-sw.js numbers them): a progress report that
 * arrives after the failure that followed it must not put the page back to "saving".
 */
export function onWorkerMessage(callback) {
  const latest = new Map(); // sender -> the number of the latest message heard from it
  const listener = ({ data }) => {
    if (data?.type !== "offline") return;
    if (data.number <= (latest.get(data.sender) ?? 0)) return;
    latest.set(data.sender, data.number);
    callback(data);
  };
  navigator.serviceWorker.addEventListener("message", listener);
  navigator.serviceWorker.startMessages(); // messages sent before the page listened are delivered now
  return () => navigator.serviceWorker.removeEventListener("message", listener);
}

/**
 * Removes everything this site keeps in the browser's storage: its service worker and every
 * cache the site made (the offline copies, cachePrefix + version, and the calculators' saved
 * start-up state, savedStates). Both names come from the page (offline.py writes them).
 * A save under way is stopped first, so it cannot write anything after the caches are gone.
 */
export async function removeEverything({ cachePrefix, savedStates }) {
  const ours = (name) => name.startsWith(cachePrefix) || name === savedStates;
  const stopping = [];
  const serving = []; // a kept copy's worker: it runs until its pages close, and can still tell them
  if ("serviceWorker" in navigator) {
    for (const found of await navigator.serviceWorker.getRegistrations()) {
      if (found.scope !== SITE_ROOT.href) continue;
      for (const worker of [found.installing, found.waiting]) {
        if (!worker) continue;
        worker.postMessage({ type: "offline-cancel" });
        stopping.push(redundant(worker, 10_000));
      }
      if (found.active) serving.push(found.active);
      await found.unregister();
    }
  }
  if (typeof caches !== "undefined") {
    const sweep = async () => {
      for (const name of await caches.keys()) if (ours(name)) await caches.delete(name);
    };
    await sweep();
    await Promise.all(stopping);
    await sweep(); // anything a stopping save wrote meanwhile
  }
  // Once it is all gone: the site's other tabs say so (offline.mjs), rather than "kept".
  for (const worker of serving) worker.postMessage({ type: "offline-removed" });
}

function redundant(worker, timeoutMs) {
  return new Promise((resolve) => {
    if (worker.state === "redundant") return resolve();
    const timer = setTimeout(resolve, timeoutMs);
    worker.addEventListener("statechange", () => {
      if (worker.state !== "redundant") return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Sizes as readers see them; overrides/hooks/offline.py writes them into the page the same way. */
export function megabytes(bytes) {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

// ------------------------------------------------------------------ a new version replaced the copy

let watching = false;

/**
 * On a page a kept copy controls: when a new build of the site has replaced the copy (the
 * worker installed it whole, dropped the old one and took over), say so, offer a reload, and
 * open every later link in full. This page's own scripts and styles are the earlier
 * version's; instant navigation would put the new version's pages inside them.
 */
export function watchForUpdates() {
  if (watching || !canKeepACopy()) return;
  watching = true;
  const hadCopy = Boolean(navigator.serviceWorker.controller);
  onWorkerMessage((message) => {
    if (message.state === "ready" && message.replaced) showUpdated();
  });
  // In case the worker's message was missed. The controller changes as soon as the new version
  // starts to take over; it is "activated" once the old copy has been dropped.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    const worker = navigator.serviceWorker.controller;
    if (!hadCopy || !worker) return; // a first save also changes the controller: that is no update
    if (worker.state === "activated") showUpdated();
    else worker.addEventListener("statechange", () => worker.state === "activated" && showUpdated());
  });
}

const UPDATED = "This site was updated; your offline copy is now the new version.";

function showUpdated() {
  if (document.querySelector("[data-offline-updated]")) return;
  const note = document.createElement("div");
  note.className = "offline-updated";
  note.setAttribute("data-offline-updated", "");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  const actions = document.createElement("p");
  const reload = document.createElement("button");
  reload.type = "button";
  reload.className = "offline-updated__button";
  reload.textContent = "Reload this page";
  reload.addEventListener("click", () => location.reload());
  const later = document.createElement("button");
  later.type = "button";
  later.className = "offline-updated__button offline-updated__button--secondary";
  later.textContent = "Not now";
  later.addEventListener("click", () => note.remove());
  actions.append(reload, later);
  note.append(status, actions);
  // Outside the part of the page that instant navigation swaps, and fixed to the bottom of the
  // window, so nothing the reader is reading moves.
  document.body.append(note);
  // Filled in once the live region is in the page, so that screen readers announce it.
  setTimeout(() => {
    status.textContent = `${UPDATED} This page is from the earlier version: reload it to see the new one.`;
  }, 100);
  openLinksInFull();
}

function openLinksInFull() {
  // Runs before Material's instant navigation (capture, on window) and stops it seeing the
  // click; the browser then follows the link as usual, loading the new version's page whole.
  addEventListener(
    "click",
    (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      if (url.pathname === location.pathname && url.search === location.search) return; // a link within this page
      event.stopImmediatePropagation();
    },
    { capture: true },
  );
}
