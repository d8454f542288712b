"""What scripts/build_pyodide.sh puts in build/web/assets/, the files the browser loads.

The build checks its own output as it goes (the same answers from the slimmed bundle and the
compiled standard library); these tests pin down what the bundle is, so a change that
quietly undoes a start-up saving shows up here.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "build" / "web" / "assets"
NPM_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"
# scripts/build_stdlib.py writes hash-based bytecode that is never checked against a source.
UNCHECKED_HASH_FLAGS = (1).to_bytes(4, "little")


def archive(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `scripts/build_pyodide.sh` (or `make test`).", pytrace=False)
    return zipfile.ZipFile(path)


def test_app_zip_is_bytecode_only():
    names = archive(ASSETS / "py" / "app.zip").namelist()
    assert "calculators/web.pyc" in names and "calculators/rules/york.toml" in names
    assert not [name for name in names if name.endswith(".py")]


def test_app_zip_is_stored_and_carries_nothing_unread():
    zip_ = archive(ASSETS / "py" / "app.zip")
    # Stored: the host compresses the whole archive (overrides/hooks/precompress.py).
    assert {info.compress_type for info in zip_.infolist()} == {zipfile.ZIP_STORED}
    names = zip_.namelist()
    # dateutil's time-zone database (incompressible, 156 kB) and pip's RECORD files.
    assert "dateutil/zoneinfo/dateutil-zoneinfo.tar.gz" not in names
    assert not [name for name in names if name.endswith(".dist-info/RECORD")]


def test_holidays_keeps_only_englands_calendar():
    names = set(archive(ASSETS / "py" / "app.zip").namelist())
    countries = sorted(name for name in names if name.startswith("holidays/countries/"))
    assert countries == ["holidays/countries/__init__.pyc", "holidays/countries/united_kingdom.pyc"]
    assert not [name for name in names if name.startswith("holidays/financial/") and not name.endswith("/__init__.pyc")]
    # Of the religious and lunar calendars, only what England's holidays are computed with.
    assert {"holidays/groups/christian.pyc", "holidays/calendars/gregorian.pyc", "holidays/calendars/julian.pyc"} <= names
    for calendar in ("islamic", "hindu", "chinese", "hebrew", "tibetan", "thai"):
        assert f"holidays/groups/{calendar}.pyc" not in names and f"holidays/calendars/{calendar}.pyc" not in names
    assert {"holidays/locale/en_GB/LC_MESSAGES/GB.mo", "holidays/version.pyc"} <= names
    # The licence files travel with the code.
    assert any(name.startswith("holidays-") and "LICENSE" in name for name in names)


def test_standard_library_holds_only_what_runs_compiled_and_stored():
    ours = archive(ASSETS / "pyodide" / "python_stdlib.zip")
    npm = archive(NPM_STDLIB)
    names = set(ours.namelist())
    # What Pyodide imports to start (asyncio for its event loop, its own packages, dataclasses),
    # what the calculators import (json, tomllib, datetime), and what their dependencies
    # import on paths a sample run may not take (dateutil's parser: decimal; holidays: gettext).
    for module in ("asyncio/__init__.pyc", "pyodide/__init__.pyc", "_pyodide/_base.pyc", "json/__init__.pyc",
                   "tomllib/_parser.pyc", "dataclasses.pyc", "datetime.pyc", "decimal.pyc", "gettext.pyc",
                   "encodings/latin_1.pyc"):
        assert module in names, f"{module} is not in the zip, compiled"
    # What nothing the site runs imports is left out.
    for module in ("unittest/__init__.py", "email/__init__.py", "multiprocessing/__init__.py", "pydoc.py",
                   "doctest.py", "_pydatetime.py", "sqlite3/__init__.py", "xml/__init__.py"):
        assert module not in names and module + "c" not in names, f"{module} should not ship"
    assert not [name for name in names if name.endswith(".py")], "every module ships compiled"
    for name in (name for name in names if name.endswith(".pyc")):
        assert ours.read(name)[4:8] == UNCHECKED_HASH_FLAGS, f"{name}: not unchecked-hash bytecode"
    assert {info.compress_type for info in ours.infolist()} == {zipfile.ZIP_STORED}
    # Every module it holds is one of the npm zip's, compiled.
    npm_names = set(npm.namelist())
    assert not [name for name in names if name.endswith(".pyc") and name[:-1] not in npm_names]
    assert len([n for n in names if n.endswith(".pyc")]) < len(npm_names) / 3


def test_saved_start_up_states_are_keyed_to_the_exact_runtime_and_calculators():
    """calc-worker.mjs saves Python's start-up state under runtime.json's key: any change to
    a runtime file must change the key, or a later visit would restore a state made on
    another runtime (its zip offsets and bytecode would not match); and the state holds the
    calculators with their rules read (calc-state-worker.mjs), so a change to app.zip must
    change it too, or a new build's rules would be answered from an old state."""
    info = json.loads((ASSETS / "pyodide" / "runtime.json").read_text())
    digest = hashlib.sha256()
    for name in ("pyodide/pyodide.mjs", "pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm",
                 "pyodide/python_stdlib.zip", "py/app.zip"):
        digest.update((ASSETS / name).read_bytes())
    assert info["snapshot_key"] == digest.hexdigest()[:32]
    assert info["pyodide"] == json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]


def test_runtime_json_gives_the_downloads_sizes_for_the_progress_bar():
    info = json.loads((ASSETS / "pyodide" / "runtime.json").read_text())
    downloads = info["downloads"]
    assert set(downloads) == {"pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip",
                              "py/app.zip"}
    for name, sizes in downloads.items():
        assert sizes["bytes"] == (ASSETS / name).stat().st_size
        assert 0 < sizes["br"] < sizes["gzip"] < sizes["bytes"], name


# ------------------------------------------------------------- scripts/build_stdlib.py's check

def build_stdlib():
    spec = importlib.util.spec_from_file_location("build_stdlib", ROOT / "scripts" / "build_stdlib.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # its build step runs only inside Pyodide, given SOURCE
    return module


def test_a_missing_module_fails_the_build():
    check = build_stdlib().check_complete
    check(["json", "json.decoder", "math"], ["json/__init__.pyc", "json/decoder.pyc"], available=lambda m: m == "math")
    with pytest.raises(SystemExit, match=r"would not hold: json\.decoder, tomllib$"):
        check(["json", "json.decoder", "tomllib"], ["json/__init__.pyc"])


def test_static_requirements_follow_every_import_the_calculators_can_reach(tmp_path):
    app = tmp_path / "site-packages"
    (app / "calculators").mkdir(parents=True)
    (app / "calculators" / "__init__.py").write_text("")
    (app / "calculators" / "web.py").write_text(
        "import json\nfrom . import rare\n")
    # An import in a function only an error path calls still counts.
    (app / "calculators" / "rare.py").write_text("def on_error():\n    import decimal\n")
    (app / "calculators" / "unused.py").write_text("import sqlite3\n")  # reached by nothing
    stdlib = tmp_path / "stdlib.zip"
    with zipfile.ZipFile(stdlib, "w") as z:
        z.writestr("json/__init__.py", "from .decoder import JSONDecoder\n")
        z.writestr("json/decoder.py", "import re\n")
        z.writestr("re.py", "def compile():\n    import sre_debug\n")  # a stdlib function's import: not followed
        # A pure-Python fallback behind a built-in accelerator: not needed.
        z.writestr("decimal.py", "try:\n    from _decimal import *\nexcept ImportError:\n    from _pydecimal import *\n"
                                 "if __name__ == '__main__':\n    import doctest\n")
        for name in ("_pydecimal.py", "sre_debug.py", "doctest.py", "sqlite3.py"):
            z.writestr(name, "")
    needed = build_stdlib().static_requirements(app, zipfile.ZipFile(stdlib), entry_points=("calculators.web",),
                                                in_runtime=lambda m: m == "_decimal")
    assert needed == {"json", "json.decoder", "re", "decimal"}


def test_app_zip_carries_each_areas_rules_already_read_from_the_toml_it_ships():
    import tomllib
    import zlib

    from calculators.rules import AREA_IDS

    zip_ = archive(ASSETS / "py" / "app.zip")
    for area_id in AREA_IDS:
        toml = zip_.read(f"calculators/rules/{area_id}.toml")
        assert toml == (ROOT / "calculators" / "rules" / f"{area_id}.toml").read_bytes()
        copy = json.loads(zip_.read(f"calculators/rules/{area_id}.toml.json"))
        assert copy["crc32"] == zlib.crc32(toml)
        assert copy["rules"] == tomllib.loads(toml.decode("utf-8"))


def test_app_zip_carries_englands_bank_holidays_as_the_holidays_package_computes_them():
    """The copy the browser reads (calculators/bank_holidays.json) against holidays under CPython,
    the version pyproject.toml pins, which the bundle ships."""
    import holidays

    from calculators import workdays

    copy = json.loads(archive(ASSETS / "py" / "app.zip").read("calculators/bank_holidays.json"))
    assert copy["holidays"] == holidays.__version__
    assert copy["years"] == [workdays.FIRST_YEAR, workdays.LAST_YEAR]
    computed = holidays.country_holidays("GB", subdiv="ENG", years=range(workdays.FIRST_YEAR, workdays.LAST_YEAR + 1))
    assert copy["days"] == {day.isoformat(): name for day, name in computed.items()}
    assert len(copy["days"]) >= 8 * (workdays.LAST_YEAR - workdays.FIRST_YEAR + 1)
