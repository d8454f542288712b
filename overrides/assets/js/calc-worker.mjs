// The calculators' Python, run in a module Worker so the page never freezes while it loads.
// Started by pyodide-client.mjs (one per tab). Everything comes from this site: the Pyodide
// runtime from ../pyodide/ and the calculators with their dependencies from ../py/app.zip
// (both built by scripts/build_pyodide.mjs). Nothing is fetched from another origin.
//
// Messages in:  {id, calculator, params}   params: {name: [string, ...]}, as in the URL
// Messages out: {type: "progress", message} while loading, then {type: "ready"}
//               or {type: "fatal", message} if loading failed;
//               {id, ok: true, value} with value = calculators.web.run_json's answer, parsed
//               ({ok: true, result} or {ok: false, error: {field, message}}), or
//               {id, ok: false, message} when the call itself failed unexpectedly.

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

const ready = (async () => {
  progress("Loading Python (about 8 MB the first time, then from the browser's cache)…");
  // Fetch the app while the runtime starts.
  const appZipURL = new URL("../py/app.zip", import.meta.url);
  const appZip = fetch(appZipURL).then(async (response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }).catch((error) => {
    throw new Error(`the calculators' own files (${appZipURL.pathname}) did not download (${reason(error)})`);
  });
  appZip.catch(() => {}); // handled below; this only stops an "unhandled rejection" warning
  // A dynamic import, so a missing file rejects with its URL instead of killing the worker.
  const { loadPyodide } = await import("../pyodide/pyodide.mjs");
  const here = new URL("../pyodide/", import.meta.url).href;
  const pyodide = await loadPyodide({
    indexURL: here,
    lockFileContents: LOCK,
    // Never used (the lock lists no packages), but without it Pyodide's fallback for
    // packages is a CDN: with it, even a stray loadPackage could only ask this site.
    packageBaseUrl: here,
  });
  progress("Loading the calculators…");
  pyodide.unpackArchive(await appZip, "zip", { extractDir: SITE_PACKAGES });
  const web = pyodide.pyimport("calculators.web");
  web.warm_up();
  return web.run_json;
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
ready.then(() => postMessage({ type: "ready" }), die);

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
    const runJson = await ready;
    postMessage({ id, ok: true, value: JSON.parse(runJson(calculator, JSON.stringify(params ?? {}))) });
  } catch (error) {
    console.error(error);
    postMessage({ id, ok: false, message: reason(error) });
  }
});
