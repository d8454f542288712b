"""Reading level of the pages for families (docs/families/*.md).

The pages are for parents, carers and young people, often anxious, so each must read at
a Flesch-Kincaid grade of 6.0 or below (a nine-year-old's reading; textstat 0.7.8, pinned
in requirements.txt because later versions fetch data on first use).

What is measured is the text a reader reads as prose. Left out, because they are
references rather than reading:
- HTML comments, which include the build-time rule placeholders (their words are
  practitioner wording filled in by the hook; family pages should not rely on them);
- the closing "Where this comes from" note (an admonition with that title), and the
  small cited lines (`<small class="source">…</small>`) that name a source document;
- Markdown and HTML syntax: tags, link targets, attribute lists, emphasis marks.

Each heading, list item and paragraph counts as its own sentence, as a reader meets it:
without this, a bulleted list with no full stops would be scored as one long sentence.
The page count and word count floors stop the test passing on missing or empty pages.

Run: cd /work/main && .venv/bin/pytest tests/test_readability.py -q
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import textstat

FAMILIES = Path(__file__).resolve().parent.parent / "docs" / "families"
PAGES = sorted(FAMILIES.glob("*.md"))

MAX_GRADE = 6.0
#: index, what-is-a-conference, who-will-be-there, getting-ready, on-the-day, outcomes,
#: plans-and-core-groups, your-rights, what-happens-next: at least 8 besides any index.
MIN_PAGES = 8
#: Fewer words than this and the grade means little (and a stub would pass).
MIN_WORDS = 80

SOURCE_NOTE_TITLE = "Where this comes from"

_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+[\w-]+)*\s*(?:"(?P<title>[^"]*)")?\s*$')
_HEADING = re.compile(r"^#{1,6}\s+")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+")
_DEFINITION = re.compile(r"^:\s+")
_TAB = re.compile(r'^===\+?\s*"(?P<title>[^"]*)"')
_SKIP_LINE = re.compile(
    r"^(?:\*\[[^\]]+\]:"          # abbreviation definition
    r"|\[[^\]]+\]:\s"              # link reference definition
    r"|\|?\s*:?-{3,}"              # table rule
    r"|```|~~~"                    # code fence
    r"|---\s*$)"                   # horizontal rule
)


def _inline(text: str) -> str:
    """Markdown and HTML inline syntax -> the words a reader sees."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)            # images
    text = re.sub(r"\[\^[^\]]+\]", " ", text)                      # footnote refs
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # [text](url)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)         # [text][ref]
    text = re.sub(r"\{[:\s]*[.#][^}]*\}", " ", text)               # { .class #id } attr lists
    text = re.sub(r"<[^>]+>", " ", text)                           # tags (keep inner text)
    text = re.sub(r"[*_`]{1,3}", "", text)                         # emphasis, code marks
    text = html.unescape(text)
    text = re.sub(r"\s+([.,!?;:])", r"\1", text)                   # "glossary ." -> "glossary."
    return re.sub(r"\s+", " ", text).strip()


def plain_text(markdown: str) -> str:
    """The page's reading text: one sentence per heading, list item and paragraph."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"<small\b[^>]*class=\"[^\"]*\bsource\b[^\"]*\"[^>]*>.*?</small>", " ", text, flags=re.S)
    if text.startswith("---\n"):                                   # front matter
        end = text.find("\n---", 4)
        if end != -1:
            text = text[end + 4:]

    units: list[str] = []
    current: list[str] = []
    in_source_note = False
    in_fence = False

    def flush() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        if in_source_note:
            if not stripped or line[:1] in (" ", "\t"):
                continue                                           # the note's indented body
            in_source_note = False
        if not stripped:
            flush()
            continue
        admonition = _ADMONITION.match(stripped)
        if admonition:
            flush()
            title = (admonition.group("title") or "").strip()
            if title == SOURCE_NOTE_TITLE:
                in_source_note = True
            elif title:
                units.append(title)
            continue
        if _SKIP_LINE.match(stripped):
            flush()
            continue
        tab = _TAB.match(stripped)
        if tab:
            flush()
            units.append(tab.group("title"))
            continue
        stripped = re.sub(r"^(?:>\s*)+", "", stripped)                 # blockquote
        starts_unit = False
        for pattern in (_HEADING, _LIST_ITEM, _DEFINITION):
            if pattern.match(stripped):
                stripped = pattern.sub("", stripped, count=1)
                starts_unit = True
        if stripped.startswith("|"):                                   # table row: cells are units
            flush()
            units.extend(cell for cell in (c.strip() for c in stripped.strip("|").split("|")) if cell)
            continue
        if starts_unit:
            flush()
        words = _inline(stripped)
        if words:
            current.append(words)
        elif not starts_unit:
            flush()                                                    # a line of bare tags ends a block
    flush()

    sentences = []
    for unit in units:
        unit = _inline(unit)
        if not unit:
            continue
        unit = unit.rstrip(":;,– ")
        if unit and unit[-1] not in ".!?":
            unit += "."
        sentences.append(unit)
    return "\n".join(sentences)


def test_there_are_enough_family_pages():
    names = ", ".join(p.name for p in PAGES) or "none"
    assert len(PAGES) >= MIN_PAGES, (
        f"docs/families has {len(PAGES)} pages ({names}); expected at least {MIN_PAGES}, "
        "so the reading-level check cannot pass on missing pages."
    )


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_family_page_reads_at_grade_6_or_below(page: Path):
    text = plain_text(page.read_text(encoding="utf-8"))
    words = textstat.lexicon_count(text)
    assert words >= MIN_WORDS, f"{page.name}: only {words} words of reading text; too few to measure."
    grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, (
        f"{page.name}: Flesch-Kincaid grade {grade:.1f} is above {MAX_GRADE} "
        f"({words} words, {textstat.sentence_count(text)} sentences, "
        f"{textstat.syllable_count(text)} syllables). Use shorter sentences and shorter words."
    )


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_family_page_says_where_it_comes_from(page: Path):
    # Stripped from the measured text, so it must at least be there.
    text = page.read_text(encoding="utf-8")
    assert f'"{SOURCE_NOTE_TITLE}"' in text, (
        f'{page.name}: no closing !!! info "{SOURCE_NOTE_TITLE}" note naming its sources.'
    )


# The stripping itself, so a change to it cannot quietly measure the wrong text.

def test_plain_text_drops_placeholders_source_notes_and_syntax():
    page = (
        "# What is a conference?\n\n"
        "A conference is a *meeting*. See the [glossary](../glossary.md){ .md-button }.\n"
        "It is about your child.\n\n"
        "<!-- rule york icpc -->\n\n"
        "- bring a friend\n"
        "- ask questions\n\n"
        '<small class="source">Source: City of York procedure, para 1.21.</small>\n\n'
        '!!! tip "Good to know"\n'
        "    You can ask for help.\n\n"
        '!!! info "Where this comes from"\n'
        "    Somerset leaflet, November 2023.\n"
    )
    assert plain_text(page).splitlines() == [
        "What is a conference?",
        "A conference is a meeting. See the glossary. It is about your child.",
        "bring a friend.",
        "ask questions.",
        "Good to know.",
        "You can ask for help.",
    ]
