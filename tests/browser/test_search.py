"""Search, as readers type it: real queries in Material's search box (its lunr worker builds
the index in the browser), checking the pages that come first.

Practitioners type abbreviations that the pages write in brackets ("(ICPC)"), so the
search must split words on brackets and quotes (mkdocs.yml, the search plugin's
`separator`); procedure pages rank above the trainers' summaries of them and the family
pages' overview (`search.boost` in their front matter). The expected page for each query
is the page whose subject the words are.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

QUERY = '[data-md-component="search-query"]'
RESULTS = ".md-search-result__list > .md-search-result__item"


def search(page, words: str) -> list[dict]:
    """Type `words` into the search box, as a reader does; return the results in order,
    one per page: {path, title, text} of the part of the page that matched best."""
    box = page.locator(QUERY)
    box.click()
    meta = page.locator(".md-search-result__meta")
    # Until the worker has built the index Material says "Initializing search"; a query
    # typed before then is not run.
    expect(meta).to_have_text("Type to start searching")
    # Key by key: Material reads the query on keyup, which fill() does not send.
    box.press_sequentially(words)
    expect(meta).to_have_text(re.compile(r"^(\d+ matching documents?|No matching documents)$"))
    found = page.locator(RESULTS).evaluate_all("""(items) => items.map((item) => ({
        href: item.querySelector('a').href,
        title: (item.querySelector('h1, h2') || {}).textContent || '',
        text: item.textContent,
    }))""")
    return [{**result, "path": urlsplit(result["href"]).path} for result in found]


@pytest.fixture
def home(tab):
    """The home page, freshly loaded, with an empty search box."""
    tab.page.goto("")
    return tab.page


def paths(results: list[dict], n: int = 5) -> list[str]:
    return [r["path"] for r in results[:n]]


@pytest.mark.parametrize("words", ["ICPC", "(ICPC)", "ICPC's", "icpc"])
def test_an_abbreviation_finds_its_procedure_page_first(home, words):
    """The pages write "(ICPC)"; before the separator was set, that was one word with its
    brackets, and "ICPC" found only the glossary and the home page."""
    results = search(home, words)
    assert paths(results)[0] == "/procedures/initial-conference/", paths(results)


def test_rcpc_finds_review_conferences_first(home):
    results = search(home, "RCPC")
    assert paths(results)[0] == "/procedures/review-conferences/", paths(results)


def test_a_practitioners_question_finds_the_procedure_page_first(home):
    """It used to put the trainers' presentation first, a family page second and the
    procedure page fourth."""
    results = search(home, "initial conference timescale")
    found = paths(results, 10)
    assert found[0] == "/procedures/initial-conference/", found
    presentation = "/trainers/presentation/"
    assert presentation not in found or found.index(presentation) > 2, found


def test_a_parents_words_find_a_family_page_about_bringing_someone(home):
    """A parent types "bring someone". Pages that mention bringing a review forward match
    "bring" too. The first family page must be one that says a parent can bring someone,
    near the top. (With the family pages asking the question in a heading, it comes first.)"""
    results = search(home, "bring someone")
    family = [r for r in results if r["path"].startswith("/families/")]
    assert family, paths(results, 10)
    assert re.search(r"\bbring (someone|a family member or a friend)\b", family[0]["text"]), family[0]
    assert results.index(family[0]) < 3, paths(results, 10)
