from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for
from secretariat.requests.models import Request
from secretariat.requests.services import create_request, update_request
from secretariat.teams.models import Group, Person, Team
from tests.conftest import user_of
from tests.requests.helpers import DNS_ABUSE, FRAMEWORK, make_request


def test_requests_are_numbered_per_team(team: Team, other_team: Team) -> None:
    first = make_request(team)
    second = make_request(team, FRAMEWORK)
    elsewhere = make_request(other_team)
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)


def test_a_new_request_records_who_asked_and_its_history(
    team: Team, staff: Person, co_chairs: Group
) -> None:
    request = create_request(
        team=team,
        by=user_of(staff),
        kind="briefing",
        title=DNS_ABUSE,
        asked_by=co_chairs,
        addressed_to="OCTO",
        responsible=staff,
        availability="Mornings UTC, not during ICANN59",
        available_from=dt.date(2017, 6, 12),
        available_until=dt.date(2017, 6, 30),
    )
    assert request.asked_by_name == "Co-Chairs"
    assert request.responsible_name == "Jennifer Bryce"
    entry = history_for(request).get()
    assert entry.action == "requests.request.created"
    assert entry.changes["addressed_to"] == [None, "OCTO"]
    assert entry.actor_name == "Jennifer Bryce"


def test_a_request_without_a_title_is_refused_and_nothing_is_written(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        create_request(team=team, by=None, kind="briefing", title="   ")
    assert "title" in caught.value.message_dict
    assert not Request.objects.exists()


def test_an_unknown_kind_is_refused(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        create_request(team=team, by=None, kind="lunch", title=DNS_ABUSE)
    assert "lunch is not a kind" in caught.value.message_dict["kind"][0]


def test_availability_ending_before_it_starts_is_refused(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        make_request(team, available_from=dt.date(2017, 6, 30), available_until=dt.date(2017, 6, 1))
    assert "available_until" in caught.value.message_dict


def test_a_group_of_another_team_cannot_be_the_asker(team: Team, other_team: Team) -> None:
    from tests.factories import make_group

    foreign = make_group(other_team, "RDS-WHOIS2-RT")
    with pytest.raises(ValidationError) as caught:
        make_request(team, asked_by=foreign)
    assert "asked_by" in caught.value.message_dict


def test_members_and_observers_may_not_create_requests(
    team: Team, member: Person, observer: Person
) -> None:
    for person in (member, observer):
        with pytest.raises(PermissionDenied):
            create_request(team=team, by=user_of(person), kind="tool", title="Wiki access")
    assert not Request.objects.exists()


def test_an_edit_on_a_stale_version_changes_nothing(team: Team, staff: Person) -> None:
    request = make_request(team)
    update_request(
        request=request, by=user_of(staff), expected_version=1, changes={"addressed_to": "OCTO"}
    )
    with pytest.raises(StaleVersion):
        update_request(
            request=request, by=user_of(staff), expected_version=1, changes={"addressed_to": "GSE"}
        )
    request.refresh_from_db()
    assert (request.addressed_to, request.version) == ("OCTO", 2)


def test_status_cannot_be_set_by_an_edit(team: Team) -> None:
    request = make_request(team)
    with pytest.raises(ValidationError) as caught:
        update_request(
            request=request, by=None, expected_version=None, changes={"status": "delivered"}
        )
    assert "status" in caught.value.message_dict
