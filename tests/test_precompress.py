"""The hook that writes .br and .gz copies beside the site's large files (overrides/hooks/precompress.py)."""

from __future__ import annotations

import gzip
import importlib.util
import os
import types
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "overrides" / "hooks" / "precompress.py"


def load_hook():
    spec = importlib.util.spec_from_file_location("precompress", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_large_files_get_both_copies_small_and_incompressible_ones_none(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    page = ("<p>the same words again</p>" * 500).encode()
    (site / "index.html").write_bytes(page)
    (site / "assets" / "tiny.js").write_text("let a = 1;\n")
    (site / "assets" / "random.wasm").write_bytes(os.urandom(50_000))  # compresses to nothing useful
    (site / "image.png").write_bytes(b"\x89PNG" + page)  # not a type hosts compress
    load_hook().on_post_build(types.SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), site_dir=str(site)))
    assert brotli.decompress((site / "index.html.br").read_bytes()) == page
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == page
    for name in ("assets/tiny.js", "assets/random.wasm", "image.png"):
        assert not (site / f"{name}.br").exists() and not (site / f"{name}.gz").exists(), name
    # Kept by content hash, so a rebuild reuses them.
    assert len(list((tmp_path / "build" / "precompress").iterdir())) == 4  # page and wasm, br and gz


def test_a_cached_copy_is_reused(tmp_path):
    hook = load_hook()
    site = tmp_path / "site"
    site.mkdir()
    data = b"body { color: red }\n" * 200
    (site / "a.css").write_bytes(data)
    cache = tmp_path / "cache"
    hook.precompress(site, cache)
    for copy in cache.iterdir():  # a marker only a cache hit would copy
        copy.write_bytes(b"cached " + copy.suffix.encode())
    hook.precompress(site, cache)
    assert (site / "a.css.br").read_bytes() == b"cached .br"
    assert (site / "a.css.gz").read_bytes() == b"cached .gzip"


def test_the_built_site_has_copies_of_the_python_bundle():
    site = ROOT / "site"
    for name in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/python_stdlib.zip", "assets/py/app.zip",
                 "assets/pyodide/pyodide.asm.mjs", "search/search_index.json", "calculators/timescales/index.html"):
        original = (site / name).read_bytes()
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == original, name
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == original, name
