"""A Content-Security-Policy on every page, so the browser itself keeps the site's promise
that nothing is asked of another origin.

Every page, the 404 page included, gets a ``<meta http-equiv="Content-Security-Policy">``
at the top of its <head> (right after ``<meta charset>``, so before any script or
stylesheet: a meta policy covers only what comes after it). Scripts may come from the
site itself and, inline, only as the exact scripts the page has: each one's SHA-256 hash
is worked out from the finished page at every build, so a changed inline script gets its
new hash with no hand-kept list, and a script injected later matches none. No directive
names another origin.

``'wasm-unsafe-eval'`` (compiling WebAssembly) is allowed only on the pages with a
calculator (``page.meta["python"]``, set by python_pages.py). The page itself compiles
none: Pyodide runs in a dedicated worker, which takes its policy from its own response's
headers, not from the page (CSP 3; Chromium, Firefox and WebKit alike). It is there for
browsers that still let a worker inherit its page's policy.

A meta policy cannot set ``frame-ancestors`` and does not reach a worker's own requests,
so the build also writes ``_headers`` (Netlify and Cloudflare Pages read it) with one
policy for every path, sent as a response header: the same directives, every inline
script hash of the site, ``'wasm-unsafe-eval'`` (the calculators' worker, served under the
same rule, needs it) and ``frame-ancestors 'none'``. A browser enforces both the header
and a page's meta policy, so each page gets the narrower of the two.

This hook must be the LAST of the hooks that change a page's output (mkdocs.yml): a
script changed after it would no longer match its hash. tests/test_csp.py checks every
built page's hashes against its scripts.

Under ``mkdocs serve`` no policy is written: the server adds its live-reload script to
every page as it sends it, different each time, which a hash cannot allow.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

#: Each directive's sources. Nothing here names another origin, ever.
DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # + each inline script's hash, + 'wasm-unsafe-eval' on calculator pages.
    "script-src": ("'self'",),
    # Stylesheets from the site only: the pages have no <style> or style="" (scripts set
    # styles through the CSSOM, which a policy does not restrict).
    "style-src": ("'self'",),
    # data: for the icons Material's stylesheet carries as data: SVGs (CSS masks).
    "img-src": ("'self'", "data:"),
    # Instant navigation, the search index, Pyodide's files: all from the site.
    "connect-src": ("'self'",),
    # The calculators' worker, Material's search worker and a service worker: the site's own.
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
#: Only a response header can carry these (a meta policy ignores them, with a console error).
HEADER_ONLY: dict[str, tuple[str, ...]] = {
    "frame-ancestors": ("'none'",),
}
WASM = "'wasm-unsafe-eval'"

#: Other headers every response gets where the host reads _headers: the same referrer rule
#: as the pages' meta tag, and no guessing of types.
OTHER_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
HEADERS_FILE = "_headers"
#: Cloudflare Pages refuses a header value longer than this.
HEADER_LIMIT = 2000

META = '<meta http-equiv="Content-Security-Policy" content="{}">'
CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)
HEAD = re.compile(r"<head\b[^>]*>", re.I)
# Raw text: the HTML parser ends a script at the first "</script", whatever comes before.
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script", re.I | re.S)
SRC = re.compile(r"\bsrc\s*=", re.I)
TYPE = re.compile(r"\btype\s*=\s*[\"']?(?P<type>[^\"'\s>]*)", re.I)
# A script element with one of these types (or none) runs; any other type is a data block
# (Material's <script type="application/json" id="__config">), which a policy leaves alone.
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
                "application/ecmascript", "text/jscript", "text/livescript"}
# What a policy without 'unsafe-inline' / 'unsafe-hashes' refuses, so the build refuses it first.
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""\b(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.I)

_state = {"serving": False, "hashes": set()}


def inline_scripts(html: str) -> list[str]:
    """The source text of every inline script in ``html`` that a browser would run."""
    found = []
    for script in SCRIPT.finditer(html):
        attrs = script["attrs"]
        if SRC.search(attrs):
            continue
        kind = TYPE.search(attrs)
        if (kind["type"].lower() if kind else "") in SCRIPT_TYPES:
            found.append(script["body"])
    return found


def script_hash(source: str) -> str:
    """The hash source a policy uses to allow exactly this inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(hashes, *, wasm: bool, header: bool = False) -> str:
    """The policy, as a header or meta tag writes it: directives joined by "; "."""
    directives = {name: list(sources) for name, sources in DIRECTIVES.items()}
    directives["script-src"] += sorted(set(hashes))
    if wasm:
        directives["script-src"].append(WASM)
    if header:
        directives.update({name: list(sources) for name, sources in HEADER_ONLY.items()})
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def with_policy(html: str, *, wasm: bool, where: str) -> str:
    """``html`` with its policy written at the top of its <head>."""
    for pattern, what in ((HANDLER, "an inline event handler (onclick=...)"),
                          (JS_URL, "a javascript: URL"),
                          (STYLE, "inline style (<style> or style=\"...\")")):
        found = pattern.search(html)
        if found:
            raise PluginError(
                f"csp: {where} has {what}, which its Content-Security-Policy would block: "
                f"{html[found.start():found.start() + 80]!r}... Move it into a file under assets/."
            )
    hashes = {script_hash(source) for source in inline_scripts(html)}
    _state["hashes"] |= hashes
    meta = META.format(policy(hashes, wasm=wasm))
    anchor = CHARSET.search(html) or HEAD.search(html)
    if not anchor:
        raise PluginError(f"csp: {where} has no <head> to put its Content-Security-Policy in.")
    return html[: anchor.end()] + meta + html[anchor.end() :]


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def on_pre_build(config):
    _state["hashes"] = set()
    if _state["serving"]:
        log.info("csp: no Content-Security-Policy under `mkdocs serve` (its live-reload script "
                 "is inline); `make site` and `make serve` write it.")


def on_post_page(output, page, config):
    if _state["serving"]:
        return output
    return with_policy(output, wasm=bool(page.meta.get("python")), where=page.file.src_uri)


def on_post_template(output, template_name, config):
    # Material's 404.html is a static template: mkdocs renders it outside on_post_page.
    if _state["serving"] or not template_name.endswith(".html"):
        return output
    return with_policy(output, wasm=False, where=template_name)


def on_post_build(config):
    if _state["serving"]:
        return
    value = policy(_state["hashes"], wasm=True, header=True)
    if len(value) > HEADER_LIMIT:
        raise PluginError(f"csp: the policy for {HEADERS_FILE} is {len(value)} characters; "
                          f"Cloudflare Pages refuses headers over {HEADER_LIMIT}.")
    lines = [
        "# Written by overrides/hooks/csp.py at every build: edit the hook, not this file.",
        "# Netlify and Cloudflare Pages send these headers with every file (README: Privacy).",
        "/*",
        f"  Content-Security-Policy: {value}",
        *(f"  {name}: {header}" for name, header in OTHER_HEADERS.items()),
    ]
    Path(config.site_dir, HEADERS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
