"""Fixtures for the browser tests: the built site on a local server, one chromium for the
session, and a fresh browser context per test that records every request it makes.

The site under test is the one `make site` builds (site/, or BROWSER_TEST_SITE). With no
built site, or one older than its sources, every test FAILS saying how to build it: a
browser test is never skipped.

Most tests get a fresh context (`page`, `context`, `new_context`). Tests that compute many
worked cases share one tab per module (`tab`), reaching each page by a link as a reader
would, so Pyodide starts once per module instead of once per case (5-10 s each here).

Every request of every context (pages and their workers: Playwright reports a dedicated
worker's fetches on its context) is recorded; at the end of the test any request to an
origin other than the test server fails it (data: and blob: URLs are local), as do an
uncaught script error and a same-origin request answered with an HTTP error. Chromium
is also told that no host name resolves, so even a request the checks would catch never
leaves this machine.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response, expect, sync_playwright

from .support import PYODIDE_TIMEOUT_MS, SITE, missing_site_reason

# Waits (expect(...), locators) allow for Pyodide's first start on a busy machine.
expect.set_options(timeout=PYODIDE_TIMEOUT_MS)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in a container
    "--disable-gpu",
    # No calls home from the browser itself (updates, sync, field trials, default apps).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    # Belt and braces for "nothing leaves the machine": no host name resolves, so a request
    # to another origin fails here rather than reaching it (the checks below still see it).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


# ------------------------------------------------------------------------- the site


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the types module workers and streaming wasm compilation need."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".zip": "application/zip",
    }

    def log_message(self, format, *args):  # quiet: pytest shows failures, not every GET
        pass

    def do_GET(self):
        if self.path.split("?")[0] == "/sitemap.xml":
            self._sitemap()
        else:
            super().do_GET()

    def _sitemap(self):
        """sitemap.xml with its URLs on this server, as if site_url were this server's address.

        Material's instant navigation only takes over a click when the target page is in
        sitemap.xml, and it matches the sitemap's URLs with their scheme and host name
        swapped for the page's but their PORT KEPT (integrations/sitemap `resolve`). The
        build writes site_url (http://localhost:8000/) into the sitemap, so on any other
        port every click would be a full reload. `mkdocs serve` rewrites site_url to its own
        address in the same way; a deployment must build with site_url set to its address.
        """
        host, port = self.server.server_address[:2]
        text = Path(self.directory, "sitemap.xml").read_text(encoding="utf-8")
        body = re.sub(r"<loc>https?://[^/<]+/", f"<loc>http://{host}:{port}/", text).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser context closed mid-download resets its connections: not a failure.
        pass


@dataclass(frozen=True)
class Served:
    origin: str  # http://127.0.0.1:PORT

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"


@pytest.fixture(scope="session")
def site_dir():
    reason = missing_site_reason()
    if reason:
        pytest.fail(reason, pytrace=False)
    return SITE


@pytest.fixture(scope="session")
def server(site_dir) -> Served:
    """The built site on 127.0.0.1 at a free port, for the whole session."""
    httpd = SiteServer(("127.0.0.1", 0), functools.partial(SiteHandler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield Served(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.shutdown()
    httpd.server_close()


# ------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (`make chromium`); "
                    "`playwright install` cannot download browsers here.", pytrace=False)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        pytest.fail(f"chromium did not start: {error}", pytrace=False)
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass
class Traffic:
    """Everything the browser asked for, and what went wrong, from one or more contexts."""

    origin: str
    requests: list[Request] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed: set[str] = field(default_factory=set)

    def watch(self, context: BrowserContext) -> None:
        # Context-level: every page's requests, and its workers' (Pyodide's fetches).
        context.on("request", self._request)
        context.on("response", self._response)
        context.on("page", self._page)

    def _request(self, request: Request) -> None:
        self.requests.append(request)

    def _page(self, page: Page) -> None:
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _response(self, response: Response) -> None:
        if response.url.startswith(self.origin) and response.status >= 400:
            self.http_errors.append(f"HTTP {response.status} for {response.url}")

    def allow(self, url: str) -> None:
        """A URL of another origin this test requests on purpose (and fulfils locally)."""
        self.allowed.add(url)

    def is_local(self, url: str) -> bool:
        return url == self.origin or url.startswith((self.origin + "/", "data:", "blob:"))

    def urls(self, since: int = 0) -> list[str]:
        return [r.url for r in self.requests[since:]]

    def count(self, path_end: str, since: int = 0) -> int:
        """How many requests asked for a path ending so (query ignored)."""
        return sum(1 for u in self.urls(since) if u.split("?")[0].endswith(path_end))

    def mark(self) -> tuple[int, int, int]:
        return len(self.requests), len(self.http_errors), len(self.page_errors)

    def problems(self, since: tuple[int, int, int] = (0, 0, 0)) -> list[str]:
        requests, http_errors, page_errors = since
        foreign = [u for u in self.urls(requests) if not self.is_local(u) and u not in self.allowed]
        found = [f"request to another origin: {u}" for u in dict.fromkeys(foreign)]
        found += self.http_errors[http_errors:]
        found += [f"uncaught script error on {e}" for e in self.page_errors[page_errors:]]
        return found

    def check(self, since: tuple[int, int, int] = (0, 0, 0)) -> None:
        problems = self.problems(since)
        if problems:
            pytest.fail("The site misbehaved on the wire:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def traffic(server) -> Traffic:
    log = Traffic(server.origin)
    yield log
    log.check()


def open_context(browser: Browser, server: Served, traffic: Traffic, **options) -> BrowserContext:
    """A fresh browser context (its own profile: no cache, no storage) that `traffic` watches."""
    options.setdefault("base_url", server.origin)
    options.setdefault("viewport", {"width": 1280, "height": 900})  # wide: the nav sidebar shows
    context = browser.new_context(**options)
    context.set_default_timeout(PYODIDE_TIMEOUT_MS)
    traffic.watch(context)
    return context


@pytest.fixture
def new_context(browser, server, traffic):
    """Makes browser contexts for this test; all closed after it."""
    made = []

    def make(**options) -> BrowserContext:
        context = open_context(browser, server, traffic, **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture
def context(new_context) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


@dataclass
class Tab:
    page: Page
    traffic: Traffic


@pytest.fixture(scope="module")
def shared_tab(browser, server):
    """One tab for a whole test module, so Pyodide starts once rather than for every case.

    Each test reaches its page by following a link within the site (Material's instant
    navigation), as a reader moving around the site does; the calculator's worker lives on.
    """
    yield from _module_tab(browser, server)


def _module_tab(browser, server, **options):
    """A tab in its own context, watched for the module's lifetime; closed at the end."""
    traffic = Traffic(server.origin)
    context = open_context(browser, server, traffic, **options)
    yield Tab(context.new_page(), traffic)
    context.close()


def _checked(tab: Tab):
    """Lend a module's tab to one test: what goes wrong on the wire meanwhile fails that test."""
    since = tab.traffic.mark()
    yield tab
    tab.traffic.check(since)


@pytest.fixture
def tab(shared_tab) -> Tab:
    """The module's shared tab; what goes wrong on the wire during this test fails this test."""
    yield from _checked(shared_tab)


@pytest.fixture(scope="module")
def shared_tab_without_js(browser, server):
    yield from _module_tab(browser, server, java_script_enabled=False)


@pytest.fixture
def tab_without_js(shared_tab_without_js) -> Tab:
    """A module-wide tab with JavaScript off, as some readers browse; checked like `tab`."""
    yield from _checked(shared_tab_without_js)
