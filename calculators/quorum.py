"""Quorum: whether a conference is quorate for each child, and what follows if not."""

from __future__ import annotations

from .errors import CalculatorError
from .rules import CONFERENCE_TYPES, load

SOCIAL_CARE = "childrens-social-care"

#: The agencies a form or command line may name. A fixed list, so a typo cannot count
#: as an extra agency. Two attendees from one agency count once.
AGENCIES = {
    SOCIAL_CARE: "Children's social care",
    "police": "Police",
    "education": "School or education setting",
    "health-visitor": "Health visitor",
    "school-nurse": "School nurse",
    "gp": "GP",
    "midwifery": "Midwifery",
    "paediatrics": "Paediatrician",
    "camhs": "CAMHS",
    "early-years": "Early years",
    "housing": "Housing",
    "probation": "Probation",
    "youth-justice": "Youth justice service",
    "adult-mental-health": "Adult mental health services",
    "substance-misuse": "Alcohol and substance misuse services",
    "domestic-abuse-service": "Domestic abuse service",
    "other": "Another agency",
}


#: The verdict in words, by whether the source calls its rule a quorum. Sheffield lists who
#: should attend an initial conference and never uses the word, so its verdict says so.
VERDICTS = {
    True: {True: "Quorate", False: "Not quorate", None: "No quorum rule to check against"},
    False: {True: "Meets the list of who should attend", False: "Short of the list of who should attend",
            None: "No attendance rule to check against"},
}


def parse_attendee(text: str, children: list[str]) -> tuple[str, list[str]]:
    """``police`` or ``education:Amy+Ben`` -> (agency, the children they have had contact with)."""
    agency, sep, names = text.strip().partition(":")
    agency = agency.strip()
    if agency not in AGENCIES:
        raise CalculatorError(
            "attendee", f"Unknown agency “{agency}”. Use one of: {', '.join(AGENCIES)}."
        )
    if not sep:
        return agency, list(children)
    contact = [n.strip() for n in names.split("+") if n.strip()]
    # In a hand-typed link "education:Amy+Ben" arrives as "education:Amy Ben" ("+" is a
    # space in a URL query). Read it as two children only when it names no one child and
    # every word is one of the children.
    if len(contact) == 1 and contact[0] not in children and all(w in children for w in contact[0].split()):
        contact = contact[0].split()
    if not contact:
        raise CalculatorError("attendee", f"“{text}” names no child after the colon.")
    for name in contact:
        if name not in children:
            raise CalculatorError(
                "attendee", f"“{name}” (in “{text}”) is not one of the children listed: {', '.join(children)}."
            )
    return agency, contact


def quorum(*, area: str, conference_type: str, children: list[str], attendees: list[str]) -> dict:
    """The verdict for each child and the conference.

    Children's social care counts for every child when present. Each other agency counts
    for the children it has had direct contact with (every child, unless the attendee
    names some).
    """
    rules = load(area)
    if conference_type not in CONFERENCE_TYPES:
        raise CalculatorError(
            "conference-type", f"Unknown conference type “{conference_type}”. Use one of: {', '.join(CONFERENCE_TYPES)}."
        )
    children = [c.strip() for c in children]
    if not children or not all(children):
        raise CalculatorError("child", "Give the name (or initials) of each child the conference is about.")
    if len(set(children)) != len(children):
        raise CalculatorError("child", "Two children have the same name: tell them apart, for example with initials.")
    contact = {name: set() for name in children}
    social_care = False
    seen: dict[str, set[str]] = {}  # agency -> the children it counts for, however it was written
    for text in attendees:
        agency, names = parse_attendee(text, children)
        seen.setdefault(agency, set()).update(children if agency == SOCIAL_CARE else names)
        if agency == SOCIAL_CARE:
            social_care = True
            continue
        for name in names:
            contact[name].add(agency)

    q = rules.quorum
    cite = rules.cite
    words = VERDICTS[q.called_quorum]
    applies = q.stated and conference_type in q.conference_types
    verdicts = []
    for name in children:
        agencies = sorted(contact[name], key=list(AGENCIES).index)
        missing = []
        if applies:
            if not social_care:
                missing.append("children's social care")
            short = q.other_agencies - len(agencies)
            if short > 0:
                agency_word = "agency" if short == 1 else "agencies"
                missing.append(f"{short} more {agency_word} with direct contact with {name}")
        child_quorate = (not missing) if applies else None
        verdicts.append(
            {
                "name": name,
                "quorate": child_quorate,
                "verdict": words[child_quorate],
                "social_care": social_care,
                "agencies": agencies,
                "agency_labels": [AGENCIES[a] for a in agencies],
                "missing": missing,
            }
        )

    rule = {"stated": q.stated, "called_quorum": q.called_quorum, "text": q.words(), "quote": q.quote, "note": q.note,
            "source": cite(q.at) if q.stated else rules.not_stated(), "other_agencies": q.other_agencies}
    kind = CONFERENCE_TYPES[conference_type].lower()
    if not q.stated:
        quorate = None
        message = f"{rules.name}'s source sets no quorum, so this calculator cannot say whether the conference is quorate. {q.note or ''}".strip()
    elif not applies:
        quorate = None
        message = f"{rules.name}'s source sets its attendance rule for other conferences, not for a {kind}. {q.note or ''}".strip()
    else:
        quorate = all(v["quorate"] for v in verdicts)
        # The verdict itself ("Quorate", "Not quorate": `verdict` below) is the page's and the
        # CLI's heading for this message: the message does not say it again.
        if quorate:
            message = f"Every child has children's social care and at least {q.other_agencies} other agencies with direct contact."
        else:
            short = [v["name"] for v in verdicts if not v["quorate"]]
            if not q.exceptions:
                then = f"{rules.name}'s source does not say what happens then."
            elif q.exceptional:
                then = f"{q.exceptional}, the chair may decide to go ahead: see below."
            else:
                then = "The chair decides whether to go ahead: see below."
            message = f"Something is missing for {', '.join(short)}: see below. {then}"
    return {
        "calculator": "quorum",
        "area": rules.id,
        "area_name": rules.name,
        "conference_type": conference_type,
        "quorate": quorate,
        "verdict": words[quorate],
        "rule": rule,
        "children": verdicts,
        "exceptions": [{"text": e["text"], "quote": e["quote"], "note": e.get("note"), "source": cite(e["at"])} for e in q.exceptions] if quorate is False else [],
        "follow_up": [{"id": f.get("id"), "text": f["text"], "quote": f["quote"], "source": cite(f["at"])} for f in q.follow_up] if quorate is False else [],
        "message": message,
        # What was counted, one per agency in the list's order, as a form or link gives it back.
        "attendees": [agency if seen[agency] == set(children) else f"{agency}:{'+'.join(c for c in children if c in seen[agency])}"
                      for agency in AGENCIES if agency in seen],
    }
