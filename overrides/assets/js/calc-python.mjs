// The calculators' Python, as every script that handles it needs it: where it lives, how it
// is loaded into a running Pyodide, and where its saved start-up state is kept. Imported by
// calc-worker.mjs (to answer), calc-state-worker.mjs (to save a start-up state that already
// holds the calculators, so a later visit skips loading them) and offline.mjs (to make that
// state as soon as the offline copy is kept). Nothing here runs on import, and nothing here
// depends on the day or on anything a reader gives.

// Passed inline so Pyodide fetches no lock file; it must match the runtime's own lock `info`
// (scripts/build_pyodide.mjs checks it). No packages: app.zip brings everything we need.
export const LOCK = {
  info: { abi_version: "2026_0", arch: "wasm32", platform: "emscripten_5_0_3", python: "3.14.2" },
  packages: {},
};

// The runtime (built by scripts/build_pyodide.mjs), runtime.json (its sizes and the saved
// states' key) and app.zip (the calculators, holidays, python-dateutil, six).
export const INDEX_URL = new URL("../pyodide/", import.meta.url).href;
export const RUNTIME_INFO = new URL("../pyodide/runtime.json", import.meta.url);
export const APP_ZIP = new URL("../py/app.zip", import.meta.url);
// Where app.zip is unpacked: Python 3.14's site-packages in Pyodide.
const SITE_PACKAGES = "/lib/python3.14/site-packages";

// Saved start-up states live in Cache Storage (this origin's, in this browser), under a key
// that names the exact runtime files and app.zip they were made with (runtime.json's
// snapshot_key), so a new build never restores an old state. Kept gzipped.
export const SAVED_STATES = "calculators-python-start";

/** The saved state's key for runtime.json's contents, or null when states cannot be kept here
 * (no key, no Cache Storage on a plain-http site, no CompressionStream). */
export function stateKey(info) {
  if (!info?.snapshot_key || typeof caches === "undefined" || typeof CompressionStream === "undefined") return null;
  return new URL(`start-${info.snapshot_key}.bin`, INDEX_URL).href;
}

/** Starts calc-state-worker.mjs, which makes a state, keeps it under `key` and ends. files:
 * {url: Blob} of runtime files already downloaded, so they are not fetched again. */
export function startStateWorker(key, files = {}) {
  const saver = new Worker(new URL("./calc-state-worker.mjs", import.meta.url), { type: "module" });
  saver.postMessage({ key, files });
  return saver;
}

/**
 * Unpacks app.zip (a Uint8Array) into site-packages, imports calculators.web and runs its
 * warm_up() (every area's rules read, the bank-holiday table built). Returns run_json.
 * From a state that already holds the calculators, the imports and warm_up() cost nothing;
 * the files are unpacked again all the same, for anything imported or read later.
 */
export function loadCalculators(pyodide, appZip) {
  pyodide.unpackArchive(appZip, "zip", { extractDir: SITE_PACKAGES });
  const web = pyodide.pyimport("calculators.web");
  web.warm_up();
  return web.run_json;
}
