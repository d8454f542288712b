"""The trainers' presentation: a plain page of slides without JavaScript; with it, one
slide at a time in a modal overlay, worked by keyboard and buttons."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .test_accessibility import assert_accessible

PAGE = "trainers/presentation/"
ROOT = '[data-module="presentation"]'


def test_without_javascript_every_slide_shows(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(PAGE)
    slides = page.locator(f"{ROOT} section.slide")
    assert slides.count() >= 2
    for slide in slides.all():
        expect(slide).to_be_visible()
    expect(page.get_by_role("button", name="Start presentation")).to_have_count(0)


def test_one_slide_at_a_time_by_keyboard(page):
    page.goto(PAGE)
    root = page.locator(ROOT)
    slides = root.locator("section.slide")
    total = slides.count()
    visible = root.locator("section.slide:visible")
    status = root.get_by_text(re.compile(r"^Slide \d+ of \d+$"))

    start = page.get_by_role("button", name="Start presentation")
    start.click()
    expect(root).to_have_attribute("role", "dialog")
    expect(root).to_have_attribute("aria-modal", "true")
    expect(visible).to_have_count(1)
    expect(status).to_have_text(f"Slide 1 of {total}")
    expect(slides.first).to_be_visible()

    page.keyboard.press("ArrowRight")
    expect(status).to_have_text(f"Slide 2 of {total}")
    expect(slides.nth(1)).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(status).to_have_text(f"Slide 1 of {total}")
    page.keyboard.press("End")
    expect(status).to_have_text(f"Slide {total} of {total}")
    expect(root.get_by_role("button", name="Next")).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("ArrowRight")  # no further than the last
    expect(status).to_have_text(f"Slide {total} of {total}")
    page.keyboard.press("Home")
    expect(status).to_have_text(f"Slide 1 of {total}")
    # Material's "n" (next page) moves a slide here, and does not leave the talk.
    page.keyboard.press("n")
    expect(status).to_have_text(f"Slide 2 of {total}")
    assert page.url.endswith(PAGE)

    # Modal: Tab keeps focus inside the overlay.
    for _ in range(8):
        page.keyboard.press("Tab")
        assert root.evaluate("(root) => root.contains(document.activeElement)"), "focus left the presentation"

    assert_accessible(page)

    page.keyboard.press("Escape")
    expect(root).not_to_have_attribute("role", "dialog")
    expect(visible).to_have_count(total)
    expect(start).to_be_focused()


def test_buttons(page):
    page.goto(PAGE)
    root = page.locator(ROOT)
    total = root.locator("section.slide").count()
    status = root.get_by_text(re.compile(r"^Slide \d+ of \d+$"))
    page.get_by_role("button", name="Start presentation").click()
    root.get_by_role("button", name="Next").click()
    expect(status).to_have_text(f"Slide 2 of {total}")
    root.get_by_role("button", name="Previous").click()
    expect(status).to_have_text(f"Slide 1 of {total}")
    expect(root.get_by_role("button", name="Previous")).to_have_attribute("aria-disabled", "true")
    root.get_by_role("button", name="Exit presentation").click()
    expect(root.locator("section.slide:visible")).to_have_count(total)
