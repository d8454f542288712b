"""Shared test set-up: Hypothesis profiles, worked cases, and what runs under Pyodide.

The calculator tests run twice: under CPython, and inside Pyodide under Node
(scripts/run_pyodide_tests.mjs), to prove the same Python gives the same answers in the
browser's runtime. Tests of the site (browser, build hook, reading level) need CPython
tools, so Pyodide does not collect them.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

CASES = Path(__file__).parent / "cases"

# CI=true: derandomized and no example database, so a run is repeatable and writes nothing.
# No per-example deadline: these tests check dates, not speed, and on a loaded 2-core
# machine (or inside Pyodide) Hypothesis's default 200 ms deadline failed correct code.
settings.register_profile("ci", derandomize=True, database=None, max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")

if sys.platform == "emscripten":
    collect_ignore = ["browser", "test_readability.py", "test_hook.py", "test_pyodide_assets.py", "test_python_pages.py",
                      "test_bundle.py", "test_examples.py", "test_family_pages.py", "test_serve.py",
                      "test_precompress.py", "test_csp.py", "test_cli_process.py"]


def load_cases(kind: str) -> list[tuple[str, str, dict]]:
    """Every worked case of one kind (timescales, prebirth, quorum) across the areas."""
    found = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get(kind, []):
            found.append((data["area"], case["name"], case))
    return found


def built_family_page(page: Path, site: Path) -> Path:
    """The built HTML of a family page's Markdown source (docs/families/*.md) in `site`;
    the test fails, saying how to mend it, if the site is missing or older than the page."""
    stem = page.stem
    path = site / "families" / ("" if stem == "index" else stem) / "index.html"
    if not path.is_file():
        pytest.fail(f"No built page {path}: build the site first (`make site`).", pytrace=False)
    if path.stat().st_mtime < page.stat().st_mtime:
        pytest.fail(f"{path} is older than {page.name}: rebuild the site (`make site`).", pytrace=False)
    return path
