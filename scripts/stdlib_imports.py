"""Which standard-library modules this interpreter imported from Pyodide's zip, and from which
file (a .py source or a compiled .pyc). Runs INSIDE Pyodide: scripts/build_pyodide.mjs runs
it after a smoke run of the calculators, and its value is the last expression, as JSON.
"""

import json
import sys

STDLIB_ZIP = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"

json.dumps(
    sorted(
        (name, module.__spec__.origin)
        for name, module in list(sys.modules.items())
        if getattr(module, "__spec__", None) and (module.__spec__.origin or "").startswith(STDLIB_ZIP)
    )
)
