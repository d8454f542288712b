"""The trainers' presentation (docs/trainers/presentation.md, assets/js/presentation.mjs).

Without JavaScript it is a long page of slides; with it, "Start presentation" shows one
slide at a time with "Slide n of m", Previous/Next, the keys the page promises, and an
"Exit presentation" control that gives the long page back.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

PAGE = "trainers/presentation/"
SLIDES = "[data-module=presentation] section.slide"
#: Material's search is a dialog too.
DIALOG = re.compile(r"^Presentation: ")


def slide_count(page: Page) -> int:
    return page.locator(SLIDES).count()


def visible_slides(page: Page) -> list[int]:
    return page.eval_on_selector_all(SLIDES, "els => els.flatMap((el, i) => el.hidden ? [] : [i])")


def status(page: Page):
    return page.locator(".presentation__status")


def start(page: Page) -> None:
    page.goto(PAGE)
    page.get_by_role("button", name="Start presentation").click()


def test_without_javascript_it_is_a_page_of_slides(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(PAGE)
    count = slide_count(page)
    assert 8 <= count <= 12, f"{count} slides; the talk should have 8 to 12"
    for i in range(count):
        slide = page.locator(SLIDES).nth(i)
        expect(slide).to_be_visible()
        expect(slide.locator("h2")).to_have_count(1)
    expect(page.get_by_role("button", name="Start presentation")).to_have_count(0)
    # Every rule placeholder was filled in by the build hook.
    assert "<!-- rule" not in page.content()


def test_start_shows_one_slide_with_its_number(page: Page):
    start(page)
    count = slide_count(page)
    expect(status(page)).to_have_text(f"Slide 1 of {count}")
    expect(status(page)).to_have_attribute("aria-live", "polite")
    assert visible_slides(page) == [0]
    dialog = page.get_by_role("dialog", name=DIALOG)
    expect(dialog).to_be_visible()
    expect(dialog).to_be_focused()


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["ArrowRight"], 2),
        (["PageDown"], 2),
        (["Space"], 2),
        (["ArrowRight", "ArrowRight", "ArrowLeft"], 2),
        (["PageDown", "PageDown", "PageUp"], 2),
        (["Space", "Space", "Shift+Space"], 2),
        (["End"], "last"),
        (["End", "Home"], 1),
        (["ArrowLeft"], 1),  # no slide before the first
        (["End", "ArrowRight"], "last"),  # none after the last
    ],
)
def test_keys_move_between_slides(page: Page, keys, expected):
    start(page)
    count = slide_count(page)
    for key in keys:
        page.keyboard.press(key)
    number = count if expected == "last" else expected
    expect(status(page)).to_have_text(f"Slide {number} of {count}")
    assert visible_slides(page) == [number - 1]


def test_buttons_move_and_say_when_there_is_no_further(page: Page):
    start(page)
    count = slide_count(page)
    previous = page.get_by_role("button", name="Previous")
    next_ = page.get_by_role("button", name="Next")
    expect(previous).to_have_attribute("aria-disabled", "true")
    next_.click()
    expect(status(page)).to_have_text(f"Slide 2 of {count}")
    expect(previous).to_have_attribute("aria-disabled", "false")
    previous.click()
    expect(status(page)).to_have_text(f"Slide 1 of {count}")
    page.keyboard.press("End")
    expect(next_).to_have_attribute("aria-disabled", "true")


def test_material_page_keys_do_not_leave_the_talk(page: Page):
    start(page)
    url = page.url
    page.keyboard.press("n")  # Material's "next page" shortcut
    expect(status(page)).to_have_text(f"Slide 2 of {slide_count(page)}")
    assert page.url == url


@pytest.mark.parametrize("how", ["button", "Escape"])
def test_exit_gives_the_long_page_back(page: Page, how):
    start(page)
    page.keyboard.press("ArrowRight")
    if how == "button":
        page.get_by_role("button", name="Exit presentation").click()
    else:
        page.keyboard.press("Escape")
    count = slide_count(page)
    assert visible_slides(page) == list(range(count))
    expect(page.get_by_role("dialog", name=DIALOG)).to_have_count(0)
    expect(page.get_by_role("button", name="Exit presentation")).to_be_hidden()
    expect(page.get_by_role("button", name="Start presentation")).to_be_focused()
    # The keys are the page's own again.
    page.keyboard.press("ArrowRight")
    assert visible_slides(page) == list(range(count))


def test_tab_stays_inside_the_presentation(page: Page):
    start(page)
    for _ in range(15):
        page.keyboard.press("Tab")
        inside = page.evaluate("() => document.querySelector('[data-module=presentation]').contains(document.activeElement)")
        assert inside, "focus left the presentation while presenting"


def test_leaving_the_page_while_presenting_leaves_no_listener(page: Page):
    start(page)
    # Follow a link on the last slide: Material's instant navigation swaps the page.
    page.keyboard.press("End")
    page.locator(SLIDES).last.get_by_role("link", name="scenarios").click()
    page.wait_for_url("**/trainers/scenarios/")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Scenarios"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Scenarios"))
    expect(page.get_by_role("dialog", name=DIALOG)).to_have_count(0)
