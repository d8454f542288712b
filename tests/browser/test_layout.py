"""Layout at the sizes readers use: every presentation slide fits a projector's screen;
on a phone, rules tables are readable and every area's tab can be reached and chosen.
(The search dialog's name, the other fault found with these, is checked by axe's
aria-dialog-name rule in test_accessibility.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
AREAS = ["Sheffield", "Warrington", "Staffordshire and Stoke-on-Trent", "Somerset", "City of York"]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_every_slide_fits_the_screen(new_context, size):
    """Presenting, each slide and the controls fit the window: nothing to scroll to, on
    a 16:9 laptop or projector. (The core groups slide overflowed both.)"""
    width, height = size
    page = new_context(viewport={"width": width, "height": height}).new_page()
    page.goto("trainers/presentation/")
    page.get_by_role("button", name="Start presentation").click()
    root = page.locator('[data-module="presentation"]')
    expect(root).to_have_attribute("aria-modal", "true")
    total = root.locator("section.slide").count()
    assert total >= 10
    for number in range(1, total + 1):
        expect(root.get_by_text(f"Slide {number} of {total}", exact=True)).to_be_visible()
        size = root.evaluate("(el) => ({sh: el.scrollHeight, ch: el.clientHeight, sw: el.scrollWidth, cw: el.clientWidth})")
        title = root.locator("section.slide:visible h2").first.text_content().rstrip("¶")
        assert size["sh"] <= size["ch"] and size["sw"] <= size["cw"], f"slide {number} ({title}) overflows: {size}"
        page.keyboard.press("ArrowRight")


def test_rules_tables_on_a_phone_are_body_size(new_context):
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("procedures/areas/")
    body = page.locator("article p").first.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")
    assert body >= 16
    cells = page.locator("article table td")
    assert cells.count() > 20
    sizes = set(cells.evaluate_all("(cells) => cells.map((c) => parseFloat(getComputedStyle(c).fontSize))"))
    assert min(sizes) >= min(body, 16), f"table text at {sorted(sizes)} px, body text at {body} px"


def test_every_area_tab_is_in_view_and_can_be_chosen_on_a_phone(new_context):
    """Five areas' tabs: each in view (none hidden behind an arrow), at least 24px each
    way, and choosing City of York shows York's rules, marked as chosen by more than colour."""
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("procedures/initial-conference/")
    tabs = page.locator("article .tabbed-set").first
    labels = tabs.locator(".tabbed-labels > label")
    expect(labels).to_have_text(AREAS)
    for label in labels.all():
        box = label.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (label.text_content(), box)
        assert box["width"] >= 24 and box["height"] >= 24, (label.text_content(), box)
    york = labels.filter(has_text="City of York")
    york.tap()
    panel = tabs.locator(".tabbed-content > .tabbed-block").nth(4)
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("York")
    # The chosen tab is underlined; the others are not.
    underline = "(el) => getComputedStyle(el).borderBottomColor"
    assert york.evaluate(underline) != "rgba(0, 0, 0, 0)"
    assert labels.first.evaluate(underline) == "rgba(0, 0, 0, 0)"
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
