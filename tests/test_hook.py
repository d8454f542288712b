"""The build hook that fills rules placeholders: values come from the data, unknown ones fail."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

from calculators.rules import load

HOOK = Path(__file__).resolve().parents[1] / "overrides" / "hooks" / "rules_tables.py"
spec = importlib.util.spec_from_file_location("rules_tables", HOOK)
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)
PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="test.md"))


def render(markdown: str) -> str:
    return hook.on_page_markdown(markdown, PAGE, None, None)


def test_inline_rule_is_written_from_the_data():
    york = load("york").statements("icpc")[0]
    out = render("Held <!-- rule york icpc -->.")
    assert f"within {york.amount} working days of the strategy discussion" in out
    assert "York procedure, para 2.16" in out and "<!--" not in out


def test_unstated_rule_says_so():
    assert render("<!-- rule somerset icpc -->") == "not stated in Somerset's source"


def test_matrix_flags_differences_and_vague_wording():
    out = render("<!-- rules:matrix -->")
    assert out.count("\n| ") >= 15
    assert "differs between areas" in out and "vague" in out
    for area in ("Sheffield", "Warrington", "Staffordshire and Stoke-on-Trent", "Somerset", "City of York"):
        assert area in out.splitlines()[0]


def test_tabs_use_area_names_as_labels():
    out = render("<!-- rules:timescales -->")
    assert '=== "City of York"' in out and '=== "Somerset"' in out


def test_options_come_from_the_data():
    out = render("<select><!-- rules:area-options --></select>")
    assert '<option value="staffs-stoke">Staffordshire and Stoke-on-Trent</option>' in out


@pytest.mark.parametrize("bad", ["<!-- rules:nonsense -->", "<!-- rule york nonsense -->", "<!-- rule leeds icpc -->",
                                 "<!-- rules:table -->"])
def test_unknown_placeholders_fail_the_build(bad):
    with pytest.raises(RuntimeError):
        render(bad)


def test_other_comments_are_left_alone():
    assert render("<!-- a note for editors -->") == "<!-- a note for editors -->"


def test_a_site_reading_is_marked_with_the_sources_words_beside_it():
    statement = load("warrington").statements("reports-review")[0]
    out = render("<!-- rule warrington reports-review -->")
    assert "the site's reading" in out and f"“{statement.quote}”" in out


def test_summaries_keep_the_sources_qualifiers():
    assert render("<!-- rule warrington first-core-group -->").startswith("10 working days from the initial conference")
    assert render("<!-- rule warrington core-groups -->").startswith("usually not less than monthly")
    assert render("<!-- rule somerset core-groups -->").startswith("every 4 weeks")  # no "at least"
    assert render("<!-- rule york final-core-group -->").startswith("10 working days before")
    assert render("<!-- rule sheffield second-review -->").startswith("6 monthly")
    assert "best practice" in render("<!-- rule staffs-stoke reports-icpc -->")


def test_summaries_quote_what_weakens_a_rule_and_when_the_chair_may_proceed():
    """Staffs and Stoke still accept reports on the day; Warrington's chair may go ahead
    without a quorum only "In exceptional circumstances": the matrix and the tables say so."""
    row = _matrix_row("Agency reports for the initial conference")
    assert "in most circumstances, be accepted on the day" in row
    assert "In exceptional circumstances: " in _matrix_row("Quorum exception")
    assert "| Chair may still proceed, in exceptional circumstances, if |" in render("<!-- rules:table warrington -->")
    assert "exceptional" not in render("<!-- rules:table york -->")


def test_matrix_and_tables_say_when_the_source_does_not_call_it_a_quorum():
    assert "does not call this a quorum" in render("<!-- rules:matrix -->")
    out = render("<!-- rules:table sheffield -->")
    assert "| Who should attend (not called a quorum) |" in out and "| Quorum |" not in out


def test_each_areas_tab_is_marked_with_the_area():
    out = render("<!-- rules:timescales -->")
    for area in ("sheffield", "warrington", "staffs-stoke", "somerset", "york"):
        assert out.count(f'data-area="{area}"') == 1


def _matrix_row(label: str) -> str:
    return next(line for line in render("<!-- rules:matrix -->").splitlines() if line.startswith(f"| {label}"))


def test_a_rule_stated_twice_with_the_same_numbers_does_not_differ():
    """York gives its first core group in 3.10 and appendix 3: the same 10 working days as the others."""
    row = _matrix_row("First core group meeting")
    assert "differs between areas" not in row and "stated twice" in row
    assert "vague: “from”, not “within”" in row  # Warrington's wording, flagged as wording


def test_a_rule_with_two_limbs_is_one_rule_not_stated_twice():
    row = _matrix_row("Review conference after a pre-birth conference")
    assert "whichever is sooner" in row and "stated twice" not in row
    assert " or " in render("<!-- rule warrington prebirth-review -->")


# ------------------------------------------------------------------ family wording, facts, area tabs


def test_family_wording_comes_from_the_data():
    out = render("<!-- rule york icpc plain --> <!-- rule york icpc gloss -->")
    assert '<span class="rule" data-rule="york icpc">within 15 working days of the meeting about the worries</span>' in out
    assert "That is about three weeks, not counting weekends and bank holidays." in out
    assert ">10 working days from the conference<" in render("<!-- rule warrington first-core-group plain -->")
    assert ">usually at least once a month<" in render("<!-- rule warrington core-groups plain -->")
    assert ">every 4 weeks<" in render("<!-- rule somerset core-groups plain -->")
    assert ">every 6 months<" in render("<!-- rule sheffield second-review plain -->")
    assert "does not say if weekends and bank holidays count" in render("<!-- rule warrington icpc gloss -->")
    assert ">at least 3 working days before the conference<" in render("<!-- rule york reports-icpc@1.7 plain -->")
    assert "each child" in render("<!-- rule warrington quorum plain -->")
    assert "the child" in render("<!-- rule york quorum plain -->")


def test_a_fact_comes_from_the_data():
    assert render("<!-- fact somerset attend-age -->") == '<span class="fact" data-fact="somerset attend-age">eight</span>'
    assert ">two hours<" in render("<!-- fact somerset meeting-length -->")


@pytest.mark.parametrize("bad", ["<!-- rule somerset icpc plain -->", "<!-- rule york first-review gloss -->",
                                 "<!-- fact york nonsense -->", "<!-- rule somerset quorum plain -->",
                                 "<!-- rule york reports-icpc@9.9 plain -->"])
def test_family_placeholders_for_what_a_source_does_not_say_fail(bad):
    with pytest.raises(RuntimeError):
        render(bad)


AREA_TABS = "".join(f"=== area {a}\n\n    {a} words.\n\n" for a in ("sheffield", "warrington", "staffs-stoke", "somerset", "york"))


def test_area_tabs_take_their_labels_from_the_data_and_mark_their_area():
    out = render("Intro.\n\n" + AREA_TABS + "After.\n")
    assert '=== "City of York"' in out and '=== "Staffordshire and Stoke-on-Trent"' in out
    assert '    <div class="area-version" data-area="york">\n\n    york words.\n\n    </div>' in out
    assert out.endswith("After.\n")


@pytest.mark.parametrize("tabs", [
    AREA_TABS.replace("=== area somerset\n\n    somerset words.\n\n", ""),          # an area left out
    AREA_TABS.replace("=== area york", "=== area leeds"),                          # an unknown area
    AREA_TABS.replace("sheffield", "TMP").replace("warrington", "sheffield").replace("TMP", "warrington"),  # order
])
def test_area_tabs_must_give_every_area_in_order(tabs):
    with pytest.raises(RuntimeError):
        render(tabs)
