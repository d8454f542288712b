// Builds the self-hosted Python runtime the calculator pages load (offline, after `npm ci`
// and after scripts/build_pyodide.sh has put the wheels in build/wheels):
//
//   build/web/assets/pyodide/  pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm
//                              copied from node_modules/pyodide (the npm package pins the version)
//   build/web/assets/pyodide/python_stdlib.zip
//                              the npm package's standard library cut down to the modules
//                              Pyodide and the calculators import, compiled, stored
//                              (scripts/build_stdlib.py)
//   build/web/assets/pyodide/runtime.json
//                              {"pyodide": version, "snapshot_key": sha-256 of the four files
//                              above and app.zip, "downloads": {file: {bytes, br, gzip}}}: the worker saves
//                              Python's start-up state in the browser under that key, so a
//                              state is only ever restored on the runtime that made it; the
//                              sizes feed its loading progress bar
//   build/web/assets/py/app.zip
//                              site-packages with calculators, holidays, python-dateutil, six:
//                              bytecode only, compiled by Pyodide's own Python 3.14, holidays
//                              slimmed to what England's calendar needs (scripts/build_pyodide.py),
//                              stored: the host sends it compressed as a whole
//
// overrides/hooks/pyodide_assets.py copies build/web/assets/* into the built site.
//
// Why bytecode compiled here: Pyodide runs with sys.dont_write_bytecode, so without .pyc every
// visit compiles holidays from source (~0.9 s of a ~2 s start, notes/pyodide.md section 3).
// UNCHECKED_HASH .pyc stay valid whatever the files' mtimes, and make the zip reproducible.
// Why bytecode only: 1.83 MB instead of 2.84 MB with the sources, and quicker to unpack
// (unpack + first answer 0.71-0.77 s against 0.87-0.92 s, Node, 3 runs on a quiet machine);
// a reader never sees a traceback, so source lines in tracebacks buy them nothing.
// Why unpacked into site-packages rather than imported from the zip (zipimport, 0.64-0.73 s):
// holidays finds its catalogues through __file__, which fails inside a zip.
// Why a compiled standard library: Pyodide imports ~190 stdlib modules to start and to run a
// calculator, and from sources it compiles each one on every visit (see build_stdlib.py).
//
// Usage: node scripts/build_pyodide.mjs [--wheels DIR] [--out DIR] [--with-source]

import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";
import zlib, { brotliCompressSync, gzipSync } from "node:zlib";
import { parseArgs } from "node:util";
// How both of the browser's workers load the calculators into Python: checked here as they run.
import { loadCalculators } from "../overrides/assets/js/calc-python.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    wheels: { type: "string", default: join(ROOT, "build", "wheels") },
    out: { type: "string", default: join(ROOT, "build", "web") },
    // Keep the .py files beside the bytecode (1 MB more): readable tracebacks when debugging.
    "with-source": { type: "boolean", default: false },
  },
});

// The runtime files a browser needs. The rest of the npm package (lock file, .d.ts, maps,
// console pages, the classic-script loader) is not served: the worker passes its own
// lockFileContents, so pyodide-lock.json is never fetched.
const RUNTIME = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"];
const STDLIB = "python_stdlib.zip"; // built from the npm package's by scripts/build_stdlib.py
// What the worker downloads from assets/pyodide/ (pyodide.mjs, 6 kB, is left out of the
// progress bar: it is imported before there is anything to show).
const DOWNLOADS = ["pyodide.asm.mjs", "pyodide.asm.wasm", STDLIB];
// holidays ships 770-odd gettext catalogues (1 MB): every country's holiday names in other
// languages. The calculators need only the United Kingdom's (England's bank holidays), whose
// names in English are the catalogues' message ids; GB's own catalogues (en_GB, en_US, th)
// are kept so that any `language=` still finds its file. scripts/build_pyodide.py proves the
// names for 2015-2030 are unchanged by the pruning.
const KEEP_CATALOGUES = ["GB"];

function fail(message) {
  console.error(`build_pyodide: ${message}`);
  process.exit(1);
}

const PYODIDE_DIR = join(ROOT, "node_modules", "pyodide");
let pyodidePackage;
try {
  pyodidePackage = JSON.parse(readFileSync(join(PYODIDE_DIR, "package.json"), "utf8"));
} catch {
  fail("node_modules/pyodide is missing: run `npm ci` first.");
}
const pinned = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies.pyodide;
if (pyodidePackage.version !== pinned) {
  fail(`node_modules has pyodide ${pyodidePackage.version} but package.json pins ${pinned}: run \`npm ci\`.`);
}

// The workers carry the runtime's lock `info` inline (calc-python.mjs's LOCK) (so no lock file is fetched); loading
// fails with "Lock file ABI version doesn't match" if it goes stale, so check it here.
const lockInfo = JSON.parse(readFileSync(join(PYODIDE_DIR, "pyodide-lock.json"), "utf8")).info;
const workerSource = readFileSync(join(ROOT, "overrides", "assets", "js", "calc-python.mjs"), "utf8");
for (const [key, value] of Object.entries(lockInfo)) {
  if (!workerSource.includes(`${key}: "${value}"`)) {
    fail(`overrides/assets/js/calc-python.mjs must carry the lock info ${key}: "${value}" (from node_modules/pyodide/pyodide-lock.json).`);
  }
}

// calc-worker.mjs turns Pyodide's "wasm instantiation failed!" warning into a visible
// failure (otherwise loadPyodide hangs when the wasm is missing): keep that message true.
// Likewise its report of a standard library that did not load (the STDLIB_FAILED watch).
const pyodideSource = readFileSync(join(PYODIDE_DIR, "pyodide.mjs"), "utf8");
if (!pyodideSource.includes('console.warn("wasm instantiation failed!")')) {
  fail('node_modules/pyodide/pyodide.mjs no longer warns "wasm instantiation failed!": revisit the WASM_FAILED watch in calc-worker.mjs.');
}
if (!pyodideSource.includes('console.error("Error occurred while installing the standard library:")')) {
  fail("node_modules/pyodide/pyodide.mjs no longer reports a standard library that did not load: revisit the STDLIB_FAILED watch in calc-worker.mjs.");
}

let wheels;
try {
  wheels = readdirSync(opts.wheels).filter((f) => f.endsWith(".whl")).sort();
} catch {
  wheels = [];
}
if (!wheels.some((f) => f.startsWith("cp_calculators-"))) {
  fail(`no cp_calculators wheel in ${opts.wheels}: run scripts/build_pyodide.sh (it runs pip, then this script).`);
}
const platformWheels = wheels.filter((f) => !f.endsWith("-none-any.whl"));
if (platformWheels.length) fail(`only pure-Python wheels work in the browser bundle: ${platformWheels.join(", ")}`);

const { loadPyodide } = await import(join(PYODIDE_DIR, "pyodide.mjs"));
// packageBaseUrl: in Node, Pyodide's fallback for packages is otherwise a CDN.
const py = await loadPyodide({ lockFileContents: { info: lockInfo, packages: {} }, packageBaseUrl: PYODIDE_DIR });

// 1. Unpack the wheels into a scratch site-packages inside Pyodide's file system.
const SITE = "/build/site-packages";
py.FS.mkdirTree(SITE);
for (const wheel of wheels) {
  py.unpackArchive(new Uint8Array(readFileSync(join(opts.wheels, wheel))), "wheel", { extractDir: SITE });
}

// 2. Prune holidays' catalogues, then 3. compile and zip: Python in scripts/build_pyodide.py,
// run by Pyodide so the bytecode is Python 3.14's.
py.globals.set("SITE", SITE);
py.globals.set("KEEP_CATALOGUES", py.toPy(KEEP_CATALOGUES));
py.globals.set("WITH_SOURCE", opts["with-source"]);
py.runPython(readFileSync(join(ROOT, "scripts", "build_pyodide.py"), "utf8"));
const summary = py.globals.get("SUMMARY").toJs({ dict_converter: Object.fromEntries });

const assets = join(opts.out, "assets");
rmSync(join(assets, "pyodide"), { recursive: true, force: true });
rmSync(join(assets, "py"), { recursive: true, force: true });
mkdirSync(join(assets, "pyodide"), { recursive: true });
mkdirSync(join(assets, "py"), { recursive: true });
for (const file of RUNTIME) copyFileSync(join(PYODIDE_DIR, file), join(assets, "pyodide", file));
writeFileSync(join(assets, "py", "app.zip"), py.FS.readFile("/build/app.zip"));

// 4. Smoke test: a fresh interpreter loads the zip exactly as calc-worker.mjs does, runs each
// calculator (a good answer and an error), and says which standard-library modules it used.
const samples = {
  timescales: { area: ["york"], "strategy-discussion": ["2025-01-06"] },
  quorum: { area: ["warrington"], "conference-type": ["initial"], child: ["Amy"], attendee: ["childrens-social-care", "police", "health-visitor"] },
  prebirth: { area: ["york"], conference: ["2025-03-03"], due: ["2025-05-20"] },
};
const badSamples = {
  timescales: { area: ["york"], "strategy-discussion": ["2025-02-30"] },
  quorum: { area: ["nowhere"], "conference-type": ["initial"] },
  prebirth: { area: ["york"], conference: ["tomorrow"] },
};
// saveState: make a start-up state once the calculators are loaded, as calc-state-worker.mjs
// does; state: start from one instead (and load the calculators again, as calc-worker.mjs does).
async function smoke(stdLibURL, { saveState = false, state = null } = {}) {
  const options = { lockFileContents: { info: lockInfo, packages: {} }, packageBaseUrl: PYODIDE_DIR };
  if (stdLibURL) options.stdLibURL = stdLibURL;
  if (saveState) options._makeSnapshot = true;
  if (state) options._loadSnapshot = state;
  const check = await loadPyodide(options);
  const runJson = loadCalculators(check, new Uint8Array(readFileSync(join(assets, "py", "app.zip"))));
  const made = saveState ? check.makeMemorySnapshot() : null;
  const answers = {};
  for (const [calculator, params] of Object.entries(samples)) {
    answers[calculator] = JSON.parse(runJson(calculator, JSON.stringify(params)));
    if (!answers[calculator].ok) fail(`smoke test: ${calculator} answered an error: ${JSON.stringify(answers[calculator].error)}`);
    const bad = JSON.parse(runJson(calculator, JSON.stringify(badSamples[calculator])));
    if (bad.ok || !bad.error?.message) fail(`smoke test: ${calculator} took bad input without an error: ${JSON.stringify(bad)}`);
    answers[`${calculator} (bad input)`] = bad;
  }
  // Modules imported from the standard library's zip: name and the file each came from.
  const stdlib = JSON.parse(check.runPython(readFileSync(join(ROOT, "scripts", "stdlib_imports.py"), "utf8")));
  return { answers, stdlib, made };
}

const first = await smoke();
// 5. The standard library cut down to what runs, compiled (scripts/build_stdlib.py: what that
// run imported, what the calculators' code can import on any path, a few codecs), then the
// same run on it alone: the same answers, and every module it imported was compiled.
py.globals.set("SOURCE", "/lib/python314.zip");
py.globals.set("RECORDED", py.toPy(first.stdlib.map(([name]) => name)));
py.globals.set("APP", "/build/app-src");
py.globals.set("OUT", "/build/python_stdlib.zip");
py.runPython(readFileSync(join(ROOT, "scripts", "build_stdlib.py"), "utf8"));
const stdlibSummary = py.globals.get("STDLIB_SUMMARY").toJs({ dict_converter: Object.fromEntries });
writeFileSync(join(assets, "pyodide", STDLIB), py.FS.readFile("/build/python_stdlib.zip"));
const second = await smoke(join(assets, "pyodide", STDLIB));
if (JSON.stringify(second.answers) !== JSON.stringify(first.answers)) {
  fail("smoke test: the standard library built for the site changed the calculators' answers.");
}
const fromSource = second.stdlib.filter(([, origin]) => !origin.endsWith(".pyc")).map(([name]) => name);
if (fromSource.length) fail(`smoke test: still compiled from source on each visit: ${fromSource.join(", ")}`);
// 6. Python's saved start-up state (calc-worker.mjs): made as the worker makes it, then a
// fresh interpreter started from it must give the same answers. Its API is not yet public
// in Pyodide, so this is where an upgrade that changes it shows up.
const saving = await smoke(join(assets, "pyodide", STDLIB), { saveState: true });
const restored = await smoke(join(assets, "pyodide", STDLIB), { state: saving.made });
for (const [what, run] of [["making", saving], ["starting from", restored]]) {
  if (JSON.stringify(run.answers) !== JSON.stringify(first.answers)) fail(`smoke test: ${what} a saved start-up state changed the calculators' answers.`);
}
const snapshotKey = createHash("sha256");
// The state holds the calculators (calc-state-worker.mjs), so app.zip is part of its key: a new
// build's rules or code are never answered from an old state.
for (const file of [...RUNTIME.map((f) => `pyodide/${f}`), `pyodide/${STDLIB}`, "py/app.zip"]) snapshotKey.update(readFileSync(join(assets, file)));
// The files the worker downloads, with their sizes as sent (brotli, gzip) and as received
// (bytes): the loading progress bar (assets/js/load-progress.mjs) shows bytes out of this
// total before the server has said how big each one is. overrides/hooks/precompress.py writes
// the .br and .gz files the host sends, at the same settings.
const downloads = {};
for (const rel of [...DOWNLOADS.map((f) => `pyodide/${f}`), "py/app.zip"]) {
  const bytes = readFileSync(join(assets, rel));
  downloads[rel] = {
    bytes: bytes.length,
    br: brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
    gzip: gzipSync(bytes, { level: 9 }).length,
  };
}
writeFileSync(
  join(assets, "pyodide", "runtime.json"),
  `${JSON.stringify({ pyodide: pyodidePackage.version, snapshot_key: snapshotKey.digest("hex").slice(0, 32), downloads }, null, 1)}\n`,
);
const sample = first.answers.timescales;

const rows = Object.entries(downloads).map(([rel, sizes]) => ({ file: `assets/${rel}`, ...sizes }));
console.log(`build_pyodide: wheels ${wheels.join(", ")}`);
console.log(`build_pyodide: app.zip has ${summary.modules} modules, ${summary.data} data files; dropped ${summary.dropped} holidays catalogues, dateutil's time-zone database and the RECORD files (${summary.dropped_bytes} B) and ${summary.dropped_modules} holidays modules from its lazy packages (kept ${summary.kept_modules})`);
console.log(`build_pyodide: ${STDLIB}: ${stdlibSummary.compiled} modules, compiled, of the npm zip's ${stdlibSummary.source_entries} entries (${stdlibSummary.recorded} imported by a run, ${stdlibSummary.static} that the calculators' code can import; imported by no run: ${stdlibSummary.static_only.join(" ")})`);
for (const { file, bytes, gzip, br } of rows) console.log(`  ${file.padEnd(36)} ${String(bytes).padStart(10)} B  ${String(gzip).padStart(10)} B gzip  ${String(br).padStart(10)} B brotli`);
const total = rows.reduce((a, r) => [a[0] + r.bytes, a[1] + r.gzip, a[2] + r.br], [0, 0, 0]);
console.log(`  ${"total".padEnd(36)} ${String(total[0]).padStart(10)} B  ${String(total[1]).padStart(10)} B gzip  ${String(total[2]).padStart(10)} B brotli`);
console.log(`build_pyodide: saved start-up state ${(saving.made.length / 1e6).toFixed(1)} MB (made in the browser, never served)`);
console.log(`build_pyodide: smoke test ok, the same on both standard libraries and from a saved start-up state: timescales, quorum, prebirth, good and bad input (York, strategy discussion 2025-01-06: icpc ${sample.result.deadlines.find((d) => d.id === "icpc")?.date})`);
