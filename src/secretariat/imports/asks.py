"""Action items that are also requests the team made of the organisation. Pure functions.

Trackers write what the team asked of ICANN's staff as action items owned by the
organisation: "Provide the SSR2 RT a timeline of the ITHI project…" (owner ICANN Org), "Staff
to provide language used in the past for statement of work…", "Schedule remainder of briefings
related to SSR1" (owner ICANN Org). Each such item stays an action item (someone must do it)
and is also read as a request, so it is on the requests page and, for a briefing, in the
co-chairs' table of outstanding briefings.

An item is read as a request when the organisation or its staff owns it (or its text says
"Staff to …") and it asks them to provide, send or share something, or to schedule briefings.
An item that carries members' questions is not: its questions are recorded as questions.
"""

from __future__ import annotations

import re
from dataclasses import replace

from secretariat.imports.result import ActionItemData, ImportResult, Note, RequestData
from secretariat.imports.text import fold, same_action

# Owners that mean the organisation (as trackers write it), folded.
ORGANISATION = {"icann org", "icann organization", "icann organisation", "icann", "staff"}
_ASK = re.compile(
    r"^(?:(?P<who>staff|icann(?:\s+org(?:ani[sz]ation)?)?)\s+to\s+)?"
    r"(?P<verb>provide|send|share|schedule)\b",
    re.IGNORECASE,
)
# The first keyword found decides the kind; a request matching none is "other".
_KINDS = (
    ("briefing", re.compile(r"\bbriefings?\b|\bpresentations?\b", re.I)),
    ("tool", re.compile(r"\btools?\b|\bsoftware\b|\bplatforms?\b|\bwiki\b", re.I)),
    ("data", re.compile(r"\bdata\b|\bstatistics\b|\bmetrics\b|\bfigures\b", re.I)),
    (
        "document",
        re.compile(
            r"\btimeline\b|\blanguage\b|\btemplates?\b|\bstatement of work\b|\bdocuments?\b"
            r"|\breports?\b|\blists?\b|\barticles?\b|\bpapers?\b|\bslides?\b|\bdrafts?\b",
            re.I,
        ),
    ),
)
_STATUS = {"open": "requested", "in_progress": "in_progress", "done": "delivered"}
# Departments a note may name ("Working with IT for approval…"): the request is addressed there.
_DEPARTMENT = re.compile(r"\b(IT|Legal|OCTO|GSE|Finance|Communications|Procurement)\b")


def kind_of(text: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return "other"


def request_of(item: ActionItemData) -> RequestData | None:
    """The request `item` also is, or None."""
    if item.questions or item.status not in _STATUS:
        return None
    asked = _ASK.match(item.text)
    if asked is None:
        return None
    owners = [o for o in item.owners if fold(o) in ORGANISATION]
    if asked["who"] is None and not owners:
        return None
    kind = kind_of(item.text)
    if asked["verb"].casefold() == "schedule" and kind != "briefing":
        return None  # "Schedule a call with…" is the staff's own errand, not a request
    title = item.text[asked.start("verb") :].rstrip(" .")
    addressed_to = owners[0] if owners else asked["who"]
    return RequestData(
        kind=kind,
        title=title[:1].upper() + title[1:],
        status=_STATUS[item.status],
        notes=tuple(Note(date=n.date, text=n.text) for n in item.notes),
        addressed_to="ICANN Org" if fold(addressed_to) != "staff" else "Staff",
    )


def _addressed(request: RequestData) -> RequestData:
    """A request whose notes name a department is addressed to it, unless it says otherwise."""
    if request.addressed_to:
        return request
    for note in request.notes:
        department = _DEPARTMENT.search(note.text)
        if department is not None:
            return replace(request, addressed_to=department[1])
    return request


def with_item_requests(result: ImportResult) -> ImportResult:
    """`result` with the requests its action items are, beside those it found itself."""
    found = [_addressed(r) for r in result.requests]
    for item in result.action_items:
        request = request_of(item)
        if request is None:
            continue
        for index, known in enumerate(found):
            if known.kind == request.kind and same_action(known.title, request.title):
                found[index] = replace(
                    known, addressed_to=known.addressed_to or request.addressed_to
                )
                break
        else:
            found.append(request)
    if len(found) == len(result.requests) and found == list(result.requests):
        return result
    return replace(result, requests=tuple(found))
