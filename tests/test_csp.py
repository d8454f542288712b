"""The Content-Security-Policy the build writes (overrides/hooks/csp.py), read back from the
built site: every page has one, at the top of its <head>, naming no other origin, with a
hash for exactly the inline scripts the page has; and _headers carries the same policy.

The page's scripts are found here with the standard library's HTML parser, not with the
hook's own pattern, and hashed here, so the two are checked against each other. That the
browser accepts the hashes (and refuses what is not hashed) is tests/browser/test_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from mkdocs.exceptions import PluginError  # a build-time hook: tests/conftest.py leaves this file out under Pyodide

ROOT = Path(__file__).resolve().parents[1]
#: The built site, as the browser tests find it (BROWSER_TEST_SITE: a build elsewhere).
SITE = Path(os.environ.get("BROWSER_TEST_SITE", ROOT / "site")).resolve()
HOOK = ROOT / "overrides" / "hooks" / "csp.py"
spec = importlib.util.spec_from_file_location("csp", HOOK)
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)

#: What every page's policy must say, besides script-src (checked on its own).
EXPECTED = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HASH = re.compile(r"'sha256-[A-Za-z0-9+/]{43}='")


class Head(HTMLParser):
    """Reads a page: its CSP meta tags, what comes before the first one, its inline scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.policies: list[str] = []
        self.before_policy: list[str] = []  # tags met before the first policy
        self.scripts: list[str] = []  # the source of each inline script that runs
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(attrs["content"])
        elif not self.policies and tag not in ("html", "head"):
            self.before_policy.append(tag if tag != "meta" else f"meta {sorted(attrs)}")
        if tag == "script" and "src" not in attrs and (attrs.get("type") or "") in ("", "module", "text/javascript"):
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def built_pages() -> list[Path]:
    if not (SITE / "index.html").is_file():
        return []
    return sorted(p for p in SITE.rglob("*.html") if p.relative_to(SITE).parts[0] != "assets")


def read(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def parse(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} given twice in {policy}"
        directives[name] = sources
    return directives


def sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def page_id(path: Path) -> str:
    return path.relative_to(SITE).as_posix()


PAGES = built_pages()


def test_the_site_is_built_with_every_kind_of_page():
    assert PAGES, "no built site: run `make site`"
    names = {page_id(p) for p in PAGES}
    # The 404 page is a static template, rendered outside on_post_page: it must be here too.
    assert {"index.html", "404.html", "calculators/timescales/index.html", "families/index.html"} <= names


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_has_one_policy_first_in_its_head(path):
    head = read(path)
    assert len(head.policies) == 1, f"{len(head.policies)} policies"
    # Only <meta charset> may come first: a meta policy covers only what follows it.
    assert head.before_policy == ["meta ['charset']"], head.before_policy


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_policy_names_no_other_origin_and_nothing_unsafe(path):
    (policy,) = read(path).policies
    directives = parse(policy)
    for name, sources in EXPECTED.items():
        assert directives.get(name) == sources, f"{name}: {directives.get(name)}"
    for name, sources in directives.items():
        for source in sources:
            allowed = source in ("'self'", "'none'", "'wasm-unsafe-eval'") or HASH.fullmatch(source) or \
                (name == "img-src" and source == "data:")
            assert allowed, f"{name} allows {source}"
    assert set(directives) == set(EXPECTED) | {"script-src"}, sorted(directives)
    assert "frame-ancestors" not in policy  # ignored (with a console error) in a meta policy


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_script_hashes_are_exactly_the_pages_inline_scripts(path):
    text = path.read_text(encoding="utf-8")
    head = read(path)
    script_src = parse(head.policies[0])["script-src"]
    hashes = {s for s in script_src if s.startswith("'sha256-")}
    assert hashes == {sha256(s) for s in head.scripts}
    assert head.scripts, "every page has Material's inline scripts: the parser found none"
    # WebAssembly may be compiled only where a calculator runs Python.
    calculator = " data-python" in text
    assert ("'wasm-unsafe-eval'" in script_src) == calculator
    assert script_src[0] == "'self'" and len(script_src) == 1 + len(hashes) + calculator


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_nothing_a_hash_cannot_allow(path):
    """Inline handlers, javascript: URLs and inline styles would be refused: none is built."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.I)
    assert "javascript:" not in text.lower()
    assert not re.search(r"<style\b|<[a-z][^>]*\sstyle\s*=", text, re.I)


def test_headers_file_carries_the_policy_for_every_path():
    text = (SITE / "_headers").read_text(encoding="utf-8")
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules[0] == "/*", "one rule for every path (two matching rules would join into two policies)"
    headers = dict(line.strip().split(": ", 1) for line in rules[1:])
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    directives = parse(headers["Content-Security-Policy"])
    for name, sources in EXPECTED.items():
        assert directives[name] == sources, name
    assert directives["frame-ancestors"] == ["'none'"]
    # Every page's scripts pass the header too (a browser enforces both policies), and so
    # does the calculators' worker, which only the header reaches.
    script_src = directives["script-src"]
    assert "'wasm-unsafe-eval'" in script_src
    for path in PAGES:
        page_hashes = {s for s in parse(read(path).policies[0])["script-src"] if s.startswith("'sha256-")}
        assert page_hashes <= set(script_src), page_id(path)
    assert all(s in ("'self'", "'wasm-unsafe-eval'") or HASH.fullmatch(s) for s in script_src)
    assert len(headers["Content-Security-Policy"]) <= 2000  # Cloudflare Pages' limit


# ------------------------------------------------------------------ the hook on its own


def page(python: bool = False):
    return SimpleNamespace(meta={"python": python}, file=SimpleNamespace(src_uri="x.md"))


def test_hook_hashes_running_scripts_only():
    html = ('<html><head><meta charset="utf-8"><title>t</title>'
            '<script>var a = 1;</script><script type="module">import "./b.mjs";</script>'
            '<script src="c.js"></script><script type="application/json">{"d": 1}</script>'
            '</head><body><script>\nvar e = "</b>";\n</script></body></html>')
    out = hook.on_post_page(html, page(), None)
    head = read_string(out)
    script_src = parse(head.policies[0])["script-src"]
    assert set(script_src) == {"'self'", sha256("var a = 1;"), sha256('import "./b.mjs";'), sha256('\nvar e = "</b>";\n')}
    assert head.before_policy == ["meta ['charset']"]


def test_hook_allows_webassembly_on_calculator_pages_only():
    html = '<html><head><meta charset="utf-8"></head><body></body></html>'
    assert "'wasm-unsafe-eval'" in hook.on_post_page(html, page(python=True), None)
    assert "'wasm-unsafe-eval'" not in hook.on_post_page(html, page(python=False), None)


def test_hook_writes_the_404_page_and_leaves_other_templates():
    html = '<html><head><meta charset="utf-8"></head><body></body></html>'
    assert "Content-Security-Policy" in hook.on_post_template(html, "404.html", None)
    assert hook.on_post_template("<urlset/>", "sitemap.xml", None) == "<urlset/>"


@pytest.mark.parametrize("markup", [
    '<button onclick="go()">Go</button>',
    '<a href="javascript:go()">Go</a>',
    '<p style="color: red">Red</p>',
    "<style>p { color: red }</style>",
])
def test_hook_fails_the_build_on_what_the_policy_would_block(markup):
    html = f'<html><head><meta charset="utf-8"></head><body>{markup}</body></html>'
    with pytest.raises(PluginError, match="Content-Security-Policy would block"):
        hook.on_post_page(html, page(), None)


def read_string(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head
