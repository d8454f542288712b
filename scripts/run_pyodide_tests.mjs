// Runs the calculators' pytest suite inside Pyodide under Node: the same Python 3.14 runtime,
// standard library and app.zip the browser gets, so a difference between CPython and the
// browser shows up as a failing test here.
//
//   node scripts/run_pyodide_tests.mjs [--from-saved-state] [pytest args...]
//                                     (default: the configured testpaths)
//
// --from-saved-state runs the suite in a Python started from a saved start-up state, made
// the way calc-worker.mjs makes the one it keeps in the browser for later visits.
//
// The standard library is the site's own, cut down to what the calculators import
// (scripts/build_stdlib.py). pytest and hypothesis need more of it, so the npm package's
// whole zip is put at the END of sys.path, for them only. An import audit
// (scripts/stdlib_audit.py) then fails the run if a module the calculators or their
// dependencies imported came from that rest: the browser would not have it.
//
// Needs `npm ci` and `scripts/build_pyodide.sh tests` first (build/web/assets/py/app.zip and
// build/test-wheels/). The repository is mounted at /project and shared/ beside it at
// /shared, the layout tests/test_rules_data.py expects. Tests that need CPython-only tools
// (browser, build hooks, reading level) are left out by tests/conftest.py on emscripten.
// Exits with pytest's code; 5 (no tests collected) counts as a failure.

import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Resolved first: mounted through a symlink (a worktree's ../shared may be one), NODEFS
// finds no file under it, and every seed-reading test fails with FileNotFoundError.
const SHARED_LINK = resolve(ROOT, "..", "shared");
const SHARED = existsSync(SHARED_LINK) ? realpathSync(SHARED_LINK) : SHARED_LINK;
const APP_ZIP = join(ROOT, "build", "web", "assets", "py", "app.zip");
const STDLIB = join(ROOT, "build", "web", "assets", "pyodide", "python_stdlib.zip");
const FULL_STDLIB = join(ROOT, "node_modules", "pyodide", "python_stdlib.zip");
const REST = "/lib/python314-rest.zip";
const TEST_WHEELS = join(ROOT, "build", "test-wheels");

function fail(message) {
  console.error(`run_pyodide_tests: ${message}`);
  process.exit(2);
}

if (!existsSync(join(ROOT, "node_modules", "pyodide"))) fail("node_modules/pyodide is missing: run `npm ci`.");
for (const file of [APP_ZIP, STDLIB]) {
  if (!existsSync(file)) fail(`${file} is missing: run \`scripts/build_pyodide.sh tests\`.`);
}
const testWheels = existsSync(TEST_WHEELS) ? readdirSync(TEST_WHEELS).filter((f) => f.endsWith(".whl")) : [];
if (!testWheels.some((f) => f.startsWith("pytest-"))) fail("no pytest wheel in build/test-wheels: run `scripts/build_pyodide.sh tests`.");

const PYODIDE_DIR = join(ROOT, "node_modules", "pyodide");
const { loadPyodide } = await import(join(PYODIDE_DIR, "pyodide.mjs"));
const lockInfo = JSON.parse(readFileSync(join(PYODIDE_DIR, "pyodide-lock.json"), "utf8")).info;
// packageBaseUrl: in Node, Pyodide's fallback for packages is otherwise a CDN.
// Host environment variables don't reach Python: pass the ones the tests read. CI=true picks
// the derandomized Hypothesis profile (tests/conftest.py); Hypothesis' example database goes
// to Pyodide's in-memory /tmp, never into the mounted repository.
const env = { HOME: "/home/pyodide", HYPOTHESIS_STORAGE_DIRECTORY: "/tmp/hypothesis" };
for (const name of ["CI", "HYPOTHESIS_PROFILE", "PYTEST_ADDOPTS"]) if (process.env[name] !== undefined) env[name] = process.env[name];
// The standard library the site serves (partly compiled by scripts/build_stdlib.py).
const options = { lockFileContents: { info: lockInfo, packages: {} }, packageBaseUrl: PYODIDE_DIR, stdLibURL: STDLIB, env };
const args = process.argv.slice(2);
const fromSavedState = args[0] === "--from-saved-state";
if (fromSavedState) args.shift();
let py;
if (fromSavedState) {
  // Made as calc-state-worker.mjs makes it: with the calculators loaded and warmed up.
  const { loadCalculators } = await import("../overrides/assets/js/calc-python.mjs");
  const maker = await loadPyodide({ ...options, _makeSnapshot: true });
  loadCalculators(maker, new Uint8Array(readFileSync(APP_ZIP)));
  const state = maker.makeMemorySnapshot();
  py = await loadPyodide({ ...options, _loadSnapshot: state });
  py.pyimport("random").seed(); // as calc-worker.mjs does after restoring
} else {
  py = await loadPyodide(options);
}

// The app exactly as the browser unpacks it, then pytest and hypothesis beside it.
const sitePackages = py.runPython("import site; site.getsitepackages()[0]");
py.unpackArchive(new Uint8Array(readFileSync(APP_ZIP)), "zip", { extractDir: sitePackages });
// The rest of the standard library, last on sys.path, watched (scripts/stdlib_audit.py). The
// calculators are loaded and run first, before pytest has imported anything.
py.FS.writeFile(REST, new Uint8Array(readFileSync(FULL_STDLIB)));
py.globals.set("REST", REST);
py.globals.set("APP", sitePackages);
const audit = py.runPython(readFileSync(join(ROOT, "scripts", "stdlib_audit.py"), "utf8"));
for (const wheel of testWheels) {
  py.unpackArchive(new Uint8Array(readFileSync(join(TEST_WHEELS, wheel))), "wheel", { extractDir: sitePackages });
}

// Host folders, read and write (NODEFS). Nothing is written there: Pyodide writes no
// __pycache__ (sys.dont_write_bytecode) and -p no:cacheprovider keeps .pytest_cache out.
py.FS.mkdirTree("/project");
py.FS.mount(py.FS.filesystems.NODEFS, { root: ROOT }, "/project");
if (existsSync(SHARED)) {
  py.FS.mkdirTree("/shared");
  // Its real path: NODEFS takes a symlinked root (a worktree's ../shared) for a link, not a folder.
  py.FS.mount(py.FS.filesystems.NODEFS, { root: realpathSync(SHARED) }, "/shared");
}

py.pyimport("os").chdir("/project");
// Pyodide's sys.path starts with "" (the working directory): drop it, or the tests would
// import /project/calculators (the source) instead of the app.zip just unpacked.
const sysPath = py.pyimport("sys").path;
while (sysPath.includes("")) sysPath.remove("");
const exitCode = py.pyimport("pytest").main(py.toPy(["-p", "no:cacheprovider", ...args]));
let code = py.pyimport("builtins").int(exitCode);
if (code === 5) console.error("run_pyodide_tests: pytest collected no tests, which counts as a failure here.");

const fromRest = audit.violations.toJs();
if (fromRest.length) {
  console.error("run_pyodide_tests: the calculators imported modules the site's standard library does not hold "
    + "(scripts/build_stdlib.py must keep them):");
  for (const [module, importer] of fromRest) console.error(`  ${module}, imported by ${importer}`);
  code ||= 4;
} else {
  console.log(`run_pyodide_tests: standard library audit ok: ${audit.from_rest.toJs().length} modules came from the rest of the standard library, none for the calculators`);
}

// The point is to test what the browser runs: the calculators must have come from app.zip.
const calculators = py.pyimport("sys").modules.get("calculators");
const origin = calculators?.__file__;
if (origin && !origin.startsWith(sitePackages)) {
  console.error(`run_pyodide_tests: calculators was imported from ${origin}, not from app.zip in ${sitePackages}.`);
  process.exit(code || 3);
}
const started = fromSavedState ? ", Python started from a saved start-up state" : "";
console.log(`run_pyodide_tests: Pyodide ${py.version}${started}, calculators from ${origin ?? "(not imported)"}`);
process.exit(code);
