"""MkDocs hook: the parts of the calculator forms that are lists from the calculators' data.

    <!-- form:agency-checkboxes -->    one tick box per agency the quorum checker knows

The quorum form's "Who is attending" is one tick box per agency (one tap each), built
here from ``calculators.quorum.AGENCIES`` so the list is never typed into a page. Each
agency but children's social care (which counts for every child when there) carries an
empty "direct contact with" group that overrides/assets/js/quorum.mjs fills with the
children's names. An unknown placeholder fails the build.
"""

from __future__ import annotations

import re
from html import escape

from calculators.quorum import AGENCIES, SOCIAL_CARE

PLACEHOLDER = re.compile(r"<!--\s*form:(?P<name>[\w-]+)\s*-->")


def on_page_markdown(markdown: str, page, config, files) -> str:
    return PLACEHOLDER.sub(lambda m: _expand(m, page), markdown)


def _expand(match: re.Match, page) -> str:
    makers = {"agency-checkboxes": agency_checkboxes}
    name = match["name"]
    if name not in makers:
        raise RuntimeError(f"{page.file.src_uri}: unknown placeholder form:{name}")
    return makers[name]()


def agency_checkboxes() -> str:
    """An <li> per agency: its tick box (name="attendee", so the form's own submission is a
    working link), then, for agencies that count child by child, the children's tick boxes."""
    items = []
    for agency, label in AGENCIES.items():
        box = f"quorum-attendee-{agency}"
        contact = "" if agency == SOCIAL_CARE else (
            f'<fieldset class="calc-contact" data-contact hidden>'
            f'<legend><span class="visually-hidden">{escape(label)}: </span>in direct contact with</legend>'
            f'<div class="calc-contact__options" data-contact-options></div>'
            f'</fieldset>'
        )
        items.append(
            f'<li class="calc-agency" data-agency="{agency}">'
            f'<div class="calc-check"><input type="checkbox" id="{box}" name="attendee" value="{agency}">'
            f'<label for="{box}">{escape(label)}</label></div>{contact}</li>'
        )
    return "\n".join(items)
