"""Prune, compile and zip the browser's site-packages. Runs INSIDE Pyodide (Python 3.14).

scripts/build_pyodide.mjs unpacks the wheels into SITE, sets the globals below, then runs this
file, so the bytecode is compiled by the same Python that will import it in the browser.

Globals in:  SITE (str), KEEP_CATALOGUES (list of str), WITH_SOURCE (bool)
Global out:  SUMMARY (dict)

What it changes in holidays, and why (the browser's start-up; scripts/benchmark.py measures it):
  1. Catalogues: only GB's holiday-name translations are kept; dateutil's time-zone
     database and the wheels' RECORD files, which nothing reads in the browser, go.
  2. Lazy packages: `holidays.countries` (and `holidays.financial`) import every one of
     their ~250 modules as soon as one country is asked for (about 0.13 s in Pyodide), and
     `holidays.groups` and `holidays.calendars` import every religious and lunar calendar
     (Islamic, Hindu, Chinese, Hebrew...: about 0.65 MB of bytecode) as soon as the
     Gregorian one is. Here each `__init__` becomes a lazy one (PEP 562 `__getattr__`),
     whose map of names to modules comes from holidays itself: its registry for the
     entities, its own `__init__`'s imports for the others. Only the modules England's
     calendar imports are kept (about 1.5 MB less to send).
  3. `holidays.version` reads the installed version through importlib.metadata, which
     imports the email package (about 0.05 s): it becomes the same version as a literal.
     And `holidays.holiday_base` imports dateutil's parser (with six's tables, decimal and
     dateutil.tz) only when a date is given as a string, never by the calculators.
Each step is checked: England's bank holidays for 2015-2030, in every language GB has,
must come out exactly as from the untouched package.

And two additions of the site's own: each area's rules file with a copy already read
(step 3c: `<area>.toml.json`, calculators.rules.prebuilt), checked to load exactly as the
TOML; and England's bank holidays already computed by the holidays package shipped (step 3d:
`calculators/bank_holidays.json`, calculators.workdays.prebuilt_bank_holidays), checked to
read back exactly as the package computes them.
"""

import ast
import compileall
import gettext
import importlib.metadata
import py_compile
import shutil
import sys
import zipfile
from pathlib import Path

site = Path(SITE)  # noqa: F821  (set by build_pyodide.mjs)
keep_catalogues = set(KEEP_CATALOGUES)  # noqa: F821
with_source = bool(WITH_SOURCE)  # noqa: F821
# Where the worker unpacks the zip: co_filename in the bytecode points there.
TARGET = "/lib/python3.14/site-packages"
ZIP = "/build/app.zip"
# A copy of the slimmed sources, before they are compiled and deleted (for build_stdlib.py).
APP_SOURCES = "/build/app-src"
# Any fixed date: zip entries carry one, and a fixed one makes the zip reproducible.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


# A lazy `__init__` for holidays' packages that import all their modules (step 2 above).
LAZY_INIT = '''"""{what}, each module imported on first use.

Written by the site's scripts/build_pyodide.py in place of holidays' own __init__, which
imports all of them at once. Only the modules the calculators use are in this bundle.
"""

import importlib

# name: (module, the name in that module)
_NAMES = {names!r}
__all__ = sorted(_NAMES)


def __getattr__(name):
    try:
        module, attribute = _NAMES[name]
    except KeyError:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}") from None
    value = getattr(importlib.import_module(f"{{__name__}}.{{module}}"), attribute)
    globals()[name] = value
    return value
'''


def registry_names(registry: str) -> dict[str, tuple[str, str]]:
    """An entity package's names, from holidays' registry (COUNTRIES or FINANCIAL)."""
    import holidays.registry

    return {name: (module, name) for module, names in getattr(holidays.registry, registry).items() for name in names}


def reexported_names(init: Path) -> dict[str, tuple[str, str]]:
    """The names an `__init__` made only of `from holidays.<package>.<module> import ...` gives.

    Anything else in it (code, a star import, a relative import) fails the build: a lazy
    `__init__` written from this map would silently drop it.
    """
    package = f"holidays.{init.parent.name}."
    names = {}
    for node in ast.parse(init.read_text()).body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith(package)
            and "." not in node.module[len(package):]
            and all(alias.name != "*" for alias in node.names)
        ):
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module[len(package):], alias.name)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):  # a docstring
            raise SystemExit(f"{init}: line {node.lineno} is not `from {package}<module> import ...`: "
                             "update scripts/build_pyodide.py's lazy packages")
    return names


PARSER_IMPORT = "from dateutil.parser import parse\n"
LAZY_PARSER = '''def parse(*args, **kwargs):
    """dateutil.parser.parse, imported on first use (the site's scripts/build_pyodide.py)."""
    from dateutil.parser import parse as parse_

    return parse_(*args, **kwargs)
'''

# package: (what its modules are, where its names come from)
LAZY_PACKAGES = {
    "countries": ("Countries' holidays", lambda init: registry_names("COUNTRIES")),
    "financial": ("Financial markets' holidays", lambda init: registry_names("FINANCIAL")),
    "groups": ("Holiday groups (Christian, Islamic, Chinese...)", reexported_names),
    "calendars": ("Calendars (Gregorian, Julian, lunar and lunisolar)", reexported_names),
}


def forget_holidays():
    """Drop holidays from this interpreter, so the next import reads the files again."""
    for name in [name for name in sys.modules if name == "holidays" or name.startswith("holidays.")]:
        del sys.modules[name]
    gettext._translations.clear()  # gettext caches catalogues by path


def holiday_names():
    """England's bank holidays 2015-2030 (the calculators' range) in every way they may be asked for."""
    forget_holidays()
    import holidays

    return {
        str(language): sorted(
            (day.isoformat(), name)
            for day, name in holidays.country_holidays(
                "GB", subdiv="ENG", years=range(2015, 2031), language=language
            ).items()
        )
        for language in (None, "en_GB", "en_US")
    }


def check_unchanged(step):
    """Fail the build if `step` changed England's bank holidays (names, dates, languages)."""
    if holiday_names() != before:  # `before`: the untouched package, step 1
        raise SystemExit(f"{step} changed England's bank holiday names")


# 1. Drop holidays' catalogues for other countries, proving England's names don't change.
sys.path.insert(0, str(site))
before = holiday_names()
dropped = dropped_bytes = 0
locale = site / "holidays" / "locale"
for catalogue in sorted(locale.rglob("*.mo")):
    if catalogue.stem not in keep_catalogues:
        dropped += 1
        dropped_bytes += catalogue.stat().st_size
        catalogue.unlink()
for folder in sorted(locale.rglob("*"), reverse=True):  # deepest first
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
check_unchanged("pruning holidays' catalogues")
if len(before["None"]) < 8 * 16:
    raise SystemExit(f"expected 8+ bank holidays a year for 2015-2030, got {len(before['None'])}")

# 1b. Files nothing in the browser reads. dateutil's copy of the time-zone database (156 kB,
# already compressed, so it costs its full size on the wire) is read only when
# dateutil.tz.gettz() is asked for a zone by name; the calculators count dates, not times, and
# neither they nor holidays name a zone (without the file, gettz finds no zone and dateutil
# warns). Each wheel's RECORD (file hashes for pip: 104 kB for holidays) would describe
# files this build then changes. Licences stay, and each METADATA keeps its headers (name,
# version, licence, requirements) without its long description, a copy of the project's
# README (58 kB for holidays) that only a package index shows.
unread = [site / "dateutil" / "zoneinfo" / "dateutil-zoneinfo.tar.gz", *sorted(site.glob("*.dist-info/RECORD"))]
for path in unread:
    if not path.is_file():
        raise SystemExit(f"{path} is not there: update scripts/build_pyodide.py step 1b")
    dropped_bytes += path.stat().st_size
    path.unlink()
for metadata in sorted(site.glob("*.dist-info/METADATA")):
    text = metadata.read_text(encoding="utf-8")
    headers = text.split("\n\n", 1)[0] + "\n"
    if not headers.startswith("Metadata-Version:") or "\nName: " not in headers or "\nVersion: " not in headers:
        raise SystemExit(f"{metadata}: no header block: update scripts/build_pyodide.py step 1b")
    dropped_bytes += len(text.encode()) - len(headers.encode())
    metadata.write_text(headers, encoding="utf-8")
check_unchanged("dropping the files nothing reads")

# 2. Lazy packages, then only the modules England's calendar imports from them.
package = site / "holidays"
lazy_inits = {}
for folder, (what, names_of) in LAZY_PACKAGES.items():
    init = package / folder / "__init__.py"
    names = names_of(init)
    if not names:
        raise SystemExit(f"{init}: no names found for its lazy __init__")
    lazy_inits[init] = LAZY_INIT.format(what=what, names=dict(sorted(names.items())))
forget_holidays()  # registry_names imported holidays: write the new files before it is read again
for init, text in lazy_inits.items():
    init.write_text(text)
# 3. The version as a literal, read from the wheel's own metadata.
version = next(importlib.metadata.distributions(name="holidays", path=[str(site)])).version
(package / "version.py").write_text(
    f'"""holidays\' version (a literal, written by the site\'s scripts/build_pyodide.py)."""\n\n'
    f"__version__ = {version!r}\n"
)
# 3b. dateutil's parser only when holidays is given a date as a string. holiday_base imports
# it at the top, and with it six's moved-module tables, decimal and dateutil.tz: a third of
# the calculators' import time, for a call they never make (they pass dates).
base = package / "holiday_base.py"
text = base.read_text()
if text.count(PARSER_IMPORT) != 1:
    raise SystemExit(f"{base}: expected `{PARSER_IMPORT}` once: update scripts/build_pyodide.py step 3b")
base.write_text(text.replace(PARSER_IMPORT, LAZY_PARSER))
check_unchanged("holidays' lazy packages and parser")
import holidays  # noqa: E402  (the one check_unchanged imported: sys.modules stays as it left it)

if str(holidays.country_holidays("GB", subdiv="ENG", years=2025).get("2025-12-25")) != "Christmas Day":
    raise SystemExit("holidays no longer reads a date given as a string: see scripts/build_pyodide.py step 3b")
used = set(sys.modules)
kept_modules = dropped_modules = 0
for folder in LAZY_PACKAGES:
    for module in sorted((package / folder).glob("*.py")):
        if module.stem == "__init__":
            continue
        if f"holidays.{folder}.{module.stem}" in used:
            kept_modules += 1
        else:
            dropped_modules += 1
            module.unlink()
check_unchanged("dropping the modules England's calendar does not use")
forget_holidays()

# 3c. Each area's rules already read: `<area>.toml.json` beside each TOML file
# (calculators.rules.prebuilt), so a reader's first answer reads JSON, whose parser is in C
# and already loaded, instead of importing tomllib and parsing TOML. The copy holds the CRC-32
# of the TOML it was read from and is used only while they match. Checked here: every area
# loads from its copy, and exactly as from its TOML.
from calculators import rules  # noqa: E402  (from SITE, first on sys.path)

rules_dir = site / "calculators" / "rules"
for toml in sorted(rules_dir.glob("*.toml")):
    toml.with_name(toml.name + ".json").write_text(rules.prebuilt(toml.read_text(encoding="utf-8")), encoding="utf-8")
for area_id in rules.AREA_IDS:
    toml = rules_dir / f"{area_id}.toml"
    if Path(rules.__file__).parent / "rules" != rules_dir or rules._read(toml)[1] is None:
        raise SystemExit(f"{toml}: its prebuilt copy is not the one the calculators read: see step 3c")
    if rules.load(area_id) != rules.parse_area(toml.read_text(encoding="utf-8"), f"rules/{area_id}.toml"):
        raise SystemExit(f"{toml}: its prebuilt copy loads differently from the TOML: see step 3c")

# 3d. England's bank holidays already computed: `calculators/bank_holidays.json`
# (calculators.workdays.prebuilt_bank_holidays), made here by the holidays package this bundle
# ships, so a reader's first answer needs neither holidays' import nor its sixteen years of
# rules. Checked: the calculators read the copy, and it is exactly the package's answer.
from calculators import workdays  # noqa: E402

if workdays.PREBUILT.parent != site / "calculators":
    raise SystemExit(f"{workdays.__file__}: not the bundle's calculators: see step 3d")
workdays.PREBUILT.write_text(workdays.prebuilt_bank_holidays(), encoding="utf-8")
copy = workdays._read_prebuilt()
if not copy or copy != workdays._from_package():
    raise SystemExit("calculators/bank_holidays.json reads differently from the holidays package: see step 3d")
forget_holidays()
for name in [name for name in sys.modules if name == "calculators" or name.startswith("calculators.")]:
    del sys.modules[name]
sys.path.remove(str(site))
# The sources as they will ship, for scripts/build_stdlib.py's reading of what they import.
shutil.rmtree(APP_SOURCES, ignore_errors=True)
shutil.copytree(site, APP_SOURCES, ignore=shutil.ignore_patterns("__pycache__"))

# 4. Compile with Python 3.14. legacy=True writes module.pyc beside module.py (not in
# __pycache__), so the source can be deleted and the bytecode still imports. optimize=2, as
# `python -OO` and as the standard library (build_stdlib.py's OPTIMIZE): no docstrings and no
# asserts (the calculators read no __doc__ and assert nothing; holidays reads a docstring
# only to name an iCalendar export, allowing for None): about 30 kB less to send.
ok = compileall.compile_dir(
    site,
    quiet=1,
    optimize=2,
    legacy=not with_source,
    stripdir=str(site),
    prependdir=TARGET,
    invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
)
if not ok:
    raise SystemExit("compileall failed")
modules = 0
for path in sorted(site.rglob("*.py")):
    modules += 1
    if not with_source:
        path.unlink()

# 5. Zip, in a fixed order with fixed dates: the same wheels give the same bytes. Stored, not
# deflated: the site sends it brotli- or gzip-compressed (overrides/hooks/precompress.py),
# and one stream over the whole archive compresses far better than one per file (0.21 MB
# brotli instead of 0.31 MB), and the worker unpacks it without inflating each file.
data = 0
with zipfile.ZipFile(ZIP, "w", zipfile.ZIP_STORED) as archive:
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if not name.endswith((".py", ".pyc")):
            data += 1
        info = zipfile.ZipInfo(name, ZIP_DATE)
        info.compress_type = zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        archive.writestr(info, path.read_bytes())

SUMMARY = {
    "modules": modules,
    "data": data,
    "dropped": dropped,
    "dropped_bytes": dropped_bytes,
    "kept_modules": kept_modules,
    "dropped_modules": dropped_modules,
}
