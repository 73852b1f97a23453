"""Small `make_*` helpers that build realistic records through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from secretariat.core.models import Visibility
from secretariat.core.visibility import forget_access
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Group, Membership, Person, Role, Team
from secretariat.teams.services import add_member, create_group, create_person, create_team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import create_action_item

PASSWORD = "correct horse battery staple"


def make_team(slug: str = "ssr2", name: str = "SSR2 Review Team") -> Team:
    existing = Team.objects.filter(slug=slug).first()
    return existing or create_team(slug=slug, name=name)


def make_person(
    name: str,
    *,
    initials: str = "",
    with_login: bool = False,
    time_zone: str = "UTC",
    affiliation: str = "",
) -> Person:
    user = None
    if with_login:
        username = name.lower().replace(" ", ".").replace("-", "")
        user = User.objects.create_user(
            username=username, password=PASSWORD, email=f"{username}@example.org"
        )
    initials = initials or "".join(part[0] for part in name.split() if part[0].isalpha()).upper()
    return create_person(
        name=name,
        initials=initials,
        email=f"{name.lower().replace(' ', '.')}@example.org",
        affiliation=affiliation,
        time_zone=time_zone,
        user=user,
    )


def make_member(team: Team, name: str, role: str = Role.MEMBER, **kwargs: Any) -> Person:
    """A person with a sign-in and the given role in `team`."""
    kwargs.setdefault("with_login", True)
    person = make_person(name, **kwargs)
    add_member(team=team, person=person, role=role)
    return person


def make_group(team: Team, name: str, members: list[Person] | None = None) -> Group:
    return create_group(team=team, name=name, members=members or [])


def make_item(
    team: Team,
    text: str = "Draft SSR2 Review Team work plan with key dates, circulate to RT for input.",
    *,
    owners: list[Person | Group] | None = None,
    visibility: str = Visibility.PUBLIC,
    due_on: dt.date | None = None,
    **kwargs: Any,
) -> ActionItem:
    return create_action_item(
        team=team,
        by=None,
        text=text,
        owners=owners or [],
        visibility=visibility,
        due_on=due_on,
        **kwargs,
    )


def make_meeting(
    team: Team, number: int, title: str = "SSR2 Plenary Call", **kwargs: Any
) -> Meeting:
    """A meeting of `team` (created directly: meetings have no services yet)."""
    return Meeting.objects.create(team=team, number=number, title=title, **kwargs)


def make_superuser(username: str = "icann.it.admin") -> User:
    return User.objects.create_superuser(
        username=username, password=PASSWORD, email=f"{username}@example.org"
    )


def end_membership(team: Team, person: Person, *, on: dt.date) -> None:
    """Close `person`'s membership of `team` on `on` (and forget any cached access)."""
    Membership.objects.filter(team=team, person=person).update(end_on=on)
    if person.user is not None:
        forget_access(person.user)


# --- meetings (appended by the meetings work) ---------------------------------------------------


def make_call(
    team: Team,
    number: int | None = None,
    title: str = "SSR2 Plenary Call",
    *,
    starts_at: dt.datetime | None = None,
    **kwargs: Any,
) -> Meeting:
    """A meeting created through meetings.services (numbered, with history), by the operator."""
    from secretariat.meetings.services import create_meeting

    return create_meeting(
        team=team,
        by=None,
        title=title,
        number=number,
        starts_at=starts_at or dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC),
        **kwargs,
    )


def make_agenda(meeting: Meeting, outline: list[Any]) -> list[Any]:
    """Agenda items from an outline: a title, or (title, [sub-outline]); returns the items made.

    Titles starting with "*" are standing items (the star is dropped).
    """
    from secretariat.meetings.services import add_agenda_item

    made: list[Any] = []

    def add(entries: list[Any], parent: Any) -> None:
        for entry in entries:
            title, children = (entry, []) if isinstance(entry, str) else entry
            standing = title.startswith("*")
            item = add_agenda_item(
                meeting=meeting, by=None, title=title.lstrip("*"), parent=parent, standing=standing
            )
            made.append(item)
            add(children, item)

    add(outline, None)
    return made
