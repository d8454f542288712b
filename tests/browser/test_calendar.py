"""The calendar file (issue 12, item 6), read with the icalendar package (RFC 5545), not
with the code that wrote it.

Two families with the same dates must not overwrite each other's events in a calendar:
every download gets new UIDs. A case reference, if the reader gives one, leads each
event's title; it stays in the page: never in the address, in storage, in a request or
in what is handed to Python. Expected dates come from tests/cases/york.toml.
"""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect

from .support import CALCULATOR_PAGES, calculator_root, case_named, case_params, query, submit

CASE = case_named("timescales", "york", "Strategy discussion just before Christmas")
REFERENCE = "Case 4711-JB"

# Before any page script: keep a copy of every message a page hands to a worker (Python).
RECORD_WORKER_MESSAGES = """
    window.__toWorkers = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
        window.__toWorkers.push(JSON.stringify(message));
        return post.call(this, message, ...rest);
    };
"""


def download(page, root) -> Calendar:
    with page.expect_download() as caught:
        root.locator("[data-ics]").click()
    return Calendar.from_ical(Path(caught.value.path()).read_bytes())


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def expected_dates() -> set[str]:
    dates = {v for v in CASE["expect"].values() if v[:2] == "20"}
    for schedule in CASE.get("schedules", {}).values():
        dates.update(schedule)
    return dates


def open_case(page):
    page.goto(CALCULATOR_PAGES["timescales"] + query(case_params(CASE)))
    root = calculator_root(page, "timescales")
    expect(root).to_have_attribute("data-state", "done")
    return root


def test_every_download_has_its_own_uids(new_context):
    page = new_context(accept_downloads=True).new_page()
    root = open_case(page)
    first, second = download(page, root), download(page, root)
    # A second family, the same dates, another browser.
    other = new_context(accept_downloads=True).new_page()
    third = download(other, open_case(other))
    uids = []
    for calendar in (first, second, third):
        found = events(calendar)
        assert {e.decoded("DTSTART").isoformat() for e in found} >= expected_dates()
        uids += [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids), "a UID is shared between events or downloads"


def test_a_case_reference_leads_each_title_and_stays_in_the_page(new_context, traffic):
    context = new_context(accept_downloads=True)
    context.add_init_script(RECORD_WORKER_MESSAGES)
    page = context.new_page()
    root = open_case(page)
    field = root.get_by_label("Case reference for the calendar (optional)")
    field.fill(REFERENCE)
    calendar = download(page, root)
    titles = [str(e["SUMMARY"]) for e in events(calendar)]
    assert titles and all(t.startswith(f"{REFERENCE} – ") for t in titles), titles
    assert REFERENCE in str(calendar["X-WR-CALNAME"])

    # Worked out again: the reference is still there, and went nowhere.
    submit(root)
    expect(root).to_have_attribute("data-state", "done")
    expect(field).to_have_value(REFERENCE)
    assert all(t.startswith(REFERENCE) for t in (str(e["SUMMARY"]) for e in events(download(page, root))))
    assert REFERENCE not in page.url
    kept = page.evaluate("""() => [localStorage, sessionStorage].flatMap(
        (store) => Object.keys(store).map((key) => key + "=" + store.getItem(key)))""")
    assert not any(REFERENCE in item for item in kept), kept
    handed = page.evaluate("window.__toWorkers")
    assert handed and not any(REFERENCE in message for message in handed), handed
    for request in traffic.requests:
        assert REFERENCE not in request.url and REFERENCE not in (request.post_data or "")
    assert field.get_attribute("name") is None and field.get_attribute("autocomplete") == "off"

    # Without a reference, the titles are the dates' own.
    field.fill("")
    assert not any(str(e["SUMMARY"]).startswith(REFERENCE) for e in events(download(page, root)))
