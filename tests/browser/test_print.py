"""Printing, as a practitioner files a result: Chromium prints the page to an A4 PDF
(page.pdf(), which fires beforeprint and afterprint as printing does), and pypdf reads it
back: how many sheets, what text, at what size.

A printed result carries its working (the days skipped, Christmas included), a line
saying when and where from it was printed, and every word at 9pt (12px) or more; a York
case with all thirteen dates fits two sheets. Procedure pages print with the same line.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from playwright.sync_api import expect
from pypdf import PdfReader

from .support import case_named, case_params, open_calculator

#: 9pt, that is 12 CSS px: the smallest text a printed result may have.
MIN_POINTS = 9.0
#: All thirteen of York's dates: strategy discussion, conference and review given.
THIRTEEN = case_named("timescales", "york", "Conference and review dates given")
CHRISTMAS = case_named("timescales", "york", "Strategy discussion just before Christmas")


def print_pdf(page) -> PdfReader:
    return PdfReader(io.BytesIO(page.pdf(format="A4")))


def pdf_text(reader: PdfReader) -> str:
    """The PDF's text with its line breaks taken out, so wrapped sentences compare whole."""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def font_sizes(reader: PdfReader) -> dict[float, list[str]]:
    """Each size of text in the PDF, in points, with samples of the text set at it."""
    sizes: dict[float, list[str]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = abs(tm[3] or tm[0] or 1) * abs(cm[3] or cm[0] or 1)
            sizes.setdefault(round(size * scale, 2), []).append(text.strip())

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


def printed_on() -> re.Pattern:
    """"Printed on Saturday 29 November 2026" (some engines add a comma), today or, at
    midnight, yesterday."""
    days = [date.today(), date.today() - timedelta(days=1)]
    spelt = "|".join(rf"{d:%A},? {d.day} {d:%B %Y}" for d in days)
    return re.compile(rf"Printed on ({spelt}) from ")


def assert_print_line(text: str, url: str) -> None:
    """The line, with the page's address (query kept, #fragment not: Material's
    navigation.tracking points it at the heading in view)."""
    url = url.split("#")[0]
    found = printed_on().search(text)
    assert found, text[:300]
    rest = text[found.end():]
    # The address may be broken across lines: compare it with the spaces taken out.
    address, _, after = rest.partition(": check the source for changes.")
    assert after, rest[:300]
    assert address.replace(" ", "") == url, (address, url)


def test_a_york_result_with_all_thirteen_dates_prints_on_two_sheets(tab):
    page = tab.page
    root = open_calculator(page, "timescales", case_params(THIRTEEN))
    expect(root.locator('[data-deadline="second-review"] time').first).to_be_visible()
    dates = root.locator("[data-deadline], [data-schedule]")
    expect(dates).to_have_count(13)
    reader = print_pdf(page)
    assert len(reader.pages) <= 2, f"{len(reader.pages)} A4 sheets"
    text = pdf_text(reader)
    assert_print_line(text, page.url)
    # Every date of the case, with its working: the weekend days skipped counting the
    # first core group (3.10: 10 working days after Thursday 20 March).
    for expected in THIRTEEN["expect"].values():
        day = date.fromisoformat(expected)
        assert f"{day:%A} {day.day} {day:%B %Y}" in text, expected
    assert "The working" in text
    assert "Saturday 22 March 2025: weekend" in text and "Sunday 30 March 2025: weekend" in text
    small = {size: words[:5] for size, words in font_sizes(reader).items() if size < MIN_POINTS}
    assert not small, f"text under {MIN_POINTS}pt: {small}"


def test_the_printed_working_shows_the_christmas_days_skipped(tab):
    page = tab.page
    root = open_calculator(page, "timescales", case_params(CHRISTMAS))
    expect(root.locator('[data-deadline="icpc"] time').first).to_be_visible()
    working = root.locator('[data-deadline="icpc"] details.calc-working')
    expect(working).not_to_have_attribute("open", "")
    text = pdf_text(print_pdf(page))
    # 2.16: 15 working days from Monday 15 December 2025, past Christmas and New Year.
    for skipped in ("Thursday 25 December 2025: bank holiday", "Friday 26 December 2025: bank holiday",
                    "Thursday 1 January 2026: bank holiday"):
        assert skipped in text, skipped
    # Opened for printing, closed again after: the screen is as the reader left it.
    expect(working).not_to_have_attribute("open", "")


def test_result_text_is_at_least_12px_in_print(tab):
    """The same, as the browser computes it: every piece of the printed result's text."""
    page = tab.page
    root = open_calculator(page, "timescales", case_params(THIRTEEN))
    expect(root.locator('[data-deadline="second-review"] time').first).to_be_visible()
    page.emulate_media(media="print")
    try:
        small = page.evaluate("""() => {
            const found = [];
            const scope = [...document.querySelectorAll('.print-line, .calc-results')];
            for (const root of scope) {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                while (walker.nextNode()) {
                    const node = walker.currentNode;
                    const el = node.parentElement;
                    if (!node.textContent.trim() || !el.checkVisibility({contentVisibilityAuto: true})) continue;
                    const size = parseFloat(getComputedStyle(el).fontSize);
                    if (size < 12) found.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
                }
            }
            return found;
        }""")
        assert page.locator(".print-line").is_visible()
    finally:
        page.emulate_media(media="screen")
    assert not small, small
    expect(page.locator(".print-line")).to_be_hidden()  # on screen, no line


def test_a_procedure_page_prints_with_the_line(page):
    """At the top of the first sheet; the address without the #fragment of a heading."""
    page.goto("procedures/initial-conference/#where-the-sources-differ")
    expect(page.locator(".print-line")).to_be_attached()
    reader = print_pdf(page)
    first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert first.startswith("Printed on "), first[:200]
    assert "#" not in first.partition(": check the source")[0], first[:300]
    assert_print_line(first, page.url)


def test_the_line_follows_the_reader_from_page_to_page(tab):
    """Instant navigation swaps the page without a reload: the line names the new page."""
    page = tab.page
    page.goto("procedures/")
    page.locator("article").get_by_role("link", name="Core groups").first.click()
    page.wait_for_url("**/procedures/core-groups/")
    expect(page.locator(".print-line")).to_have_count(1)
    expect(page.locator(".print-line")).to_contain_text("/procedures/core-groups/: check the source for changes.")
