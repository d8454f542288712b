"""Copies the calculators' Python bundle (build/web/assets/) into the built site's assets/.

scripts/build_pyodide.sh builds it: the Pyodide runtime from npm and app.zip with the
calculators. It is a build product (gitignored), so MkDocs does not see it as docs; this
hook puts it beside the pages after every build, for `mkdocs build` and `mkdocs serve`
alike. Without it the calculators could not run, so a missing bundle fails the build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

# What calc-worker.mjs fetches, relative to build/web/assets/.
REQUIRED = (
    "pyodide/pyodide.mjs",
    "pyodide/pyodide.asm.mjs",
    "pyodide/pyodide.asm.wasm",
    "pyodide/python_stdlib.zip",
    "pyodide/runtime.json",
    "py/app.zip",
)
BUILD_COMMAND = "make build (or: npm ci && scripts/build_pyodide.sh)"


def _bundle(config) -> Path:
    return Path(config.config_file_path).resolve().parent / "build" / "web" / "assets"


def on_serve(server, config, builder, **kwargs):
    # `mkdocs serve` rebuilds, and so copies the new bundle, when scripts/build_pyodide.sh reruns.
    if _bundle(config).is_dir():
        server.watch(str(_bundle(config)))
    return server


def on_post_build(config, **kwargs):
    bundle = _bundle(config)
    missing = [name for name in REQUIRED if not (bundle / name).is_file()]
    if missing:
        what = "build/web/assets/" if len(missing) == len(REQUIRED) else ", ".join(f"build/web/assets/{m}" for m in missing)
        raise PluginError(f"The calculators' Python bundle is missing ({what}). Build it with: {BUILD_COMMAND}")
    shutil.copytree(bundle, Path(config.site_dir) / "assets", dirs_exist_ok=True)
