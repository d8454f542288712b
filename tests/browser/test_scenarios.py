"""The trainers' scenarios (docs/trainers/scenarios.md): every prefilled calculator link
opens a calculator page of the built site, with the inputs the scenario describes.

The links are written as `../calculators/timescales.md?area=…` so mkdocs checks the page
exists (strict build) and rewrites them to the built address, query string kept.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

from playwright.sync_api import Page, expect

from .support import CALCULATOR_PAGES, INPUTS, calculator_root, follow_link

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


#: What a result shows, read the same way from the live calculator and from the built
#: "Answers for the trainer" box: each deadline's status and date (its first <time>),
#: each repeating meeting's dates, the quorum verdict and each child's.
READ_RESULT = """root => ({
    quorate: (root.querySelector("[data-quorate]") || {dataset: {}}).dataset.quorate || null,
    deadlines: Object.fromEntries([...root.querySelectorAll("[data-deadline]")].map(d => [d.dataset.deadline,
        {status: d.dataset.status, date: d.querySelector("time") ? d.querySelector("time").getAttribute("datetime") : null}])),
    schedules: Object.fromEntries([...root.querySelectorAll("[data-schedule]")].map(s => [s.dataset.schedule,
        [...s.querySelectorAll("time")].map(t => t.getAttribute("datetime"))])),
    children: Object.fromEntries([...root.querySelectorAll("[data-child]")].map(c => [c.dataset.child, c.dataset.childQuorate])),
})"""
PAGE_NAMES = {"timescales": "timescales", "quorum": "quorum", "pre-birth": "prebirth"}


def _same_link(answer_link: str, href: str) -> bool:
    calculator, _, query = answer_link.partition("?")
    parts = urlsplit(href)
    page_name = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return PAGE_NAMES.get(page_name) == calculator and parse_qs(parts.query) == parse_qs(query)


def test_each_answer_is_what_the_live_calculator_shows(tab):
    """Issue 12, item 11: open each scenario link and compare its live result with the
    answers the build wrote for the same link."""
    page = tab.page
    page.goto(PAGE)
    links = calculator_links(page)
    cases = page.eval_on_selector_all(
        "[data-answers] [data-example][data-calculator]",
        f"els => els.map(el => ({{link: el.dataset.example, calculator: el.dataset.calculator, built: ({READ_RESULT})(el)}}))")
    assert len(cases) >= 13, f"only {len(cases)} answered links on the scenarios page"
    closed = page.eval_on_selector_all("details[data-answers]", "els => els.map(d => d.open)")
    assert closed and not any(closed), "the answers must start closed"
    for case in cases:
        hrefs = [href for href in links if _same_link(case["link"], href)]
        assert hrefs, f"no link on the page for the answers to {case['link']}"
        follow_link(page, urlsplit(hrefs[0]).path + "?" + urlsplit(hrefs[0]).query)
        root = calculator_root(page, case["calculator"])
        expect(root.locator("[data-deadline], [data-quorate]").first).to_be_visible()
        live = root.evaluate(READ_RESULT)
        assert live == case["built"], f"{case['link']}: the live calculator and the built answers differ"
        follow_link(page, "/" + PAGE)

