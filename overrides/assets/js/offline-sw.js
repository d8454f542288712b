// The offline copy's service worker: keeps the whole site in this browser, so that every page,
// the search and the three calculators work with no connection.
//
// Registered only when the reader presses "Save this site for offline use" on the offline page
// (docs/offline.md, assets/js/offline.mjs); no page registers it otherwise.
//
// This file is a template: overrides/hooks/offline.py writes it to the site root as sw.js (so
// that its scope is the whole site), with BUILD filled in: every file the copy keeps, with the
// first 128 bits of its SHA-256 and its size, and the version (a hash of that list). A new build
// changes the list, so the browser, checking sw.js on the reader's next visit, installs the new
// copy beside the old one; the old one is dropped only once the new one is whole.
//
//   install   keeps every file of this version in its own cache, CACHE_PREFIX + version. A file
//             comes from an earlier copy when one holds the same content (same hash), so a new
//             build downloads only what changed; otherwise from the network, checked against its
//             hash: a file from another build (a stale cache, a deployment half done) is refused,
//             never kept. If any file fails, the install fails and the reader's earlier copy goes
//             on as it was; what this attempt had saved (each file checked) is reused next time.
//   activate  drops every other offline copy, takes over the open pages and tells them.
//   fetch     answers every file of the list from this version's cache (a page as x/ or
//             x/index.html, whatever its query), so pages, instant navigation (sitemap.xml and
//             the pages it fetches), the search index and the calculators' module worker with
//             everything it fetches (Pyodide, app.zip) work offline. Anything else goes to the
//             network; a page neither kept nor reachable gets the kept 404 page.
//
// Messages to the site's pages, controlled or not: {type: "offline", state, ...} where state is
//   "saving" {files, totalFiles, bytes, totalBytes, update}  (update: an earlier copy is in use)
//   "ready"  {totalFiles, totalBytes, savedAt, replaced}     (replaced: an earlier copy was dropped)
//   "error"  {message, update, cancelled}                   (cancelled: "Remove" stopped it)
//   "removed" {}                                            (the reader removed the copy in one tab)
// Each message also carries {version, sender, number}: sender names this run of the worker, and
// number counts its messages in the order they were made. clients.matchAll() is asynchronous, so
// a page may receive two messages in another order than they were made (a progress report
// arriving after the failure that followed it); the page drops a message older than one it has
// already heard from the same sender (offline-copy.mjs, onWorkerMessage).
// From pages: {type: "offline-status"} (answered with one of those), {type: "offline-cancel"},
// {type: "offline-removed"} (passed on to every page as "removed").
//
// Classic script, no imports, nothing from another origin. Every request it makes is to this site.

const BUILD = null; // offline.py writes the build here

const SCOPE = new URL("./", self.location); // the site root: sw.js lives there
const CACHE = BUILD.cachePrefix + BUILD.version;
// Written last into a copy's cache, once every file is in: a copy without it is unfinished.
const COMPLETE = new URL("__offline-copy-complete__", SCOPE).href;
// Each kept response says which content it is, so a later build can reuse it and a test can check it.
const HASH_HEADER = "X-Offline-Copy-Hash";

const FILES = BUILD.files.map(([path, hash, size]) => ({ path, hash, size, url: new URL(path, SCOPE).href }));
const BY_PATH = new Map(FILES.map((file) => [new URL(file.url).pathname, file]));
const TOTAL_BYTES = FILES.reduce((sum, file) => sum + file.size, 0);
const HASH_BYTES = (FILES[0]?.hash.length ?? 32) / 2;
const NOT_FOUND_PAGE = BY_PATH.get(new URL("404.html", SCOPE).pathname);

const PARALLEL = 4; // downloads at once
const STALL_MS = 30_000; // a download that receives nothing for this long has failed
const REPORT_MS = 250; // progress messages at most this often

// ------------------------------------------------------------------ install

let saving = null; // while installing: {received: Map(path -> bytes), files, update}
let failure = null; // the last install's failure, for a page that asks
const stop = new AbortController(); // "offline-cancel" (the reader removes the copy): stops every download

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

async function install() {
  saving = { received: new Map(), files: 0, update: Boolean(self.registration.active) };
  report(true);
  try {
    const cache = await caches.open(CACHE);
    const earlier = (await caches.keys()).filter((name) => name.startsWith(BUILD.cachePrefix) && name !== CACHE);
    const queue = [...FILES].sort((a, b) => b.size - a.size); // the largest first: the pool ends together
    // After a failure no new file is started, but those under way are finished and kept: a
    // retry (or the next visit) then needs only the rest. The reader's "remove" stops all at once.
    let failed = null;
    const worker = async () => {
      while (queue.length && !failed) {
        const file = queue.shift();
        try {
          await keep(file, cache, earlier);
        } catch (error) {
          failed ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (failed) throw failed;
    const complete = JSON.stringify({ version: BUILD.version, savedAt: new Date().toISOString() });
    await cache.put(COMPLETE, new Response(complete, { headers: { "Content-Type": "application/json" } }));
    saving = null;
  } catch (error) {
    const cancelled = stop.signal.aborted && stop.signal.reason?.cancelled === true;
    if (cancelled) await caches.delete(CACHE); // the reader asked to remove everything
    failure = { state: "error", message: cancelled ? "cancelled" : reason(error), update: saving?.update ?? false, cancelled };
    saving = null;
    await tell(failure);
    throw error;
  }
}

// Puts one file of this version into the cache: from a copy that already has the same content,
// or downloaded and checked.
async function keep(file, cache, earlier) {
  if (stop.signal.aborted) throw stop.signal.reason;
  const have = await cache.match(file.url); // an earlier attempt at this same version
  if (have?.headers.get(HASH_HEADER) !== file.hash) {
    let reused = false;
    for (const name of earlier) {
      const old = await (await caches.open(name)).match(file.url);
      if (old?.headers.get(HASH_HEADER) === file.hash) {
        await cache.put(file.url, old);
        reused = true;
        break;
      }
    }
    if (!reused) {
      const { bytes, type } = await download(file);
      if (stop.signal.aborted) throw stop.signal.reason;
      await cache.put(file.url, new Response(bytes, { headers: { "Content-Type": type, [HASH_HEADER]: file.hash } }));
    }
  }
  saving.received.set(file.path, file.size);
  saving.files += 1;
  report();
}

// The file's bytes and type from the network, checked against the list. First revalidated
// through the HTTP cache (what the reader has just loaded is not downloaded again); if that
// copy is not this build's, once more from the site itself.
async function download(file) {
  for (const mode of ["no-cache", "reload"]) {
    const got = await fetchBytes(file, mode);
    if (got.bytes.byteLength === file.size && (await digest(got.bytes)) === file.hash) return got;
  }
  saving.received.delete(file.path);
  throw new Error(`${file.path} on the site is not the file this version lists (the site may be being updated: try again in a few minutes)`);
}

async function fetchBytes(file, mode) {
  const stalled = new AbortController();
  const abort = () => stalled.abort();
  stop.signal.addEventListener("abort", abort);
  let timer = setTimeout(abort, STALL_MS);
  saving.received.set(file.path, 0);
  try {
    const response = await fetch(file.url, { cache: mode, credentials: "same-origin", signal: stalled.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const reader = response.body.getReader();
    const chunks = [];
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.byteLength;
      clearTimeout(timer);
      timer = setTimeout(abort, STALL_MS);
      saving.received.set(file.path, Math.min(length, file.size));
      report();
    }
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
    return { bytes, type: response.headers.get("Content-Type") ?? "application/octet-stream" };
  } catch (error) {
    saving.received.delete(file.path);
    if (stop.signal.aborted) throw stop.signal.reason;
    const why = stalled.signal.aborted ? "the connection stopped" : reason(error);
    throw new Error(`${file.path} did not download (${why})`);
  } finally {
    clearTimeout(timer);
    stop.signal.removeEventListener("abort", abort);
  }
}

async function digest(bytes) {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash.subarray(0, HASH_BYTES), (b) => b.toString(16).padStart(2, "0")).join("");
}

// ------------------------------------------------------------------ activate

self.addEventListener("activate", (event) => {
  event.waitUntil(activate());
});

async function activate() {
  let replaced = false;
  for (const name of await caches.keys()) {
    if (!name.startsWith(BUILD.cachePrefix) || name === CACHE) continue;
    // A finished copy is the earlier version being replaced; an unfinished one, a failed attempt.
    if (await (await caches.open(name)).match(COMPLETE)) replaced = true;
    await caches.delete(name);
  }
  await self.clients.claim();
  await tell({ ...(await ready()), replaced });
}

async function ready() {
  const complete = await (await caches.open(CACHE)).match(COMPLETE);
  const { savedAt } = complete ? await complete.json() : {};
  return { state: "ready", totalFiles: FILES.length, totalBytes: TOTAL_BYTES, savedAt: savedAt ?? null };
}

// ------------------------------------------------------------------ fetch

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const file = BY_PATH.get(url.pathname.endsWith("/") ? `${url.pathname}index.html` : url.pathname);
  if (file) {
    event.respondWith(fromCopy(file, request));
  } else if (request.mode === "navigate") {
    // offline/ asked as "offline": the page's relative links need the slash.
    if (BY_PATH.has(`${url.pathname}/index.html`)) {
      event.respondWith(Response.redirect(new URL(`${url.pathname}/${url.search}`, url).href, 301));
    } else {
      event.respondWith(fetch(request).catch(notFound));
    }
  }
});

let copy = null; // this version's cache, opened once
async function fromCopy(file, request) {
  copy ??= caches.open(CACHE);
  const kept = await (await copy).match(file.url);
  return kept ?? fetch(request); // not kept (storage cleared under us): the network, as without a copy
}

async function notFound() {
  copy ??= caches.open(CACHE);
  const page = NOT_FOUND_PAGE && (await (await copy).match(NOT_FOUND_PAGE.url));
  if (!page) return Response.error();
  return new Response(page.body, { status: 404, headers: page.headers });
}

// ------------------------------------------------------------------ messages

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "offline-status") {
    event.waitUntil(status().then((message) => event.source?.postMessage(numbered(message))));
  } else if (type === "offline-cancel" && saving) {
    const cancel = new Error("cancelled");
    cancel.cancelled = true;
    stop.abort(cancel);
  } else if (type === "offline-removed") {
    event.waitUntil(tell({ state: "removed" })); // so that the site's other tabs say so too
  }
});

async function status() {
  if (saving) return progress();
  if (failure) return failure;
  return ready();
}

function progress() {
  let bytes = 0;
  for (const received of saving.received.values()) bytes += received;
  return { state: "saving", files: saving.files, totalFiles: FILES.length, bytes, totalBytes: TOTAL_BYTES, update: saving.update };
}

// Progress to every page of the site, at most every REPORT_MS (and at once when forced).
let lastReport = 0;
let pendingReport = null;
function report(force = false) {
  if (!saving) return;
  const wait = REPORT_MS - (Date.now() - lastReport);
  if (force || wait <= 0) {
    clearTimeout(pendingReport);
    pendingReport = null;
    lastReport = Date.now();
    tell(progress());
  } else {
    pendingReport ??= setTimeout(() => {
      pendingReport = null;
      report(true);
    }, wait);
  }
}

// To every page of the site, numbered now, before the wait for the list of pages. A progress
// report whose save has ended during that wait (finished, failed, or stopped by "remove") is
// not sent: the ending's own message says what happened.
async function tell(message) {
  const sent = numbered(message);
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  if (message.state === "saving" && !saving) return;
  for (const page of pages) page.postMessage(sent);
}

const SENDER = crypto.randomUUID(); // this run of the worker
let made = 0;
function numbered(message) {
  made += 1;
  return { type: "offline", version: BUILD.version, sender: SENDER, number: made, ...message };
}

function reason(error) {
  if (error?.name === "QuotaExceededError") return "this device does not have enough free space for it";
  return String(error?.message ?? error).split("\n").map((line) => line.trim()).filter(Boolean).at(-1) ?? "unknown error";
}
