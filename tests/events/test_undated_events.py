"""An event whose dates are not announced yet (the seed names ICANN59 Johannesburg, no dates):
stored with both days empty, shown as "dates to be announced" everywhere, listed with the
upcoming events; its sessions are checked once it has dates."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from secretariat.archive.export import public_records_json
from secretariat.core.visibility import forget_access
from secretariat.events import queries
from secretariat.events.models import Event, Session
from secretariat.events.services import create_event, update_event
from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.events.helpers import JNB, make_icann59, make_session


def make_undated(team: Team, name: str = "ICANN59 Johannesburg") -> Event:
    return create_event(
        team=team,
        by=None,
        name=name,
        place="Johannesburg",
        time_zone="Africa/Johannesburg",
    )


def test_an_event_without_dates_is_stored_and_shown_as_to_be_announced(
    client: Client, team: Team
) -> None:
    event = make_undated(team)

    assert (event.starts_on, event.ends_on, event.has_dates) == (None, None, False)
    detail = client.get("/ssr2/events/icann59-johannesburg/")
    listing = client.get("/ssr2/events/")
    assert detail.status_code == 200
    assert "dates to be announced" in detail.content.decode()
    assert "dates to be announced" in listing.content.decode()
    assert "ICANN59 Johannesburg" in listing.content.decode()


def test_one_day_without_the_other_is_refused_and_nothing_is_stored(team: Team) -> None:
    with pytest.raises(ValidationError) as caught:
        create_event(team=team, by=None, name="ICANN60 Abu Dhabi", starts_on=dt.date(2017, 10, 28))

    assert "neither" in caught.value.message_dict["ends_on"][0]
    assert not Event.objects.exists()


def test_the_database_refuses_half_dated_or_backwards_events(team: Team) -> None:
    event = make_undated(team)
    for starts, ends in (
        (dt.date(2017, 6, 26), None),
        (dt.date(2017, 6, 29), dt.date(2017, 6, 26)),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(starts_on=starts, ends_on=ends)
    assert Event.objects.get(pk=event.pk).starts_on is None


def test_sessions_of_an_undated_event_are_not_checked_until_it_gets_dates(team: Team) -> None:
    event = make_undated(team)
    forum = make_session(event, "Public Forum", 29, 15)
    make_session(event, "GAC Plenary", 30, 9)  # any day, while the dates are unknown

    with pytest.raises(ValidationError) as caught:
        update_event(
            event=event,
            by=None,
            expected_version=1,
            changes={"starts_on": dt.date(2017, 6, 26), "ends_on": dt.date(2017, 6, 29)},
        )

    message = caught.value.message_dict["starts_on"][0]
    assert "GAC Plenary (2017-06-30)" in message
    assert "Public Forum" not in message  # it fits
    fresh = Event.objects.get(pk=event.pk)
    assert (fresh.starts_on, fresh.version) == (None, 1)
    # With the right days, the dates are set; the sessions stay as they were.
    updated = update_event(
        event=event,
        by=None,
        expected_version=1,
        changes={"starts_on": dt.date(2017, 6, 25), "ends_on": dt.date(2017, 6, 30)},
    )
    assert (updated.starts_on, updated.version) == (dt.date(2017, 6, 25), 2)
    assert Session.objects.get(pk=forum.pk).version == 1


def test_every_session_left_outside_is_named(team: Team) -> None:
    event = make_icann59(team)
    make_session(event, "High Interest Topic: DNS Abuse", 27, 10)
    make_session(event, "Public Forum", 29, 15)

    with pytest.raises(ValidationError) as caught:
        update_event(
            event=event,
            by=None,
            expected_version=1,
            changes={"starts_on": dt.date(2017, 6, 28), "ends_on": dt.date(2017, 6, 28)},
        )

    message = caught.value.message_dict["starts_on"][0]
    assert "High Interest Topic: DNS Abuse (2017-06-27)" in message
    assert "Public Forum (2017-06-29)" in message


def test_dates_can_be_withdrawn_back_to_to_be_announced(team: Team) -> None:
    event = make_icann59(team)
    make_session(event, "Public Forum", 29, 15)

    updated = update_event(
        event=event, by=None, expected_version=1, changes={"starts_on": None, "ends_on": None}
    )

    assert (updated.starts_on, updated.ends_on, updated.version) == (None, None, 2)


def test_the_list_shows_upcoming_and_undated_events_by_default_and_filters_without_js(
    client: Client, team: Team
) -> None:
    make_icann59(team)  # June 2017: past
    make_undated(team, "ICANN60 Abu Dhabi")
    create_event(
        team=team,
        by=None,
        name="ICANN99 Hamburg",
        starts_on=dt.date(2099, 3, 7),
        ends_on=dt.date(2099, 3, 12),
        time_zone="Europe/Berlin",
    )

    default = client.get("/ssr2/events/").content.decode()
    past = client.get("/ssr2/events/?when=past").content.decode()
    every = client.get("/ssr2/events/?when=all").content.decode()
    nonsense = client.get("/ssr2/events/?when=yesterday")

    assert "ICANN60 Abu Dhabi" in default
    assert "ICANN99 Hamburg" in default
    assert "ICANN59 Johannesburg" not in default
    assert '<option value="upcoming" selected>' in default
    assert "ICANN59 Johannesburg" in past
    assert "ICANN60 Abu Dhabi" not in past
    # Undated first, then the latest.
    order = [every.index(n) for n in ("ICANN60 Abu Dhabi", "ICANN99 Hamburg", "ICANN59")]
    assert order == sorted(order)
    assert nonsense.status_code == 200
    assert "ICANN60 Abu Dhabi" in nonsense.content.decode()


def test_the_list_filter_keeps_a_constant_number_of_queries(
    team: Team, django_assert_num_queries: object
) -> None:
    for n in range(4):
        make_undated(team, f"ICANN{60 + n} Somewhere")
    forget_access(None)
    with django_assert_num_queries(1):  # type: ignore[operator]
        events = list(
            queries.visible_events(
                viewer=None, team=team, when="upcoming", today=dt.date(2017, 6, 6)
            )
        )
    assert len(events) == 4


def test_staff_create_an_event_without_dates_on_the_screen(team: Team, staff: Person) -> None:
    response = client_for(staff).post(
        "/ssr2/events/new/",
        {
            "name": "ICANN60 Abu Dhabi",
            "place": "Abu Dhabi",
            "time_zone": "Asia/Dubai",
            "visibility": "public",
            "starts_on": "",
            "ends_on": "",
        },
    )
    half = client_for(staff).post(
        "/ssr2/events/new/",
        {"name": "ICANN61 San Juan", "time_zone": "UTC", "visibility": "public",
         "starts_on": "2018-03-10", "ends_on": ""},
    )  # fmt: skip

    assert response.status_code == 302
    assert Event.objects.get(slug="icann60-abu-dhabi").starts_on is None
    assert half.status_code == 400
    assert "Give both the first and the last day, or neither." in half.content.decode()
    assert not Event.objects.filter(slug="icann61-san-juan").exists()


def test_the_calendar_and_export_of_an_undated_event_do_not_break(team: Team) -> None:
    event = make_undated(team)
    session = make_session(event, "Public Forum", 29, 15)
    from secretariat.events.services import recommend_session

    recommend_session(session=session, by=None, reason="Community input on SSR")

    ics = Client().get("/ssr2/events/icann59-johannesburg/recommended.ics")
    exported = json.loads(public_records_json(team))

    assert ics.status_code == 200
    assert b"Public Forum" in ics.content
    (row,) = [e for e in exported["events"] if e["slug"] == "icann59-johannesburg"]
    assert (row["starts_on"], row["ends_on"]) == (None, None)


def test_the_deck_lists_a_recommended_session_of_an_undated_event(team: Team) -> None:
    from secretariat.documents.build import recommended_session_entries
    from secretariat.events.services import recommend_session

    event = make_undated(team)
    session = make_session(event, "Public Forum", 29, 15)
    recommend_session(session=session, by=None, reason="Community input on SSR")

    (entry,) = recommended_session_entries(
        viewer=None, team=team, since=dt.datetime(2017, 6, 6, tzinfo=JNB)
    )

    assert entry.title == "Public Forum"
    assert "ICANN59 Johannesburg, Thu 29 Jun 2017 15:00" in entry.notes


def test_the_work_plan_timeline_leaves_out_an_undated_event(team: Team) -> None:
    from secretariat.workplan.reports import public_events

    make_undated(team, "ICANN60 Abu Dhabi")
    make_icann59(team)

    marked = public_events(viewer=None, team=team)

    assert [(e.label, e.starts_on) for e in marked] == [
        ("ICANN59 Johannesburg", dt.date(2017, 6, 26))
    ]
