"""Teams, their people, groups and memberships (read-only: the roster is kept by staff)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from pydantic import Field

from secretariat.api.auth import caller_of
from secretariat.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Key, Ordering, paginate
from secretariat.api.schemas import (
    GroupPage,
    Input,
    MembershipPage,
    PersonPage,
    PersonRef,
    Problem,
    TeamOut,
    TeamPage,
)
from secretariat.core.visibility import access_for
from secretariat.teams import queries
from secretariat.teams.models import Group, Membership, Person, Team

router = Router(tags=["teams"])

ERRORS: dict[int, type[Problem]] = dict.fromkeys((401, 404, 422, 429), Problem)

TEAMS = Ordering("teams", (Key("name"), Key("id")))
PEOPLE = Ordering("people", (Key("name"), Key("id")))
GROUPS = Ordering("groups", (Key("name"), Key("id")))
MEMBERSHIPS = Ordering("memberships", (Key("role"), Key("person__name"), Key("id")))


class PageParams(Input):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(None, max_length=2000)


def team_of(slug: str) -> Team:
    """The team with this slug, or 404 (also for slugs no team could have)."""
    if len(slug) > 50 or "\x00" in slug:
        raise Http404
    return queries.get_team(slug)


def team_out(team: Team) -> dict[str, Any]:
    return {"slug": team.slug, "name": team.name, "description": team.description}


def person_out(person: Person, *, private: bool) -> dict[str, Any]:
    """A person as the API shows them; e-mail and time zone only for the team's own readers."""
    return {
        "id": person.pk,
        "name": person.name,
        "initials": person.initials,
        "affiliation": person.affiliation,
        "email": (person.email or None) if private else None,
        "time_zone": person.time_zone if private else None,
    }


def person_ref(person: Person) -> dict[str, Any]:
    return {"id": person.pk, "name": person.name}


def _sees_private(request: HttpRequest, team: Team) -> bool:
    # Observers and the public see names and affiliations, as on the archive's pages;
    # contact details stay with the people who work together.
    return access_for(caller_of(request).user, team).sees_team_records


@router.get("", response={200: TeamPage, **ERRORS}, summary="List teams")
def list_teams(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    result = paginate(queries.all_teams(), ordering=TEAMS, cursor=page.cursor, limit=page.limit)
    return {"items": [team_out(t) for t in result.rows], "next_cursor": result.next_cursor}


@router.get("/{slug}", response={200: TeamOut, **ERRORS}, summary="Read a team")
def get_team(request: HttpRequest, slug: str) -> dict[str, Any]:
    return team_out(team_of(slug))


@router.get("/{slug}/people", response={200: PersonPage, **ERRORS}, summary="List a team's people")
def list_people(request: HttpRequest, slug: str, page: Query[PageParams]) -> dict[str, Any]:
    team = team_of(slug)
    private = _sees_private(request, team)
    result = paginate(queries.roster(team), ordering=PEOPLE, cursor=page.cursor, limit=page.limit)
    rows: list[Person] = result.rows
    return {
        "items": [person_out(p, private=private) for p in rows],
        "next_cursor": result.next_cursor,
    }


@router.get("/{slug}/groups", response={200: GroupPage, **ERRORS}, summary="List a team's groups")
def list_groups(request: HttpRequest, slug: str, page: Query[PageParams]) -> dict[str, Any]:
    team = team_of(slug)
    groups = queries.groups_of(team).prefetch_related("members")
    result = paginate(groups, ordering=GROUPS, cursor=page.cursor, limit=page.limit)
    rows: list[Group] = result.rows
    return {
        "items": [
            {
                "id": g.pk,
                "name": g.name,
                "members": [
                    person_ref(p) for p in sorted(g.members.all(), key=lambda p: (p.name, p.pk))
                ],
            }
            for g in rows
        ],
        "next_cursor": result.next_cursor,
    }


@router.get(
    "/{slug}/memberships",
    response={200: MembershipPage, **ERRORS},
    summary="List a team's memberships (past, present and future)",
)
def list_memberships(request: HttpRequest, slug: str, page: Query[PageParams]) -> dict[str, Any]:
    team = team_of(slug)
    result = paginate(
        queries.active_memberships(team), ordering=MEMBERSHIPS, cursor=page.cursor, limit=page.limit
    )
    rows: list[Membership] = result.rows
    return {
        "items": [
            {
                "person": PersonRef(**person_ref(m.person)),
                "role": m.role,
                "start_on": m.start_on,
                "end_on": m.end_on,
                "active": m.is_active(),
            }
            for m in rows
        ],
        "next_cursor": result.next_cursor,
    }
