"""The trainers' scenarios (docs/trainers/scenarios.md): every prefilled calculator link
opens a calculator page of the built site, with the inputs the scenario describes.

The links are written as `../calculators/timescales.md?area=…` so mkdocs checks the page
exists (strict build) and rewrites them to the built address, query string kept.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from playwright.sync_api import Page

from .support import CALCULATOR_PAGES, INPUTS

PAGE = "trainers/scenarios/"


def calculator_links(page: Page) -> list[str]:
    page.goto(PAGE)
    hrefs = page.eval_on_selector_all("article a[href*='calculators/'][href*='?']", "els => els.map(a => a.href)")
    return list(dict.fromkeys(hrefs))


def test_scenarios_link_to_prefilled_calculators(page: Page, server):
    links = calculator_links(page)
    assert len(links) >= 5, f"only {len(links)} prefilled calculator links on the scenarios page"
    pages = {server.url(path) for path in CALCULATOR_PAGES.values()}
    for link in links:
        parts = urlsplit(link)
        base = urljoin(link, parts.path)
        assert base in pages, f"{link} is not a calculator page"
        params = parse_qs(parts.query)
        assert params.get("area"), f"{link} names no area"
        unknown = set(params) - set(INPUTS)
        assert not unknown, f"{link} has parameters the calculators do not read: {sorted(unknown)}"
        response = page.request.get(link)
        assert response.ok, f"{link}: HTTP {response.status}"


def test_the_required_scenarios_are_there(page: Page):
    links = calculator_links(page)
    wanted = [
        "calculators/timescales/?area=york&strategy-discussion=2025-12-15",
        "calculators/quorum/?area=warrington&conference-type=initial&child=Amy&child=Ben"
        "&attendee=childrens-social-care&attendee=police&attendee=education:Amy&attendee=health-visitor:Amy",
        "calculators/pre-birth/?area=warrington&conference=2025-03-03&birth=2025-03-20",
        "calculators/quorum/?area=york&conference-type=pre-birth",
    ]
    for end in wanted:
        assert any(end in link for link in links), f"no scenario links to …{end}"
    areas = {parse_qs(urlsplit(link).query)["area"][0] for link in links if "timescales" in link}
    assert {"somerset", "sheffield", "york"} <= areas, "the cross-area scenario needs Somerset, Sheffield and York"
