// The calculators' Python, run in a module Worker so the page never freezes while it loads.
// Started by pyodide-client.mjs (one per tab). Everything comes from this site: the Pyodide
// runtime from ../pyodide/ and the calculators with their dependencies from ../py/app.zip
// (both built by scripts/build_pyodide.mjs). Nothing is fetched from another origin.
//
// Messages in:  {id, calculator, params}   params: {name: [string, ...]}, as in the URL
// Messages out: {type: "progress", message} while loading, then {type: "ready", start} (start:
//               "saved state" or "fresh", how Python started)
//               or {type: "fatal", message} if loading failed;
//               {id, ok: true, value} with value = calculators.web.run_json's answer, parsed
//               ({ok: true, result} or {ok: false, error: {field, message}}), or
//               {id, ok: false, message} when the call itself failed unexpectedly.
//
// Python's start-up state is saved in this browser after the first visit, so later visits
// skip most of Python's start-up (1.5 s to a first result becomes 1.2 s on a small laptop): see
// startPython() below. It holds the interpreter as it is before the calculators load,
// never anything a reader typed.

// Passed inline so Pyodide fetches no lock file; it must match the runtime's own lock `info`
// (scripts/build_pyodide.mjs checks it). No packages: app.zip brings everything we need.
const LOCK = {
  info: { abi_version: "2026_0", arch: "wasm32", platform: "emscripten_5_0_3", python: "3.14.2" },
  packages: {},
};
const SITE_PACKAGES = "/lib/python3.14/site-packages";

const progress = (message) => postMessage({ type: "progress", message });

// The last line of an error: for a Python exception, "ModuleNotFoundError: ..." rather than
// the whole traceback. The full error still goes to the console for whoever debugs it.
function reason(error) {
  const lines = String(error?.message ?? error).split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? "unknown error";
}

// The calculators' own files did not download: nothing to do with how Python started.
class DownloadError extends Error {}

// Saved start-up states live in Cache Storage (this origin's, in this browser), under a key
// that names the exact runtime files they were made with (assets/pyodide/runtime.json,
// written by scripts/build_pyodide.mjs), so a new build never restores an old state.
const SAVED_STATES = "calculators-python-start";
const RUNTIME_INFO = new URL("../pyodide/runtime.json", import.meta.url);
// How long after Python is ready to save a new state: compressing and writing it must not
// compete with the page showing its first result.
const SAVE_DELAY_MS = 2000;
// Kept gzipped: the state is 31 MB of memory, three quarters zeros, about 5 MB compressed.
const COMPRESSION = "gzip";

// The saved start-up state for this runtime, as a Response, or null (none saved, no Cache
// Storage on a plain-http site, or any error: then Python starts the ordinary way).
async function savedState() {
  if (typeof caches === "undefined" || typeof CompressionStream === "undefined") return null;
  try {
    const response = await fetch(RUNTIME_INFO);
    if (!response.ok) return null;
    const key = new URL(`../pyodide/start-${(await response.json()).snapshot_key}.bin`, import.meta.url).href;
    const cache = await caches.open(SAVED_STATES);
    return { key, cache, saved: (await cache.match(key)) ?? null };
  } catch (error) {
    console.warn("No saved start-up state:", error);
    return null;
  }
}

// Keeps `state` as the only saved start-up state, once the page has had time to show its result.
function save(store, state) {
  setTimeout(async () => {
    try {
      const compressed = new Response(new Blob([state]).stream().pipeThrough(new CompressionStream(COMPRESSION)));
      const body = await compressed.arrayBuffer(); // whole, so a failure leaves no half-written state
      for (const old of await store.cache.keys()) await store.cache.delete(old);
      await store.cache.put(store.key, new Response(body, { headers: { "Content-Type": "application/gzip" } }));
    } catch (error) {
      console.warn("The start-up state was not saved:", error); // quota, private mode: next time starts as usual
    }
  }, SAVE_DELAY_MS);
}

// Starts Python, from the saved start-up state when there is one. Pyodide 314's memory
// snapshots (the `_loadSnapshot`/`_makeSnapshot` options and makeMemorySnapshot) are not yet
// a public API, so every step falls back to the ordinary start: a state that fails to
// restore is deleted and Python starts as usual, saving a fresh one. The state is made
// right after Python starts, before the calculators load or any message from the page is
// read, so it can hold nothing a reader typed. scripts/build_pyodide.mjs checks at build
// time that a restored state gives the same answers, and `make test` runs the calculators'
// suite on one (run_pyodide_tests.mjs --from-saved-state).
async function startPython(loadPyodide, options, store, load) {
  if (store?.saved) {
    try {
      const state = new Response(store.saved.body.pipeThrough(new DecompressionStream(COMPRESSION))).arrayBuffer();
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: state });
      // The state fixed the random generator's seed: draw a fresh one, as a new start would.
      pyodide.pyimport("random").seed();
      return { run: await load(pyodide), start: "saved state" };
    } catch (error) {
      if (error instanceof DownloadError) throw error; // the state is fine: keep it
      console.warn("The saved start-up state did not restore; starting Python as usual:", error);
      await store.cache.delete(store.key).catch(() => {});
    }
  }
  if (!store) return { run: await load(await loadPyodide(options)), start: "fresh" };
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  try {
    save(store, pyodide.makeMemorySnapshot());
  } catch (error) {
    console.warn("The start-up state could not be made:", error);
  }
  return { run: await load(pyodide), start: "fresh" };
}

const ready = (async () => {
  progress("Loading Python (about 8 MB the first time, then from the browser's cache)…");
  // Fetch the app, and look for a saved start-up state, while the runtime starts.
  const appZipURL = new URL("../py/app.zip", import.meta.url);
  const appZip = fetch(appZipURL).then(async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }).catch((error) => {
    throw new DownloadError(`the calculators' own files (${appZipURL.pathname}) did not download (${reason(error)})`);
  });
  appZip.catch(() => {}); // handled below; this only stops an "unhandled rejection" warning
  const store = savedState();
  // A dynamic import, so a missing file rejects with its URL instead of killing the worker.
  const { loadPyodide } = await import("../pyodide/pyodide.mjs");
  const here = new URL("../pyodide/", import.meta.url).href;
  const options = {
    indexURL: here,
    lockFileContents: LOCK,
    // Never used (the lock lists no packages), but without it Pyodide's fallback for
    // packages is a CDN: with it, even a stray loadPackage could only ask this site.
    packageBaseUrl: here,
  };
  return startPython(loadPyodide, options, await store, async (pyodide) => {
    progress("Loading the calculators…");
    pyodide.unpackArchive(await appZip, "zip", { extractDir: SITE_PACKAGES });
    const web = pyodide.pyimport("calculators.web");
    web.warm_up();
    return web.run_json;
  });
})();

// Pyodide 314.0.7 reports two loading failures only on the console, each as a fixed message
// followed by the error. watchConsole(level, message, then) passes that error's reason to
// then(), and returns a function that puts the console back once loading is over.
// scripts/build_pyodide.mjs checks that pyodide.mjs still contains both messages.
function watchConsole(level, message, then) {
  const original = console[level];
  let seen = false;
  console[level] = (...args) => {
    original.apply(console, args);
    if (args[0] === message) seen = true;
    else if (seen) {
      seen = false;
      then(reason(args[0]));
    }
  };
  return () => (console[level] = original);
}
const logError = console.error.bind(console);

// A standard library that did not load (a 404, a dropped connection): Pyodide goes on to
// start Python, which fails with "Program terminated with exit(1)", words that mean nothing
// to a reader. Keep the reason, and give it instead.
const STDLIB_FAILED = "Error occurred while installing the standard library:";
let stdlibFailure = null;
const unwatchStdlib = watchConsole("error", STDLIB_FAILED, (why) => (stdlibFailure = why));

// Pyodide starts downloading the standard library before it awaits it, so when that
// download fails the browser first calls the rejection unhandled; Pyodide then handles it
// (STDLIB_FAILED above) and loading fails through die(). While loading, a failed download is
// always reported that way, so it is logged here, not raised a second time as uncaught.
let loading = true;
addEventListener("unhandledrejection", (event) => {
  if (loading && event.reason instanceof TypeError && /fetch/i.test(event.reason.message)) {
    event.preventDefault();
    logError("A download failed while Python was loading:", event.reason);
  }
});

let fatal = false;
function die(error) {
  if (fatal) return;
  fatal = true;
  logError(error);
  const message = stdlibFailure === null
    ? reason(error)
    : `Python's standard library did not load (${stdlibFailure})`;
  postMessage({ type: "fatal", message });
}
ready.then(({ start }) => postMessage({ type: "ready", start }), die);

// pyodide.asm.wasm that fails to load or compile (a 404, a proxy's error page): Pyodide's
// instantiateWasm catches the error, warns, and never settles loadPyodide, so the page would
// say "Loading Python" for ever. Fail instead.
const WASM_FAILED = "wasm instantiation failed!";
const unwatchWasm = watchConsole("warn", WASM_FAILED, (why) => die(new Error(`Python's WebAssembly file did not load (${why})`)));

ready.finally(() => {
  loading = false;
  unwatchStdlib();
  unwatchWasm();
}).catch(() => {});

addEventListener("message", async ({ data }) => {
  const { id, calculator, params } = data ?? {};
  try {
    const { run: runJson } = await ready;
    postMessage({ id, ok: true, value: JSON.parse(runJson(calculator, JSON.stringify(params ?? {}))) });
  } catch (error) {
    console.error(error);
    postMessage({ id, ok: false, message: reason(error) });
  }
});
