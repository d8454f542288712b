"""Prune, compile and zip the browser's site-packages. Runs INSIDE Pyodide (Python 3.14).

scripts/build_pyodide.mjs unpacks the wheels into SITE, sets the globals below, then runs this
file, so the bytecode is compiled by the same Python that will import it in the browser.

Globals in:  SITE (str), KEEP_CATALOGUES (list of str), WITH_SOURCE (bool)
Global out:  SUMMARY (dict)
"""

import compileall
import gettext
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
# Any fixed date: zip entries carry one, and a fixed one makes the zip reproducible.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def holiday_names():
    """England's bank holidays 2015-2030 (the calculators' range) in every way they may be asked for."""
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
gettext._translations.clear()  # gettext caches catalogues by path
after = holiday_names()
if after != before:
    raise SystemExit("pruning holidays' catalogues changed England's bank holiday names")
if len(after["None"]) < 8 * 16:
    raise SystemExit(f"expected 8+ bank holidays a year for 2015-2030, got {len(after['None'])}")
sys.path.remove(str(site))

# 2. Compile with Python 3.14. legacy=True writes module.pyc beside module.py (not in
# __pycache__), so the source can be deleted and the bytecode still imports.
ok = compileall.compile_dir(
    site,
    quiet=1,
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

# 3. Zip, in a fixed order with fixed dates: the same wheels give the same bytes.
data = 0
with zipfile.ZipFile(ZIP, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if not name.endswith((".py", ".pyc")):
            data += 1
        info = zipfile.ZipInfo(name, ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, path.read_bytes(), compresslevel=9)

SUMMARY = {"modules": modules, "data": data, "dropped": dropped, "dropped_bytes": dropped_bytes}
