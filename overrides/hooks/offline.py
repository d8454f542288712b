"""The offline copy: a service worker, written when the site is built, that keeps the whole site.

Nothing here runs for a reader who does not ask for it. The worker (``sw.js`` at the site
root, so that its scope is the whole site) is registered only when a reader presses "Save
this site for offline use" on the offline page (docs/offline.md, assets/js/offline.mjs).

- ``on_files`` keeps the worker's template (``assets/js/offline-sw.js``) out of the site:
  the worker must be served from the site root, and there must be only one.
- ``on_page_content`` gives the offline page's widget (``data-module="offline"``) the names
  of the caches the site makes, so "Remove the offline copy" removes every one of them:
  the offline copies (CACHE_PREFIX) and the calculators' saved start-up state, whose name
  is read from calc-python.mjs (SAVED_STATES), never typed twice.
- ``on_post_build`` (after pyodide_assets.py has copied the Python bundle; a hook that
  precompresses files runs after this one) calls ``build_offline_copy``: it writes the
  copy's size into each page that shows it (``<span data-offline-size>``), lists every file
  the copy keeps with a content hash and its size, and writes ``sw.js`` from the template
  with that list and its version (a hash of the list). A file changed after this hook has
  run would no longer match its hash, and the worker refuses to keep it: any hook that
  changes files in the site must come before this one.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

JS = Path(__file__).resolve().parent.parent / "assets" / "js"
#: The worker's source: a template, written to the site root as WORKER with BUILD filled in.
TEMPLATE = JS / "offline-sw.js"
TEMPLATE_IN_SITE = "assets/js/offline-sw.js"
WORKER = "sw.js"
#: The line of the template that the build's list replaces.
BUILD_PLACEHOLDER = "const BUILD = null; // offline.py writes the build here"
#: Every offline copy's cache is named CACHE_PREFIX + its version.
CACHE_PREFIX = "offline-copy-"
#: The calculators' widget root on the offline page, and where the copy's size is written.
WIDGET = 'data-module="offline"'
SIZE = re.compile(r'(<span data-offline-size>)[^<]*(</span>)')
#: Hash length kept per file: 128 bits of SHA-256 tell one build's file from another's.
#: (Integrity against mixing builds, not against an attacker: whoever can change the site's
#: files can change sw.js too.)
HASH_HEX = 32


def saved_states_cache() -> str:
    """The Cache Storage name the calculators' Python start-up state is saved under (calc-python.mjs)."""
    found = re.search(r'const SAVED_STATES = "([^"]+)"', (JS / "calc-python.mjs").read_text(encoding="utf-8"))
    if not found:
        raise PluginError("offline.py: no `const SAVED_STATES = \"...\"` in assets/js/calc-python.mjs: "
                          "the offline page could not remove the calculators' saved start-up state.")
    return found[1]


def on_files(files, config):
    template = files.get_file_from_path(TEMPLATE_IN_SITE)
    if template is not None:
        files.remove(template)
    return files


def on_page_content(html, page, config, files):
    if WIDGET not in html:
        return html
    names = f' data-offline-cache-prefix="{CACHE_PREFIX}" data-offline-saved-states="{saved_states_cache()}"'
    return html.replace(WIDGET, WIDGET + names)


def on_post_build(config, **kwargs):
    build_offline_copy(Path(config.site_dir))


# ------------------------------------------------------------------ what the copy keeps


def lunr_files_needed(languages: list[str]) -> set[str]:
    """The files under assets/javascripts/lunr/ Material's search worker loads for these languages.

    Mirrors its setupSearchLanguages (search worker, Material 9): ja needs tinyseg.js, hi
    and th need wordcut.js, every language but en its own lunr.<lang>.min.js, more than one
    language lunr.multi.min.js, and any of these lunr.stemmer.support.min.js. For "en" alone,
    none: the other 0.9 MB of language packs are never loaded, so they are not kept.
    """
    needed = set()
    for lang in languages:
        if lang == "ja":
            needed.add("tinyseg.js")
        elif lang in ("hi", "th"):
            needed.add("wordcut.js")
        if lang != "en":
            needed.add(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return {f"assets/javascripts/lunr/{name}" for name in needed}


def search_languages(site_dir: Path) -> list[str]:
    """The languages the built search index asks its worker for (none without an index)."""
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        return []
    return list(json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", []))


def kept_files(site_dir: Path) -> list[str]:
    """Every file of the built site the offline copy keeps, as paths relative to its root.

    Left out: the worker itself; a ``X.gz`` or ``X.br`` beside ``X`` (a precompressed copy:
    the browser asks for X and the host sends whichever it has, so X is what is kept);
    source maps (read only by developer tools); lunr language packs the search never loads;
    hidden files.
    """
    lunr_needed = lunr_files_needed(search_languages(site_dir))
    kept = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        if rel in (WORKER, f"{WORKER}.br", f"{WORKER}.gz") or any(part.startswith(".") for part in path.relative_to(site_dir).parts):
            continue
        if path.suffix in (".gz", ".br") and path.with_suffix("").is_file():
            continue
        if path.suffix == ".map":
            continue
        if rel.startswith("assets/javascripts/lunr/") and rel not in lunr_needed:
            continue
        kept.append(rel)
    return kept


def megabytes(size: int) -> str:
    """Sizes as readers see them, here and in the page (offline-copy.mjs formats them the same way)."""
    return f"{size / 1_000_000:.1f} MB"


def _write_size(site_dir: Path, paths: list[str]) -> None:
    """Writes the copy's size into every page with a <span data-offline-size>.

    The pages are part of the copy, so writing the number changes the total by a few bytes:
    written again until the rounded figure no longer moves (once, in practice).
    """
    pages = [site_dir / p for p in paths if p.endswith(".html") and SIZE.search((site_dir / p).read_text(encoding="utf-8"))]
    if not pages:
        raise PluginError("offline.py: no page shows the offline copy's size (<span data-offline-size></span>): "
                          "docs/offline.md should, so readers know what saving it costs.")
    total = sum((site_dir / p).stat().st_size for p in paths)
    for _ in range(5):
        for page in pages:
            text = page.read_text(encoding="utf-8")
            page.write_text(SIZE.sub(lambda m: m[1] + megabytes(total) + m[2], text), encoding="utf-8")
        now = sum((site_dir / p).stat().st_size for p in paths)
        if megabytes(now) == megabytes(total):
            return
        total = now
    raise PluginError("offline.py: the offline copy's size did not settle")  # cannot happen: a few bytes each time


def build_offline_copy(site_dir: Path) -> dict:
    """Writes the copy's size into its pages and sw.js into the built site; returns the build's list.

    {"version": 16 hex digits, "cachePrefix": CACHE_PREFIX, "files": [[path, hash, bytes], ...]}
    Any change to any kept file changes the version, and so the worker: the browser then
    installs the new copy on the reader's next visit.
    """
    site_dir = Path(site_dir)
    if not TEMPLATE.is_file():
        raise PluginError(f"offline.py: the service worker's template {TEMPLATE} is missing")
    template = TEMPLATE.read_text(encoding="utf-8")
    if template.count(BUILD_PLACEHOLDER) != 1:
        raise PluginError(f"offline.py: {TEMPLATE.name} must contain the line `{BUILD_PLACEHOLDER}` exactly once")
    paths = kept_files(site_dir)
    _write_size(site_dir, paths)
    files = []
    for rel in paths:
        data = (site_dir / rel).read_bytes()
        files.append([rel, hashlib.sha256(data).hexdigest()[:HASH_HEX], len(data)])
    listing = json.dumps(files, separators=(",", ":"))
    build = {"version": hashlib.sha256(listing.encode()).hexdigest()[:16], "cachePrefix": CACHE_PREFIX, "files": files}
    line = "const BUILD = " + json.dumps(build, separators=(",", ":")) + ";"
    (site_dir / WORKER).write_text(template.replace(BUILD_PLACEHOLDER, line), encoding="utf-8")
    return build
