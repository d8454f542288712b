"""A shared link brings its answer into view (issue 12, item 2).

Every prefilled calculator link on the trainers' scenarios page is opened, at a laptop's
1280x720 and a phone's 390x844: once the link has been worked out, the result's heading
has focus and the answer itself (the first date, or the quorum verdict) is on screen,
below the sticky header, not only the heading. The links are read from the built page,
never typed here. With reduced motion asked for, the page jumps there without a scrolling
animation.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import _checked, _module_tab
from .support import NO_SITE, SITE, calculator_root, follow_link

SCENARIOS = "trainers/scenarios/"
SIZES = {"laptop": {"width": 1280, "height": 720}, "phone": {"width": 390, "height": 844}}
PHONE = {"is_mobile": True, "has_touch": True, "device_scale_factor": 3}


def scenario_links() -> list[str]:
    """The prefilled calculator links of the built scenarios page, as site paths with their query."""
    built = SITE / SCENARIOS / "index.html"
    if not built.is_file():
        return [NO_SITE]
    article = re.search(r"<article\b.*?</article>", built.read_text(encoding="utf-8"), re.S)[0]
    base = "http://site/" + SCENARIOS
    links = []
    for href in re.findall(r'<a\b[^>]*\bhref="([^"]*calculators/[^"]*\?[^"]*)"', article):
        parts = urlsplit(urljoin(base, html.unescape(href)))
        links.append(f"{parts.path}?{parts.query}")
    return list(dict.fromkeys(links))


LINKS = scenario_links()


def test_the_scenarios_page_has_its_thirteen_links():
    assert len(LINKS) == 13, LINKS


@pytest.fixture(scope="module")
def laptop_tab(browser, server):
    yield from _module_tab(browser, server, viewport=SIZES["laptop"])


@pytest.fixture(scope="module")
def phone_tab(browser, server):
    yield from _module_tab(browser, server, viewport=SIZES["phone"], **PHONE)


@pytest.fixture(params=list(SIZES))
def sized_tab(request):
    yield from _checked(request.getfixturevalue(f"{request.param}_tab"))


def answer_of(root):
    """What must be on screen: the quorum's verdict, or the first date worked out."""
    verdict = root.locator(".calc-verdict")
    return verdict if verdict.count() else root.locator(".calc-deadline__date").first


# Resolves once the page has stopped scrolling: five animation frames at the same place.
SCROLL_SETTLED = """() => new Promise((resolve) => {
    let last = NaN, still = 0;
    const frame = () => {
        still = scrollY === last ? still + 1 : 0;
        last = scrollY;
        if (still >= 5) resolve(true); else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
})"""


def expect_answer_in_view(page, root) -> None:
    title = root.locator(".calc-results__title")
    expect(title).to_be_focused()
    page.evaluate(SCROLL_SETTLED)  # a smooth scroll (motion not reduced) ends first
    answer = answer_of(root)
    expect(answer).to_be_visible()
    header = page.locator(".md-header").bounding_box()
    height = page.viewport_size["height"]
    for what, element in (("heading", title), ("answer", answer)):
        box = element.bounding_box()
        assert box["y"] >= header["y"] + header["height"] - 1, f"the {what} is under the sticky header: {box}"
        assert box["y"] + box["height"] <= height, f"the {what} is below the fold ({height} px): {box}"


@pytest.mark.parametrize("link", LINKS)
def test_a_shared_link_shows_its_answer(sized_tab, link):
    if link == NO_SITE:
        pytest.fail("No built site: run `make site`.", pytrace=False)
    page = sized_tab.page
    # From the scenarios page, as a trainer clicks the link (instant navigation, Python warm).
    if not page.url.startswith("http"):
        page.goto(SCENARIOS)
    elif urlsplit(page.url).path != "/" + SCENARIOS:
        follow_link(page, "/" + SCENARIOS)
    follow_link(page, link)
    name = {"timescales": "timescales", "quorum": "quorum", "pre-birth": "prebirth"}[link.split("/")[2]]
    root = calculator_root(page, name)
    expect(root).to_have_attribute("data-state", "done")
    expect_answer_in_view(page, root)


def test_a_shared_link_opened_cold_on_a_phone(new_context):
    """Straight from the address bar, Python starting from cold; the answer comes into view."""
    page = new_context(viewport=SIZES["phone"], **PHONE).new_page()
    link = next(link for link in LINKS if "/timescales/" in link and "closure=" in link)
    page.goto(link)
    root = calculator_root(page, "timescales")
    expect(root).to_have_attribute("data-state", "done")
    expect_answer_in_view(page, root)


def test_no_scrolling_animation_when_reduced_motion_is_asked_for(new_context):
    page = new_context(viewport=SIZES["laptop"], reduced_motion="reduce").new_page()
    page.goto(next(link for link in LINKS if "/timescales/" in link))
    # A function, not an expression: Playwright evaluates an expression with eval, which the
    # pages' Content-Security-Policy refuses.
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.calc-results__title')")
    at_focus = page.evaluate("scrollY")
    page.wait_for_timeout(600)  # a smooth scroll would still be moving, or would have moved on
    assert at_focus > 0, "the page did not move to the answer"
    assert page.evaluate("scrollY") == at_focus, "the page scrolled on after the heading took focus"
    expect_answer_in_view(page, calculator_root(page, "timescales"))


def test_a_reader_who_moves_on_meanwhile_keeps_their_place(new_context):
    """Tabbing into the form while Python loads: the answer is announced, focus stays put."""
    page = new_context(viewport=SIZES["laptop"]).new_page()
    page.goto(next(link for link in LINKS if "/timescales/" in link))
    root = calculator_root(page, "timescales")
    expect(root).to_have_attribute("data-state", "loading")  # a fresh browser: Python starting
    page.keyboard.press("Tab")
    # The element itself (Material's script, started by that key, may rewrite its attributes).
    assert page.evaluate("(window.__focused = document.activeElement) !== document.body")
    expect(root).to_have_attribute("data-state", "done")
    expect(root.locator("[data-calc-status]")).to_contain_text("Dates worked out")
    assert page.evaluate("document.activeElement === window.__focused"), "focus moved"
    expect(root.locator(".calc-results__title")).not_to_be_focused()
    assert page.evaluate("scrollY") == 0
