"""The pre-birth review calculator in the browser: the hand-worked cases in
tests/cases/*.toml, by filling in the form and from a prefilled link, and bad input
refused beside its field."""

from __future__ import annotations

import pytest

from .support import (CALCULATOR_PAGES, case_named, case_params, expect_deadlines, expect_error,
                      fill_form, load_cases, open_calculator, query, submit)

CASES = load_cases("prebirth")
cases = pytest.mark.parametrize("case", [case for _, case in CASES], ids=[name for name, _ in CASES])


@cases
def test_form_gives_the_worked_date(tab, case):
    root = open_calculator(tab.page, "prebirth")
    fill_form(root, case_params(case))
    submit(root)
    expect_deadlines(root, case["expect"], estimate=case.get("estimate", False))


@cases
def test_prefilled_link_gives_the_worked_date(tab, case):
    root = open_calculator(tab.page, "prebirth", case_params(case))
    expect_deadlines(root, case["expect"], estimate=case.get("estimate", False))


def test_prefilled_address_on_a_first_visit(page):
    """Warrington, born 20 March 2025 after a conference on 3 March: Pyodide from cold."""
    case = case_named("prebirth", "warrington", "Baby born early: one month after the birth comes first")
    page.goto(CALCULATOR_PAGES["prebirth"] + query(case_params(case)))
    expect_deadlines(page.locator('[data-module="prebirth"]'), case["expect"], estimate=False)


def test_birth_and_due_date_both_given(tab):
    root = open_calculator(tab.page, "prebirth")
    fill_form(root, {"area": ["york"], "conference": ["2025-03-03"], "birth": ["2025-03-20"], "due": ["2025-03-25"]})
    submit(root)
    expect_error(root, "due", "not both")


def test_a_month_that_does_not_exist(tab):
    root = open_calculator(tab.page, "prebirth", {"area": ["york"], "conference": ["2025-13-03"], "birth": ["2025-03-20"]})
    expect_error(root, "conference", "month 13")
