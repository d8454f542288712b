"""When Python cannot load, the calculator says so in words and the rules stay on the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import CALCULATOR_PAGES, query

LINK = {"area": ["york"], "strategy-discussion": ["2025-12-15"]}


@pytest.mark.parametrize("missing, why", [
    ("**/assets/py/app.zip", "the calculators' own files (/assets/py/app.zip) did not download"),
    ("**/assets/js/calc-worker.mjs", "its script did not start"),
    # Pyodide itself would say only "Program terminated with exit(1)".
    ("**/assets/pyodide/python_stdlib.zip", "Python's standard library did not load"),
    # Pyodide itself would never settle: "Loading Python" for ever.
    ("**/assets/pyodide/pyodide.asm.wasm", "Python's WebAssembly file did not load"),
])
def test_a_calculator_that_cannot_load_says_why(context, missing, why):
    # Aborted, as a dropped connection would be: the page must not wait for ever.
    context.route(missing, lambda route: route.abort())
    check_unavailable(context.new_page(), why)


def test_a_damaged_app_zip_is_reported_not_unpacked(context):
    # A host or proxy answering with an error page, as if it were the file (HTTP 200).
    context.route("**/assets/py/app.zip", lambda route: route.fulfill(
        status=200, content_type="application/zip", body="<html><p>Service unavailable</p></html>"))
    check_unavailable(context.new_page(), "the calculators' own files (/assets/py/app.zip) are damaged: not a zip file")


def check_unavailable(page, why):
    page.goto(CALCULATOR_PAGES["timescales"] + query(LINK))
    root = page.locator('[data-module="timescales"]')
    expect(root).to_have_attribute("data-state", "unavailable")
    status = root.locator("[data-calc-status]")
    expect(status).to_contain_text("could not load")
    expect(status).to_contain_text(why)
    expect(status).not_to_contain_text("exit(1)")
    expect(status).not_to_contain_text("Calculator unavailable: The calculator")  # said once, not twice
    # No date is shown, and the rules tables below still give every area's rules.
    expect(root.locator("time[datetime]")).to_have_count(0)
    expect(page.locator("article")).to_contain_text("York procedure, para 2.16")
