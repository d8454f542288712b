"""Pages with a Python calculator: start Python first, and keep Material's script out of its way.

A calculator's root element carries ``data-python`` (docs/calculators/*.md). On such a page:

- ``page.meta["python"]`` is set, and ``overrides/main.html`` then starts the calculators'
  worker from the top of <head> (``partials/python-early-start.html``).
- Material's bundle (its header, search, instant navigation, linked tabs...) is not run as
  the page loads: its <script> becomes an inert placeholder naming it
  (``data-material-bundle``), and the partial runs it just after the first answer is drawn,
  a second after Python is ready if no question comes, at once if Python fails or the reader
  touches the page, or after 8 s. On a two-core laptop, evaluating the bundle and its
  start-up (about 0.2 s of the main thread, the search index's building after it) competed
  with Python's start-up for the first result (scripts/benchmark.py, laptop, 8 rounds side by
  side: cold 1.48 s against 1.51 s, a return visit 0.66 s against 0.72 s). The page reads
  and works without it meanwhile, as it does with scripts off. The search index (50 kB with
  brotli, about 0.3 s of processor time to build) is asked for and built only once the
  bundle runs, so on a slow link it does not share the bandwidth Python's files need.
- Material's bundle wraps each plain table in a scroll box as it starts, which moves the text
  after a table by up to 40 px. The partial wraps them at DOMContentLoaded, when the bundle
  would have, and unwraps them in the same task as the bundle starts, just before it wraps
  them again, so nothing a reader may be reading moves when it runs late. (Wrapped here at
  build time instead, a page reached by instant navigation had its tables wrapped twice.)
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

MARKER = " data-python"
# Material's bundle, as its base.html writes it (the file name carries a hash).
BUNDLE = re.compile(r'<script src="(?P<src>[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def on_page_content(html, page, config, files):
    page.meta["python"] = MARKER in html
    return html


def on_post_page(output, page, config):
    if not page.meta.get("python"):
        return output
    found = BUNDLE.search(output)
    if not found:
        raise PluginError(
            f"python_pages: no Material bundle <script> in {page.file.src_uri}: "
            "has Material changed how it loads it? See overrides/hooks/python_pages.py."
        )
    # type="text/plain": never run by the browser, and so outside the page's script policy.
    held = f'<script type="text/plain" data-material-bundle="{found["src"]}"></script>'
    return output[: found.start()] + held + output[found.end() :]
