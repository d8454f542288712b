"""Nothing leaves the reader's browser: on every page, and while a calculator works, every
request goes to the site's own origin; what a reader types is neither sent nor stored.

The `traffic` fixture fails any test that asks another origin for anything (pages and
their workers both); these tests make sure every page, and Pyodide's start, are looked at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import CALCULATOR_PAGES, PYODIDE_TIMEOUT_MS, built_pages, open_built_page, fill_form, submit

#: What the calculator worker must fetch, from this site (notes/pyodide.md, section 4).
WORKER_FILES = ("calc-worker.mjs", "runtime.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                "python_stdlib.zip", "app.zip")


@pytest.mark.parametrize("path", built_pages())
def test_page_asks_only_its_own_origin(page, traffic, path):
    open_built_page(page, path)
    page.wait_for_load_state("networkidle")
    assert traffic.requests, "no request was recorded at all: the recording is broken"
    assert not traffic.problems(), traffic.problems()


def test_a_calculator_at_work_asks_only_its_own_origin(page, traffic):
    """Pyodide and the calculators load in a worker: its fetches are recorded and local too."""
    page.goto(CALCULATOR_PAGES["timescales"] + "?area=york&strategy-discussion=2025-12-15")
    expect(page.locator('[data-deadline="icpc"] time').first).to_be_visible(timeout=PYODIDE_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")
    for name in WORKER_FILES:
        assert traffic.count(name) == 1, f"{name}: fetched {traffic.count(name)} times, once expected"
    assert not traffic.problems(), traffic.problems()


def test_what_a_reader_types_is_neither_sent_nor_stored(page, traffic, context):
    page.goto(CALCULATOR_PAGES["quorum"])
    root = page.locator('[data-module="quorum"]')
    expect(root).to_be_visible()
    typed = {"area": ["warrington"], "conference-type": ["initial"], "child": ["Xanthe", "Quillon"],
             "attendee": ["childrens-social-care", "police", "education:Xanthe"]}
    fill_form(root, typed)
    before = len(traffic.requests)
    submit(root)
    expect(root.locator("[data-quorate]")).to_be_visible()
    page.wait_for_load_state("networkidle")
    for request in traffic.requests[before:]:
        sent = request.url + (request.post_data or "")
        assert "Xanthe" not in sent and "Quillon" not in sent, f"a child's name was sent: {request.url}"
    # Not stored either: no cookie, no web storage holding a name.
    assert context.cookies() == []
    stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert "Xanthe" not in stored and "Quillon" not in stored, stored


def test_the_recording_sees_pages_and_workers(new_context, traffic):
    """The check above is only as good as the recording: a page's fetch and a worker's
    fetch to another origin must both be caught (neither gets out: no name resolves).
    The site's Content-Security-Policy would refuse both before they were made (and the
    blob: worker too), so this check of the recording runs with the policy bypassed;
    test_csp.py proves the policy refuses them."""
    page = new_context(bypass_csp=True).new_page()
    page.goto("")
    page.evaluate("fetch('https://from-the-page.example/').catch(() => {})")
    page.evaluate("""() => new Promise((done) => {
        const code = "fetch('https://from-a-worker.example/').catch(() => {}).finally(() => postMessage('done'))";
        const worker = new Worker(URL.createObjectURL(new Blob([code], {type: "text/javascript"})));
        worker.onmessage = () => done();
    })""")
    page.wait_for_load_state("networkidle")
    caught = traffic.problems()
    for url in ("https://from-the-page.example/", "https://from-a-worker.example/"):
        assert f"request to another origin: {url}" in caught, caught
        traffic.allow(url)  # seen: now let the test end cleanly
