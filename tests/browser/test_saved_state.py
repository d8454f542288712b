"""Python's start-up state, saved in the browser after a first visit (calc-worker.mjs).

A later visit starts Python from it and must give the same, hand-worked answers; a state
that does not restore is replaced without the reader seeing an error; and the state holds
nothing a reader typed, even when the first visit's inputs came in its link.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import (CALCULATOR_PAGES, PYODIDE_TIMEOUT_MS, SAVED_STATES, calculator_root, case_named,
                      case_params, expect_deadlines, expect_error, query, saved_states, wait_for_saved_state)

# How Python started, from the worker's "ready" message: recorded by wrapping Worker
# before the page's own scripts run (the head's inline script starts the worker).
RECORD_STARTS = """
(() => {
  window.__pythonStarts = [];
  const Original = window.Worker;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({ data }) => {
        if (data && data.type === "ready") window.__pythonStarts.push(data.start);
      });
    }
  };
})();
"""


@pytest.fixture
def recorded(context):
    context.add_init_script(RECORD_STARTS)
    return context.new_page()


def python_started(page) -> str:
    page.wait_for_function("() => window.__pythonStarts.length > 0", timeout=PYODIDE_TIMEOUT_MS)
    (start,) = page.evaluate("window.__pythonStarts")
    return start


def open_with(page, calculator: str, case: dict):
    page.goto(CALCULATOR_PAGES[calculator] + query(case_params(case)))
    root = calculator_root(page, calculator)
    expect(root).to_be_visible()
    return root


def test_a_later_visit_starts_from_the_saved_state_with_the_same_answers(recorded):
    page = recorded
    case = case_named("timescales", "york", "Strategy discussion just before Christmas")
    root = open_with(page, "timescales", case)
    expect_deadlines(root, case["expect"])
    assert python_started(page) == "fresh"
    wait_for_saved_state(page)

    root = open_with(page, "timescales", case)
    expect_deadlines(root, case["expect"])
    assert python_started(page) == "saved state"
    # Bad input is still refused in words, from the restored Python.
    page.goto(CALCULATOR_PAGES["timescales"] + "?area=york&strategy-discussion=2025-02-30")
    expect_error(calculator_root(page, "timescales"), "strategy-discussion", "30 February 2025 is not a date")
    assert python_started(page) == "saved state"
    assert len(saved_states(page)) == 1


def test_a_saved_state_that_does_not_restore_is_replaced(recorded):
    page = recorded
    case = case_named("prebirth", "york", "Baby born: within one month of the birth")
    open_with(page, "prebirth", case)
    state = wait_for_saved_state(page)
    # Damage it: same key, wrong bytes (a disk error, a browser that changed underneath).
    page.evaluate(
        """async ([name, url]) => (await caches.open(name)).put(url, new Response(new Uint8Array(4096).fill(7)))""",
        [SAVED_STATES, state["url"]],
    )
    root = open_with(page, "prebirth", case)
    expect_deadlines(root, case["expect"])
    assert python_started(page) == "fresh", "the damaged state was not set aside"
    # A whole new state (wait_for_saved_state waits for one of full size) in its place.
    replaced = wait_for_saved_state(page)
    assert replaced["url"] == state["url"], "a fresh start-up state should take the damaged one's place"
    assert len(saved_states(page)) == 1


def test_the_saved_state_holds_nothing_the_reader_typed(recorded):
    page = recorded
    # The names come in the link, so the worker has them before Python has even started.
    case = {"area": "warrington", "conference-type": "initial", "child": ["Xanthe", "Quillon"],
            "attendee": ["childrens-social-care", "police", "education:Xanthe"]}
    root = open_with(page, "quorum", case)
    expect(root.locator("[data-quorate]")).to_be_visible(timeout=PYODIDE_TIMEOUT_MS)
    state = wait_for_saved_state(page)
    found = page.evaluate(
        """async ([name, url, words]) => {
            const saved = await (await caches.open(name)).match(url);
            // Kept gzipped (calc-worker.mjs); the check below for Pyodide's own words proves
            // this reads it right.
            const unzipped = saved.body.pipeThrough(new DecompressionStream("gzip"));
            const bytes = new Uint8Array(await new Response(unzipped).arrayBuffer());
            const text = new TextDecoder("latin1").decode(bytes);
            return Object.fromEntries(words.map((word) => [word, text.includes(word)]));
        }""",
        [SAVED_STATES, state["url"], ["Xanthe", "Quillon", "education:Xanthe", "pyodide.webloop", "calculators.web"]],
    )
    # The search works: the state is Python's memory, which names Pyodide's own modules, and
    # holds the calculators already loaded (calc-state-worker.mjs), so a later visit skips that.
    assert found["pyodide.webloop"] and found["calculators.web"], found
    # ("education:" alone is in the calculators' own code, a docstring's example link.)
    assert not found["Xanthe"] and not found["Quillon"] and not found["education:Xanthe"], found


@pytest.mark.parametrize("answer, why", [
    # Aborted, as a dropped connection would be.
    (lambda route: route.abort(), "(/assets/py/app.zip) did not download"),
    # A host's or proxy's error page, as if it were the file (HTTP 200).
    (lambda route: route.fulfill(status=200, content_type="application/zip", body="<html><p>Busy</p></html>"),
     "(/assets/py/app.zip) are damaged: not a zip file"),
], ids=["dropped", "damaged"])
def test_a_failed_download_is_reported_and_the_saved_state_kept(recorded, context, answer, why):
    page = recorded
    case = case_named("prebirth", "york", "Baby born: within one month of the birth")
    open_with(page, "prebirth", case)
    state = wait_for_saved_state(page)
    context.route("**/assets/py/app.zip", answer)
    page.goto(CALCULATOR_PAGES["prebirth"] + query(case_params(case)))
    root = calculator_root(page, "prebirth")
    expect(root).to_have_attribute("data-state", "unavailable", timeout=PYODIDE_TIMEOUT_MS)
    expect(root.locator("[data-calc-status]")).to_contain_text(why)
    expect(root.locator("time")).to_have_count(0)
    # Python itself started from the state; the missing file is not the state's fault.
    assert saved_states(page) == [state]
