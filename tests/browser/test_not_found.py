"""The page for an address that does not exist (404.html): it says so, and gives a search
box and links to the main parts of the site, from any depth of address.

Static hosts send 404.html, with status 404, for any missing path, so these tests serve
the site that way (the shared test server answers a missing path with its own page).
"""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import Served, SiteHandler, SiteServer, Traffic, open_context
from .support import SITE

#: Missing addresses at several depths: 404.html's links must work from each.
MISSING = ["no-such-page", "procedures/no-such-page/", "families/a/b/c/", "calculators/timescales/extra/page.html"]

#: Where the page's links go, by their text.
LINKS = {
    "The home page": "/",
    "Procedures": "/procedures/",
    "For families": "/families/",
    "Calculators": "/calculators/",
    "Browsing safely": "/safety/",
}


class NotFoundHandler(SiteHandler):
    """The site as a static host serves it: 404.html, with status 404, for a missing path."""

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = Path(self.directory, "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def host(site_dir):
    httpd = SiteServer(("127.0.0.1", 0), functools.partial(NotFoundHandler, directory=str(site_dir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Served(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def visit(browser, host):
    """Opens pages on the host in a fresh context; only the missing page itself may 404."""
    contexts = []
    log = Traffic(host.origin)

    def make(**options):
        context = open_context(browser, host, log, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    expected = {f"HTTP 404 for {host.url(path)}" for path in MISSING}
    log.http_errors = [e for e in log.http_errors if e not in expected]
    log.check()


@pytest.mark.parametrize("path", MISSING)
def test_a_missing_page_gives_search_and_links_at_any_depth(visit, host, path):
    page = visit()
    response = page.goto(path)
    assert response.status == 404
    expect(page).to_have_title(re.compile(r"^Page not found"))
    expect(page.locator("article h1")).to_have_text("Page not found")
    # Styled and scripted from any depth: Material's header and its search are there.
    expect(page.locator(".md-header")).to_be_visible()
    expect(page.locator('[data-md-component="search-query"]')).to_be_attached()
    # A search box of its own, labelled, and the five ways on.
    form = page.get_by_role("search", name="Search the site")
    expect(form.get_by_label("Words to search for")).to_be_visible()
    for text, target in LINKS.items():
        link = page.locator("article").get_by_role("link", name=text, exact=True)
        expect(link).to_have_count(1)
        # Absolute from the site's root, whatever the depth of the missing address.
        assert link.evaluate("(a) => new URL(a.href).pathname") == target, text
        assert page.request.get(host.url(target)).status == 200, target


def test_a_link_on_it_leads_on(visit):
    page = visit()
    page.goto("families/a/b/c/")
    page.locator("article").get_by_role("link", name="Procedures", exact=True).click()
    page.wait_for_url("**/procedures/")
    expect(page.locator("article h1")).to_contain_text("Procedures")


def test_its_search_finds_pages(visit):
    """The words go to the home page as ?q=, where Material's search opens with them."""
    page = visit()
    page.goto("procedures/no-such-page/")
    page.get_by_label("Words to search for").fill("ICPC")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/\?q=ICPC$"))
    first = page.locator(".md-search-result__list > .md-search-result__item").first
    expect(first).to_be_visible()
    expect(first.locator("a").first).to_have_attribute("href", re.compile(r"/procedures/initial-conference/"))


def test_without_javascript_the_links_still_work(visit):
    page = visit(java_script_enabled=False)
    page.goto("families/a/b/c/")
    expect(page.locator("article h1")).to_have_text("Page not found")
    page.locator("article").get_by_role("link", name="For families", exact=True).click()
    page.wait_for_url("**/families/")
    expect(page.locator("article h1")).not_to_have_text("Page not found")
