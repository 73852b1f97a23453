"""Teams, people, groups and memberships: public names, e-mail only for the team's own readers."""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.teams.models import Team

# Staff, chairs, members and technical writers see contact details; observers, outsiders and
# anonymous callers see names, initials and affiliations only.
SEES_EMAIL = {
    "anonymous": False,
    "outsider": False,
    "observer": False,
    "member": True,
    "technical_writer": True,
    "chair": True,
    "staff": True,
}


@pytest.fixture
def roster(
    team: Team,
    staff: Any,
    chair: Any,
    member: Any,
    observer: Any,
    technical_writer: Any,
    outsider: Any,
    co_chairs: Any,
) -> Team:
    return team


def test_teams_are_listed_for_anyone(roster: Team, other_team: Team, anonymous: Any) -> None:
    body = anonymous.get("teams").json()
    assert [t["slug"] for t in body["items"]] == ["rds-whois2", "ssr2"]
    assert anonymous.get("teams/ssr2").json() == {
        "slug": "ssr2",
        "name": "SSR2 Review Team",
        "description": "",
    }


@pytest.mark.parametrize("role", SEES_EMAIL)
def test_people_show_e_mail_only_to_the_team_s_readers(
    role: str, roster: Team, caller: Any
) -> None:
    answer = caller(role).get("teams/ssr2/people")
    assert answer.status_code == 200
    people = {p["name"]: p for p in answer.json()["items"]}
    assert "Kim Davies" not in people  # the outsider has no membership
    bryce = people["Jennifer Bryce"]
    assert bryce["affiliation"] == "ICANN Org"
    assert bryce["initials"] == "JB"
    if SEES_EMAIL[role]:
        assert bryce["email"] == "jennifer.bryce@example.org"
        assert bryce["time_zone"] == "America/Los_Angeles"
    else:
        assert bryce["email"] is None
        assert bryce["time_zone"] is None
        assert "@example.org" not in answer.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "observer", "staff"])
def test_groups_and_memberships_hold_no_e_mail(role: str, roster: Team, caller: Any) -> None:
    client = caller(role)
    groups = client.get("teams/ssr2/groups")
    memberships = client.get("teams/ssr2/memberships")
    assert groups.json()["items"] == [
        {
            "id": groups.json()["items"][0]["id"],
            "name": "Co-Chairs",
            "members": [
                {"id": groups.json()["items"][0]["members"][0]["id"], "name": "Russ Housley"}
            ],
        }
    ]
    roles = {(m["person"]["name"], m["role"], m["active"]) for m in memberships.json()["items"]}
    assert ("Naveed Bin Rais", "observer", True) in roles
    assert ("Jennifer Bryce", "staff", True) in roles
    assert "@" not in groups.content.decode() + memberships.content.decode()


def test_an_ended_membership_is_listed_as_inactive(
    roster: Team, member: Any, anonymous: Any
) -> None:
    import datetime as dt

    from tests.factories import end_membership

    end_membership(roster, member, on=dt.date(2017, 12, 31))
    items = anonymous.get("teams/ssr2/memberships").json()["items"]
    boban = next(m for m in items if m["person"]["name"] == "Boban Krsic")
    assert boban["active"] is False
    assert boban["end_on"] == "2017-12-31"


def test_a_former_member_no_longer_sees_e_mail(roster: Team, member: Any, caller: Any) -> None:
    import datetime as dt

    from tests.factories import end_membership

    client = caller("member")
    end_membership(roster, member, on=dt.date(2017, 12, 31))
    people = client.get("teams/ssr2/people").json()["items"]
    assert all(p["email"] is None for p in people)


def test_the_openapi_document_and_docs_are_served(db: None, anonymous: Any) -> None:
    schema = anonymous.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {
        "/api/v1/teams",
        "/api/v1/teams/{slug}",
        "/api/v1/teams/{slug}/people",
        "/api/v1/teams/{slug}/groups",
        "/api/v1/teams/{slug}/memberships",
        "/api/v1/teams/{slug}/actions",
        "/api/v1/teams/{slug}/actions/{number}",
        "/api/v1/teams/{slug}/actions/{number}/complete",
        "/api/v1/teams/{slug}/actions/{number}/merge",
        "/api/v1/teams/{slug}/actions/{number}/notes",
        "/api/v1/teams/{slug}/actions/{number}/history",
    } <= paths
    patch = schema["paths"]["/api/v1/teams/{slug}/actions/{number}"]["patch"]
    assert "application/problem+json" in patch["responses"]["412"]["content"]
    docs = anonymous.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
