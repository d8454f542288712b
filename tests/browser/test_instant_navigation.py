"""Material's instant navigation swaps pages without reloading: a calculator reached by a
link still mounts and computes, and the tab's one Python worker is reused (Pyodide is
fetched and started once), as notes/pyodide.md section 4 measured."""

from __future__ import annotations

from playwright.sync_api import expect

from .support import (CALCULATOR_PAGES, TABLE_WRAPS, calculator_root, case_named, case_params, expect_deadlines,
                      fill_form, query, submit)


def click_nav(page, calculator: str) -> None:
    """Click the calculator's entry in the site navigation (the sidebar, on a wide screen)."""
    link = page.locator(f'nav.md-nav--primary a.md-nav__link[href$="/{CALCULATOR_PAGES[calculator]}"]').first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"**/{CALCULATOR_PAGES[calculator]}")


def test_calculators_reached_by_links_share_one_worker(page, traffic):
    timescales = case_named("timescales", "york", "Strategy discussion just before Christmas")
    prebirth = case_named("prebirth", "york", "Baby born: within one month of the birth")
    quorum = case_named("quorum", "warrington", "Sibling group: one child has had no contact with a second agency")

    page.goto(CALCULATOR_PAGES["timescales"] + query(case_params(timescales)))
    expect_deadlines(calculator_root(page, "timescales"), timescales["expect"])
    page.evaluate("window.browserTestSameDocument = true")

    click_nav(page, "prebirth")
    root = calculator_root(page, "prebirth")
    expect(root).to_be_visible()
    fill_form(root, case_params(prebirth))
    submit(root)
    expect_deadlines(root, prebirth["expect"])

    click_nav(page, "quorum")
    root = calculator_root(page, "quorum")
    expect(root).to_be_visible()
    fill_form(root, case_params(quorum))
    submit(root)
    expect(root.locator("[data-quorate]")).to_have_attribute("data-quorate", "false")

    assert page.evaluate("window.browserTestSameDocument === true"), "a link reloaded the page"
    # A calculator page's early-start script wraps its tables as Material would
    # (python_pages.py): reached by a link, Material must not wrap them a second time.
    assert page.evaluate(TABLE_WRAPS) == [1] * page.locator("article table").count(), "a table wrapped twice"
    for name in ("calc-worker.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "app.zip"):
        assert traffic.count(name) == 1, f"{name} fetched {traffic.count(name)} times: the worker was not reused"
