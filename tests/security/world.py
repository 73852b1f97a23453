"""A seeded SSR2 team for the security tests: one caller per role and records at every level.

Action item #N and meeting #N are public (N=1), team-only (N=2) and restricted (N=3); #4 of
each is public and serves as the target of merges and minutes approvals. Each meeting has an
agenda item, a linked material at the meeting's level, and draft minutes. The records name
none of the callers, so only roles decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from secretariat.api.models import ApiToken
from secretariat.api.services import create_api_token
from secretariat.core.access_table import ACCESS, Who
from secretariat.meetings.models import AgendaItem, Material, Meeting
from secretariat.meetings.services import add_material, save_minutes_draft
from secretariat.teams.models import Person, Role, Team
from secretariat.tracker.models import ActionItem
from tests.factories import make_agenda, make_call, make_item, make_member, make_superuser

VISIBILITIES = ("public", "team", "restricted")
NUMBER = {"public": 1, "team": 2, "restricted": 3}
TARGET = 4

ITEM_TEXT = {
    "public": "Circulate the SSR2 work plan with key dates to the review team for input",
    "team": "Draft SSR2 comments on the terms of reference before the Johannesburg meeting",
    "restricted": "Confidential: review the KSK rollover vendor contract under NDA",
}


@dataclass
class World:
    team: Team
    other_team: Team
    users: dict[Who, User | None]
    items: dict[str, ActionItem]
    meetings: dict[str, Meeting]
    agenda_items: dict[str, AgendaItem]
    materials: dict[str, Material]
    tokens: dict[Who, str] = field(default_factory=dict)

    def token(self, who: Who) -> str:
        """A read-and-write API token of `who` (made once)."""
        if who not in self.tokens:
            user = self.users[who]
            assert user is not None
            self.tokens[who] = create_api_token(
                user=user, name="security matrix", scope=ApiToken.Scope.WRITE
            ).raw
        return self.tokens[who]


def _user(person: Person) -> User:
    assert person.user is not None
    return person.user


def build_world(team: Team, other_team: Team) -> World:
    roles = {
        Who.STAFF: make_member(team, "Jennifer Bryce", Role.STAFF, affiliation="ICANN Org"),
        Who.CHAIR: make_member(team, "Russ Housley", Role.CHAIR),
        Who.MEMBER: make_member(team, "Boban Krsic", Role.MEMBER),
        Who.TECHNICAL_WRITER: make_member(team, "Heather Flanagan", Role.TECHNICAL_WRITER),
        Who.OBSERVER: make_member(team, "Naveed Bin Rais", Role.OBSERVER),
        Who.OTHER_TEAM: make_member(other_team, "Alan Greenberg", Role.MEMBER),
    }
    users: dict[Who, User | None] = {who: _user(person) for who, person in roles.items()}
    users[Who.ANONYMOUS] = None
    users[Who.SUPERUSER] = make_superuser()

    items: dict[str, ActionItem] = {}
    meetings: dict[str, Meeting] = {}
    agenda_items: dict[str, AgendaItem] = {}
    materials: dict[str, Material] = {}
    start = dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC)
    for index, visibility in enumerate(VISIBILITIES):
        reason = "" if visibility == "public" else "Vendor contract negotiations"
        items[visibility] = make_item(
            team, ITEM_TEXT[visibility], visibility=visibility, visibility_reason=reason
        )
        meeting = make_call(
            team,
            NUMBER[visibility],
            f"SSR2 Plenary Call #{NUMBER[visibility]}",
            starts_at=start + dt.timedelta(days=7 * index),
            visibility=visibility,
            visibility_reason=reason,
        )
        meetings[visibility] = meeting
        agenda_items[visibility] = make_agenda(meeting, ["Review of open action items"])[0]
        materials[visibility] = add_material(
            meeting=meeting,
            by=None,
            kind="slides",
            title="Plenary slides",
            url="https://community.icann.org/display/SSR/Plenary+Calls",
            visibility=visibility,
        )
        save_minutes_draft(meeting=meeting, by=None, text="Attendance is on the wiki page.")
    items["target"] = make_item(team, "Share links to relevant articles on threat mitigation")
    meetings["target"] = make_call(
        team, TARGET, "SSR2 Plenary Call #4", starts_at=start + dt.timedelta(days=30)
    )
    world = World(
        team=team,
        other_team=other_team,
        users=users,
        items=items,
        meetings=meetings,
        agenda_items=agenda_items,
        materials=materials,
    )
    for who, user in users.items():
        if user is not None:
            world.token(who)  # made now, outside the savepoints the tests roll back
    return world


# --- URLs and request bodies ----------------------------------------------------------------


def walk_patterns() -> Iterator[tuple[str | None, str, list[str]]]:
    """(qualified name or None, route, parameter names) for every URL pattern of the site."""

    def walk(
        resolver: URLResolver, prefix: str, namespace: str | None, params: list[str]
    ) -> Iterator[tuple[str | None, str, list[str]]]:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            own = params + list(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
                yield from walk(entry, route, joined, own)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield name, route, own

    yield from walk(get_resolver(), "", None, [])


PATTERNS = list(walk_patterns())
SITE_ENTRIES = sorted(
    (name, method) for name, methods in ACCESS.items() for method in methods if name
)
ADMIN_NAMES = sorted(
    {name for name, _route, _params in PATTERNS if name and name.startswith("admin:")}
)


PATTERNS = list(walk_patterns())


def params_of(name: str) -> list[str]:
    for pattern_name, _route, params in PATTERNS:
        if pattern_name == name:
            return params
    raise AssertionError(f"{name} is not a URL name")


def url_for(name: str, world: World, visibility: str, who: Who) -> str:
    """The URL `name` filled in with the world's record at `visibility` (and the caller's own
    token, for the token pages)."""
    values: dict[str, Any] = {}
    for param in params_of(name):
        if param in ("team", "slug"):
            values[param] = world.team.slug
        elif param == "number":
            values[param] = NUMBER[visibility]
        elif param == "item":
            values[param] = world.agenda_items[visibility].pk
        elif param == "pk" and name == "meetings:material":
            values[param] = world.materials[visibility].pk
        elif param == "pk" and name == "api:revoke":
            owner = who if world.users[who] is not None else Who.STAFF
            world.token(owner)
            values[param] = world.users[owner].api_tokens.latest("pk").pk  # type: ignore[union-attr]
        elif param == "uidb64":
            values[param] = "MQ"
        elif param == "token":
            values[param] = "bad-token"
        else:
            raise AssertionError(f"no value for <{param}> of {name}")
    return reverse(name, kwargs=values)


HTML_FORMS: dict[str, dict[str, str]] = {
    "login": {"username": "nobody", "password": "not the password"},
    "password_reset": {"email": "nobody@example.org"},
    "api:tokens": {"name": "SSR2 wiki embed", "scope": "read"},
    "tracker:note_add": {"text": "Followed up with ICANN Org on 6/2", "visibility": "public"},
    "meetings:agenda_move": {"op": "down"},
    "decision_create": {"text": "The co-chairs adopt the work plan", "source": "email"},
}


def api_body(name: str, world: World, visibility: str) -> tuple[dict[str, Any], dict[str, str]]:
    version = world.items.get(visibility, world.items["target"]).version
    if_match = {"If-Match": f'"{version}"'}
    bodies: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
        "create_item": ({"text": "Share the SSR2 fact sheet with the community"}, {}),
        "update_item": ({"text": "Circulate the revised work plan"}, if_match),
        "complete_item": ({"completed_response": "Sent to the list on 6/6"}, if_match),
        "merge_item": ({"into": TARGET}, if_match),
        "add_note": ({"text": "Followed up with ICANN Org on 6/2"}, {}),
    }
    return bodies.get(name.split(":", 1)[1], ({}, {}))


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (sessions aside), to show that a refused request changed nothing."""
    from django.apps import apps
    from django.db import connection

    tables = set(connection.introspection.table_names())
    state: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models():
        if model._meta.label == "sessions.Session" or model._meta.db_table not in tables:
            continue
        state[model._meta.label] = list(model._default_manager.order_by("pk").values_list())
    return state
