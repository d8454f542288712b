// The calculators loaded into a running Pyodide, the same way in both workers that do it:
// calc-worker.mjs, to answer, and calc-state-worker.mjs, to save a start-up state that
// already holds them (so a later visit skips this step). Nothing here depends on the day or
// on anything a reader gives.

// Where app.zip (the calculators, holidays, python-dateutil, six; built by
// scripts/build_pyodide.mjs) is unpacked: Python 3.14's site-packages in Pyodide.
const SITE_PACKAGES = "/lib/python3.14/site-packages";

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
