"""MkDocs hook: fill ``<!-- rules:... -->`` placeholders from the calculators' rules data.

The rules live once, in ``calculators/rules/*.toml``; every table, matrix and inline
rule on the site is generated from them here at build time, so no page types a number
again. Placeholders (HTML comments, so an unfilled one is invisible rather than wrong):

    <!-- rules:table AREA -->        every rule of one area, cited
    <!-- rules:matrix -->            every timescale and quorum rule across the five areas
    <!-- rules:timescales -->        timescale rules, a content tab per area
    <!-- rules:quorum -->            quorum rules, a content tab per area
    <!-- rules:prebirth -->          pre-birth review rules, a content tab per area
    <!-- rule AREA RULE-ID -->       one rule inline, in words, with its citation
    <!-- rule AREA RULE-ID plain -->  the same rule in words for families (no citation):
                                     "within 15 working days of the meeting about the worries";
                                     RULE-ID@AT picks one statement of a rule stated twice
    <!-- rule AREA RULE-ID gloss -->  what its days mean: "That is about three weeks, not
                                     counting weekends and bank holidays."
    <!-- fact AREA FACT-ID -->       a number a source gives that is not a deadline ("eight")
    <!-- rules:area-options -->      <option>s for an area <select>
    <!-- rules:agency-options -->    <option>s for an agency <select>
    <!-- rules:conference-type-options -->

A content tab for each area, its label the area's name from the data (so Material's
linked tabs keep the reader's choice across pages) and its content marked
``data-area="york"``, is written as a tab headed ``=== area york`` (indented content as
usual). Consecutive area tabs must give all five areas, in the site's order: no area's
version can go missing.

Family wording, plain rules and facts are wrapped in ``<span class="rule" data-rule=…>``
or ``<span class="fact" data-fact=…>`` so a test can find every number on a family page
and check it against the data.

An unknown placeholder, area or rule id fails the build (like Material's own
shortcodes hook), so a typo cannot ship as an empty cell.
"""

from __future__ import annotations

import re
from html import escape

from calculators.quorum import AGENCIES
from calculators.rules import AREA_IDS, CONFERENCE_TYPES, EVENTS, LABELS, Area, Statement, all_areas, load
from calculators.workdays import DESCRIPTIONS

PLACEHOLDER = re.compile(r"<!--\s*(rules?|fact)([:\s][^>]*?)\s*-->")
AREA_TAB = re.compile(r"^(?P<indent> *)=== area (?P<area>\S+) *$")

# Rows of the comparison matrix, in the order a case runs.
MATRIX_ROWS = (
    "icpc", "transfer-icpc", "reports-icpc", "report-email", "outline-plan", "first-core-group",
    "core-groups", "signed-plan", "core-group-record", "statutory-visits", "conference-record",
    "first-review", "final-core-group", "reports-review", "second-review", "prebirth-review",
)


def on_page_markdown(markdown: str, page, config, files) -> str:
    markdown = area_tab_sets(markdown, page.file.src_uri)
    return PLACEHOLDER.sub(lambda m: _expand(m, page), markdown)


def _expand(match: re.Match, page) -> str:
    kind, args = match.group(1), match.group(2).lstrip(":").split()
    where = f"{page.file.src_uri}: {match.group(0)}"
    if kind == "fact":
        if len(args) != 2:
            raise RuntimeError(f"{where}: write <!-- fact AREA FACT-ID -->")
        return family_fact(_area(args[0], where), args[1], where)
    if kind == "rule":
        if len(args) == 3 and args[2] in ("plain", "gloss"):
            return family_rule(_area(args[0], where), args[1], args[2], where)
        if len(args) != 2:
            raise RuntimeError(f"{where}: write <!-- rule AREA RULE-ID [plain|gloss] -->")
        return inline_rule(_area(args[0], where), args[1], where)
    name, rest = (args[0], args[1:]) if args else ("", [])
    if name == "table" and len(rest) == 1:
        return area_table(_area(rest[0], where))
    if rest:
        raise RuntimeError(f"{where}: unexpected arguments")
    makers = {
        "matrix": matrix,
        "timescales": lambda: tabs(timescale_rows),
        "quorum": lambda: tabs(quorum_rows),
        "prebirth": lambda: tabs(prebirth_rows),
        "area-options": lambda: "".join(f'<option value="{a.id}">{escape(a.name)}</option>' for a in all_areas()),
        "agency-options": lambda: "".join(f'<option value="{k}">{escape(v)}</option>' for k, v in AGENCIES.items()),
        "conference-type-options": lambda: "".join(
            f'<option value="{k}">{escape(v)}</option>' for k, v in CONFERENCE_TYPES.items()
        ),
    }
    if name not in makers:
        raise RuntimeError(f"{where}: unknown placeholder rules:{name}")
    return makers[name]()


def _area(area_id: str, where: str) -> Area:
    if area_id not in AREA_IDS:
        raise RuntimeError(f"{where}: unknown area {area_id!r}; use one of {AREA_IDS}")
    return load(area_id)


# ----------------------------------------------------------------- pieces


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _quote(text: str | None) -> str:
    return f"“{text}”" if text else ""


def citation(area: Area, at: str | None) -> str:
    return area.source.citation(at) if at else f"{area.source.cite_as} (not stated)"


def _flags(statements: tuple[Statement, ...]) -> list[str]:
    flags = []
    if any(s.stated and s.unit == "days" for s in statements):
        flags.append("vague: “days” with no unit")
    stated = [s for s in statements if s.stated]
    if len(stated) > 1 and not all(s.whichever for s in stated):
        flags.append("stated twice")
    if any(s.link == "from" for s in stated):
        flags.append("vague: “from”, not “within”")
    return flags


def _stated_words(area: Area, s: Statement) -> str:
    """A rule in words with its citation; a rule the site reads into a source has the
    source's own words beside it, so a reader can judge the reading."""
    if s.site_reading:
        return f"{s.words()} ({citation(area, s.at)}: “{s.quote}”)"
    return f"{s.words()} ({citation(area, s.at)})"


def inline_rule(area: Area, rule_id: str, where: str) -> str:
    if rule_id == "quorum":
        q = area.quorum
        if not q.stated:
            return f"not stated in {area.name}'s source"
        return f"{q.words()} ({citation(area, q.at)})"
    if rule_id not in LABELS:
        raise RuntimeError(f"{where}: unknown rule id {rule_id!r}")
    statements = area.statements(rule_id)
    stated = [s for s in statements if s.stated]
    if not stated:
        return f"not stated in {area.name}'s source"
    # The limbs of one rule are alternatives ("whichever is sooner", which the page says);
    # a rule stated twice gives both statements.
    joiner = " or " if all(s.whichever for s in stated) else " and "
    return joiner.join(_stated_words(area, s) for s in stated)


def _statement_rows(area: Area, statements) -> list[str]:
    rows = []
    for s in statements:
        flags = "".join(f" <br>**Note:** {f}" for f in _flags((s,)))
        note = f" <br>{s.note}" if s.note else ""
        if s.whichever:
            note = f" <br>One of the rule's two limbs: whichever is {s.whichever}.{note}"
        if s.stated:
            rows.append(
                f"| {s.label} | {s.words()}{flags}{note} | {_cell(_quote(s.quote))} | {citation(area, s.at)} |"
            )
        else:
            rows.append(f"| {s.label} | **Not stated.** {s.note} | | {area.source.cite_as} |")
    return rows


HEAD = "| What | Rule | The source's words | Where |\n|---|---|---|---|"


def timescale_rows(area: Area) -> list[str]:
    return _statement_rows(area, area.timescales + area.schedules)


def prebirth_rows(area: Area) -> list[str]:
    return _statement_rows(area, area.prebirth)


def quorum_rows(area: Area) -> list[str]:
    q = area.quorum
    if not q.stated:
        return [f"| Quorum | **Not stated.** {q.note} | | {area.source.cite_as} |"]
    types = ", ".join(CONFERENCE_TYPES[t].lower() for t in q.conference_types)
    note = f" <br>{q.note}" if q.note else ""
    what = "Quorum" if q.called_quorum else "Who should attend (not called a quorum)"
    rows = [f"| {what} | {q.words()} (applies to: {types}){note} | {_cell(_quote(q.quote))} | {citation(area, q.at)} |"]
    proceed = f"Chair may still proceed, {q.exceptional.lower()}, if" if q.exceptional else "Chair may still proceed if"
    for e in q.exceptions:
        extra = f" <br>**Note:** {e['note']}" if e.get("note") else ""
        rows.append(f"| {proceed} | {e['text']}{extra} | {_cell(_quote(e['quote']))} | {citation(area, e['at'])} |")
    if q.stated and not q.exceptions:
        rows.append(f"| Chair may still proceed if | **Not stated.** The source names no exceptions. | | {area.source.cite_as} |")
    for f in q.follow_up:
        rows.append(f"| If not quorate | {f['text']} | {_cell(_quote(f['quote']))} | {citation(area, f['at'])} |")
    return rows


def _table(rows: list[str]) -> str:
    return "\n".join([HEAD, *rows])


def tabs(make_rows) -> str:
    """A content tab per area, labelled by area name so tabs link across pages."""
    return area_tabs(lambda area: _table(make_rows(area)))


def area_tabs(make_body) -> str:
    """A content tab per area, labelled with the area's name (so Material's linked tabs
    keep a reader's choice across pages), its content marked ``data-area="york"`` so a
    reader's tools and the tests can tell whose rule it is. ``make_body(area)`` gives
    Markdown; it is indented into the tab here."""
    out = []
    for area in all_areas():
        body = make_body(area).strip("\n").replace("\n", "\n    ")
        out.append(f'=== "{area.name}"\n\n    <div class="area-rules" data-area="{area.id}">\n\n'
                   f'    {body}\n\n    </div>\n')
    return "\n".join(out)


def area_table(area: Area) -> str:
    src = area.source
    intro = (
        f"*Source: {escape(src.document)} ({src.publisher}; {src.date}; file `{src.seed}`).*\n\n"
    )
    return intro + _table(timescale_rows(area) + prebirth_rows(area) + quorum_rows(area)) + "\n"


def _matrix_cell(area: Area, rule_id: str) -> tuple[str, tuple | None]:
    statements = area.statements(rule_id)
    if not statements:
        return "—", None
    stated = [s for s in statements if s.stated]
    if not stated:
        return "*Not stated*", None
    parts = [
        f"{s.words()} <br><small>{citation(area, s.at)}{f': “{s.quote}”' if s.site_reading else ''}</small>"
        for s in stated
    ]
    flags = "".join(f" <br>**⚑ {f}**" for f in _flags(tuple(stated)))
    # A rule stated twice with the same numbers (York's first core group) is one rule.
    key = tuple(sorted({(s.amount, s.unit, s.direction, s.start) for s in stated}))
    if all(s.whichever for s in stated) and len(stated) > 1:
        return " <br>or ".join(parts) + f" <br>whichever is {stated[0].whichever}" + flags, key
    return " <br>".join(parts) + flags, key


def matrix() -> str:
    areas = all_areas()
    head = "| Rule | " + " | ".join(a.name for a in areas) + " |\n|---|" + "---|" * len(areas)
    rows = []
    for rule_id in MATRIX_ROWS:
        cells = [_matrix_cell(a, rule_id) for a in areas]
        if all(key is None and text == "—" for text, key in cells):
            continue
        keys = {key for _, key in cells if key is not None}
        label = LABELS[rule_id]
        if len(keys) > 1:
            label += " <br>**⚑ differs between areas**"
        rows.append(f"| {label} | " + " | ".join(_cell(text) for text, _ in cells) + " |")
    quorum_cells, exception_cells, counts = [], [], set()
    for a in areas:
        q = a.quorum
        if not q.stated:
            quorum_cells.append("*Not stated*")
            exception_cells.append("*Not stated*")
            continue
        quorum_cells.append(f"{q.words()} <br><small>{citation(a, q.at)}</small>")
        first = next((e for e in q.exceptions if "agencies" in e), None)
        if first:
            counts.add(first["agencies"])
        only = f"{q.exceptional}: " if q.exceptional and first else ""
        exception_cells.append(
            f"{only}{first['text']} <br><small>{citation(a, first['at'])}</small>" if first else "*None named*"
        )
    rows.append("| Quorum | " + " | ".join(_cell(c) for c in quorum_cells) + " |")
    differs = " <br>**⚑ differs between areas**" if len(counts) > 1 else ""
    rows.append(
        f"| Quorum exception: the child has had contact with too few agencies{differs} | "
        + " | ".join(_cell(c) for c in exception_cells)
        + " |"
    )
    legend = (
        "\n\n**⚑** marks a difference between areas or vague wording. "
        "Counting conventions: " + "; ".join(f"*{v}*" for v in list(DESCRIPTIONS.values())[:3]) + ".\n"
    )
    return f"{head}\n" + "\n".join(rows) + legend


# ----------------------------------------------------------------- for families

#: What each event is called on the family pages.
FAMILY_EVENTS = {
    "strategy-discussion": "the meeting about the worries",
    "conference": "the conference",
    "first-core-group": "the first core group meeting",
    "review": "the review",
    "birth": "the birth",
    "move-notified": "the move",
}
#: The sources' qualifiers in plain words (same meaning).
FAMILY_QUALIFIERS = {
    "at least": "at least",
    "at least once": "at least once",
    "at a minimum once": "at least once",
    "usually not less than": "usually at least",
    "not more than": "no more than",
    "a maximum of": "",
}
WEEK_WORDS = {1: "a week", 2: "two weeks", 3: "three weeks", 4: "four weeks"}


def _family_statements(area: Area, rule_ref: str, where: str) -> list[Statement]:
    rule_id, _, at = rule_ref.partition("@")
    if rule_id not in LABELS:
        raise RuntimeError(f"{where}: unknown rule id {rule_id!r}")
    stated = [s for s in area.statements(rule_id) if s.stated and (not at or s.at == at)]
    if not stated:
        raise RuntimeError(f"{where}: {area.name}'s source does not state {rule_ref}: say so in words instead")
    return stated


def family_words(s: Statement) -> str:
    """One statement in words a nine-year-old can follow; the meaning kept."""
    n = s.amount
    unit = {"working_days": "working day", "days": "day", "months": "month", "weeks": "week", "hours": "hour"}[s.unit]
    amount = f"{n} {unit}{'' if n == 1 else 's'}"
    q = FAMILY_QUALIFIERS[s.qualifier] if s.qualifier else ""
    q = f"{q} " if q else ""
    start = FAMILY_EVENTS[s.start]
    if s.id == "prebirth-review" and s.start == "conference":
        start = "the pre-birth conference"
    if s.link == "within":
        return f"within {q}{amount} of {start}"
    if s.link == "from":
        return f"{q}{amount} from {start}"
    if s.link == "before":
        return f"{q}{amount} before {start}"
    if s.link == "intervals":
        return f"{q}{amount} apart"
    if s.link == "monthly":
        return f"{q}once a month" if n == 1 else f"{q}every {amount}"
    return f"{q}every {amount if n != 1 else unit}"


def family_gloss(area: Area, s: Statement) -> str:
    if s.unit == "working_days":
        if s.amount % 5 == 0 and s.amount // 5 in WEEK_WORDS:
            return f"That is about {WEEK_WORDS[s.amount // 5]}, not counting weekends and bank holidays."
        return "Weekends and bank holidays do not count."
    if s.unit == "days":
        return f"The {area.source.cite_as} does not say if weekends and bank holidays count."
    return ""


def family_quorum(area: Area, where: str) -> str:
    q = area.quorum
    if not q.stated or q.other_agencies is None:
        raise RuntimeError(f"{where}: {area.name}'s source sets no quorum: say so in words instead")
    child = "each child" if "each child" in q.who else "the child"
    return f"children's social care and at least {q.other_agencies} other services that work directly with {child}"


def family_rule(area: Area, rule_ref: str, form: str, where: str) -> str:
    if rule_ref == "quorum" and form == "plain":
        return f'<span class="rule" data-rule="{area.id} quorum">{escape(family_quorum(area, where))}</span>'
    stated = _family_statements(area, rule_ref, where)
    if form == "plain":
        joiner = " or " if all(s.whichever for s in stated) or len(stated) == 1 else " and "
        text = joiner.join(dict.fromkeys(family_words(s) for s in stated))
    else:
        text = " ".join(dict.fromkeys(g for s in stated if (g := family_gloss(area, s))))
        if not text:
            raise RuntimeError(f"{where}: {rule_ref} counts months or weeks: there is nothing to explain")
    return f'<span class="rule" data-rule="{area.id} {rule_ref}">{escape(text)}</span>'


def family_fact(area: Area, fact_id: str, where: str) -> str:
    try:
        fact = area.fact(fact_id)
    except KeyError:
        raise RuntimeError(f"{where}: {area.name}'s data has no fact {fact_id!r}") from None
    return f'<span class="fact" data-fact="{area.id} {fact_id}">{escape(fact.words())}</span>'


def area_tab_sets(markdown: str, src_uri: str) -> str:
    """``=== area york`` -> a content tab labelled "City of York", its content in
    ``<div class="area-version" data-area="york">``. Each run of area tabs gives every
    area, in the site's order."""
    lines = markdown.split("\n")
    out: list[str] = []
    run: list[str] = []
    i = 0

    def close_run() -> None:
        if run and tuple(run) != AREA_IDS:
            raise RuntimeError(f"{src_uri}: area tabs give {', '.join(run)}; give all of {', '.join(AREA_IDS)}, in that order")
        run.clear()

    while i < len(lines):
        match = AREA_TAB.match(lines[i])
        if not match:
            if lines[i].strip() and not lines[i].startswith(" ") and run:
                close_run()
            out.append(lines[i])
            i += 1
            continue
        indent, area_id = match.group("indent"), match.group("area")
        if area_id not in AREA_IDS:
            raise RuntimeError(f"{src_uri}: === area {area_id}: unknown area; use one of {AREA_IDS}")
        run.append(area_id)
        body_indent = indent + "    "
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or lines[j].startswith(body_indent)):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1
        out += [f'{indent}=== "{load(area_id).name}"', "",
                f'{body_indent}<div class="area-version" data-area="{area_id}">', ""]
        body = lines[i + 1:j]
        while body and not body[0].strip():
            body.pop(0)
        out += body
        out += ["", f"{body_indent}</div>"]
        i = j
    close_run()
    return "\n".join(out)


# Events are worded the same everywhere; kept here for pages that want to list them.
__all__ = ["on_page_markdown", "EVENTS"]
