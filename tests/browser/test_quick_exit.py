"""Quick Exit ("Exit this page"): a plain link on every page, which the script turns into an
instant replace (Back does not return to the page left) with a Shift x3 shortcut.

The destination is another origin. Nothing may reach it: each test that leaves routes
that one address to a local page, allows exactly that request, and checks it was made.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import built_pages, open_built_page, follow_link

EXIT = '[data-module="quick-exit"]'
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"


def route_exit(page, traffic) -> str:
    """Serve the exit link's destination locally; return its address."""
    href = page.locator(EXIT).get_attribute("href")
    assert href and href.startswith("https://"), f"the exit link goes to {href!r}"
    traffic.allow(href)
    page.route(href, lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE))
    return href


def exit_requests(traffic, href: str):
    return [r for r in traffic.requests if r.url == href]


def test_button_replaces_the_page(page, traffic):
    page.goto("")
    follow_link(page, "/safety/")  # a second page, reached as a reader would
    expect(page.locator("h1")).to_contain_text("Browsing safely")
    href = route_exit(page, traffic)
    history = page.evaluate("history.length")

    page.locator(EXIT).click()
    page.wait_for_url(href)
    expect(page.locator("h1")).to_have_text("Weather")
    (request,) = exit_requests(traffic, href)
    assert request.is_navigation_request()
    # The site's address is not passed on (meta referrer no-referrer, rel=noreferrer).
    assert "referer" not in request.headers, request.headers
    # location.replace: the page left is no longer in the history...
    assert page.evaluate("history.length") == history
    # ...so Back goes to the page before it, never to the one being read.
    page.go_back()
    assert not page.url.rstrip("/").endswith("/safety"), page.url


def test_button_stays_on_top_of_a_presentation(page, traffic):
    """A trainer's presentation covers the window; the exit must still be seen and work."""
    page.goto("trainers/presentation/")
    page.get_by_role("button", name="Start presentation").click()
    expect(page.locator('[data-module="presentation"]')).to_have_attribute("aria-modal", "true")
    href = route_exit(page, traffic)
    button = page.locator(EXIT)
    expect(button).to_be_visible()
    button.click()  # a real click: it fails if the presentation is on top of the button
    page.wait_for_url(href)
    expect(page.locator("h1")).to_have_text("Weather")


def test_shift_three_times(page, traffic):
    page.goto("safety/")
    href = route_exit(page, traffic)
    history = page.evaluate("history.length")
    page.locator("h1").click()  # focus in the page, as a reader's would be
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.endswith("/safety/"), "two presses must not leave"
    page.keyboard.press("Shift")
    page.wait_for_url(href)
    assert len(exit_requests(traffic, href)) == 1
    assert page.evaluate("history.length") == history
    page.go_back()  # to the tab's blank start page: anything but the page left
    assert "/safety" not in page.url, "Back must not return to the page left"


def test_capital_letters_do_not_count_as_shift_presses(page, traffic):
    """Typing "AMY" holds Shift with other keys: that is not the shortcut."""
    page.goto("safety/")
    href = route_exit(page, traffic)
    page.locator("h1").click()
    for letter in "AMY":
        page.keyboard.press(f"Shift+{letter}")
    page.wait_for_timeout(300)
    assert page.url.endswith("/safety/")
    assert exit_requests(traffic, href) == []


def test_works_after_moving_between_pages(page, traffic):
    """Instant navigation swaps the page without reloading: the shortcut must still work."""
    page.goto("")
    follow_link(page, "/safety/")
    expect(page.locator("h1")).to_contain_text("Browsing safely")
    follow_link(page, "/glossary/")
    expect(page.locator("h1")).not_to_contain_text("Browsing safely")
    href = route_exit(page, traffic)
    page.locator("h1").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(href)


def test_link_works_without_javascript(new_context, traffic):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("safety/")
    link = page.locator(EXIT)
    expect(link).to_be_visible()
    expect(link).to_have_text("Exit this page")
    href = route_exit(page, traffic)
    link.click()
    page.wait_for_url(href)
    expect(page.locator("h1")).to_have_text("Weather")


@pytest.mark.parametrize("path", built_pages())
def test_every_page_has_the_link(tab_without_js, path):
    """On every page, before any script: a visible link to the neutral page, near the top."""
    page = tab_without_js.page
    open_built_page(page, path)
    link = page.locator(EXIT)
    expect(link).to_have_count(1)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", "https://www.bbc.co.uk/weather")
    # At the top: in view as the page opens, without scrolling.
    box = link.bounding_box()
    assert box and box["y"] + box["height"] <= page.viewport_size["height"], box
