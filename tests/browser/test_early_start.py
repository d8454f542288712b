"""A calculator page starts Python from its head, and keeps Material's script out of the way.

overrides/partials/python-early-start.html starts the calculators' worker before the page's
own scripts, pyodide-client.mjs adopts it, and Material's bundle (and so its search index,
downloaded and built) runs only after the first answer, once Python is ready with no
question, or when the reader reaches for the page (overrides/hooks/python_pages.py says
why: scripts/benchmark.py measures the gain).
"""

from __future__ import annotations

from playwright.sync_api import expect

from .support import CALCULATOR_PAGES, PYODIDE_TIMEOUT_MS, SITE, TABLE_WRAPS, query

LINK = {"area": ["york"], "strategy-discussion": ["2025-12-15"]}


def search_worker() -> str:
    """Material's own search worker script (its name carries a hash)."""
    (found,) = sorted((SITE / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    return found.name


def bundle() -> str:
    """Material's bundle script (its name carries a hash)."""
    (found,) = sorted((SITE / "assets" / "javascripts").glob("bundle.*.min.js"))
    return found.name


def search(page, words: str) -> None:
    """As a reader does: click the search box and type (Material reads the keystrokes)."""
    page.locator('[data-md-component="search-query"]').click()
    page.keyboard.type(words)


def test_python_starts_from_the_head_before_any_page_module(context):
    # With the page's module scripts gone, only the head's inline script can start the worker.
    context.route("**/assets/js/main.mjs", lambda route: route.abort())
    page = context.new_page()
    with page.expect_worker(lambda worker: worker.url.endswith("/assets/js/calc-worker.mjs")):
        page.goto(CALCULATOR_PAGES["timescales"])


def test_the_calculator_adopts_that_worker(page, traffic):
    page.goto(CALCULATOR_PAGES["timescales"] + query(LINK))
    expect(page.locator('[data-deadline="icpc"] time').first).to_be_visible(timeout=PYODIDE_TIMEOUT_MS)
    assert page.evaluate("typeof window.__calcWorker") == "undefined", "the head's worker was not taken over"
    assert traffic.count("calc-worker.mjs") == 1, "two workers: the head's and the calculator's own"


def test_content_pages_start_no_worker(page, traffic):
    page.goto("procedures/initial-conference/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.__calcWorker") == "undefined"
    assert traffic.count("calc-worker.mjs") == 0


def test_search_index_waits_until_the_reader_searches(context, traffic):
    # app.zip never arrives, so Python cannot be ready: only the reader can start the search.
    context.route("**/assets/py/app.zip", lambda route: None)
    page = context.new_page()
    page.goto(CALCULATOR_PAGES["quorum"])
    page.wait_for_timeout(1000)
    assert traffic.count(bundle()) == 0, "Material's bundle ran before Python was ready and before the reader did anything"
    assert traffic.count(search_worker()) == 0, "the search index was built before anyone searched"
    assert traffic.count("search_index.json") == 0, "the search index was downloaded before anyone searched"
    # The search box shows before Material's bundle has run, and touching it starts it: the
    # results come well before the bundle's own 8 s fallback.
    expect(page.locator('[data-md-component="search-query"]')).to_be_visible(timeout=1)
    search(page, "quorate")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=4_000)
    assert traffic.count(search_worker()) == 1
    assert traffic.count("search_index.json") == 1


# When the first result appeared, and when Material's bundle and the search index were asked
# for (page clock, ms).
RESULT_AND_INDEX_TIMES = """
(() => {
  window.__times = {};
  new MutationObserver(() => {
    if (!window.__times.result && document.querySelector('[data-deadline="icpc"] time')) window.__times.result = performance.now();
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name.includes("search_index.json")) window.__times.index ??= entry.startTime;
      if (entry.name.includes("/javascripts/bundle.")) window.__times.bundle ??= entry.startTime;
    }
  }).observe({ type: "resource", buffered: true });
})();
"""


def wait_for_search_worker(page, traffic, seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        if traffic.count(search_worker()):
            return
        page.wait_for_timeout(100)


def test_search_index_is_built_just_after_a_shared_links_answer(context, traffic):
    # Building it while the answer is drawn held the answer back (python-early-start.html).
    context.add_init_script(RESULT_AND_INDEX_TIMES)
    page = context.new_page()
    page.goto(CALCULATOR_PAGES["timescales"] + query(LINK))
    expect(page.locator('[data-deadline="icpc"] time').first).to_be_visible(timeout=PYODIDE_TIMEOUT_MS)
    # Well before the search worker's own 8 s fallback.
    wait_for_search_worker(page, traffic, 3)
    assert traffic.count(search_worker()) == 1, "the search index was not built after the answer"
    # Its resource entry is written when the index has arrived, a moment after it is asked for.
    # Polled from here: wait_for_function's own polling evaluates a string, which the page's
    # script policy forbids.
    for _ in range(50):
        times = page.evaluate("window.__times")
        if "index" in times:
            break
        page.wait_for_timeout(100)
    assert times.get("result") is not None, times
    assert times["bundle"] > times["result"], f"Material's bundle was asked for before the answer was drawn: {times}"
    assert times["index"] > times["result"], f"the search index was asked for before the answer was drawn: {times}"
    search(page, "quorate")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_search_index_is_built_soon_after_python_is_ready_with_no_question(page, traffic):
    page.goto(CALCULATOR_PAGES["timescales"])
    expect(page.locator('[data-module="timescales"]')).to_have_attribute("data-state", "ready", timeout=PYODIDE_TIMEOUT_MS)
    wait_for_search_worker(page, traffic, 4)
    assert traffic.count(search_worker()) == 1, "the search index was not built once Python was ready"
    search(page, "quorate")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_app_zip_waits_for_the_runtime_files(context, traffic):
    """app.zip is needed only once Python has started, so on a slow link it must not share the
    bandwidth the wasm and standard library need first: it is asked for once both have
    arrived (calc-worker.mjs). Here the wasm is held back while the standard library arrives."""
    held = []
    context.route("**/assets/pyodide/pyodide.asm.wasm", lambda route: held.append(route))
    arrived = []
    context.on("requestfinished", lambda request: arrived.append(request.url))
    page = context.new_page()
    page.goto(CALCULATOR_PAGES["timescales"] + query(LINK))
    for _ in range(100):
        if held and any(url.endswith("/python_stdlib.zip") for url in arrived):
            break
        page.wait_for_timeout(100)
    assert held, "the wasm was never asked for"
    assert any(url.endswith("/python_stdlib.zip") for url in arrived), "the standard library never arrived"
    page.wait_for_timeout(1000)  # ample time for app.zip to be asked for, were it not waiting
    assert traffic.count("app.zip") == 0, "app.zip was asked for before the wasm had arrived"
    held[0].continue_()
    expect(page.locator('[data-deadline="icpc"] time').first).to_be_visible(timeout=PYODIDE_TIMEOUT_MS)
    assert traffic.count("app.zip") == 1


# Where each heading, paragraph and table of the article sits.
TOPS = """() => [...document.querySelectorAll("article h2, article h3, article p, article table")]
  .filter((e) => e.offsetParent).map((e) => Math.round(e.getBoundingClientRect().top + scrollY))"""


def test_nothing_moves_when_materials_bundle_starts(context, traffic):
    """Material wraps each table as it starts; on a calculator page it starts late, so the
    early-start script wraps them first (python_pages.py) and nothing the reader may be
    reading moves."""
    context.route("**/assets/py/app.zip", lambda route: None)  # only the reader starts it
    page = context.new_page()
    page.goto(CALCULATOR_PAGES["prebirth"])
    # The loading status's last words (app.zip never comes), so only the bundle could move things.
    expect(page.locator("[data-load-progress] [role=status]")).to_have_text("Loading the calculators…")
    assert traffic.count(bundle()) == 0
    tops, wraps = page.evaluate(TOPS), page.evaluate(TABLE_WRAPS)
    page.keyboard.press("Shift")
    page.wait_for_function("() => typeof window.document$ === 'object'")
    page.wait_for_timeout(300)
    assert page.evaluate(TOPS) == tops, "the article moved when Material's bundle started"
    wraps_after = page.evaluate(TABLE_WRAPS)
    assert wraps and set(wraps_after) == {1}, f"tables wrapped {wraps_after} times"
