"""The hook for calculator pages: marks them, and points their search at the deferred worker."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from mkdocs.exceptions import PluginError  # a build-time hook: tests/conftest.py leaves this file out under Pyodide

HOOK = Path(__file__).resolve().parents[1] / "overrides" / "hooks" / "python_pages.py"
spec = importlib.util.spec_from_file_location("python_pages", HOOK)
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)

CONFIG = '<script id="__config" type="application/json">{"base": "../..", "search": "../../assets/javascripts/workers/search.a7633da7.min.js"}</script>'


def page_with(html: str):
    page = SimpleNamespace(meta={}, file=SimpleNamespace(src_uri="calculators/x.md"))
    hook.on_page_content(html, page, None, None)
    return page


def test_a_calculator_page_gets_the_deferred_search_worker():
    page = page_with('<div class="calc" data-module="quorum" data-python hidden></div>')
    assert page.meta["python"] is True
    out = hook.on_post_page(f"<html>{CONFIG}</html>", page, None)
    assert '"search": "../../assets/js/search-deferred.js?search.a7633da7.min.js"' in out
    assert "javascripts/workers" not in out


def test_other_pages_keep_materials_own():
    page = page_with('<div data-module="presentation"></div>')
    assert page.meta["python"] is False
    assert hook.on_post_page(CONFIG, page, None) == CONFIG


def test_a_changed_material_fails_the_build_rather_than_search():
    page = page_with("<div data-python></div>")
    with pytest.raises(PluginError, match="no search worker"):
        hook.on_post_page('<script id="__config">{"search": "elsewhere.js"}</script>', page, None)
