"""The hook that fills the calculator forms' lists: from the calculators' data; unknown ones fail."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from calculators.quorum import AGENCIES, SOCIAL_CARE

HOOK = Path(__file__).resolve().parents[1] / "overrides" / "hooks" / "calc_forms.py"
spec = importlib.util.spec_from_file_location("calc_forms", HOOK)
hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hook)
PAGE = SimpleNamespace(file=SimpleNamespace(src_uri="test.md"))


def test_one_tick_box_per_agency_named_as_links_name_it():
    out = hook.on_page_markdown("<ul>\n<!-- form:agency-checkboxes -->\n</ul>", PAGE, None, None)
    assert re.findall(r'name="attendee" value="([^"]+)"', out) == list(AGENCIES)
    for agency, label in AGENCIES.items():
        assert f'<label for="quorum-attendee-{agency}">{label.replace(chr(39), "&#x27;")}</label>' in out
    # Children's social care counts for every child: no children's tick boxes under it.
    assert out.count("data-contact ") == len(AGENCIES) - 1
    assert f'data-agency="{SOCIAL_CARE}"><div class="calc-check">' in out and "<!--" not in out


def test_an_unknown_placeholder_fails_the_build():
    with pytest.raises(RuntimeError, match="form:agency-list"):
        hook.on_page_markdown("<!-- form:agency-list -->", PAGE, None, None)
