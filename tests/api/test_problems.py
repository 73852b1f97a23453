"""Every error under /api/ is an RFC 9457 problem document, never an HTML page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from secretariat.tracker.models import ActionItem
from tests.api.conftest import ApiClient


def assert_problem(answer: Any, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:secretariat:problem:")
    assert body["title"]
    assert body["detail"]
    return body


def test_bad_json_is_a_400_problem(caller: Any, team: Any, staff: Any) -> None:
    body = assert_problem(caller("staff").post("teams/ssr2/actions", '{"text": "unfinished'), 400)
    assert "JSON" in body["detail"]


def test_wrong_types_are_422_naming_each_field(caller: Any, team: Any, staff: Any) -> None:
    answer = caller("staff").post(
        "teams/ssr2/actions",
        {"text": 365, "due_on": "next Tuesday", "owners": "Co-Chairs", "visibility": "secret"},
    )
    body = assert_problem(answer, 422)
    fields = {e["field"] for e in body["errors"]}
    assert {"text", "due_on", "visibility"} <= fields
    assert any(f.startswith("owners") for f in fields)
    assert not ActionItem.objects.exists()


def test_a_missing_required_field_is_named(caller: Any, team: Any, staff: Any) -> None:
    body = assert_problem(caller("staff").post("teams/ssr2/actions", {"category": "General"}), 422)
    assert [e["field"] for e in body["errors"]] == ["text"]


def test_service_validation_errors_keep_their_field(caller: Any, public_item: ActionItem) -> None:
    answer = caller("staff").post(
        f"teams/ssr2/actions/{public_item.number}/notes",
        {"text": "Dated far ahead", "noted_on": "2999-01-01"},
    )
    body = assert_problem(answer, 422)
    assert body["errors"] == [
        {
            "field": "noted_on",
            "message": "A progress note cannot be dated in the future (2999-01-01).",
        }
    ]


def test_a_huge_body_is_413_before_it_is_read(caller: Any, team: Any, staff: Any) -> None:
    huge = '{"text": "' + "x" * (300 * 1024) + '"}'
    body = assert_problem(caller("staff").post("teams/ssr2/actions", huge), 413)
    assert "limit" in body["detail"]
    assert not ActionItem.objects.exists()


def test_the_body_limit_is_a_setting(caller: Any, team: Any, staff: Any, settings: Any) -> None:
    settings.API_MAX_BODY_BYTES = 100
    assert_problem(caller("staff").post("teams/ssr2/actions", {"text": "y" * 200}), 413)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here", "/api/v1/teams/ssr2/actions/1/rename", "/api/v2/teams", "/api/"],
)
def test_unknown_api_paths_are_404_problems(path: str, db: None) -> None:
    assert_problem(Client().get(path), 404)


def test_an_unknown_team_is_a_404_problem(anonymous: ApiClient, db: None) -> None:
    assert_problem(anonymous.get("teams/atrt3"), 404)


def test_a_method_the_path_does_not_take_is_405_with_allow(anonymous: ApiClient, db: None) -> None:
    answer = anonymous.send("DELETE", "teams")
    assert_problem(answer, 405)
    assert "GET" in answer["Allow"]


def test_a_crash_is_a_500_problem_without_a_traceback(
    caller: Any, public_item: ActionItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    from secretariat.api import tracker

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(tracker, "item_out", explode)
    client = Client(raise_request_exception=False)
    body = assert_problem(client.get(f"/api/v1/teams/ssr2/actions/{public_item.number}"), 500)
    assert "fire" not in body["detail"]


def test_non_api_pages_keep_their_html_errors(db: None) -> None:
    answer = Client().get("/no-such-team/actions/999/")
    assert answer.status_code == 404
    assert "problem+json" not in answer["Content-Type"]


def test_nul_characters_are_refused_not_crashed_on(
    anonymous: ApiClient, public_item: ActionItem
) -> None:
    answer = anonymous.get("teams/ssr2/actions", {"q": "a\x00b"})
    body = assert_problem(answer, 422)
    assert body["errors"][0]["field"] == "q"
