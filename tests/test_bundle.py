"""What scripts/build_pyodide.sh puts in build/web/assets/, the files the browser loads.

The build checks its own output as it goes (the same answers from the slimmed bundle and the
compiled standard library); these tests pin down what the bundle is, so a change that
quietly undoes a start-up saving shows up here.
"""

from __future__ import annotations

import hashlib
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


def test_standard_library_is_the_npm_one_with_the_start_up_modules_compiled():
    ours = archive(ASSETS / "pyodide" / "python_stdlib.zip")
    npm = archive(NPM_STDLIB)
    names = set(ours.namelist())
    # Every module is still there, as source or as bytecode.
    missing = [name for name in npm.namelist() if name not in names and name + "c" not in names]
    assert not missing, missing[:10]
    compiled = sorted(name for name in names if name.endswith(".pyc"))
    # What Pyodide imports to start (asyncio for its event loop, its own packages) and what
    # the calculators import (json, tomllib, dataclasses, datetime).
    for module in ("asyncio/__init__.pyc", "pyodide/__init__.pyc", "_pyodide/_base.pyc", "json/__init__.pyc",
                   "tomllib/_parser.pyc", "dataclasses.pyc", "datetime.pyc"):
        assert module in names, f"{module} is not compiled"
    for name in compiled:
        assert name[:-1] not in names, f"{name} is compiled but its source still ships too"
        assert ours.read(name)[4:8] == UNCHECKED_HASH_FLAGS, f"{name}: not unchecked-hash bytecode"
    # Only what is used is compiled: the rest stays source, and the zip stays near its size.
    assert len(compiled) < len(npm.namelist()) / 2
    assert (ASSETS / "pyodide" / "python_stdlib.zip").stat().st_size < 1.5 * NPM_STDLIB.stat().st_size


def test_saved_start_up_states_are_keyed_to_the_exact_runtime():
    """calc-worker.mjs saves Python's start-up state under runtime.json's key: any change to
    a runtime file must change the key, or a later visit would restore a state made on
    another runtime (its zip offsets and bytecode would not match)."""
    info = json.loads((ASSETS / "pyodide" / "runtime.json").read_text())
    digest = hashlib.sha256()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        digest.update((ASSETS / "pyodide" / name).read_bytes())
    assert info["snapshot_key"] == digest.hexdigest()[:32]
    assert info["pyodide"] == json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text())["version"]
