"""The hook for calculator pages: marks them, and holds Material's bundle back for the early-start script to run."""

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

BUNDLE = '<script src="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>'
PAGE = f'<html><body><article></article>{BUNDLE}<script src="../../assets/js/main.mjs" type="module"></script></body></html>'


def page_with(html: str):
    page = SimpleNamespace(meta={}, file=SimpleNamespace(src_uri="calculators/x.md"))
    hook.on_page_content(html, page, None, None)
    return page


def test_a_calculator_page_holds_materials_bundle_back():
    page = page_with('<div class="calc" data-module="quorum" data-python hidden></div>')
    assert page.meta["python"] is True
    out = hook.on_post_page(PAGE, page, None)
    assert BUNDLE not in out
    assert '<script type="text/plain" data-material-bundle="../../assets/javascripts/bundle.a5f9d56c.min.js"></script>' in out
    assert out.count("<script") == PAGE.count("<script")  # nothing else changed
    assert '<script src="../../assets/js/main.mjs" type="module"></script>' in out


def test_other_pages_keep_materials_own():
    page = page_with('<div data-module="presentation"></div>')
    assert page.meta["python"] is False
    assert hook.on_post_page(PAGE, page, None) == PAGE


def test_a_changed_material_fails_the_build_rather_than_the_page():
    page = page_with("<div data-python></div>")
    with pytest.raises(PluginError, match="no Material bundle"):
        hook.on_post_page('<script src="../../assets/javascripts/app.js"></script>', page, None)
