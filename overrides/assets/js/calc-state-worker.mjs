// Makes and keeps Python's start-up state, for later visits to start from (calc-worker.mjs
// starts this worker a few seconds after a first answer, when no state is saved yet).
//
// It is sent one message and nothing else, ever: {key, files}, where files maps the URLs of
// Pyodide's wasm, standard library and app.zip to Blobs of what the calculators' worker
// already downloaded (so nothing is fetched twice, whatever the host's caching; offline.mjs
// sends none: they come from the offline copy). It answers "done" once, as it ends.
// It starts Python as Pyodide's memory snapshots require (_makeSnapshot), loads the calculators exactly as that worker
// does (calc-python.mjs: imported, every area's rules read, the bank-holiday table built)
// and takes the state: it holds the calculators ready to answer, and nothing a reader typed
// (this worker is never given any). It compresses the state, keeps it as the only one in
// Cache Storage under `key` (which names app.zip as well as the runtime, so a new build's
// rules are never answered from an old state), and ends. Any failure only means the next
// visit starts Python the ordinary way.

import { APP_ZIP, INDEX_URL, LOCK, SAVED_STATES, loadCalculators } from "./calc-python.mjs";

// A Pyodide that never finishes loading (a wasm that does not compile) must not keep this
// worker, and its memory, for the rest of the visit.
const GIVE_UP_MS = 120_000;
setTimeout(() => close(), GIVE_UP_MS);

addEventListener("message", async ({ data }) => {
  const { key, files = {} } = data ?? {};
  try {
    // Pyodide fetches its wasm and standard library itself, and app.zip is fetched below:
    // hand over the copies this worker was given.
    const nativeFetch = globalThis.fetch.bind(globalThis);
    globalThis.fetch = (input, init) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url, location.href).href;
      const blob = files[url];
      if (!blob) return nativeFetch(input, init);
      const type = url.endsWith(".wasm") ? "application/wasm" : "application/zip";
      return Promise.resolve(new Response(blob, { headers: { "Content-Type": type } }));
    };
    const { loadPyodide } = await import("../pyodide/pyodide.mjs");
    const pyodide = await loadPyodide({ indexURL: INDEX_URL, packageBaseUrl: INDEX_URL, lockFileContents: LOCK, _makeSnapshot: true });
    const appZip = await fetch(APP_ZIP);
    if (!appZip.ok) throw new Error(`app.zip: HTTP ${appZip.status}`);
    loadCalculators(pyodide, new Uint8Array(await appZip.arrayBuffer()));
    const state = pyodide.makeMemorySnapshot();
    // Kept gzipped: most of Python's memory is zeros.
    const compressed = new Response(new Blob([state]).stream().pipeThrough(new CompressionStream("gzip")));
    const body = await compressed.arrayBuffer(); // whole, so a failure leaves no half-written state
    const cache = await caches.open(SAVED_STATES);
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put(key, new Response(body, { headers: { "Content-Type": "application/gzip" } }));
  } catch (error) {
    console.warn("The start-up state was not saved:", error); // quota, private mode: next time starts as usual
  } finally {
    postMessage("done"); // whoever started it may start another (a new build's) later
    close();
  }
}, { once: true });
