"""The quorum checker in the browser: the hand-worked cases in tests/cases/*.toml, by
filling in the form and from a prefilled link, and bad input refused beside its field."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import (CALCULATOR_PAGES, case_named, case_params, expect_error, fill_form,
                      load_cases, open_calculator, query, submit)

CASES = load_cases("quorum")
cases = pytest.mark.parametrize("case", [case for _, case in CASES], ids=[name for name, _ in CASES])


def expect_verdict(root, case: dict) -> None:
    verdict = {True: "true", False: "false"}.get(case["quorate"], case["quorate"])  # or "unknown"
    expect(root.locator("[data-quorate]")).to_have_attribute("data-quorate", verdict)
    for child, missing in case.get("missing", {}).items():
        about = root.locator(f'[data-child="{child}"]')
        expect(about).to_have_attribute("data-child-quorate", "false")
        for what in missing:
            expect(about).to_contain_text(what)
    if "follow_up" in case:
        follow_up = root.locator("[data-follow-up]")
        expect(follow_up).to_have_count(len(case["follow_up"]))
        assert [f.get_attribute("data-follow-up") for f in follow_up.all()] == case["follow_up"]


@cases
def test_form_gives_the_worked_verdict(tab, case):
    root = open_calculator(tab.page, "quorum")
    fill_form(root, case_params(case))
    submit(root)
    expect_verdict(root, case)


@cases
def test_prefilled_link_gives_the_worked_verdict(tab, case):
    root = open_calculator(tab.page, "quorum", case_params(case))
    expect_verdict(root, case)


def test_prefilled_address_on_a_first_visit(page):
    """The Warrington sibling group from a shared address, Pyodide starting from cold."""
    case = case_named("quorum", "warrington", "Sibling group: one child has had no contact with a second agency")
    page.goto(CALCULATOR_PAGES["quorum"] + query(case_params(case)))
    expect_verdict(page.locator('[data-module="quorum"]'), case)


def test_an_attendee_naming_a_child_not_listed(tab):
    """From a link: the form's tick boxes cannot name a child who is not listed."""
    params = {"area": ["warrington"], "conference-type": ["initial"], "child": ["Amy"],
              "attendee": ["childrens-social-care", "police:Zoe"]}
    expect_error(open_calculator(tab.page, "quorum", params), "attendee", "Zoe")


def test_two_children_with_the_same_name(tab):
    root = open_calculator(tab.page, "quorum")
    fill_form(root, {"area": ["york"], "conference-type": ["initial"], "child": ["Amy", "Amy"],
                     "attendee": ["childrens-social-care"]})
    submit(root)
    expect_error(root, "child", "same name")
