"""The page keeps still while a calculator appears (issue 12, item 10).

The cumulative layout shift (the browser's own `layout-shift` entries, not caused by the
reader's input) of each calculator page, opened cold at a laptop's 1280x720 and a phone's
390x844, with a shared link and without, stays at or under 0.05 until the calculator is
ready or has answered. (0.1 is the usual line for "good".) This bounds behaviour, not time.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import Traffic, open_context
from .support import CALCULATOR_PAGES, calculator_root, case_named, case_params, query
from .test_shared_links import SCROLL_SETTLED

MAX_SHIFT = 0.05
SIZES = {"laptop": {"viewport": {"width": 1280, "height": 720}},
         "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                   "device_scale_factor": 3}}
LINKS = {
    "timescales": case_named("timescales", "york", "Strategy discussion just before Christmas"),
    "quorum": case_named("quorum", "warrington", "Sibling group: one child has had no contact with a second agency"),
    "prebirth": case_named("prebirth", "york", "Only the due date: an estimate"),
}

# Every layout shift since the page started, less those right after the reader's input.
CUMULATIVE_SHIFT = """() => new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
        observer.disconnect();
        resolve(list.getEntries().filter((e) => !e.hadRecentInput).map((e) => ({
            value: e.value,
            sources: (e.sources || []).map((s) => s.node ? (s.node.id || s.node.className || s.node.nodeName) : "?"),
        })));
    }).observe({ type: "layout-shift", buffered: true });
    // No entry at all: the observer is never called.
    setTimeout(() => resolve([]), 1000);
})"""


@pytest.fixture(scope="module", params=list(SIZES))
def sized_context(request, browser, server):
    traffic = Traffic(server.origin)
    context = open_context(browser, server, traffic, **SIZES[request.param])
    yield context
    context.close()
    traffic.check()


@pytest.mark.parametrize("shared", [False, True], ids=["page", "shared link"])
@pytest.mark.parametrize("calculator", list(CALCULATOR_PAGES))
def test_the_page_keeps_still(sized_context, calculator, shared):
    page = sized_context.new_page()
    try:
        url = CALCULATOR_PAGES[calculator] + (query(case_params(LINKS[calculator])) if shared else "")
        page.goto(url)
        root = calculator_root(page, calculator)
        expect(root).to_have_attribute("data-state", "done" if shared else "ready")
        page.evaluate(SCROLL_SETTLED)
        page.wait_for_timeout(300)  # let a last frame be laid out and reported
        shifts = page.evaluate(CUMULATIVE_SHIFT)
        total = sum(s["value"] for s in shifts)
        assert total <= MAX_SHIFT, f"layout shift {total:.3f} (at most {MAX_SHIFT}): {shifts}"
    finally:
        page.close()
