"""Compile the standard-library modules the calculators use. Runs INSIDE Pyodide (Python 3.14).

Pyodide's python_stdlib.zip (npm package) holds only sources, and Pyodide never writes
bytecode (sys.dont_write_bytecode), so every visit compiled each module it imported: about
140 of them (the rest are built in or frozen), most while Pyodide itself starts (asyncio,
inspect, typing, ...). Measured in
Chromium here, that compiling was most of the wait for a first result. Upstream publishes a
"pyc" build of the standard library for this reason, but only on its CDN and in GitHub
release assets, which this site may not use; so the site builds its own from the npm one.

Only the modules a calculator run imports (MODULES, recorded by scripts/build_pyodide.mjs
from a fresh interpreter) are compiled, their sources replaced by bytecode. The rest stay
as sources: they still import, only slower, and the zip stays close to its original size
(compiling all of it would add about 2 MB to send). The bytecode is UNCHECKED_HASH, so it
is valid whatever the file dates, and the zip is byte-for-byte reproducible.

Globals in:  SOURCE (the runtime's zip, /lib/python314.zip), MODULES (list of str), OUT (path)
Global out:  STDLIB_SUMMARY (dict)
"""

import py_compile
import zipfile
from pathlib import Path

source = zipfile.ZipFile(SOURCE)  # noqa: F821  (set by build_pyodide.mjs)
names = set(source.namelist())
scratch = Path("/build/stdlib-src")


def entry(module):
    """The zip entry holding a module's source, or None (a built-in or frozen module)."""
    path = module.replace(".", "/")
    for candidate in (f"{path}/__init__.py", f"{path}.py"):
        if candidate in names:
            return candidate
    return None


entries = {module: entry(module) for module in MODULES}  # noqa: F821
compile_ = {name for name in entries.values() if name}
missing = sorted(module for module, name in entries.items() if not name)
if missing:
    raise SystemExit(f"build_stdlib: not in {SOURCE}: {', '.join(missing)}")  # noqa: F821

with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:  # noqa: F821
    for info in source.infolist():
        data = source.read(info)
        name = info.filename
        if name in compile_:
            file = scratch / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
            # dfile: tracebacks name the module where the browser finds it, in the zip.
            py_compile.compile(
                str(file),
                cfile=str(file) + "c",
                dfile=f"{SOURCE}/{name}",  # noqa: F821
                doraise=True,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            )
            # zipimport looks for module.pyc beside where module.py was (never __pycache__).
            name, data = name + "c", (file.parent / (file.name + "c")).read_bytes()
        copy = zipfile.ZipInfo(name, info.date_time)
        copy.compress_type = zipfile.ZIP_DEFLATED
        copy.external_attr = info.external_attr
        out.writestr(copy, data, compresslevel=9)

STDLIB_SUMMARY = {"compiled": len(compile_), "entries": len(names)}
