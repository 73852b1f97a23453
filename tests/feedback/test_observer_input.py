"""Observer input on the SSR2 tracker and meetings: a visitor writes, staff moderate, and
nothing unmoderated reaches the public record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from secretariat.core.models import HistoryEntry, Visibility
from secretariat.feedback.models import Input
from secretariat.teams.models import Person, Team
from secretariat.tracker.models import ActionItem
from tests.conftest import client_for
from tests.factories import make_call, make_item

pytestmark = pytest.mark.django_db

CARLOS = {
    "input-name": "Carlos Raúl Gutiérrez",
    "input-email": "crg@example.org",
    "input-text": "The **KSK rollover** plan should be in the SSR2 scope.",
    "input-website": "",
}
URL = "/ssr2/input/actions/1/"
QUERIES_ON_ITEM_PAGE = 9  # whatever the input; one of them reads the published input


@pytest.fixture
def item(team: Team) -> ActionItem:
    item = make_item(team, "Circulate the SSR2 work plan with key dates to the RT.")
    assert item.number == 1
    return item


def send(client: Client, data: dict[str, str] | None = None, url: str = URL) -> object:
    return client.post(url, data or CARLOS, REMOTE_ADDR="198.51.100.7", follow=True)


def test_an_observer_sends_input_that_waits_for_moderation(item: ActionItem) -> None:
    visitor = Client()
    page = visitor.get("/ssr2/actions/1/").content.decode()
    assert 'action="/ssr2/input/actions/1/"' in page
    assert 'class="field trap"' in page
    assert "style=" not in page.split('id="input"')[1]

    response = send(visitor)

    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "appears here once staff have read it" in body
    assert "KSK rollover" not in body
    sent = Input.objects.get()
    assert (sent.status, sent.name, sent.action_item) == ("pending", "Carlos Raúl Gutiérrez", item)
    assert sent.address_hash
    assert "198.51.100.7" not in sent.address_hash


def test_staff_publish_and_the_input_appears_without_the_email(
    item: ActionItem, staff: Person
) -> None:
    send(Client())
    jennifer = client_for(staff)
    queue = jennifer.get("/ssr2/input/").content.decode()
    assert "Carlos Raúl Gutiérrez" in queue
    assert "crg@example.org" in queue
    sent = Input.objects.get()

    response = jennifer.post(
        "/ssr2/input/", {"input": sent.pk, "version": sent.version, "decision": "publish"}
    )

    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == "published"
    assert sent.moderated_by == staff.user
    page = Client().get("/ssr2/actions/1/").content.decode()
    assert "<strong>KSK rollover</strong>" in page
    assert "Carlos Raúl Gutiérrez" in page
    assert "crg@example.org" not in page
    entry = HistoryEntry.objects.get(action="feedback.input.published")
    assert entry.actor_name == "Jennifer Bryce"
    assert entry.visibility == Visibility.RESTRICTED


def test_a_stale_decision_is_refused(item: ActionItem, staff: Person, chair: Person) -> None:
    send(Client())
    sent = Input.objects.get()
    client_for(chair).post(
        "/ssr2/input/", {"input": sent.pk, "version": sent.version, "decision": "reject"}
    )
    response = client_for(staff).post(
        "/ssr2/input/", {"input": sent.pk, "version": sent.version, "decision": "publish"}
    )
    assert response.status_code == 409
    assert Input.objects.get().status == "rejected"


def test_scripts_in_input_are_shown_as_text(item: ActionItem, chair: Person) -> None:
    send(Client(), {**CARLOS, "input-text": "<script>alert('x')</script> Please add DNSSEC."})
    sent = Input.objects.get()
    client_for(chair).post(
        "/ssr2/input/", {"input": sent.pk, "version": sent.version, "decision": "publish"}
    )
    page = Client().get("/ssr2/actions/1/").content.decode()
    assert "Please add DNSSEC." in page
    assert "<script>alert" not in page


def test_the_honeypot_filled_is_dropped_silently(item: ActionItem) -> None:
    response = send(Client(), {**CARLOS, "input-website": "http://cheap-pills.example"})

    assert "appears here once staff have read it" in response.content.decode()  # type: ignore[attr-defined]
    assert not Input.objects.exists()


def test_the_sixth_send_in_an_hour_is_refused(item: ActionItem) -> None:
    visitor = Client()
    for n in range(5):
        send(visitor, {**CARLOS, "input-text": f"Point {n + 1} on the work plan."})

    response = visitor.post(URL, CARLOS, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 429
    assert "Wait an hour and try again" in response.content.decode()
    assert Input.objects.count() == 5
    other = Client().post(URL, CARLOS, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302  # another address is not held back


def test_bad_input_names_the_field_and_keeps_nothing(item: ActionItem, settings: object) -> None:
    settings.FEEDBACK_MAX_TEXT = 100  # type: ignore[attr-defined]
    response = Client().post(
        URL, {**CARLOS, "input-email": "not an address", "input-text": "x" * 101}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert "Keep your input to 100 characters or fewer." in body
    assert not Input.objects.exists()


def test_the_default_limit_on_text_is_5000_characters(item: ActionItem) -> None:
    too_long = Client().post(URL, {**CARLOS, "input-text": "y" * 5001})
    assert too_long.status_code == 400
    assert "Keep your input to 5000 characters or fewer." in too_long.content.decode()
    assert send(Client(), {**CARLOS, "input-text": "y" * 5000}).status_code == 200  # type: ignore[attr-defined]
    assert Input.objects.count() == 1


def test_a_member_cannot_moderate(item: ActionItem, member: Person) -> None:
    send(Client())
    sent = Input.objects.get()
    client = client_for(member)
    assert client.get("/ssr2/input/").status_code == 403
    response = client.post(
        "/ssr2/input/", {"input": sent.pk, "version": sent.version, "decision": "publish"}
    )
    assert response.status_code == 403
    assert Input.objects.get().status == "pending"
    assert Client().get("/ssr2/input/").status_code == 302  # visitors are sent to sign in


def test_input_on_a_record_the_visitor_cannot_read_is_not_found(team: Team) -> None:
    make_item(team, "Review the NDA with ICANN Legal.", visibility=Visibility.RESTRICTED)
    response = Client().post(URL, CARLOS)
    assert response.status_code == 404
    assert Client().post("/ssr2/input/actions/99/", CARLOS).status_code == 404
    assert Client().post("/ssr2/input/meetings/7/", CARLOS).status_code == 404
    assert not Input.objects.exists()


def test_input_on_a_meeting(team: Team, staff: Person) -> None:
    make_call(team, 12, starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC))
    url = "/ssr2/input/meetings/12/"
    assert (
        'action="/ssr2/input/meetings/12/"' in Client().get("/ssr2/meetings/12/").content.decode()
    )

    send(Client(), {**CARLOS, "input-text": "Publish the call recording, please."}, url=url)

    sent = Input.objects.get()
    assert sent.meeting is not None
    assert sent.meeting.number == 12
    staff_page = client_for(staff).get("/ssr2/meetings/12/").content.decode()
    assert "1 waiting for moderation" in staff_page
    assert "Publish the call recording" not in Client().get("/ssr2/meetings/12/").content.decode()


def test_pending_text_reaches_no_public_page_feed_search_or_export(
    item: ActionItem, member: Person
) -> None:
    marker = "Zqxv pending observer marker"
    send(Client(), {**CARLOS, "input-text": marker, "input-email": "zqxv@example.org"})
    assert Input.objects.get().status == "pending"
    visitor = Client()
    for url in (
        "/ssr2/",
        "/ssr2/actions/",
        "/ssr2/actions/1/",
        "/ssr2/feed.atom",
        "/search/?q=Zqxv",
        "/api/v1/teams/ssr2/export",
        "/api/v1/teams/ssr2/actions/1",
        "/api/v1/teams/ssr2/actions/1/history",
    ):
        response = visitor.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "observer marker" not in text, url
        assert "zqxv@example.org" not in text, url
    # A member of the team does not see it either: it waits for staff and chairs.
    assert "Zqxv" not in client_for(member).get("/ssr2/actions/1/").content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_the_item_page_runs_the_same_queries_however_much_input_is_published(
    item: ActionItem, count: int, django_assert_num_queries: object
) -> None:
    for n in range(count):
        Input.objects.create(
            team=item.team,
            action_item=item,
            name=f"Observer {n}",
            email=f"observer{n}@example.org",
            text=f"Comment {n} on the work plan.",
            status=Input.Status.PUBLISHED,
        )
    visitor = Client()
    visitor.get("/ssr2/actions/1/")  # warm the session and caches
    with django_assert_num_queries(QUERIES_ON_ITEM_PAGE):  # type: ignore[operator]
        response = visitor.get("/ssr2/actions/1/")
    assert response.content.decode().count("on the work plan.") == count
