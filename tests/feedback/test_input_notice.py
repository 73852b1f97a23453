"""Staff hear of observer input when it arrives: one mail each, naming the sender, the record
and the text, with the link to the moderation queue; nobody else is mailed."""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secretariat.feedback.models import Input
from secretariat.feedback.services import moderate_input
from secretariat.notify.feedback import send_input_notice
from secretariat.notify.services import set_reminder_preference
from secretariat.teams.models import Person, Role, Team
from secretariat.teams.services import add_member
from tests.conftest import user_of
from tests.factories import make_call, make_item, make_member, make_team

pytestmark = pytest.mark.django_db


def recipients() -> list[str]:
    """The bare addresses mail went to, in sending order."""
    return [parseaddr(m.to[0])[1] for m in mail.outbox]


CARLOS = {
    "input-name": "Carlos Raúl Gutiérrez",
    "input-email": "crg@example.org",
    "input-text": "The KSK rollover plan should be in the SSR2 scope.",
    "input-website": "",
}


@pytest.fixture(autouse=True)
def site(settings: Any) -> None:
    settings.SITE_URL = "https://secretariat.example.org"


def _send(url: str, data: dict[str, str], capture: Any) -> Input | None:
    with capture(execute=True):
        Client().post(url, data, REMOTE_ADDR="198.51.100.7")
    return Input.objects.order_by("-pk").first()


def test_the_teams_staff_are_mailed_once_each_about_new_input(
    team: Team, staff: Person, member: Person, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, "Circulate the SSR2 work plan with key dates to the RT.")
    negar = make_member(team, "Negar Farzinnia", Role.STAFF, time_zone="America/Los_Angeles")

    sent = _send("/ssr2/input/actions/1/", CARLOS, django_capture_on_commit_callbacks)

    assert sent is not None
    task = DBTaskResult.objects.get()
    assert task.task_path == "secretariat.notify.feedback.send_input_notice_task"
    assert task.args_kwargs["kwargs"] == {"input_id": sent.pk}
    assert send_input_notice(input_id=sent.pk) == 2
    assert sorted(recipients()) == sorted([staff.email, negar.email])
    assert member.email not in recipients()
    message = mail.outbox[0]
    assert message.subject == "[ssr2] Input from Carlos Raúl Gutiérrez on #1 awaits moderation"
    assert "Carlos Raúl Gutiérrez sent input on #1 of" in message.body
    assert "The KSK rollover plan should be in the SSR2 scope." in message.body
    assert "https://secretariat.example.org/ssr2/input/" in message.body
    assert "https://secretariat.example.org/ssr2/actions/1/" in message.body
    assert "crg@example.org" not in message.body  # the address stays in the queue

    # A retried task sends nothing twice.
    assert send_input_notice(input_id=sent.pk) == 0
    assert len(mail.outbox) == 2


def test_input_on_a_meeting_names_the_meeting(
    team: Team, staff: Person, django_capture_on_commit_callbacks: Any
) -> None:
    make_call(
        team, 12, "SSR2 Plenary Call #12", starts_at=dt.datetime(2017, 6, 6, 14, tzinfo=dt.UTC)
    )
    sent = _send("/ssr2/input/meetings/12/", CARLOS, django_capture_on_commit_callbacks)
    assert sent is not None

    send_input_notice(input_id=sent.pk)

    (message,) = mail.outbox
    assert "on meeting #12 awaits moderation" in message.subject
    assert "https://secretariat.example.org/ssr2/meetings/12/" in message.body


def test_former_staff_and_staff_who_turned_mail_off_are_not_mailed(
    team: Team, staff: Person, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, "Circulate the SSR2 work plan with key dates to the RT.")
    alice = make_member(team, "Alice Jansen", Role.STAFF)
    membership = alice.memberships.get(team=team)
    membership.end_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()
    brenda = make_member(team, "Brenda Brewer", Role.STAFF)
    set_reminder_preference(person=brenda, by=None, schedule="never")
    sent = _send("/ssr2/input/actions/1/", CARLOS, django_capture_on_commit_callbacks)
    assert sent is not None

    send_input_notice(input_id=sent.pk)

    assert recipients() == [staff.email]


def test_input_moderated_before_the_task_runs_mails_nobody(
    team: Team, staff: Person, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, "Circulate the SSR2 work plan with key dates to the RT.")
    sent = _send("/ssr2/input/actions/1/", CARLOS, django_capture_on_commit_callbacks)
    assert sent is not None
    moderate_input(item=sent, by=user_of(staff), expected_version=sent.version, publish=False)

    assert send_input_notice(input_id=sent.pk) == 0
    assert mail.outbox == []


def test_a_send_caught_by_the_honeypot_queues_no_mail(
    team: Team, staff: Person, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, "Circulate the SSR2 work plan with key dates to the RT.")
    _send(
        "/ssr2/input/actions/1/",
        {**CARLOS, "input-website": "http://cheap-pills.example"},
        django_capture_on_commit_callbacks,
    )
    assert not DBTaskResult.objects.exists()


def test_former_staff_who_are_still_in_another_team_are_not_mailed(
    team: Team, staff: Person, django_capture_on_commit_callbacks: Any
) -> None:
    make_item(team, "Circulate the SSR2 work plan with key dates to the RT.")
    alice = make_member(team, "Alice Jansen", Role.STAFF)
    membership = alice.memberships.get(team=team)
    membership.end_on = timezone.localdate() - dt.timedelta(days=1)
    membership.save()
    add_member(team=make_team(slug="atrt3", name="ATRT3"), person=alice, role=Role.STAFF)
    sent = _send("/ssr2/input/actions/1/", CARLOS, django_capture_on_commit_callbacks)
    assert sent is not None

    send_input_notice(input_id=sent.pk)

    assert recipients() == [staff.email]


def test_staff_of_another_team_are_not_mailed(
    team: Team, staff: Person, django_capture_on_commit_callbacks: Any
) -> None:
    other = make_team(slug="atrt3", name="ATRT3")
    add_member(team=other, person=make_member(other, "Larisa Gurnick", Role.STAFF), role=Role.STAFF)
    make_item(team, "Circulate the SSR2 work plan with key dates to the RT.")
    sent = _send("/ssr2/input/actions/1/", CARLOS, django_capture_on_commit_callbacks)
    assert sent is not None

    send_input_notice(input_id=sent.pk)

    assert recipients() == [staff.email]
