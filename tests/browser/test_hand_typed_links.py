"""Links typed by hand (issue 12, item 3): into a slide, an email, the address bar.

A "+" typed between two children's names arrives as a space; an area may be written as
its name ("City of York") or in any case. The form must show exactly what was worked out,
and sending it again must give the same answer. Expected verdicts and dates come from
tests/cases/*.toml; area names from the rules data.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from calculators.rules import all_areas

from .support import (calculator_root, case_named, case_params, expect_deadlines, follow_link, submit,
                      load_cases)
from .test_quorum import expect_verdict

BOTH = case_named("quorum", "warrington", "Sibling group, both children covered")  # education:Amy+Ben


def typed_query(params: dict[str, list[str]]) -> str:
    """The query a person types: "+" left as it is (a URL reads it as a space)."""
    return "?" + urlencode([(k, v) for k, values in params.items() for v in values]).replace("%2B", "+")


def open_typed(page, path: str, params: dict[str, list[str]]):
    """Reach a page within the site by a link typed with `params` (via the calculators' index)."""
    if not page.url.startswith("http"):
        page.goto("calculators/")
    else:
        follow_link(page, "/calculators/")
    follow_link(page, f"/{path}{typed_query(params)}")


def contact_ticks(root, agency: str) -> dict[str, bool]:
    """For the attendee line of one agency: each child's name -> whether it is ticked."""
    item = root.locator('[data-field="attendee"] [data-repeat-item], [data-field="attendee"] [data-agency]').filter(
        has=root.page.locator(f'option[value="{agency}"]:checked, input[name="attendee"][value="{agency}"]:checked'))
    expect(item).to_have_count(1)
    found = {}
    for box in item.locator("[data-contact-options] input[type=checkbox]").all():
        label = item.locator(f'label[for="{box.get_attribute("id")}"]').inner_text()
        found[label] = box.is_checked()
    return found


def test_a_plus_typed_between_two_children(tab):
    page = tab.page
    params = case_params(BOTH)
    assert any("+" in a for a in params["attendee"]), "the case no longer has an agency for some children"
    open_typed(page, "calculators/quorum/", params)
    root = calculator_root(page, "quorum")
    expect_verdict(root, BOTH)
    # The form shows what was worked out: the agency in contact with both children.
    agency = next(a.split(":")[0] for a in params["attendee"] if "+" in a)
    assert contact_ticks(root, agency) == {"Amy": True, "Ben": True}
    # Sending the form again gives the same answer.
    root.locator("[data-quorate]").evaluate("(verdict) => verdict.remove()")
    submit(root)
    expect_verdict(root, BOTH)


TIMESCALES: dict[str, dict] = {}  # area id -> its first worked case from a strategy discussion alone
for _, case in load_cases("timescales"):
    if "strategy-discussion" in case and "closure" not in case:
        TIMESCALES.setdefault(case["area"], case)
AREAS = [a for a in all_areas() if a.id in TIMESCALES]


@pytest.mark.parametrize("area", AREAS, ids=[a.id for a in AREAS])
def test_an_area_by_its_name(tab, area):
    case = TIMESCALES[area.id]
    params = case_params(case)
    for written in (area.name, area.short.upper()):
        open_typed(tab.page, "calculators/timescales/", {**params, "area": [written]})
        root = calculator_root(tab.page, "timescales")
        expect_deadlines(root, case["expect"])
        expect(root.locator('select[name="area"]')).to_have_value(area.id)


def test_an_area_written_as_words_with_hyphens(tab):
    york = next(a for a in all_areas() if a.id == "york")
    case = TIMESCALES["york"]
    slug = "-".join(york.name.lower().split())  # city-of-york
    open_typed(tab.page, "calculators/timescales/", {**case_params(case), "area": [slug]})
    root = calculator_root(tab.page, "timescales")
    expect_deadlines(root, case["expect"])
    expect(root.locator('select[name="area"]')).to_have_value("york")
    # The form as filled gives the same dates again.
    root.locator(".calc-results").evaluate("(results) => results.replaceChildren()")
    submit(root)
    expect_deadlines(root, case["expect"])
