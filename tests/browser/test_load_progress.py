"""While Python loads, the calculator shows a labelled progress bar of bytes received out of the
total, and a polite status line that moves on as each step ends (assets/js/load-progress.mjs,
fed by calc-worker.mjs).

The network is slowed through the DevTools protocol (which slows the worker's downloads
too), so there is time to watch the bar move. The test server sends
files as they are (no compression), so the total is the files' own sizes.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from .support import CALCULATOR_PAGES, PYODIDE_TIMEOUT_MS, SITE, query, wait_for_saved_state

LINK = {"area": ["york"], "strategy-discussion": ["2025-12-15"]}
# 16 Mbit/s: the uncompressed bundle (about 15 MB) takes 8 s, time enough for the page's
# modules to mount the bar early in the download even on a busy machine.
THROUGHPUT = 16_000_000 / 8

# Every change of the bar and of the status line, as the page shows them.
RECORD = """
(() => {
  window.__loading = [];
  const seen = () => {
    const root = document.querySelector("[data-load-progress]");
    if (!root || root.hidden) return;
    const bar = root.querySelector("progress");
    const status = root.querySelector("[role=status]");
    const entry = [bar.hasAttribute("value") ? bar.value : null, bar.max, bar.getAttribute("aria-valuetext"),
                   status.textContent];
    const last = window.__loading.at(-1);
    if (!last || JSON.stringify(last) !== JSON.stringify(entry)) window.__loading.push(entry);
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})();
"""


def slow_network(context, page):
    """Throttle the network. Chromium applies a page's network conditions to its dedicated
    workers' requests too (scripts/benchmark.py's throttle() says how that was checked)."""
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions",
                 {"offline": False, "latency": 20, "downloadThroughput": THROUGHPUT, "uploadThroughput": THROUGHPUT})
    return session


def expected_total() -> int:
    """The bytes the worker counts, uncompressed: the build's list of its downloads."""
    downloads = json.loads((SITE / "assets" / "pyodide" / "runtime.json").read_text())["downloads"]
    return sum(size["bytes"] for size in downloads.values())


def test_the_bar_counts_bytes_up_to_the_total_and_the_status_follows_the_steps(context):
    context.add_init_script(RECORD)
    page = context.new_page()
    slow_network(context, page)
    page.goto(CALCULATOR_PAGES["timescales"] + query(LINK))
    root = page.locator('[data-module="timescales"]')
    # Labelled, with its value in words, while loading.
    bar = page.get_by_role("progressbar", name="Download progress")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("aria-valuetext", re.compile(r"^\d+\.\d of \d+\.\d MB received$"))
    expect(root.locator("[data-load-progress] [role=status]")).to_have_attribute("aria-live", "polite")
    expect(root.locator('[data-deadline="icpc"] time').first).to_be_visible(timeout=PYODIDE_TIMEOUT_MS * 2)
    expect(root.locator("[data-load-progress]")).to_be_hidden()

    seen = page.evaluate("window.__loading")
    values = [value for value, _max, _text, _status in seen if value is not None]
    maxima = [top for value, top, _text, _status in seen if value is not None]
    # The total is the bundle's size from the start (the build's figures, corrected by the
    # server's first answer), at most corrected once more.
    assert maxima[-1] == expected_total(), f"the total is the bundle's size: {maxima[-1]}"
    assert len(set(maxima)) <= 2, f"the total kept changing: {sorted(set(maxima))}"
    assert len(set(values)) >= 5, f"the bar hardly moved: {values}"
    assert values == sorted(values), f"the bar went back: {values}"
    assert values[-1] == expected_total(), "the bar did not reach the total"
    assert values[0] < expected_total() * 3 / 4, "the bar started near the end: too little download was seen"
    total_mb = f"{expected_total() / 1e6:.1f} MB"
    assert all(text.endswith(f"of {total_mb} received") for value, _max, text, _status in seen if value is not None)

    # The status line: one text per step, in order, plus a few quarters of the download.
    statuses = list(dict.fromkeys(status for *_, status in seen))
    steps = [next((i for i, s in enumerate(statuses) if s.startswith(word)), None)
             for word in ("Downloading", "Starting Python", "Loading the calculators")]
    assert None not in steps and steps == sorted(steps), statuses
    assert len(statuses) <= 8, f"too many announcements: {statuses}"


def test_a_return_visit_fills_the_bar_from_the_cache(context):
    context.add_init_script(RECORD)
    page = context.new_page()
    page.goto(CALCULATOR_PAGES["timescales"] + query(LINK))
    expect(page.locator('[data-deadline="icpc"] time').first).to_be_visible()
    wait_for_saved_state(page)
    page.goto(CALCULATOR_PAGES["timescales"] + query(LINK))
    expect(page.locator('[data-deadline="icpc"] time').first).to_be_visible()
    seen = page.evaluate("window.__loading")
    values = [value for value, *_ in seen if value is not None]
    # Shown or not (it can be over before a frame is drawn), never stuck short of the total.
    if values:
        assert values[-1] == expected_total(), f"the bar stopped at {values[-1]} of {expected_total()}"
