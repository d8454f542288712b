"""Build the browser's standard library: only the modules Pyodide and the calculators import,
compiled. Runs INSIDE Pyodide (Python 3.14); its functions also import under CPython, for
tests/test_bundle.py.

Pyodide's python_stdlib.zip (npm package) holds the sources of the whole standard library:
9.6 MB of sources, 3.1 MB to send, of which a calculator uses about a third. And Pyodide
never writes bytecode (sys.dont_write_bytecode), so every visit compiled each module it
imported. Upstream publishes a "pyc" build of the standard library for this reason, but only
on its CDN and in GitHub release assets, which this site may not use; so the site builds its
own from the npm one, keeping only what runs:

  KEEP = what a run imports (RECORDED, by scripts/build_pyodide.mjs: Pyodide's own start,
         then each calculator on good and bad input, recorded by scripts/stdlib_imports.py)
       + what the calculators' code could import on a path those runs did not take
         (static_requirements: every import statement, in any function, of every module the
         calculators can reach, followed through the standard library's import-time imports)
       + EXTRA (codecs looked up by name at run time, which no import statement names).

Each kept module is compiled (UNCHECKED_HASH: valid whatever the file dates, and the zip is
byte-for-byte reproducible) at OPTIMIZE level 2, as `python -OO` would: without docstrings and
assert statements, which the standard library supports (it is tested that way upstream, and
reads `__doc__` only where it allows for None). That is 14% less to send (about 0.15 MB
brotli), and a reader never sees a docstring. Every other module is left out. Whatever is
in KEEP but not in the new zip fails the build (check_complete), so a module that is
missing fails here, never in a reader's browser. `make test` runs the calculators' whole
suite on this zip (scripts/run_pyodide_tests.mjs), with the rest of the standard library
behind it only for pytest's own needs, and fails if a module the calculators import came
from the rest.

The zip is STORED (not deflated): the site sends it brotli- or gzip-compressed (overrides/
hooks/precompress.py), and one stream over the whole archive compresses the bytecode far
better than 600 small deflate streams (0.94 MB brotli instead of 1.37 MB), and the browser
reads the modules without inflating them.

Globals in:  SOURCE (the runtime's zip, /lib/python314.zip), RECORDED (list of str),
             APP (folder of the calculators' site-packages, sources), OUT (path)
Global out:  STDLIB_SUMMARY (dict)
"""

from __future__ import annotations

import ast
import sys
import zipfile
from pathlib import Path

# Modules imported at run time by name, where no import statement shows them: the codecs
# (`bytes.decode("latin-1")` and `open(..., encoding=...)` import encodings.<name>). The
# ones a reader's input or holidays' catalogues can plausibly need, and cp437, which
# zipfile decodes file names with (Pyodide imports zipfile as it starts, and its
# unpackArchive, which scripts/run_pyodide_tests.mjs uses, reads zips with it).
EXTRA = (
    "encodings.aliases", "encodings.ascii", "encodings.latin_1", "encodings.utf_8",
    "encodings.utf_8_sig", "encodings.utf_16", "encodings.utf_32", "encodings.cp1252",
    "encodings.idna", "encodings.punycode", "encodings.cp437",
)
# Where the calculators' Python is entered: the browser's worker (web) and the command line
# (cli, __main__; not used in the browser, but in app.zip and tested under Pyodide).
ENTRY_POINTS = ("calculators.web", "calculators.cli", "calculators.__main__")
# py_compile's optimize level for the kept modules: 2 leaves out docstrings and asserts (see
# above). scripts/build_pyodide.py compiles app.zip the same way.
OPTIMIZE = 2
# scripts/build_pyodide.py's lazy package __init__s import their modules by computed name.
LAZY_MARKER = "Written by the site's scripts/build_pyodide.py"


def module_entry(names: set[str], module: str) -> str | None:
    """The zip entry (source or bytecode) of a module, or None if the zip does not hold it."""
    path = module.replace(".", "/")
    for candidate in (f"{path}/__init__.py", f"{path}.py", f"{path}/__init__.pyc", f"{path}.pyc"):
        if candidate in names:
            return candidate
    return None


def imports_in(source: str | bytes, module: str, is_package: bool, *, everywhere: bool,
               in_runtime=lambda module: False) -> set[str]:
    """The modules a source file may import: with everywhere, in any function too; else only
    those run at import time (module and class level, including inside try/if, but not
    under `if __name__ == "__main__"` or `if TYPE_CHECKING`, and not a pure-Python fallback
    `except ImportError:` imports when what the `try:` imports is built into the runtime,
    in_runtime(module), as with `try: from _datetime import *` / `except ImportError: from
    _pydatetime import *`). A name
    `from package import name` counts as the submodule package.name as well, which is
    harmless when it is not one. Parents count too (importing a.b imports a)."""
    found: set[str] = set()

    def absolute(node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        parts = module.split(".")
        if not is_package:
            parts = parts[:-1]
        parts = parts[: len(parts) - (node.level - 1)]
        return ".".join(parts + ([node.module] if node.module else []))

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = absolute(node)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        if not everywhere and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return
        if isinstance(node, ast.If) and _never_run(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Try) and _fallback_unused(node, module, is_package, in_runtime):
            for child in (*node.body, *node.orelse, *node.finalbody):
                visit(child)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    with_parents = set()
    for name in filter(None, found):
        parts = name.split(".")
        with_parents.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return with_parents


def _fallback_unused(node: ast.Try, module: str, is_package: bool, in_runtime) -> bool:
    """A `try:` of imports only, all of modules built into the runtime, whose handlers catch
    ImportError: the handlers (a pure-Python fallback) never run."""
    catches = {ast.unparse(handler.type) if handler.type else "" for handler in node.handlers}
    if not catches or not catches <= {"ImportError", "ModuleNotFoundError", "(ImportError, AttributeError)"}:
        return False
    if not all(isinstance(statement, (ast.Import, ast.ImportFrom)) for statement in node.body):
        return False
    wanted = set()
    for statement in node.body:
        if isinstance(statement, ast.Import):
            wanted.update(alias.name for alias in statement.names)
        elif statement.level:  # relative: a module of this package, never built in
            return False
        else:
            wanted.add(statement.module)
    return all(in_runtime(name) for name in wanted)


def _never_run(test: ast.expr) -> bool:
    """`if __name__ == "__main__":` (a script's own block) and `if TYPE_CHECKING:`: bodies
    that never run when a module is imported."""
    text = ast.unparse(test).replace("'", '"')
    return text in ('__name__ == "__main__"', "TYPE_CHECKING", "typing.TYPE_CHECKING")


def app_modules(app: Path) -> dict[str, Path]:
    """module name -> source file, for every module in the calculators' site-packages."""
    found = {}
    for path in sorted(app.rglob("*.py")):
        parts = list(path.relative_to(app).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def static_requirements(app: Path, stdlib: zipfile.ZipFile, entry_points=ENTRY_POINTS,
                        in_runtime=lambda module: False) -> set[str]:
    """Standard-library modules the calculators' code can import, on any path.

    Every module of the app reachable from the entry points is read whole (an import in a
    rarely used function counts: an error path, holidays' observed-day rules, dateutil's
    parser); the standard-library modules it names are then followed through their own
    import-time imports (imports inside the standard library's functions are not followed:
    that closure would be most of the library). A lazy __init__ written by
    build_pyodide.py reaches every module left in its package.
    """
    modules = app_modules(app)
    names = set(stdlib.namelist())
    needed: set[str] = set()
    seen: set[str] = set()
    todo = list(entry_points)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in modules:
            path = modules[name]
            text = path.read_text(encoding="utf-8")
            todo.extend(imports_in(text, name, path.name == "__init__.py", everywhere=True, in_runtime=in_runtime))
            if path.name == "__init__.py" and LAZY_MARKER in text:
                todo.extend(m for m in modules if m.startswith(name + ".") and "." not in m[len(name) + 1:])
        elif module_entry(names, name):
            needed.add(name)
    # Through the standard library: what importing each of those runs.
    todo, closure = list(needed), set()
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        entry = module_entry(names, name)
        if not entry:
            continue
        closure.add(name)
        todo.extend(imports_in(stdlib.read(entry), name, entry.startswith(name.replace(".", "/") + "/"),
                               everywhere=False, in_runtime=in_runtime) - closure)
    return closure


def shipped_modules(names) -> set[str]:
    """The modules a zip holds, by name."""
    found = set()
    for name in names:
        if name.endswith((".py", ".pyc")):
            module = name.rsplit(".", 1)[0].replace("/", ".")
            found.add(module.removesuffix(".__init__"))
    return found


def check_complete(required, names, *, available=lambda module: False) -> None:
    """Fail (SystemExit) naming every required module the zip lacks; available(module) says
    whether the runtime has it without the zip (built in or frozen)."""
    shipped = shipped_modules(names)
    missing = sorted(m for m in set(required) if m not in shipped and not available(m))
    if missing:
        raise SystemExit(f"build_stdlib: the calculators need modules the standard library zip would not hold: "
                         f"{', '.join(missing)}")


def in_runtime(module: str) -> bool:
    """Built into this interpreter or frozen in it: needs no file."""
    import _imp

    return module in sys.builtin_module_names or _imp.is_frozen(module)


def build(source: zipfile.ZipFile, keep: set[str], out: str, scratch: Path) -> dict:
    """Write OUT: the modules in keep, compiled, their packages' other files (data, marker
    files), stored uncompressed, in the source zip's order."""
    import py_compile

    names = set(source.namelist())
    sources = {module_entry(names, module) for module in keep} - {None}
    packages = {entry.rsplit("/", 1)[0] + "/" for entry in sources if entry.endswith("/__init__.py")}
    written = compiled = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in source.infolist():
            name = info.filename
            folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
            is_directory = name.endswith("/")
            keep_it = name in sources or (
                # A kept package's own data files (not its other modules) and its folder entries.
                (folder in packages or (is_directory and name in packages)) and not name.endswith(".py")
            ) or (not folder and not name.endswith(".py") and not is_directory)
            if not keep_it:
                continue
            data = source.read(info)
            if name in sources:
                file = scratch / name
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(data)
                # dfile: tracebacks name the module where the browser finds it, in the zip.
                py_compile.compile(
                    str(file), cfile=str(file) + "c", dfile=f"{SOURCE_PATH}/{name}", doraise=True,
                    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH, optimize=OPTIMIZE,
                )
                # zipimport looks for module.pyc beside where module.py was (never __pycache__).
                name, data = name + "c", (file.parent / (file.name + "c")).read_bytes()
                compiled += 1
            copy = zipfile.ZipInfo(name, info.date_time)
            copy.compress_type = zipfile.ZIP_STORED
            copy.external_attr = info.external_attr
            archive.writestr(copy, data)
            written += 1
    return {"compiled": compiled, "entries": written, "source_entries": len(names)}


SOURCE_PATH = "/lib/python314.zip"

if "SOURCE" in globals():  # run by scripts/build_pyodide.mjs, inside Pyodide
    SOURCE_PATH = SOURCE  # noqa: F821
    _source = zipfile.ZipFile(SOURCE)  # noqa: F821
    _names = set(_source.namelist())
    _recorded = set(RECORDED)  # noqa: F821
    _static = static_requirements(Path(APP), _source, in_runtime=in_runtime)  # noqa: F821
    _unknown = sorted(m for m in _recorded | set(EXTRA) if not module_entry(_names, m) and not in_runtime(m))
    if _unknown:
        raise SystemExit(f"build_stdlib: not in {SOURCE}: {', '.join(_unknown)}")  # noqa: F821
    _keep = {m for m in _recorded | _static | set(EXTRA) if module_entry(_names, m) and not in_runtime(m)}
    STDLIB_SUMMARY = build(_source, _keep, OUT, Path("/build/stdlib-src"))  # noqa: F821
    with zipfile.ZipFile(OUT) as _built:  # noqa: F821
        check_complete(_keep, _built.namelist(), available=in_runtime)
    STDLIB_SUMMARY |= {"recorded": len(_recorded), "static": len(_static), "kept": len(_keep),
                       "static_only": sorted(_static - _recorded)}
