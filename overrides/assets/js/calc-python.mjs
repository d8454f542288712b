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
 * Unpacks app.zip (a Uint8Array) into site-packages, imports calculators.web and, with
 * warmUp, runs its warm_up() (every area's rules read, the bank-holiday table built: worth
 * it before a start-up state is saved, not before a first answer, which reads only its own
 * area's rules). Returns run_json. From a state that already holds the calculators, the
 * imports and warm_up() cost nothing; the files are unpacked again all the same, for
 * anything imported or read later.
 */
export function loadCalculators(pyodide, appZip, { warmUp = true } = {}) {
  unpackStored(pyodide.FS, appZip, SITE_PACKAGES);
  const web = pyodide.pyimport("calculators.web");
  if (warmUp) web.warm_up();
  return web.run_json;
}

/**
 * app.zip did not download, or arrived whole but not as the zip the build made (a host's
 * error page, say): the download's fault, never Python's nor a saved start-up state's.
 * `what` ends the sentence "the calculators' own files (/assets/py/app.zip) ...".
 */
export class AppZipError extends Error {
  constructor(what) {
    super(`the calculators' own files (${APP_ZIP.pathname}) ${what}`);
  }
}

// A zip's records (APPNOTE.TXT): the end of the central directory, a central directory
// entry, a file's local header.
const END_RECORD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/**
 * Writes the files of a zip the build made (scripts/build_pyodide.py: every entry stored,
 * not deflated, no archive comment, no zip64) into dir of Pyodide's file system. Pyodide's
 * own unpackArchive hands the zip to Python's zipfile and shutil, which took 26-38 ms for
 * app.zip's 90-odd files in Node; written straight from the bytes here, about 2 ms. A zip
 * of any other shape (a damaged download, a host's error page) throws, naming what is wrong.
 */
export function unpackStored(FS, zip, dir) {
  const damaged = (why) => new AppZipError(`are damaged: ${why}`);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  if (end < 0 || view.getUint32(end, true) !== END_RECORD) throw damaged("not a zip file");
  const names = new TextDecoder();
  let at = view.getUint32(end + 16, true);
  for (let count = view.getUint16(end + 10, true); count > 0; count--) {
    if (at + 46 > zip.byteLength || view.getUint32(at, true) !== CENTRAL_ENTRY) throw damaged("its directory is cut short");
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = names.decode(zip.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (method !== 0) throw damaged(`${name} is compressed`);
    if (!name || name.startsWith("/") || name.split("/").includes("..")) throw damaged(`a file is named ${JSON.stringify(name)}`);
    const path = `${dir}/${name}`;
    if (name.endsWith("/")) {
      FS.mkdirTree(path);
      continue;
    }
    if (local + 30 > zip.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) throw damaged(`${name} is not where its directory says`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + size > zip.byteLength) throw damaged(`${name} is cut short`);
    FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    FS.writeFile(path, zip.subarray(start, start + size));
  }
}
