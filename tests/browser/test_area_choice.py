"""Pick your area once (issue 12, item 4): the area chosen in the site's content tabs is
where every calculator starts, unless the address names another. Only Material's tab
memory is kept (the tab labels), never what is typed into a calculator."""

from __future__ import annotations

from playwright.sync_api import expect

from calculators.rules import all_areas

from .support import CALCULATOR_PAGES, calculator_root, case_named, case_params, expect_deadlines, follow_link, query

PROCEDURE = "procedures/initial-conference/"
MODULES = {"timescales": "timescales", "quorum": "quorum", "prebirth": "prebirth"}


def area(area_id: str):
    return next(a for a in all_areas() if a.id == area_id)


def pick_tab(page, label: str) -> None:
    """Choose an area's content tab, as a reader clicks it."""
    page.locator(".tabbed-labels > label", has_text=label).first.click()
    page.wait_for_function("(label) => (__md_get('__tabs') || [])[0] === label", arg=label)


def area_box(page, calculator: str):
    return calculator_root(page, calculator).locator('select[name="area"]')


def test_each_calculator_starts_with_the_area_picked_in_a_tab(page):
    york = area("york")
    page.goto(PROCEDURE)
    pick_tab(page, york.name)
    for calculator, path in CALCULATOR_PAGES.items():
        follow_link(page, "/" + path)  # within the site, as a reader clicks on
        expect(area_box(page, calculator)).to_have_value(york.id)
    # A full reload, in a new tab of the same browser, too.
    other = page.context.new_page()
    other.goto(CALCULATOR_PAGES["quorum"])
    expect(area_box(other, "quorum")).to_have_value(york.id)


def test_the_latest_tab_picked_wins(page):
    page.goto(PROCEDURE)
    pick_tab(page, area("york").name)
    pick_tab(page, area("staffs-stoke").name)
    follow_link(page, "/" + CALCULATOR_PAGES["prebirth"])
    expect(area_box(page, "prebirth")).to_have_value("staffs-stoke")


def test_the_address_wins_and_no_input_is_kept(page):
    page.goto(PROCEDURE)
    pick_tab(page, area("york").name)
    case = case_named("timescales", "warrington", "Strategy discussion just before Christmas")
    params = case_params(case)
    follow_link(page, "/" + CALCULATOR_PAGES["timescales"] + query(params))
    root = calculator_root(page, "timescales")
    expect_deadlines(root, case["expect"])
    expect(area_box(page, "timescales")).to_have_value("warrington")
    # What the browser keeps for this site (docs/safety.md says so): Material's tab memory
    # and colour setting, and nothing typed.
    kept = page.evaluate("""() => [localStorage, sessionStorage].flatMap(
        (store) => Object.keys(store).map((key) => [key, store.getItem(key)]))""")
    assert {key for key, _ in kept} <= {"/.__tabs", "/.__palette"}, kept
    assert dict(kept)["/.__tabs"] == '["City of York"]', kept
    typed = params["strategy-discussion"][0]
    assert not any(typed in value for _, value in kept), kept


def test_no_tab_picked_no_area_chosen(page):
    page.goto(CALCULATOR_PAGES["timescales"])
    expect(calculator_root(page, "timescales")).to_have_attribute("data-state", "ready")
    expect(area_box(page, "timescales")).to_have_value("")
