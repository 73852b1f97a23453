"""Creating and changing action items through the API: permissions per role, the lost-update
guard (ETag / If-Match), and that every write lands in the item's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from secretariat.core.models import HistoryEntry, Visibility
from secretariat.tracker.models import ActionItem
from tests.api.conftest import ApiClient


def _item_path(item: ActionItem) -> str:
    return f"teams/ssr2/actions/{item.number}"


@pytest.fixture
def new_item_body(staff_group: Any, james_gannon: Any) -> dict[str, Any]:
    return {
        "text": "Staff to circulate the ICANN59 Johannesburg session schedule to the review team",
        "owners": ["Staff", {"person": james_gannon.pk}],
        "category": "Outreach",
        "due_on": "2017-06-20",
    }


@pytest.fixture
def staff_group(team: Any, staff: Any) -> Any:
    from tests.factories import make_group

    return make_group(team, "Staff", [staff])


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("observer", 403),
        ("member", 403),
        ("technical_writer", 403),
        ("chair", 201),
        ("staff", 201),
    ],
)
def test_create_is_for_staff_and_chairs(
    role: str, status: int, caller: Any, new_item_body: dict[str, Any], team: Any
) -> None:
    answer = caller(role).post("teams/ssr2/actions", new_item_body)
    assert answer.status_code == status, answer.content
    if status == 201:
        body = answer.json()
        assert body["number"] == 1
        assert [(o["type"], o["name"]) for o in body["owners"]] == [
            ("group", "Staff"),
            ("person", "James Gannon"),
        ]
        assert body["due_on"] == "2017-06-20"
        assert answer["ETag"] == '"1"'
        assert answer["Location"] == "/api/v1/teams/ssr2/actions/1"
        created = ActionItem.objects.get(team=team, number=1)
        assert created.category == "Outreach"
        assert HistoryEntry.objects.filter(
            object_id=created.pk, action="tracker.item.created"
        ).exists()
    else:
        assert answer["Content-Type"] == "application/problem+json"
        assert not ActionItem.objects.exists()


def test_create_with_an_unknown_owner_names_every_unknown_owner(
    caller: Any, staff: Any, other_team: Any
) -> None:
    from tests.factories import make_member

    stranger = make_member(other_team, "Alain Aina")
    answer = caller("staff").post(
        "teams/ssr2/actions",
        {
            "text": "Ask ICANN Legal about the NDA",
            "owners": ["Denise Michel", {"person": stranger.pk}],
        },
    )
    assert answer.status_code == 422
    errors = answer.json()["errors"]
    assert [e["field"] for e in errors] == ["owners"]
    assert "Denise Michel" in errors[0]["message"]
    assert str(stranger.pk) in errors[0]["message"]
    assert not ActionItem.objects.exists()


def test_create_restricted_without_a_reason_is_refused_on_the_reason(
    caller: Any, staff: Any
) -> None:
    answer = caller("staff").post(
        "teams/ssr2/actions", {"text": "Review the vendor NDA", "visibility": "restricted"}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["visibility_reason"]


def test_read_only_token_cannot_write(caller: Any, public_item: ActionItem) -> None:
    client = caller("staff", scope="read")
    answer = client.patch(_item_path(public_item), {"category": "General"}, **{"If-Match": '"1"'})
    assert answer.status_code == 403
    assert "read-only" in answer.json()["detail"]
    assert client.get(_item_path(public_item)).status_code == 200
    public_item.refresh_from_db()
    assert public_item.category == "Workplan"


class TestLostUpdate:
    def test_reads_return_the_version_as_etag(
        self, anonymous: ApiClient, public_item: ActionItem
    ) -> None:
        answer = anonymous.get(_item_path(public_item))
        assert answer["ETag"] == '"1"'
        assert answer.json()["version"] == 1

    @pytest.mark.parametrize(
        ("suffix", "body"),
        [
            ("", {"category": "General"}),
            ("/complete", {"completed_response": "Work plan circulated on 6/2"}),
            ("/merge", {"into": 2}),
        ],
    )
    def test_a_write_without_if_match_is_428_and_changes_nothing(
        self, caller: Any, public_item: ActionItem, team_item: ActionItem, suffix: str, body: Any
    ) -> None:
        client = caller("staff")
        path = _item_path(public_item) + suffix
        answer = client.patch(path, body) if not suffix else client.post(path, body)
        assert answer.status_code == 428
        assert answer["Content-Type"] == "application/problem+json"
        assert "If-Match" in answer.json()["detail"]
        public_item.refresh_from_db()
        assert public_item.version == 1
        assert public_item.status == ActionItem.Status.OPEN

    def test_a_stale_if_match_is_412_with_the_current_version(
        self, caller: Any, public_item: ActionItem
    ) -> None:
        chair, staff = caller("chair"), caller("staff")
        first = chair.patch(
            _item_path(public_item), {"topic": "SSR1 implementation"}, **{"If-Match": '"1"'}
        )
        assert first.status_code == 200
        assert first["ETag"] == '"2"'
        second = staff.patch(_item_path(public_item), {"topic": "Work plan"}, **{"If-Match": '"1"'})
        assert second.status_code == 412
        problem = second.json()
        assert problem["current_version"] == 2
        assert problem["status"] == 412
        assert problem["changes_since"] == [
            {"version": 2, "action": "tracker.item.updated", "fields": ["topic"]}
        ]
        public_item.refresh_from_db()
        assert public_item.topic == "SSR1 implementation"

    def test_a_matching_if_match_succeeds_and_bumps_the_etag(
        self, caller: Any, public_item: ActionItem
    ) -> None:
        client = caller("staff")
        etag = client.get(_item_path(public_item))["ETag"]
        answer = client.post(
            _item_path(public_item) + "/complete",
            {"completed_response": "Work plan circulated on 6/2", "completed_on": "2017-06-02"},
            **{"If-Match": etag},
        )
        assert answer.status_code == 200
        assert answer["ETag"] == '"2"'
        assert answer.json()["status"] == "done"
        assert client.get(_item_path(public_item))["ETag"] == '"2"'
        public_item.refresh_from_db()
        assert public_item.completed_on == dt.date(2017, 6, 2)

    def test_an_unreadable_if_match_never_matches(
        self, caller: Any, public_item: ActionItem
    ) -> None:
        answer = caller("staff").patch(_item_path(public_item), {"topic": "x"}, **{"If-Match": "*"})
        assert answer.status_code == 412
        assert answer.json()["current_version"] == 1

    def test_weak_etags_are_accepted(self, caller: Any, public_item: ActionItem) -> None:
        answer = caller("staff").patch(
            _item_path(public_item), {"topic": "x"}, **{"If-Match": 'W/"1"'}
        )
        assert answer.status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [("observer", 403), ("member", 403), ("james_gannon", 200), ("chair", 200), ("staff", 200)],
)
def test_edit_is_for_leadership_and_the_items_owners(
    role: str, status: int, caller: Any, restricted_item: ActionItem, observer: Any, member: Any
) -> None:
    """James owns the restricted item; Boban (member) cannot even see it (404 below)."""
    client = caller(role)
    answer = client.patch(
        _item_path(restricted_item), {"due_text": "Tuesday COB"}, **{"If-Match": '"1"'}
    )
    expected = 404 if role in {"observer", "member"} else status
    assert answer.status_code == expected
    restricted_item.refresh_from_db()
    assert (restricted_item.due_text == "Tuesday COB") is (expected == 200)


def test_a_member_may_not_change_visibility_of_an_item_they_own(
    caller: Any, restricted_item: ActionItem
) -> None:
    answer = caller("james_gannon").patch(
        _item_path(restricted_item), {"visibility": "public"}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == 403
    restricted_item.refresh_from_db()
    assert restricted_item.visibility == Visibility.RESTRICTED


def test_patch_changes_owners_by_name_and_records_history(
    caller: Any, public_item: ActionItem, james_gannon: Any
) -> None:
    answer = caller("chair").patch(
        _item_path(public_item), {"owners": ["JG", "Co-Chairs"]}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == 200
    assert [o["name"] for o in answer.json()["owners"]] == ["James Gannon", "Co-Chairs"]
    history = caller("chair").get(_item_path(public_item) + "/history").json()["items"]
    assert history[-1]["action"] == "tracker.item.updated"
    assert history[-1]["changes"]["owners"] == [["Co-Chairs"], ["James Gannon", "Co-Chairs"]]


def test_patch_with_an_unknown_field_is_422_naming_it(caller: Any, public_item: ActionItem) -> None:
    answer = caller("staff").patch(
        _item_path(public_item), {"number": 99, "text": "x"}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == 422
    assert "number" in [e["field"] for e in answer.json()["errors"]]


def test_patch_cannot_set_done_through_status(caller: Any, public_item: ActionItem) -> None:
    answer = caller("staff").patch(
        _item_path(public_item), {"status": "done"}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["status"]


def test_completing_a_done_item_is_a_422_from_the_service(
    caller: Any, public_item: ActionItem
) -> None:
    client = caller("staff")
    path = _item_path(public_item) + "/complete"
    assert (
        client.post(path, {"completed_response": "Sent"}, **{"If-Match": '"1"'}).status_code == 200
    )
    again = client.post(path, {"completed_response": "Sent"}, **{"If-Match": '"2"'})
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "status"


def test_merge_points_the_item_at_its_target(
    caller: Any, public_item: ActionItem, team_item: ActionItem
) -> None:
    answer = caller("chair").post(
        _item_path(team_item) + "/merge", {"into": public_item.number}, **{"If-Match": '"1"'}
    )
    assert answer.status_code == 200
    assert answer.json()["status"] == "merged"
    assert answer.json()["merged_into"] == public_item.number


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("observer", 403), ("member", 201), ("chair", 201)],
)
def test_notes_are_added_by_contributors_without_if_match(
    role: str, status: int, caller: Any, public_item: ActionItem, observer: Any, member: Any
) -> None:
    answer = caller(role).post(
        _item_path(public_item) + "/notes",
        {"text": "Sent the draft to Jennifer for review", "noted_on": "2017-06-02"},
    )
    assert answer.status_code == status
    if status == 201:
        assert answer.json()["noted_on"] == "2017-06-02"
        assert answer["ETag"] == '"2"'
        notes = caller(role).get(_item_path(public_item) + "/notes").json()["items"]
        assert [n["text"] for n in notes] == ["Sent the draft to Jennifer for review"]
    else:
        assert public_item.notes.count() == 0


def test_a_member_cannot_restrict_a_note(caller: Any, public_item: ActionItem, member: Any) -> None:
    answer = caller("member").post(
        _item_path(public_item) + "/notes", {"text": "Private remark", "visibility": "restricted"}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "visibility"


class TestSessionCallers:
    def test_a_signed_in_browser_must_send_csrf_to_write(
        self, public_item: ActionItem, staff: Any
    ) -> None:
        from django.test import Client

        from tests.conftest import user_of

        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user_of(staff))
        client = ApiClient(client=browser)
        assert client.get(_item_path(public_item)).status_code == 200
        refused = client.patch(_item_path(public_item), {"topic": "x"}, **{"If-Match": '"1"'})
        assert refused.status_code == 403
        assert "CSRF" in refused.json()["detail"]
        browser.get("/account/tokens/")  # sets the CSRF cookie
        token = browser.cookies["csrftoken"].value
        accepted = client.patch(
            _item_path(public_item), {"topic": "x"}, **{"If-Match": '"1"', "X-CSRFToken": token}
        )
        assert accepted.status_code == 200

    def test_a_token_caller_needs_no_csrf(self, public_item: ActionItem, staff: Any) -> None:
        from django.test import Client

        from tests.api.conftest import token_for

        client = ApiClient(token_for(staff), client=Client(enforce_csrf_checks=True))
        answer = client.patch(_item_path(public_item), {"topic": "x"}, **{"If-Match": '"1"'})
        assert answer.status_code == 200
