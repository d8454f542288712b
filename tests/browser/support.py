"""What the browser tests share besides fixtures: where the built site is, its pages, the
worked cases, and how a case becomes a URL or a filled-in form.

Expected values come from tests/cases/*.toml (worked by hand from the sources), never
from the calculators' own output.
"""

from __future__ import annotations

import pytest

import os
import re
import tomllib
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from playwright.sync_api import expect

from calculators.api import PARAMETERS

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
#: The built site (`make site`). BROWSER_TEST_SITE points elsewhere, e.g. a build in /tmp.
SITE = Path(os.environ.get("BROWSER_TEST_SITE", ROOT / "site")).resolve()
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

#: Pyodide's first start in a fresh browser context (download, compile, unpack) is the slow
#: part: about 2.5 s measured alone, several times that on a busy 2-core machine.
PYODIDE_TIMEOUT_MS = 30_000

#: The calculator pages, by the data-module name of their widget.
CALCULATOR_PAGES = {
    "timescales": "calculators/timescales/",
    "quorum": "calculators/quorum/",
    "prebirth": "calculators/pre-birth/",
}

#: Where the calculators' Python start-up state is saved (Cache Storage), read from calc-python.mjs.
SAVED_STATES = re.search(r'const SAVED_STATES = "([^"]+)"',
                         (ROOT / "overrides" / "assets" / "js" / "calc-python.mjs").read_text())[1]

#: The inputs a worked case may give, named as the command line, the form and the URL name them.
INPUTS = tuple(dict.fromkeys(name for params in PARAMETERS.values() for name in params))

#: Stands in for the page list when there is no built site, so the parametrized tests
#: fail with a reason instead of being skipped for want of parameters.
NO_SITE = "(no built site)"


#: How many of Material's scroll boxes (md-typeset__scrollwrap) hold each table of the article:
#: 1 each once it is wrapped as Material wraps it, never 2.
TABLE_WRAPS = """() => [...document.querySelectorAll("article table")].map((table) => {
  let n = 0;
  for (let e = table.parentElement; e; e = e.parentElement) n += e.classList.contains("md-typeset__scrollwrap");
  return n;
})"""


def missing_site_reason() -> str | None:
    """Why the built site cannot be tested, or None if it can."""
    if not (SITE / "index.html").is_file():
        return (f"No built site at {SITE}. Build it first: `make site` "
                "(or `scripts/build_pyodide.sh tests && .venv/bin/mkdocs build --strict`).")
    if not (SITE / "assets" / "pyodide" / "pyodide.asm.wasm").is_file():
        return (f"{SITE} has no Pyodide runtime (assets/pyodide/pyodide.asm.wasm): build the bundle "
                "with `scripts/build_pyodide.sh tests` before `mkdocs build`, or run `make site`.")
    built = (SITE / "index.html").stat().st_mtime
    newer = [p for p in _sources() if p.stat().st_mtime > built]
    if newer:
        return (f"{SITE} is older than its sources ({', '.join(str(p.relative_to(ROOT)) for p in newer[:3])}"
                f"{', ...' if len(newer) > 3 else ''}): testing it would test an old site. Run `make site`.")
    return None


def _sources():
    """What the built site is made from (the Pyodide bundle has its own make target)."""
    yield ROOT / "mkdocs.yml"
    for folder in ("docs", "includes", "overrides", "calculators"):
        yield from (p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def built_pages() -> list[str]:
    """Every HTML page of the built site, as a path relative to the site root ("" for the home page)."""
    if not (SITE / "index.html").is_file():
        return [NO_SITE]
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE)
        if rel.parts[0] == "assets":  # vendored files, not pages of the site
            continue
        url = rel.as_posix()
        pages.append(url[: -len("index.html")] if url.endswith("index.html") else url)
    return pages


def open_built_page(page, path: str) -> None:
    """Go to one page of ``built_pages()``; with no built site, fail saying how to build it."""
    if path == NO_SITE:
        pytest.fail("No built site: run `make site`.", pytrace=False)
    page.goto(path)


def load_cases(kind: str) -> list[tuple[str, dict]]:
    """(id, case) for every worked case of one kind (timescales, prebirth, quorum); case has its area."""
    found = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get(kind, []):
            case = {"area": data["area"], **case}
            found.append((f"{data['area']}: {case['name']}", case))
    return found


def case_named(kind: str, area: str, name: str) -> dict:
    """One worked case, found by its area and name (its expected values stay in the TOML)."""
    for _, case in load_cases(kind):
        if case["area"] == area and case["name"] == name:
            return case
    raise LookupError(f"no {kind} case {name!r} for {area} in tests/cases/{area}.toml")


def case_params(case: dict) -> dict[str, list[str]]:
    """A case's inputs as repeated parameters, the shape of the URL and of the form."""
    params = {}
    for name in INPUTS:
        if name in case:
            value = case[name]
            params[name] = list(value) if isinstance(value, list) else [value]
    return params


def query(params: dict[str, list[str]]) -> str:
    return "?" + urlencode([(name, v) for name, values in params.items() for v in values])


def squash(text: str) -> str:
    """Whitespace collapsed, so text from a table cell compares with a sentence."""
    return re.sub(r"\s+", " ", text).strip()


# ------------------------------------------------------------------ moving around the site


def calculator_root(page, calculator: str):
    return page.locator(f'[data-module="{calculator}"]')


def follow_link(page, href: str) -> None:
    """Follow a link to `href` (another page: instant navigation ignores a same-page link
    whose query alone differs) from the current page, as a reader clicking one would.

    The link is added to the page and clicked: Material's instant navigation takes the
    click, fetches the page and swaps it in without a reload, so the tab's calculator
    worker lives on.
    """
    page.evaluate(
        """(href) => {
            const link = document.createElement("a");
            link.href = href;
            link.id = "browser-test-link";
            link.textContent = "Go on";
            (document.querySelector("article") || document.body).append(link);
        }""",
        href,
    )
    page.locator("#browser-test-link").click()
    # Arrived when the address has changed and the old content (with the link) is gone.
    path = urlsplit(urljoin(page.url, href)).path
    page.wait_for_function(
        "(path) => location.pathname === path && !document.getElementById('browser-test-link')", arg=path)


def open_calculator(page, calculator: str, params: dict[str, list[str]] | None = None):
    """Reach a calculator page within the site (via the calculators' index page, so each
    visit gets fresh markup), with `params` in its URL if given; returns the widget root."""
    if not page.url.startswith("http"):
        page.goto("calculators/")
    elif urlsplit(page.url).path != "/calculators/":
        follow_link(page, "/calculators/")
    follow_link(page, "/" + CALCULATOR_PAGES[calculator] + (query(params) if params else ""))
    root = calculator_root(page, calculator)
    expect(root).to_be_visible()  # shipped hidden: visible once its script has mounted it
    return root


# ------------------------------------------------------------------ forms


def fill_form(root, params: dict[str, list[str]]) -> None:
    """Fill a calculator's form with a case's inputs, the way a reader would.

    Repeated fields (closure days, children) get "Add another" clicks. Attendees are
    ticked, one box per agency; one written `agency:Amy+Ben` (the command line's form)
    has only those children left ticked under it as having had direct contact.
    """
    children = params.get("child", [])
    for name in INPUTS:  # children before attendees: their ticks are drawn from the names
        values = params.get(name)
        if not values:
            continue
        group = root.locator(f'[data-field="{name}"]')
        if name == "attendee":
            tick_attendees(group, values, children)
            continue
        controls = group.locator(f'[name="{name}"]')
        for i, value in enumerate(values):
            if i >= controls.count():
                group.locator("[data-repeat-add]").click()
            control = controls.nth(i)
            if control.evaluate("e => e.tagName") == "SELECT":
                control.select_option(value)
            else:
                control.fill(value)


def tick_attendees(group, values: list[str], children: list[str]) -> None:
    """Tick each agency; with two or more children, tick under it only those it has seen."""
    for value in values:
        agency, colon, contact = value.partition(":")
        item = group.locator(f'[data-agency="{agency}"]')
        item.locator('input[name="attendee"]').check()
        boxes = item.locator("[data-contact] input[type=checkbox]")
        if agency == "childrens-social-care" or len(children) < 2:
            expect(boxes.filter(visible=True)).to_have_count(0)  # counts for every child
            continue
        named = contact.split("+") if colon else children
        # One tick box per child, in the children's order, labelled with the name, all ticked.
        expect(boxes).to_have_count(len(children))
        for j, child in enumerate(children):
            box = boxes.nth(j)
            expect(item.locator(f'label[for="{box.get_attribute("id")}"]')).to_have_text(child)
            expect(box).to_be_checked()
            box.set_checked(child in named)


def submit(root) -> None:
    root.locator('button[type="submit"]').click()


# ------------------------------------------------------------------ results


def expect_deadlines(root, expected: dict[str, str], estimate: bool | None = None) -> None:
    """Each deadline id shows its hand-worked date in a <time datetime>, or its status."""
    for deadline_id, value in expected.items():
        item = root.locator(f'[data-deadline="{deadline_id}"]')
        expect(item).to_have_count(1)
        if value in ("not-stated", "needs-input"):
            expect(item).to_have_attribute("data-status", value)
            # No date where there is none: the reason is given in words instead.
            expect(item.locator("time")).to_have_count(0)
            expect(item).to_contain_text(re.compile(r"\w{3,}"))
        else:
            # The first <time> in a deadline is its date (later ones are in the working).
            expect(item.locator("time[datetime]").first).to_have_attribute("datetime", value)
        if estimate is not None:
            if estimate:
                expect(item).to_have_attribute("data-estimate", "true")
            else:
                expect(item).not_to_have_attribute("data-estimate", "true")


def expect_schedules(root, expected: dict[str, list[str]]) -> None:
    for schedule_id, dates in expected.items():
        times = root.locator(f'[data-schedule="{schedule_id}"] time[datetime]')
        expect(times).to_have_count(len(dates))
        assert [t.get_attribute("datetime") for t in times.all()] == dates, schedule_id


def expect_error(root, field: str, words: str) -> None:
    """A message in words beside the field it is about, tied to its control; no date shown."""
    group = root.locator(f'[data-field="{field}"]')
    message = group.locator("[data-calc-error]")
    expect(message).to_be_visible()
    expect(message).to_contain_text(words)
    expect(message).not_to_contain_text(re.compile(r"Traceback|Exception|undefined|\[object"))
    error_id = message.get_attribute("id")
    control = group.locator('[aria-invalid="true"]')
    expect(control).to_have_count(1)
    expect(control).to_have_attribute("aria-describedby", re.compile(rf"(^|\s){re.escape(error_id)}(\s|$)"))
    # Never a date that could be taken for an answer.
    expect(root.locator("time")).to_have_count(0)
    expect(root.locator("[data-deadline], [data-quorate]")).to_have_count(0)


# ------------------------------------------------------------------ Python's saved start-up state


def saved_states(page) -> list[dict]:
    """The start-up states the worker has saved in this browser: [{url, bytes}]."""
    return page.evaluate(
        """async (name) => {
            const cache = await caches.open(name);
            const found = [];
            for (const request of await cache.keys()) {
                const response = await cache.match(request);
                found.push({ url: request.url, bytes: (await response.arrayBuffer()).byteLength });
            }
            return found;
        }""",
        SAVED_STATES,
    )


def wait_for_saved_state(page, timeout_s: float = 20) -> dict:
    """The saved start-up state, once the worker has saved one (it waits for the page first)."""
    for _ in range(int(timeout_s * 5)):
        states = saved_states(page)
        if states and states[0]["bytes"] > 1_000_000:
            return states[0]
        page.wait_for_timeout(200)
    raise AssertionError(f"no start-up state was saved within {timeout_s} s: {saved_states(page)}")
