"""With JavaScript off, every page still reads, and each calculator page still gives every
area's rules with their sources (its form, which needs the script, stays hidden).

Expected text comes from the rules data through its own wording (Statement.words() and the
source's citation), so no number is typed here a second time.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from calculators.rules import all_areas

from .support import CALCULATOR_PAGES, built_pages, open_built_page, squash


def timescale_lines(area):
    return [(s.words(), area.source.citation(s.at)) for s in area.timescales + area.schedules if s.stated]


def prebirth_lines(area):
    return [(s.words(), area.source.citation(s.at)) for s in area.prebirth if s.stated]


def quorum_lines(area):
    q = area.quorum
    if not q.stated:
        return []
    lines = [(q.words(), area.source.citation(q.at))]
    lines += [(item["text"], area.source.citation(str(item["at"]))) for item in q.exceptions + q.follow_up]
    return lines


RULES = {"timescales": timescale_lines, "prebirth": prebirth_lines, "quorum": quorum_lines}
UNSTATED = {
    "timescales": lambda area: any(not s.stated for s in area.timescales + area.schedules),
    "prebirth": lambda area: any(not s.stated for s in area.prebirth),
    "quorum": lambda area: not area.quorum.stated,
}


def test_york_example_is_worded_as_expected():
    """The brief's own example, so the data-driven checks below are known to bite."""
    york = {a.id: a for a in all_areas()}["york"]
    assert ("within 15 working days of the strategy discussion", "York procedure, para 2.16") in timescale_lines(york)


@pytest.mark.parametrize("calculator", CALCULATOR_PAGES)
def test_calculator_page_gives_every_areas_rules(tab_without_js, calculator):
    page = tab_without_js.page
    page.goto(CALCULATOR_PAGES[calculator])
    # The form only works with its script: hidden, not a dead form.
    expect(page.locator(f'[data-module="{calculator}"]')).to_be_hidden()
    expect(page.locator("form:visible")).to_have_count(0)
    for area in all_areas():
        # Content tabs are radio buttons and CSS: choosing an area works without script.
        label = page.locator(".tabbed-labels label", has_text=area.name).first
        label.click()
        tabs = page.locator(".tabbed-set").filter(has=label)
        panel = tabs.locator(".tabbed-content > .tabbed-block:visible")
        expect(panel).to_have_count(1)
        expect(panel.locator("table")).to_be_visible()
        text = squash(panel.inner_text())
        for words, citation in RULES[calculator](area):
            assert squash(words) in text, f"{area.name}: rule {words!r} not shown"
            assert squash(citation) in text, f"{area.name}: citation {citation!r} not shown"
        if UNSTATED[calculator](area):
            assert "Not stated" in text, f"{area.name}: a rule its source does not state is not said to be missing"


@pytest.mark.parametrize("path", built_pages())
def test_page_reads_without_javascript(tab_without_js, path):
    page = tab_without_js.page
    open_built_page(page, path)
    expect(page.locator("h1").first).to_be_visible()
    main = page.locator("article").first
    expect(main).to_be_visible()
    if path != "404.html":  # Material's "404 - Not found" is short by design
        assert len(squash(main.inner_text())) > 100, "the page says next to nothing without its script"


FAMILY_PAGES = [path for path in built_pages() if path.startswith("families/")] or built_pages()


@pytest.mark.parametrize("path", FAMILY_PAGES)
def test_family_page_gives_every_areas_version_without_javascript(tab_without_js, path):
    """Content tabs are plain HTML: every area's version is on the page, each marked with
    its area, and choosing an area's tab shows its version with no script at all."""
    page = tab_without_js.page
    open_built_page(page, path)
    names = [area.name for area in all_areas()]
    sets = page.locator("article .tabbed-set")
    for i in range(sets.count()):
        tab_set = sets.nth(i)
        labels = tab_set.locator(":scope > .tabbed-labels > label")
        assert [squash(t) for t in labels.all_inner_texts()] == names
        for area, label in zip(all_areas(), labels.all()):
            label.click()
            shown = tab_set.locator(":scope > .tabbed-content > .tabbed-block:visible")
            expect(shown).to_have_count(1)
            version = shown.locator(f'[data-area="{area.id}"]')
            expect(version).to_be_visible()
            assert len(squash(version.inner_text())) > 20, f"{path}: {area.name}'s version is empty"
    if path == "families/when-will-it-be/":
        assert sets.count() >= 1, "the dates page has no tab for each area"

