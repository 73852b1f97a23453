"""Owner names as documents write them, one per owner; no roster here (see resolve.py).

- an owner cell: "Co-Chairs, James Gannon, Boban Krsic" → three owners;
- an action written as a sentence: "Staff to provide …", "KC to help …", "Denise to hold the
  pen" → the owner is the subject at the start ("Staff", "KC", "Denise").
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"\s*(?:,|;|\n|\s&\s|\s+and\s+|(?<=[a-z])/(?=[A-Z]))\s*")
_NOT_OWNERS = {"", "n/a", "na", "tbd", "tbc", "-", "\u2014", "\u2013", "none", "?"}

# Lower-case words an owner phrase may contain ("ICANN org", "Review team members").
_OWNER_WORDS = {
    "org",
    "organization",
    "team",
    "teams",
    "members",
    "member",
    "staff",
    "secretariat",
    "leadership",
    "chairs",
    "co-chairs",
    "and",
    "review",
    "rt",
    "the",
    "group",
    "subgroup",
    "subgroups",
    "penholders",
    "penholder",
    "writer",
    "technical",
    "of",
    "all",
    "legal",
    "it",
    "rapporteur",
    "rapporteurs",
    "lead",
    "leads",
    "liaison",
    "liaisons",
    "volunteers",
}
_GROUP_WORDS = {"team", "members", "member", "staff", "org", "group", "chairs", "leadership"}
# Words that start an order, not a name ("Send Co-Chairs table …", "Move outreach template to …").
_VERBS = {
    "add",
    "arrange",
    "ask",
    "check",
    "circulate",
    "complete",
    "confirm",
    "consolidate",
    "continue",
    "create",
    "discuss",
    "distribute",
    "draft",
    "explore",
    "finalize",
    "finalise",
    "follow",
    "invite",
    "look",
    "move",
    "post",
    "prepare",
    "provide",
    "reach",
    "research",
    "review",
    "revise",
    "schedule",
    "send",
    "set",
    "share",
    "submit",
    "update",
    "upload",
    "write",
}
_SUBJECT = re.compile(r"^\s*(?P<who>[^.:;()]{1,60}?)\s+to\s+(?!be\b)(?=[a-z])")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_DEADLINE_FIRST = re.compile(
    r"^\s*by\s+(?P<when>[^-\u2013\u2014:]{2,40}?(?:\s*[-\u2013\u2014]\s*\d{1,2}:\d{2}\s*(?:UTC|GMT)?)?)\s*[-\u2013\u2014:]\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def split_owners(cell: str | None) -> list[str]:
    """One name per owner, in the cell's order, without repeats."""
    names: list[str] = []
    for part in _SEPARATORS.split(cell or ""):
        name = " ".join(part.split()).strip(" .")
        if name.casefold() in _NOT_OWNERS:
            continue
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _looks_like_owner(who: str) -> bool:
    words = who.replace("/", " / ").split()
    if not 1 <= len(words) <= 5:
        return False
    lowered = [w.casefold() for w in words]
    if lowered[0] in _VERBS and not (set(lowered[1:]) & _GROUP_WORDS):
        return False
    for word in words:
        if word == "/" or word.casefold() in _OWNER_WORDS:
            continue
        if not word[0].isupper():
            return False
    return True


def subject_owner(sentence: str) -> list[str]:
    """The owners an "X to do Y" sentence starts with, or [] when it does not start so."""
    match = _SUBJECT.match(sentence)
    if match is None or not _looks_like_owner(match["who"]):
        return []
    return split_owners(match["who"])


def owners_from_text(text: str) -> list[str]:
    """Owners named at the start of an action's sentences ("Review team members to send …
    Denise to hold the pen …" → both)."""
    owners: list[str] = []
    for sentence in _SENTENCE.split(strip_leading_deadline(text)[1]):
        for name in subject_owner(sentence):
            if name.casefold() not in {o.casefold() for o in owners}:
                owners.append(name)
    return owners


def strip_leading_deadline(text: str) -> tuple[str | None, str]:
    """("Aug 14 - 23:59 UTC", "Review Team Members to read …") from
    "By Aug 14 - 23:59 UTC - Review Team Members to read …"."""
    match = _DEADLINE_FIRST.match(text)
    if match is None:
        return None, text
    return match["when"].strip(), match["rest"].strip()
