"""teams.queries.resolve_owner_names: owner names as the documents write them, to records."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from secretariat.teams.models import Group, Person, Team
from secretariat.teams.queries import resolve_owner_names
from tests.factories import make_group, make_member, make_person


@pytest.fixture
def roster(
    team: Team, chair: Person, staff: Person, james_gannon: Person, other_member: Person
) -> dict[str, Person | Group]:
    return {
        "Co-Chairs": make_group(team, "Co-Chairs", [chair]),
        "ICANN Org": make_group(team, "ICANN Org", [staff]),
        "SSR2-RT": make_group(team, "SSR2-RT", [james_gannon, other_member]),
        "James Gannon": james_gannon,
        "Kerry-Ann Barrett": other_member,
        "Jennifer Bryce": staff,
    }


def test_it_resolves_groups_and_people_in_the_order_written(
    team: Team, roster: dict[str, Person | Group]
) -> None:
    owners = resolve_owner_names(team=team, names=["ICANN Org", "James Gannon", "Co-Chairs"])

    assert owners == [roster["ICANN Org"], roster["James Gannon"], roster["Co-Chairs"]]


def test_it_ignores_case_spaces_and_blank_names(
    team: Team, roster: dict[str, Person | Group]
) -> None:
    owners = resolve_owner_names(team=team, names=["  ssr2-rt ", "", "   ", "JAMES GANNON"])

    assert owners == [roster["SSR2-RT"], roster["James Gannon"]]


def test_it_resolves_initials(team: Team, roster: dict[str, Person | Group]) -> None:
    assert resolve_owner_names(team=team, names=["KAB", "jg"]) == [
        roster["Kerry-Ann Barrett"],
        roster["James Gannon"],
    ]


def test_a_name_given_twice_is_kept_once(team: Team, roster: dict[str, Person | Group]) -> None:
    owners = resolve_owner_names(team=team, names=["James Gannon", "JG", "Co-Chairs", "co-chairs"])

    assert owners == [roster["James Gannon"], roster["Co-Chairs"]]


def test_one_error_lists_every_unknown_name(team: Team, roster: dict[str, Person | Group]) -> None:
    with pytest.raises(ValidationError) as excinfo:
        resolve_owner_names(
            team=team, names=["Co-Chairs", "Denise Michel", "ICANN Legal", "James Gannon"]
        )

    [message] = excinfo.value.message_dict["owners"]
    assert "Denise Michel" in message
    assert "ICANN Legal" in message
    assert "Co-Chairs" not in message
    assert "James Gannon" not in message


def test_the_error_names_the_field_the_caller_gives(
    team: Team, roster: dict[str, Person | Group]
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        resolve_owner_names(team=team, names=["ICANN Legal"], field="action_items[3].owners")

    assert list(excinfo.value.message_dict) == ["action_items[3].owners"]


def test_ambiguous_initials_are_refused(team: Team, roster: dict[str, Person | Group]) -> None:
    make_member(team, "Jabhera Gonzalez", initials="JG", time_zone="America/Mexico_City")

    with pytest.raises(ValidationError) as excinfo:
        resolve_owner_names(team=team, names=["JG"])

    assert "JG matches several people" in excinfo.value.message_dict["owners"][0]


def test_people_and_groups_of_another_team_are_unknown(
    team: Team, other_team: Team, roster: dict[str, Person | Group]
) -> None:
    make_group(other_team, "RDS-WHOIS2-RT")
    make_member(other_team, "Alan Greenberg", time_zone="America/Toronto")
    make_person("Cathy Handley")  # in no team at all

    with pytest.raises(ValidationError) as excinfo:
        resolve_owner_names(team=team, names=["RDS-WHOIS2-RT", "Alan Greenberg", "Cathy Handley"])

    message = excinfo.value.message_dict["owners"][0]
    for name in ("RDS-WHOIS2-RT", "Alan Greenberg", "Cathy Handley"):
        assert name in message


def test_no_names_resolve_to_no_owners(team: Team) -> None:
    assert resolve_owner_names(team=team, names=[]) == []
