"""The timescales calculator in the browser: the hand-worked cases in tests/cases/*.toml,
by filling in the form and from a prefilled link, and bad input refused beside its field."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .support import (CALCULATOR_PAGES, case_named, case_params, expect_deadlines, expect_error,
                      expect_schedules, fill_form, load_cases, open_calculator, query, submit)

CASES = load_cases("timescales")
cases = pytest.mark.parametrize("case", [case for _, case in CASES], ids=[name for name, _ in CASES])


@cases
def test_form_gives_the_worked_dates(tab, case):
    root = open_calculator(tab.page, "timescales")
    params = case_params(case)
    fill_form(root, params)
    submit(root)
    expect_deadlines(root, case["expect"])
    expect_schedules(root, case.get("schedules", {}))
    # The answer's address holds the inputs (kept in this tab only), to bookmark or share.
    assert parse_qs(urlsplit(tab.page.url).query) == params


@cases
def test_prefilled_link_gives_the_worked_dates(tab, case):
    params = case_params(case)
    root = open_calculator(tab.page, "timescales", params)
    expect_deadlines(root, case["expect"])
    expect_schedules(root, case.get("schedules", {}))
    # The form shows what the link gave, so the reader can change it.
    for name in ("strategy-discussion", "move-notified"):
        if name in params:
            expect(root.locator(f'[name="{name}"]')).to_have_value(params[name][0])


def test_prefilled_address_on_a_first_visit(page):
    """Opened straight from a shared address, in a new tab: Pyodide starts from cold."""
    case = case_named("timescales", "york", "Strategy discussion just before Christmas")
    page.goto(CALCULATOR_PAGES["timescales"] + query(case_params(case)))
    root = page.locator('[data-module="timescales"]')
    expect_deadlines(root, case["expect"])
    expect_schedules(root, case.get("schedules", {}))


def test_a_date_that_does_not_exist(tab):
    """From a link: a date box cannot hold 31 February, so only the calculator can refuse it."""
    root = open_calculator(tab.page, "timescales", {"area": ["york"], "strategy-discussion": ["2025-02-31"]})
    expect_error(root, "strategy-discussion", "31 February 2025")


def test_conference_before_the_strategy_discussion(tab):
    root = open_calculator(tab.page, "timescales")
    fill_form(root, {"area": ["york"], "strategy-discussion": ["2025-03-10"], "conference": ["2025-03-03"]})
    submit(root)
    expect_error(root, "conference", "strategy discussion")


def test_an_error_takes_the_earlier_dates_away(tab):
    """A corrected form that turns bad must not leave the last answer's dates on show."""
    root = open_calculator(tab.page, "timescales")
    fill_form(root, {"area": ["york"], "strategy-discussion": ["2025-03-03"]})
    submit(root)
    expect(root.locator('[data-deadline="icpc"] time')).not_to_have_count(0)
    fill_form(root, {"review": ["2025-03-01"]})
    submit(root)
    expect_error(root, "review", "strategy discussion")
