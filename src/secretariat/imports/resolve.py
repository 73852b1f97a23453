"""Owner and attendee names, as documents write them, matched to a team's roster.

A name matches a group (or a usual synonym of one: "ICANN org" for "ICANN Org", "Review team
members" for the review team's group), then a person by full name, initials, e-mail, unique
first name, and last by a close spelling ("Russ Housely" → Russ Housley), all without regard
to case or accents. Anything else is proposed as new: a group when it reads like one ("Subgroup
rapporteurs"), a person otherwise. Nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from secretariat.imports.text import fold
from secretariat.teams.models import Group, Person, Team

_FUZZY = 88
_GROUP_WORDS = {
    "staff",
    "org",
    "organization",
    "team",
    "members",
    "chairs",
    "co",
    "rt",
    "secretariat",
    "penholders",
    "rapporteurs",
    "leadership",
    "legal",
    "subgroup",
    "subgroups",
    "leads",
    "volunteers",
}
# Names that mean the same group.
_SYNONYMS = (
    {"staff", "icann staff", "mssi secretariat", "secretariat", "support staff"},
    {"icann org", "icann organization", "icann", "org"},
    {"review team", "review team members", "team members", "rt", "the team", "team", "rt members"},
    {"co chairs", "cochairs", "chairs", "leadership"},
)


@dataclass(frozen=True)
class Resolution:
    name: str
    kind: str  # person, group, new-person, new-group, ambiguous
    match: str | None = None
    how: str = ""
    record: Person | Group | None = None

    def describe(self) -> str:
        if self.kind in ("person", "group"):
            return f"{self.name} → {self.kind} {self.match} ({self.how})"
        if self.kind == "ambiguous":
            return f"{self.name} → ambiguous: {self.match}"
        return f"{self.name} → {self.kind.replace('-', ' ')}"

    def to_json(self) -> dict[str, str | None]:
        return {"name": self.name, "kind": self.kind, "match": self.match, "how": self.how or None}


def looks_like_group(name: str) -> bool:
    words = set(fold(name).replace("-", " ").split())
    return bool(words & _GROUP_WORDS) or name.upper().endswith("-RT")


class Roster:
    def __init__(self, people: list[Person], groups: list[Group], slug: str = "") -> None:
        self.people = people
        self.groups = groups
        self.slug = slug
        self._cache: dict[str, Resolution] = {}

    @classmethod
    def for_team(cls, team: Team | None) -> Roster:
        if team is None:
            return cls([], [])
        people = list(Person.objects.filter(memberships__team=team).distinct().order_by("name"))
        groups = list(Group.objects.filter(team=team).order_by("name"))
        return cls(people, groups, team.slug)

    def add(self, record: Person | Group) -> None:
        (self.people if isinstance(record, Person) else self.groups).append(record)  # type: ignore[arg-type]
        self._cache.clear()

    def _synonyms(self, key: str) -> set[str]:
        for names in _SYNONYMS:
            if key in names:
                extra = {f"{fold(self.slug)} rt"} if "review team" in names and self.slug else set()
                return names | extra
        if self.slug and key == f"{fold(self.slug)} rt":
            return _SYNONYMS[2] | {key}
        return {key}

    def resolve(self, name: str) -> Resolution:
        if name not in self._cache:
            self._cache[name] = self._resolve(name)
        return self._cache[name]

    def _resolve(self, name: str) -> Resolution:
        key = fold(name)
        for group in self.groups:
            if fold(group.name) == key:
                return Resolution(name, "group", group.name, "name", group)
        wanted = self._synonyms(key)
        for group in self.groups:
            if fold(group.name) in wanted:
                return Resolution(name, "group", group.name, "synonym", group)

        def unique(found: list[Person], how: str) -> Resolution | None:
            if len(found) == 1:
                return Resolution(name, "person", found[0].name, how, found[0])
            if len(found) > 1:
                return Resolution(name, "ambiguous", ", ".join(p.name for p in found), how)
            return None

        checks = (
            ([p for p in self.people if fold(p.name) == key], "name"),
            (
                [
                    p
                    for p in self.people
                    if p.initials and p.initials.upper() == name.strip().upper()
                ],
                "initials",
            ),
            (
                [
                    p
                    for p in self.people
                    if p.email and p.email.casefold() == name.strip().casefold()
                ],
                "e-mail",
            ),
            (
                [p for p in self.people if " " not in key and fold(p.name).split()[:1] == [key]],
                "first name",
            ),
        )
        for found, how in checks:
            result = unique(found, how)
            if result is not None:
                return result
        if self.people and " " in key:
            choices = {p.pk: fold(p.name) for p in self.people}
            best = process.extractOne(
                key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=_FUZZY
            )
            if best is not None:
                person = next(p for p in self.people if p.pk == best[2])
                return Resolution(name, "person", person.name, "close spelling", person)
        return Resolution(name, "new-group" if looks_like_group(name) else "new-person")
