"""Pages with a Python calculator: start Python first, and keep the search index out of its way.

A calculator's root element carries ``data-python`` (docs/calculators/*.md). On such a page:

- ``page.meta["python"]`` is set, and ``overrides/main.html`` then starts the calculators'
  worker from the top of <head> (``partials/python-early-start.html``).
- Material's search worker is pointed at ``assets/js/search-deferred.js``, which holds the
  search index back until the first answer is drawn (or Python has been ready for a second
  with no question, or has failed), the reader goes to the search box, or 8 s have passed
  (``partials/python-early-start.html`` says when). Building the index takes about 0.3 s of processor time at page load, and on a two-core machine that
  competes with Python's start-up for the first result (scripts/benchmark.py measures it).
  The partial also holds back Material's request for the index itself (50 kB with brotli)
  until then, so on a slow link it does not share the bandwidth Python's files need.
  Search itself is unchanged: the same worker, the same index, built on demand.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

MARKER = " data-python"
# Material's config names its search worker like this (a hashed file name); the deferred
# worker gets the file name and loads it from the same folder.
SEARCH_WORKER = re.compile(r'"search": "(?P<prefix>[^"]*assets/)javascripts/workers/(?P<name>search\.[0-9a-f]+\.min\.js)"')
DEFERRED = "js/search-deferred.js"


def on_page_content(html, page, config, files):
    page.meta["python"] = MARKER in html
    return html


def on_post_page(output, page, config):
    if not page.meta.get("python"):
        return output
    found = SEARCH_WORKER.search(output)
    if not found:
        raise PluginError(
            f"python_pages: no search worker in the config of {page.file.src_uri}: "
            "has Material changed how it names it? See overrides/hooks/python_pages.py."
        )
    deferred = f'"search": "{found["prefix"]}{DEFERRED}?{found["name"]}"'
    return output[: found.start()] + deferred + output[found.end() :]
