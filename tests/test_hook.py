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
