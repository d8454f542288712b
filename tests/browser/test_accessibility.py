"""WCAG 2.2 AA by axe-core (npm, injected from node_modules: nothing from another origin)
on every built page, on each calculator showing a result and an error, and in the dark
colour scheme. No axe rule is disabled.

axe finds a part of what WCAG asks (contrast, names, roles, structure); keyboard use and
screen-reader wording are checked elsewhere or by hand.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import AXE, CALCULATOR_PAGES, built_pages, open_built_page, case_named, case_params, open_calculator

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Best-practice rules run as well as the WCAG tags: aria-dialog-name (a dialog has a name;
#: Material's search dialog had none, which cost every page Lighthouse's 100).
RULES = {"aria-dialog-name": {"enabled": True}}

#: A case per calculator that shows a full result: dates with readings and working, or an
#: inquorate verdict with its exceptions and follow-up.
RESULTS = {
    "timescales": case_named("timescales", "york", "Strategy discussion just before Christmas"),
    "quorum": case_named("quorum", "warrington", "Sibling group: one child has had no contact with a second agency"),
    "prebirth": case_named("prebirth", "york", "Only the due date: an estimate"),
}


def axe_violations(page) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is pinned in package.json).", pytrace=False)
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated by the test, not added as an inline <script>: the page's
        # Content-Security-Policy refuses inline scripts it does not list.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    # Colours read mid-transition are neither the old nor the new ones (Material's header
    # title fades when the page scrolls, as it does to a result): let transitions end.
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {})))""")
    results = page.evaluate("([tags, rules]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, rules})",
                            [TAGS, RULES])
    found = []
    for v in results["violations"]:
        for node in v["nodes"]:
            found.append(f"{v['id']} ({v['impact']}): {v['help']}\n"
                         f"      at {' > '.join(map(str, node['target']))}\n"
                         f"      {node['html'][:200]}\n"
                         f"      {node.get('failureSummary', '').replace(chr(10), ' ')[:300]}")
    return found


def assert_accessible(page) -> None:
    found = axe_violations(page)
    assert not found, f"{len(found)} axe violation(s) on {page.url}:\n  " + "\n  ".join(found)


def open_every_details(root) -> None:
    """Open "The working" and every other disclosure, so axe checks what they hide too."""
    root.evaluate("(el) => el.querySelectorAll('details').forEach((d) => { d.open = true; })")


@pytest.mark.parametrize("path", built_pages())
def test_page(page, path):
    open_built_page(page, path)
    page.wait_for_load_state("networkidle")
    assert_accessible(page)


@pytest.mark.parametrize("calculator", CALCULATOR_PAGES)
def test_calculator_with_a_result(tab, calculator):
    root = open_calculator(tab.page, calculator, case_params(RESULTS[calculator]))
    expect(root.locator("[data-deadline] time, [data-quorate]").first).to_be_visible()
    open_every_details(root)
    assert_accessible(tab.page)


def test_calculator_with_an_error(tab):
    root = open_calculator(tab.page, "timescales", {"area": ["york"], "strategy-discussion": ["2025-02-31"]})
    expect(root.locator("[data-calc-error]")).to_be_visible()
    assert_accessible(tab.page)


@pytest.mark.parametrize("calculator", [None, "timescales", "quorum"], ids=["home", "timescales", "quorum"])
def test_dark_colour_scheme(tab, calculator):
    page = tab.page
    page.emulate_media(color_scheme="dark")
    try:
        if calculator is None:
            page.goto("")
        else:
            root = open_calculator(page, calculator, case_params(RESULTS[calculator]))
            expect(root.locator("[data-deadline] time, [data-quorate]").first).to_be_visible()
            open_every_details(root)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        assert_accessible(page)
    finally:
        page.emulate_media(color_scheme="light")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_transfer_in_result_with_its_move_on_the_timeline(tab, scheme):
    """The move into the area has its own marker on the timeline, in both colour schemes."""
    page = tab.page
    case = case_named("timescales", "york", "Transfer-in: child on a plan moved in just before Christmas")
    page.emulate_media(color_scheme=scheme)
    try:
        root = open_calculator(page, "timescales", case_params(case))
        expect(root.locator('[data-deadline="transfer-icpc"] time').first).to_be_visible()
        expect(root.locator('.timeline__item[data-kind="move"]')).to_have_count(1)
        open_every_details(root)
        assert_accessible(page)
    finally:
        page.emulate_media(color_scheme="light")
