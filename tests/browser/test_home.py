"""The home page (docs/index.md): a way in for each kind of reader on a phone's first screen.

Families, practitioners and trainers each find their start without scrolling on a
390x844 phone (issue 10, item 5), and each link goes to its section.
"""

from __future__ import annotations

from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
WAYS_IN = {"families": "/families/", "practitioners": "/procedures/", "trainers": "/trainers/"}


def test_a_way_in_for_each_reader_on_a_phones_first_screen(new_context):
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto("")
    for reader, path in WAYS_IN.items():
        link = page.locator(f'article a[data-way-in="{reader}"]')
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
            f"the way in for {reader} is not on the first screen: {box}")
        assert link.evaluate("a => new URL(a.href).pathname") == path
    # Each is a real link a reader can follow, to the section's start.
    page.locator('article a[data-way-in="families"]').click()
    expect(page.locator("article h1")).to_contain_text("For families")
