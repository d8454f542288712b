"""The family pages, as built: every number on them comes from the rules data or from a
build-time example, and each area's version is there and marked with the area.

A number typed into a family page could drift from the rules (or be another area's).
So, reading the built pages (site/families/), every number a reader sees outside the
cited references must sit inside markup the build wrote from a known source:
``data-rule`` (a rule in family words, from calculators/rules/*.toml), ``data-fact`` (a
cited number that is not a deadline, from the same files) or ``data-example`` (a date
the calculators worked out). And each of those is checked, not trusted: a rule's numbers
against the rule's data, a fact against its data, an example's date against a fresh run
of the calculators.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from datetime import date

from conftest import built_family_page

from calculators.api import calculate
from calculators.workdays import format_date
from calculators.rules import AREA_IDS, NUMBER_WORDS, all_areas, load

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(os.environ.get("BROWSER_TEST_SITE", ROOT / "site")).resolve()
FAMILIES = ROOT / "docs" / "families"
PAGES = sorted(FAMILIES.glob("*.md"))

NUMBER_WORD = "|".join(w for w in NUMBER_WORDS if w != "zero") + "|thirty|forty|fifty|sixty|hundred"
UNIT = r"(?:working\s+)?(?:days?|weeks?|months?|years?|hours?|minutes?)"
#: A number a reader would take as a rule: any digit, or a number word next to a unit of
#: time or an age ("three weeks", "over eight", "aged four", "a year"-style words excluded).
NUMBER = re.compile(
    rf"\d+|\b(?:{NUMBER_WORD})\s+{UNIT}\b|\b(?:over|under|aged|age of)\s+(?:{NUMBER_WORD})\b", re.I)
GENERATED = ("data-rule", "data-fact", "data-example")
SKIPPED_CLASSES = {"headerlink", "tabbed-labels"}


class _Page(HTMLParser):
    """The article's text outside generated markup and citations, and the generated markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = False
        self.stack: list[tuple] = []  # (tag, role, classes, data-area); role: generated|skip|None
        self.typed: list[str] = []
        self.generated: list[dict] = []
        self.tab_labels: list[list[str]] = []
        self.area_blocks: dict[str, list[str]] = {}
        self._label = False
        self._area: list[str] = []
        self._source_box = False

    def _role(self) -> str | None:
        for _, role, _, _ in reversed(self.stack):
            if role:
                return role
        return None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.in_article = True
        if not self.in_article or tag in ("br", "img", "input", "hr", "wbr"):
            return
        classes = set((a.get("class") or "").split())
        role = None
        if any(k in a for k in GENERATED):
            role = "generated"
            self.generated.append({**{k: a[k] for k in GENERATED + ("data-example-field",) if k in a}, "text": "",
                                   "area": self._area[-1] if self._area else None})
        elif classes & SKIPPED_CLASSES or (tag == "small" and "source" in classes):
            role = "skip"
        if tag == "time" and self._role() == "generated":
            self.generated[-1]["datetime"] = a.get("datetime")
        if "tabbed-labels" in classes:
            self.tab_labels.append([])
        if tag == "label" and self.tab_labels and self._inside("tabbed-labels"):
            self._label = True
        if "data-area" in a:
            self._area.append(a["data-area"])
            self.area_blocks.setdefault(a["data-area"], [])
        self.stack.append((tag, role, classes, a.get("data-area")))

    def _inside(self, cls: str) -> bool:
        return any(cls in c for _, _, c, _ in self.stack)

    def handle_endtag(self, tag):
        if not self.in_article or tag in ("br", "img", "input", "hr", "wbr"):
            return
        if tag == "article":
            self.in_article = False
            return
        while self.stack:
            open_tag, _, _, area = self.stack.pop()
            if area:
                self._area.pop()
            if open_tag == tag:
                break
        if tag == "label":
            self._label = False

    def handle_data(self, data):
        if not self.in_article:
            return
        if self._label:
            self.tab_labels[-1].append(data.strip())
            return
        if data.strip() == "Where this comes from":
            # Skip the sources box: mark its admonition div.
            for i in range(len(self.stack) - 1, -1, -1):
                tag, role, classes, area = self.stack[i]
                if "admonition" in classes:
                    self.stack[i] = (tag, "skip", classes, area)
                    break
            return
        role = self._role()
        if role == "skip":
            return
        if self._area:
            self.area_blocks[self._area[-1]].append(data)
        if role == "generated":
            self.generated[-1]["text"] += data
        else:
            self.typed.append(data)


def built(page: Path) -> _Page:
    path = built_family_page(page, SITE)
    parsed = _Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_number_is_typed_into_a_family_page(page):
    parsed = built(page)
    text = re.sub(r"\s+", " ", " ".join(parsed.typed))
    typed = [text[max(0, m.start() - 40): m.end() + 20] for m in NUMBER.finditer(text)]
    assert not typed, (f"{page.name}: numbers typed into the page, not from the rules data or an example: {typed}. "
                       "Use <!-- rule AREA ID plain -->, <!-- fact AREA ID --> or <!-- example ... -->.")


def _numbers(text: str) -> set[int]:
    found = {int(n) for n in re.findall(r"\d+", text)}
    words = {w: i for i, w in enumerate(NUMBER_WORDS)}
    found |= {words[w] for w in re.findall(r"[a-z]+", text.lower()) if w in words}
    return found


WEEKS = {"a week": 1, "two weeks": 2, "three weeks": 3, "four weeks": 4}


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_generated_number_is_the_datas_or_the_calculators(page):
    for item in built(page).generated:
        text = item["text"]
        if "data-rule" in item:
            area_id, ref = item["data-rule"].split()
            area = load(area_id)
            if ref == "quorum":
                allowed = {area.quorum.other_agencies}
            else:
                rule_id, _, at = ref.partition("@")
                stated = [s for s in area.statements(rule_id) if s.stated and (not at or s.at == at)]
                assert stated, f"{page.name}: {ref} is not stated for {area_id}"
                allowed = {s.amount for s in stated}
                # The gloss turns working days into weeks: "about three weeks" for 15.
                allowed |= {s.amount // 5 for s in stated if s.unit == "working_days" and s.amount % 5 == 0}
            numbers = _numbers(re.sub("|".join(WEEKS), lambda m: str(WEEKS[m.group(0)]), text))
            assert numbers <= allowed, f"{page.name}: {item['data-rule']} says {text!r}; the data gives {allowed}"
        elif "data-fact" in item:
            area_id, fact_id = item["data-fact"].split()
            assert text == load(area_id).fact(fact_id).words(), f"{page.name}: {item['data-fact']} says {text!r}"
        else:
            link, field = item["data-example"], item["data-example-field"]
            calculator, _, query = link.partition("?")
            params = parse_qs(query)
            iso = re.search(r"\d{4}-\d{2}-\d{2}", item.get("datetime", "") or "")
            shown = re.sub(r"\s+", " ", text).strip()
            if field.startswith("="):
                expected = params[field[1:]][0]
            else:
                result = calculate(calculator, params)
                deadline_id, _, reading = field.partition("@")
                if "." in field:
                    schedule_id, _, n = field.partition(".")
                    expected = next(s for s in result["schedules"] if s["id"] == schedule_id)["dates"][int(n) - 1]
                else:
                    deadline = next(d for d in result["deadlines"] if d["id"] == deadline_id)
                    if reading:
                        kind = "CALENDAR" if reading == "calendar" else "WORK"
                        expected = next(r["date"] for r in deadline["readings"] if kind in r["convention"])
                    else:
                        expected = deadline["date"]
            assert shown == format_date(date.fromisoformat(expected)), f"{page.name}: {link} {field} shows {shown!r}"
            assert iso is None or iso.group(0) == expected


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_worked_date_that_rests_on_the_sites_reading_says_so(page):
    """Sheffield's reviews are "6 monthly": a date "by" which the next is due is the
    site's reading of that (the data's ``site_reading``), and a parent must be told so in
    that area's version, not shown the date as if the guidance set it."""
    parsed = built(page)
    for item in parsed.generated:
        if "data-example" not in item or item["data-example-field"].startswith("="):
            continue
        area_id = parse_qs(item["data-example"].partition("?")[2])["area"][0]
        rule_id = re.split(r"[@.]", item["data-example-field"])[0]
        if not any(s.stated and s.site_reading for s in load(area_id).statements(rule_id)):
            continue
        words = " ".join(parsed.area_blocks.get(item["area"], []) if item["area"] else parsed.typed)
        assert "this site" in words.lower(), (
            f"{page.name}: the {area_id} {rule_id} date is the site's reading of the rule, but "
            f"the {item['area'] or 'page'} text never says so (\"This site ...\")")


def test_the_dates_page_gives_every_areas_dates_or_says_it_does_not():
    """For each area: the conference, the reports, the first core group and how often, the
    first review and how often, the pre-birth review; a rule its document sets is there
    with its words and an example date, a rule it does not set is said to be missing."""
    page = FAMILIES / "when-will-it-be.md"
    parsed = built(page)
    rules = {item["data-rule"] for item in parsed.generated if "data-rule" in item}
    examples = {(item["data-example"].split("area=")[1].split("&")[0], item["data-example-field"])
                for item in parsed.generated if "data-example" in item}
    for area in all_areas():
        words = " ".join(parsed.area_blocks.get(area.id, []))
        assert words, f"{area.id}: no version of the dates page marked data-area={area.id!r}"
        for rule_id in ("icpc", "first-core-group", "core-groups", "first-review", "second-review", "prebirth-review"):
            stated = any(s.stated for s in area.statements(rule_id))
            if stated:
                assert f"{area.id} {rule_id}" in rules, f"{area.id}: {rule_id} is stated but not shown"
                field = {"core-groups": "core-groups.1"}.get(rule_id, rule_id)
                assert any(a == area.id and f.split("@")[0] == field for a, f in examples), (
                    f"{area.id}: no worked example for {rule_id}")
            else:
                assert "does not say" in words or "does not talk about" in words, f"{area.id}: {rule_id} missing silently"
        assert "reports" in words.lower()


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_area_tabs_are_labelled_with_the_areas_names_and_complete(page):
    parsed = built(page)
    names = [a.name for a in all_areas()]
    for labels in parsed.tab_labels:
        assert labels == names, f"{page.name}: a tab set labelled {labels}, not the five areas {names}"
    if parsed.tab_labels:
        assert set(parsed.area_blocks) == set(AREA_IDS), f"{page.name}: versions for {sorted(parsed.area_blocks)} only"
