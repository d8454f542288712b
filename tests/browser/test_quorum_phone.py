"""The quorum form on a phone (issue 12, item 7): the common case (two children, four
agencies, each in contact with both) is quick to give, and the verdict says itself once.

Taps are counted as a reader on a 390x844 phone makes them: one per tap on a button,
box or text field, two per drop-down list (open it, pick). Typing is not a tap; "Add
another" moves focus to the new field, so typing there needs no tap. The expected
verdict comes from tests/cases/york.toml.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from calculators.quorum import AGENCIES

from .support import CALCULATOR_PAGES, calculator_root, case_named, case_params, fill_form, query, submit
from .test_quorum import expect_verdict

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
CASE = case_named("quorum", "york", "Two children, four agencies, each in contact with both")
MAX_TAPS = 12  # 18 before
MAX_FORM_HEIGHT = 1400  # px at 390x844, filled in as the case gives (1,807 before)


class Reader:
    """Fills the form the quickest way it allows, counting taps."""

    def __init__(self, page, root):
        self.page, self.root, self.taps = page, root, 0

    def tap(self, locator) -> None:
        locator.tap()
        self.taps += 1

    def choose(self, select, value: str) -> None:
        select.select_option(value)
        self.taps += 2

    def type_name(self, index: int, name: str) -> None:
        group = self.root.locator('[data-field="child"]')
        boxes = group.locator('input[name="child"]')
        if index >= boxes.count():
            self.tap(group.locator("[data-repeat-add]"))
            expect(boxes.nth(index)).to_be_focused()
            self.page.keyboard.type(name)
        else:
            self.tap(boxes.nth(index))
            boxes.nth(index).fill(name)

    def add_agency(self, agency: str) -> None:
        group = self.root.locator('[data-field="attendee"]')
        box = group.get_by_role("checkbox", name=AGENCIES[agency], exact=True)
        if box.count():  # one tick box per agency
            self.tap(box)
            return
        # One drop-down per agency line, with "Add another agency".
        selects = group.locator('select[name="attendee"]')
        empty = [s for s in selects.all() if s.input_value() == ""]
        if not empty:
            self.tap(group.locator("[data-repeat-add]").last)
            empty = [selects.last]
        self.choose(empty[0], agency)


def test_two_children_and_four_agencies_on_a_phone(new_context):
    page = new_context(**PHONE).new_page()
    page.goto(CALCULATOR_PAGES["quorum"])
    root = calculator_root(page, "quorum")
    expect(root).to_be_visible()
    reader = Reader(page, root)
    reader.choose(root.locator('select[name="area"]'), CASE["area"])
    reader.choose(root.locator('select[name="conference-type"]'), CASE["conference-type"])
    for i, name in enumerate(CASE["child"]):
        reader.type_name(i, name)
    for attendee in CASE["attendee"]:
        assert ":" not in attendee, "the common case: every agency in contact with every child"
        reader.add_agency(attendee)
    # Every agency counts for both children without a further tap.
    height = root.locator("form").bounding_box()["height"]
    reader.tap(root.locator('button[type="submit"]'))
    expect_verdict(root, CASE)
    assert reader.taps <= MAX_TAPS and height <= MAX_FORM_HEIGHT, (
        f"{reader.taps} taps (at most {MAX_TAPS}) and a form {height:.0f} px tall (at most {MAX_FORM_HEIGHT})")


def test_an_agency_in_contact_with_one_child_only(new_context):
    """Narrowing an agency to some children is there, one tap per child left out."""
    case = case_named("quorum", "warrington", "Sibling group: one child has had no contact with a second agency")
    page = new_context(**PHONE).new_page()
    page.goto(CALCULATOR_PAGES["quorum"])
    root = calculator_root(page, "quorum")
    fill_form(root, case_params(case))
    submit(root)
    expect_verdict(root, case)


def test_the_verdict_says_itself_once(new_context):
    page = new_context(**PHONE).new_page()
    for case in (CASE, case_named("quorum", "york", "No children's social care")):
        page.goto(CALCULATOR_PAGES["quorum"] + query(case_params(case)))
        root = calculator_root(page, "quorum")
        expect_verdict(root, case)
        verdict = root.locator(".calc-verdict").inner_text()
        status = root.locator("[data-calc-status]").inner_text()
        for where, text in (("verdict", verdict), ("status line", status)):
            said = re.findall(r"\b(?:not )?quorate\b", text, re.I)
            assert len(said) == 1, f"the {where} says it {len(said)} times: {text!r}"
