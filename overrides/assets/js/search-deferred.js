// Material's search worker, started late: used on calculator pages only (see
// overrides/hooks/python_pages.py for why). A classic worker script, as Material expects.
//
// Material posts its messages here as usual. They are held until the page says "start" on
// the BroadcastChannel below (overrides/partials/python-early-start.html does, once Python
// is ready or has failed, and at once when the reader goes to the search box), or until
// FALLBACK_MS have passed. Then Material's own worker, named in this script's query string,
// is loaded into this same worker and the held messages are handed to it in order. From
// then on it is Material's worker, unchanged. The channel carries only the word "start".

const CHANNEL = "search-deferred";
const FALLBACK_MS = 8000;
const name = decodeURIComponent(location.search.slice(1));
// Only Material's search worker, from its own folder: nothing else can be loaded this way.
const target = /^search\.[0-9a-f]+\.min\.js$/.test(name) ? new URL(`../javascripts/workers/${name}`, location.href) : null;

const held = [];
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
let started = false;

function start() {
  if (started) return;
  started = true;
  channel?.close();
  removeEventListener("message", hold);
  if (!target) throw new Error(`search-deferred.js: not a search worker: ${name}`);
  importScripts(target.href);
  for (const data of held) dispatchEvent(new MessageEvent("message", { data }));
  held.length = 0;
}

function hold(event) {
  held.push(event.data);
}

addEventListener("message", hold);
if (channel) {
  channel.addEventListener("message", ({ data }) => data === "start" && start());
  channel.postMessage("waiting"); // in case "start" was said before this worker listened
  setTimeout(start, FALLBACK_MS);
} else {
  start(); // no way to be told: build the index now, as Material would
}
