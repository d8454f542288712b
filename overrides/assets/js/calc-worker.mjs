// The calculators' Python, run in a module Worker so the page never freezes while it loads.
// Started by pyodide-client.mjs (one per tab). Everything comes from this site: the Pyodide
// runtime from ../pyodide/ and the calculators with their dependencies from ../py/app.zip
// (both built by scripts/build_pyodide.mjs). Nothing is fetched from another origin.
//
// Messages in:  {id, calculator, params}   params: {name: [string, ...]}, as in the URL
// Messages out: {type: "progress", step, message, received, total} while loading (step:
//               "download", "start" or "calculators"; received and total: bytes as sent by
//               the host, see DownloadMeter), then {type: "ready", start} (start: "saved
//               state" or "fresh", how Python started)
//               or {type: "fatal", message} if loading failed;
//               {id, ok: true, value} with value = calculators.web.run_json's answer, parsed
//               ({ok: true, result} or {ok: false, error: {field, message}}), or
//               {id, ok: false, message} when the call itself failed unexpectedly.
//
// Python's start-up state is saved in this browser after the first visit, so later visits
// skip most of Python's start-up: see startPython() below. It is made by calc-state-worker.mjs,
// started a few seconds after the first answer, which loads Python from the files this
// worker downloaded, loads the calculators as this one does (calc-python.mjs), saves its
// state and ends: it is sent no input, so the state holds Python with the calculators
// loaded and warmed up, never anything a reader typed.

// calc-python.mjs (what the calculators' Python needs, shared with the other scripts that
// handle it) is imported dynamically: a static import would hold this whole module, and with
// it the downloads asked for below, until that file had arrived: one more round trip first.
const python = import("./calc-python.mjs");
python.catch(() => {}); // a failure is reported through `ready`, below

// What the host sends, counted as it arrives. Pyodide fetches its wasm and standard library
// itself, so fetch() is wrapped (once, below) to read a clone of each tracked response
// while Pyodide reads the original (the original keeps its URL, so the browser's compiled-
// wasm cache still works). A stream gives the bytes after decoding, not as sent, so each
// file's share is decoded bytes / its size (from runtime.json, written by the build) times
// what the host sends for it: Content-Length when compressed, else the build's figure for
// that Content-Encoding. Before a file's answer arrives, the build's brotli figure stands in.
class DownloadMeter {
  constructor(report) {
    this.report = report;
    this.files = new Map(); // path -> {bytes, sent, read, done}
  }

  /** sizes: runtime.json's downloads, {"pyodide/x": {bytes, br, gzip}}, relative to assets/. */
  expect(sizes, base) {
    for (const [name, size] of Object.entries(sizes)) {
      const path = new URL(name, base).pathname;
      if (!this.files.has(path)) this.files.set(path, { path, bytes: size.bytes, sizes: size, sent: size.br, read: 0, done: false });
    }
    this.update();
  }

  /** What the host sends for a file in an encoding (null: none), from the build's figures. */
  estimate(file, encoding) {
    if (!encoding) return file.bytes;
    return file.sizes[encoding === "br" ? "br" : "gzip"] || file.bytes;
  }

  /** The file behind a URL, if it is one being counted. */
  tracked(url) {
    return this.files.get(new URL(url, location.href).pathname) ?? null;
  }

  /** Count a response's body as it arrives (reads `copy`, a clone of what the caller reads).
   * With keep, the body's chunks are also kept (file.kept), for the start-up state's worker:
   * made into a Blob only when that worker starts (takeKeptFiles), since making one copies
   * the bytes out of this worker while Python is still starting. */
  async count(file, response, copy, keep = false) {
    const encoding = response.headers.get("Content-Encoding");
    const length = Number(response.headers.get("Content-Length")) || 0;
    file.sent = !encoding ? file.bytes : length || this.estimate(file, encoding);
    // The same host sends the others the same way: a better guess for those not yet here.
    for (const other of this.files.values()) {
      if (!other.counting && !other.done) other.sent = this.estimate(other, encoding);
    }
    this.update();
    try {
      const reader = copy.body.getReader();
      const chunks = keep ? [] : null;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks?.push(value);
        file.read += value.byteLength;
        this.update();
      }
      if (chunks) file.kept = { chunks, type: response.headers.get("Content-Type") ?? "" };
    } catch {
      return; // the caller reads the same failure from the original
    }
    file.done = true;
    file.read = file.bytes;
    this.update();
  }

  /** A file that arrived some other way (a module import): counted whole, at `sent` bytes
   * (resource timing's encodedBodySize) when known. */
  arrived(file, sent = 0) {
    if (!file || file.done) return;
    if (sent > 0 && !file.counting) file.sent = sent;
    file.done = true;
    file.read = file.bytes;
    this.update();
  }

  get received() {
    let sum = 0;
    for (const f of this.files.values()) sum += f.bytes ? Math.min(1, f.read / f.bytes) * f.sent : 0;
    return Math.round(sum);
  }

  get total() {
    let sum = 0;
    for (const f of this.files.values()) sum += f.sent;
    return sum;
  }

  get complete() {
    return this.files.size > 0 && [...this.files.values()].every((f) => f.done);
  }

  update() {
    this.report(this.received, this.total, this.complete);
  }
}

// Python's own files in ../pyodide/, which it needs before it can start: asked for at once
// (below), and app.zip only once both have arrived.
const RUNTIME_FILES = ["pyodide.asm.wasm", "python_stdlib.zip"];
// What calc-state-worker.mjs needs to start Python and load the calculators: handed over,
// never downloaded twice.
const KEEP_FOR_STATE = [...RUNTIME_FILES, "app.zip"].map((name) => `/${name}`);

// Loading steps, told to the page (load-progress.mjs draws them): "download", then "start"
// once Python's own files have arrived (app.zip may still be on its way), then
// "calculators". A step change goes out at once, byte counts at most every PROGRESS_MS.
const PROGRESS_MS = 150;
const STEPS = {
  download: "Downloading Python and the calculators…",
  start: "Starting Python…",
  calculators: "Loading the calculators…",
};
let step = null;
let lastSent = 0;
let pendingReport = null;
function progress(nextStep = step) {
  if (step === "calculators" && nextStep !== "calculators") return; // never back a step
  const changed = nextStep !== step;
  step = nextStep;
  const send = () => {
    clearTimeout(pendingReport);
    pendingReport = null;
    lastSent = Date.now();
    postMessage({ type: "progress", step, message: STEPS[step], received: meter.received, total: meter.total });
  };
  const wait = PROGRESS_MS - (Date.now() - lastSent);
  if (changed || wait <= 0) send();
  else pendingReport ??= setTimeout(send, wait);
}
const meter = new DownloadMeter(() => {
  if (!step) return;
  progress(step === "download" && meter.complete ? "start" : step);
});

// Resolves once runtime.json's sizes are in the meter (or could not be had), so a response
// is only matched against the files to count once they are known.
let sizesKnown;
const sizesReady = new Promise((resolve) => (sizesKnown = resolve));
const nativeFetch = globalThis.fetch.bind(globalThis);

// Pyodide asks for its wasm and standard library only once pyodide.mjs has arrived and
// loadPyodide() runs: on a slow link, a round trip after this worker starts. They are asked
// for now instead, and Pyodide is handed these responses (each once) when it asks. The
// runtime's JavaScript is imported now for the same reason (pyodide.mjs's later import of
// the same URL gets the same module).
// At high priority (Fetch Priority), like app.zip below: a worker's fetch() is otherwise
// "delayable", and Chromium holds such requests back while the page loads its stylesheets
// and scripts. Measured on a laptop (scripts/benchmark.py, HTTP/1.1): the responses' headers
// came about 250 ms later from a calculator page than from a bare page, and 10 ms later
// once asked for at high priority.
const FIRST = { credentials: "same-origin", priority: "high" };
const early = new Map(); // pathname -> Promise<Response>
for (const name of RUNTIME_FILES) {
  const url = new URL(`../pyodide/${name}`, import.meta.url);
  const response = nativeFetch(url, FIRST);
  response.catch(() => {}); // a failure is Pyodide's to report, when it asks
  early.set(url.pathname, response);
}
import("../pyodide/pyodide.asm.mjs").catch(() => {}); // likewise reported by pyodide.mjs

// app.zip is needed only once Python has started, and Python needs the wasm and the standard
// library first. Asked for alongside them, on a slow link it would take a share of the
// bandwidth they need sooner; so it is asked for once both have arrived, and comes while
// Python starts (on a fast link long before it is needed), or once Python is up, whichever
// comes first.
const runtimeArrived = new Set();
let askForApp;
const appAsked = new Promise((resolve) => (askForApp = resolve));
function runtimeFileArrived(name) {
  runtimeArrived.add(name);
  if (runtimeArrived.size < RUNTIME_FILES.length) return;
  askForApp();
  // Python starts now, while app.zip arrives: the bar goes on counting its bytes.
  if (step === "download") progress("start");
}

globalThis.fetch = async (input, init) => {
  const path = new URL(typeof input === "string" || input instanceof URL ? input : input.url, location.href).pathname;
  const asked = early.get(path);
  early.delete(path);
  const response = await (asked ?? nativeFetch(input, init));
  await sizesReady;
  const file = meter.tracked(typeof input === "string" || input instanceof URL ? input : input.url);
  const runtimeFile = RUNTIME_FILES.find((name) => path.endsWith(`/${name}`));
  if (file && response.ok && response.body && !file.counting) {
    file.counting = true;
    const counted = meter.count(file, response, response.clone(), KEEP_FOR_STATE.some((name) => file.path.endsWith(name)));
    if (runtimeFile) counted.finally(() => runtimeFileArrived(runtimeFile));
  } else if (runtimeFile) {
    runtimeFileArrived(runtimeFile); // not counted (no sizes, a failed answer): no need to wait
  }
  return response;
};

// pyodide.asm.mjs is imported, not fetched: counted whole when the browser has it (and any
// counted file once its download is complete, whoever reads it).
if (typeof PerformanceObserver === "function") {
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.responseEnd > 0) meter.arrived(meter.tracked(entry.name), entry.encodedBodySize);
      }
    }).observe({ type: "resource", buffered: true });
  } catch {
    // no resource timing in workers here: the files are counted as they are read instead
  }
}

// The last line of an error: for a Python exception, "ModuleNotFoundError: ..." rather than
// the whole traceback. The full error still goes to the console for whoever debugs it.
function reason(error) {
  const lines = String(error?.message ?? error).split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? "unknown error";
}

// How long after the first answer to start making a new state: loading a second Python,
// compressing and writing its state must not compete with the page showing the answer (nor,
// on a slow link, with the search index it then downloads).
const SAVE_DELAY_MS = 3000;
// Kept gzipped by calc-state-worker.mjs: 31 MB of memory, three quarters zeros, about 5 MB.
const COMPRESSION = "gzip";

// runtime.json (written by the build): the saved states' key and the downloads' sizes; null
// if it cannot be read (Python then starts the ordinary way, with no byte counts).
async function runtimeInfo() {
  try {
    const { RUNTIME_INFO } = await python;
    const response = await nativeFetch(RUNTIME_INFO);
    return response.ok ? await response.json() : null;
  } catch (error) {
    console.warn("No runtime.json:", error);
    return null;
  }
}

// Where the start-up state for this runtime is kept, and the saved one as a Response or null;
// null altogether when states cannot be kept (no Cache Storage on a plain-http site, no
// CompressionStream, or any error: then Python starts the ordinary way).
async function savedState(info) {
  const { SAVED_STATES, stateKey } = await python;
  const key = stateKey(info);
  if (!key) return null;
  try {
    const cache = await caches.open(SAVED_STATES);
    return { key, cache, saved: (await cache.match(key)) ?? null };
  } catch (error) {
    console.warn("No saved start-up state:", error);
    return null;
  }
}

// After the first answer, when no state is saved yet, calc-state-worker.mjs makes one: this
// worker's Python has loaded the calculators and seen the reader's input, so it cannot.
// Started SAVE_DELAY_MS after that answer, so it does not compete with the page showing it,
// and given the wasm, standard library and app.zip this worker downloaded (as Blobs), so
// nothing is fetched twice. It is sent nothing else, and ends itself when done.
let stateSaver = null;

/** The downloads kept for the state's worker, {url: Blob}; this worker keeps them no more. */
function takeKeptFiles() {
  const files = {};
  for (const file of meter.files.values()) {
    if (file.kept) files[new URL(file.path, location.href).href] = new Blob(file.kept.chunks, { type: file.kept.type });
    file.kept = null;
  }
  return files;
}

function saveStateLater(store) {
  if (stateSaver) return;
  if (!store || store.saved || typeof Worker === "undefined") {
    takeKeptFiles(); // not needed: let them go
    return;
  }
  stateSaver = setTimeout(() => {
    const files = takeKeptFiles();
    python.then(({ startStateWorker }) => startStateWorker(store.key, files)).catch((error) => {
      console.warn("The start-up state will not be saved:", error);
    });
  }, SAVE_DELAY_MS);
}

// Starts Python, from the saved start-up state when there is one. Pyodide 314's memory
// snapshots (the `_loadSnapshot`/`_makeSnapshot` options and makeMemorySnapshot) are not yet
// a public API, so every step falls back to the ordinary start: a state that fails to
// restore is deleted and Python starts as usual (a new state is made after the answer,
// saveStateLater). scripts/build_pyodide.mjs checks at build time that a restored state
// gives the same answers, and `make test` runs the calculators' suite on one
// (run_pyodide_tests.mjs --from-saved-state).
async function startPython(loadPyodide, options, store, load) {
  if (store?.saved) {
    try {
      const state = new Response(store.saved.body.pipeThrough(new DecompressionStream(COMPRESSION))).arrayBuffer();
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: state });
      // The state fixed the random generator's seed: draw a fresh one, as a new start would.
      pyodide.pyimport("random").seed();
      return { run: await load(pyodide), start: "saved state" };
    } catch (error) {
      const { AppZipError } = await python;
      if (error instanceof AppZipError) throw error; // app.zip's fault: the state is fine, keep it
      console.warn("The saved start-up state did not restore; starting Python as usual:", error);
      await store.cache.delete(store.key).catch(() => {});
      store.saved = null;
    }
  }
  // Made in a separate worker after the first answer, not here: making a state means
  // starting Python with _makeSnapshot and copying its 31 MB of memory, before the answer.
  return { run: await load(await loadPyodide(options)), start: "fresh" };
}

let store = null;
const ready = (async () => {
  progress("download");
  const info = runtimeInfo();
  // Sizes first, so the bar's total is known before the first byte is counted.
  info.then((runtime) => {
    if (runtime?.downloads) meter.expect(runtime.downloads, new URL("../", import.meta.url));
  }).finally(sizesKnown);
  const { APP_ZIP, AppZipError, INDEX_URL, LOCK, loadCalculators } = await python;
  const options = {
    indexURL: INDEX_URL,
    lockFileContents: LOCK,
    // Never used (the lock lists no packages), but without it Pyodide's fallback for
    // packages is a CDN: with it, even a stray loadPackage could only ask this site.
    packageBaseUrl: INDEX_URL,
  };
  // Fetch the app, and look for a saved start-up state, while the runtime starts.
  const appZip = appAsked.then(() => fetch(APP_ZIP, FIRST)).then(async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }).catch((error) => {
    throw new AppZipError(`did not download (${reason(error)})`);
  });
  appZip.catch(() => {}); // handled below; this only stops an "unhandled rejection" warning
  const saved = info.then(savedState);
  // A dynamic import, so a missing file rejects with its URL instead of killing the worker.
  const { loadPyodide } = await import("../pyodide/pyodide.mjs");
  store = await saved;
  return startPython(loadPyodide, options, store, async (pyodide) => {
    // Python is running, so its runtime has arrived, whatever the meter saw of it.
    meter.arrived(meter.tracked(new URL("pyodide.asm.mjs", INDEX_URL)));
    askForApp();
    progress("calculators");
    // Not warmed up: on a cold visit the reader's question is usually waiting (a shared link),
    // and warm_up() would read the other four areas' rules first. The start-up state that
    // calc-state-worker.mjs saves is warmed up, for later visits.
    return loadCalculators(pyodide, await appZip, { warmUp: false });
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
    saveStateLater(store);
  } catch (error) {
    console.error(error);
    postMessage({ id, ok: false, message: reason(error) });
  }
});
