"""Which standard-library modules came from outside the site's cut-down zip, and for whom.
Runs INSIDE Pyodide, for scripts/run_pyodide_tests.mjs.

The site's python_stdlib.zip (scripts/build_stdlib.py) holds only what the calculators need.
To run pytest, the npm package's whole zip is appended to sys.path as REST. A finder first
on sys.meta_path notes every module about to come from REST and who asked for it: the
innermost frame that is not the import machinery and not a module of the site's zip (a
standard-library module imports on behalf of whoever called it). If that is the
calculators' code (anything in APP, site-packages, other than the test tools), the browser
would fail where this run passed: a violation. The calculators are imported and run here
first, before pytest loads, so their own imports are seen first.

Globals in:  REST (path of the whole zip), APP (site-packages)
Value:       the Audit object (violations: [(module, importer)], from_rest: [module])
"""

import importlib.machinery
import sys

REST_PATH = REST  # noqa: F821  (set by run_pyodide_tests.mjs)
SITE_PACKAGES = APP.rstrip("/") + "/"  # noqa: F821
SITE_ZIP = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
# Test tools in site-packages, not the calculators' dependencies.
TEST_TOOLS = ("_pytest/", "pytest/", "pluggy/", "iniconfig/", "packaging/", "pygments/", "hypothesis/",
              "sortedcontainers/", "_hypothesis", "py.py", "attr/", "attrs/", "exceptiongroup/")


class Audit:
    def __init__(self):
        self.violations = []
        self.from_rest = []

    def importer(self):
        frame = sys._getframe(3)
        while frame is not None:
            name = frame.f_code.co_filename
            if not (name.startswith("<frozen") or name.startswith(SITE_ZIP) or "importlib" in name.split("/")[-2:-1]):
                return name
            frame = frame.f_back
        return "(nothing)"

    def find_spec(self, name, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None and "." in name:
            # A submodule the site's zip lacks of a package it has (importlib.metadata): the
            # package's __path__ names only the site's zip, so look in the rest by hand.
            spec = importlib.machinery.PathFinder.find_spec(
                name, [f"{REST_PATH}/{name.rpartition('.')[0].replace('.', '/')}"], target)
            if spec is None:
                return None
            self.note(name, spec)
            return spec
        self.note(name, spec)
        return None  # the usual finders go on to load it

    def note(self, name, spec):
        if spec is not None and (spec.origin or "").startswith(REST_PATH):
            importer = self.importer()
            self.from_rest.append(name)
            if importer.startswith(SITE_PACKAGES) and not importer[len(SITE_PACKAGES):].startswith(TEST_TOOLS):
                self.violations.append((name, importer))


audit = Audit()
sys.meta_path.insert(0, audit)
sys.path.append(REST_PATH)
# The calculators first, as the browser's worker runs them.
import calculators.web  # noqa: E402

calculators.web.warm_up()
for _calculator, _params in (
    ("timescales", '{"area": ["york"], "strategy-discussion": ["2025-01-06"]}'),
    ("timescales", '{"area": ["york"], "strategy-discussion": ["2025-02-30"]}'),
    ("quorum", '{"area": ["warrington"], "conference-type": ["initial"], "child": ["Amy"], "attendee": ["police"]}'),
    ("prebirth", '{"area": ["york"], "conference": ["tomorrow"]}'),
):
    calculators.web.run_json(_calculator, _params)
audit
