"""Reading level of the pages for families (docs/families/*.md), as a parent reads them.

The pages are for parents, carers and young people, often anxious, so each must read at
a Flesch-Kincaid grade of 5.0 or below (textstat 0.7.8, pinned in requirements.txt
because later versions fetch data on first use).

What is measured is the BUILT page (site/families/.../index.html), since words the build
writes in (the rules in family wording, worked example dates) are part of what a parent
reads. A page with a tab for each area is measured once per area: the text every reader
sees plus that area's tabs, the version a parent who picked that area reads. Left out,
because they are references rather than reading:
- the closing "Where this comes from" box, and the small cited lines
  (``<small class="source">``) that name a source document;
- the page's navigation, header and footer (only the article is read), permalink marks
  and the tab labels (area names).

Each heading, list item, paragraph and table cell counts as its own sentence, as a
reader meets it: without this, a bulleted list with no full stops would be scored as one
long sentence. The page count and word count floors stop the test passing on missing or
empty pages.

Run: make site && .venv/bin/pytest tests/test_readability.py -q
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat

from conftest import built_family_page

from calculators.rules import AREA_IDS

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = ROOT / "docs" / "families"
SITE = Path(os.environ.get("BROWSER_TEST_SITE", ROOT / "site")).resolve()
PAGES = sorted(FAMILIES.glob("*.md"))

MAX_GRADE = 5.0
#: index, what-is-a-conference, who-will-be-there, getting-ready, on-the-day, outcomes,
#: plans-and-core-groups, your-rights, what-happens-next, when-will-it-be, if-you-disagree.
MIN_PAGES = 10
#: Fewer words than this and the grade means little (and a stub would pass).
MIN_WORDS = 80

SOURCE_NOTE_TITLE = "Where this comes from"
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "summary", "figcaption",
          "blockquote", "ul", "ol", "table", "tr", "div", "details", "section"}
VOID = {"br", "img", "input", "hr", "meta", "link", "wbr"}


class _Reader(HTMLParser):
    """The article's reading text for one area (or for all, with area=None), one unit per block."""

    def __init__(self, area: str | None):
        super().__init__(convert_charrefs=True)
        self.area = area
        self.units: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skips its content)
        self.in_article = False
        self.areas_seen: set[str] = set()

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.units.append(text)
        self.current.clear()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "article":
            self.in_article = True
        if not self.in_article or tag in VOID:
            return
        area = a.get("data-area")
        if area:
            self.areas_seen.add(area)
        skip = (
            (tag == "small" and "source" in classes)
            or (tag == "a" and "headerlink" in classes)
            or ("tabbed-labels" in classes)
            or (area is not None and self.area is not None and area != self.area)
        )
        if tag in BLOCKS:
            self._flush()
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if not self.in_article or tag in VOID:
            return
        if tag == "article":
            self._flush()
            self.in_article = False
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.in_article or self._skipping():
            return
        if data.strip() == SOURCE_NOTE_TITLE and self.stack and self.stack[-1][0] == "p":
            # The title of the sources box: skip the whole admonition it opens.
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == "div":
                    self.stack[i] = ("div", True)
                    break
            self.current.clear()
            return
        self.current.append(data)


def reading_text(html: str, area: str | None = None) -> tuple[str, set[str]]:
    """The sentences a reader of ``area``'s version reads, and the areas the page has versions for."""
    reader = _Reader(area)
    reader.feed(html)
    sentences = []
    for unit in reader.units:
        unit = unit.replace("¶", "").strip().rstrip(":;,– ")
        if not unit:
            continue
        if unit[-1] not in ".!?":
            unit += "."
        sentences.append(unit)
    return "\n".join(sentences), reader.areas_seen


def built(page: Path) -> Path:
    return built_family_page(page, SITE)


def versions(page: Path) -> list[tuple[str, str]]:
    """(area or "all", text) for each version of a built family page."""
    html = built(page).read_text(encoding="utf-8")
    text, areas = reading_text(html)
    if not areas:
        return [("all", text)]
    return [(area, reading_text(html, area)[0]) for area in AREA_IDS]


def test_there_are_enough_family_pages():
    names = ", ".join(p.name for p in PAGES) or "none"
    assert len(PAGES) >= MIN_PAGES, (
        f"docs/families has {len(PAGES)} pages ({names}); expected at least {MIN_PAGES}, "
        "so the reading-level check cannot pass on missing pages."
    )


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_family_page_reads_at_grade_5_or_below(page: Path):
    for area, text in versions(page):
        words = textstat.lexicon_count(text)
        assert words >= MIN_WORDS, f"{page.name} ({area}): only {words} words of reading text; too few to measure."
        grade = textstat.flesch_kincaid_grade(text)
        assert grade <= MAX_GRADE, (
            f"{page.name} ({area}'s version): Flesch-Kincaid grade {grade:.1f} is above {MAX_GRADE} "
            f"({words} words, {textstat.sentence_count(text)} sentences, "
            f"{textstat.syllable_count(text)} syllables). Use shorter sentences and shorter words."
        )


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_family_page_says_where_it_comes_from(page: Path):
    # Left out of the measured text, so it must at least be there.
    text = page.read_text(encoding="utf-8")
    assert f'"{SOURCE_NOTE_TITLE}"' in text, (
        f'{page.name}: no closing !!! info "{SOURCE_NOTE_TITLE}" note naming its sources.'
    )


# The extraction itself, so a change to it cannot quietly measure the wrong text.

SAMPLE = """<html><body><nav>Menu words</nav><article class="md-content__inner">
<h1 id="x">What is a conference?<a class="headerlink" href="#x">¶</a></h1>
<p>A conference is a <em>meeting</em>. It is about your child.</p>
<ul><li>bring a friend</li><li>ask questions</li></ul>
<p><small class="source">Source: York procedure, para 1.21.</small></p>
<div class="tabbed-set"><div class="tabbed-labels"><label>Sheffield</label><label>City of York</label></div>
<div class="tabbed-content"><div class="tabbed-block"><div class="area-version" data-area="sheffield">
<p>Sheffield words.</p></div></div><div class="tabbed-block"><div class="area-version" data-area="york">
<p>York words.</p></div></div></div></div>
<div class="admonition tip"><p class="admonition-title">Good to know</p><p>You can ask for help.</p></div>
<div class="admonition info"><p class="admonition-title">Where this comes from</p><p>Somerset leaflet.</p></div>
</article><footer>Footer words</footer></body></html>"""


def test_reading_text_keeps_the_reading_and_drops_the_references():
    text, areas = reading_text(SAMPLE, "york")
    assert areas == {"sheffield", "york"}
    assert text.splitlines() == [
        "What is a conference?",
        "A conference is a meeting. It is about your child.",
        "bring a friend.",
        "ask questions.",
        "York words.",
        "Good to know.",
        "You can ask for help.",
    ]
    assert "Sheffield words." in reading_text(SAMPLE, "sheffield")[0]
