"""Every action-item read, for each role, against each visibility: nothing leaks.

The restricted item's text (CANARY) and the restricted note's text must appear in no response
to a caller who may not read them: not in lists, details, notes, history, nor in a 404.
"""

from __future__ import annotations

from typing import Any

import pytest

from secretariat.tracker.models import ActionItem
from tests.api.conftest import CANARY, PUBLIC_TEXT, RESTRICTED_NOTE, TEAM_ONLY

# role fixture -> (reads team items, reads the restricted item, reads the public item's
# restricted note)
ROLES = {
    "anonymous": (False, False, False),
    "outsider": (False, False, False),
    "observer": (False, False, False),
    "member": (True, False, False),
    "technical_writer": (True, False, False),
    # A member named on the restricted item (not on the public one, so not its restricted note).
    "james_gannon": (True, True, False),
    "chair": (True, True, True),
    "staff": (True, True, True),
}


@pytest.fixture
def records(
    restricted_note_on_public_item: ActionItem,
    team_item: ActionItem,
    restricted_item: ActionItem,
    observer: Any,
    outsider: Any,
    technical_writer: Any,
) -> dict[str, ActionItem]:
    return {
        "public": restricted_note_on_public_item,
        "team": team_item,
        "restricted": restricted_item,
    }


def _every_read(client: Any, records: dict[str, ActionItem]) -> dict[str, Any]:
    """Every read endpoint of the tracker, for every item, plus lists with each filter."""
    responses = {
        "list": client.get("teams/ssr2/actions"),
        "list-active": client.get("teams/ssr2/actions", {"status": "active"}),
        "list-search": client.get("teams/ssr2/actions", {"q": "CANARY"}),
        "list-category": client.get("teams/ssr2/actions", {"category": "Outreach"}),
        "list-sorted": client.get("teams/ssr2/actions", {"sort": "due"}),
    }
    for level, item in records.items():
        base = f"teams/ssr2/actions/{item.number}"
        responses[f"{level}-detail"] = client.get(base)
        responses[f"{level}-notes"] = client.get(f"{base}/notes")
        responses[f"{level}-history"] = client.get(f"{base}/history")
    return responses


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_exactly_what_its_visibility_allows(
    role: str, caller: Any, records: dict[str, ActionItem]
) -> None:
    reads_team, reads_restricted, reads_restricted_note = ROLES[role]
    responses = _every_read(caller(role), records)
    everything = b"".join(r.content for r in responses.values()).decode()

    assert PUBLIC_TEXT in everything
    assert (TEAM_ONLY in everything) is reads_team
    assert (CANARY in everything) is reads_restricted
    assert (RESTRICTED_NOTE in everything) is reads_restricted_note

    listed = {row["number"] for row in responses["list"].json()["items"]}
    expected = {records["public"].number}
    if reads_team:
        expected.add(records["team"].number)
    if reads_restricted:
        expected.add(records["restricted"].number)
    assert listed == expected

    for level, allowed in (("team", reads_team), ("restricted", reads_restricted)):
        for kind in ("detail", "notes", "history"):
            response = responses[f"{level}-{kind}"]
            assert response.status_code == (200 if allowed else 404), (level, kind)
            if not allowed:
                assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_item_is_a_404_exactly_like_a_missing_one(
    role: str, caller: Any, records: dict[str, ActionItem]
) -> None:
    client = caller(role)
    missing = client.get("teams/ssr2/actions/9999")
    hidden = client.get(f"teams/ssr2/actions/{records['restricted'].number}")
    if ROLES[role][1]:
        assert hidden.status_code == 200
    else:
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()


@pytest.mark.parametrize("role", ["anonymous", "member", "observer"])
def test_writes_to_a_hidden_item_answer_404_and_change_nothing(
    role: str, caller: Any, records: dict[str, ActionItem]
) -> None:
    client = caller(role)
    item = records["restricted"]
    path = f"teams/ssr2/actions/{item.number}"
    answers = [
        client.patch(path, {"text": "overwritten"}, **{"If-Match": '"1"'}),
        client.post(f"{path}/complete", {"completed_response": "done"}, **{"If-Match": '"1"'}),
        client.post(f"{path}/notes", {"text": "a note"}),
        client.post(f"{path}/merge", {"into": records["public"].number}, **{"If-Match": '"1"'}),
    ]
    expected = 401 if role == "anonymous" else 404
    assert [a.status_code for a in answers] == [expected] * 4
    assert all(CANARY not in a.content.decode() for a in answers)
    item.refresh_from_db()
    assert item.text == CANARY
    assert item.version == 1
    assert item.notes.count() == 0


def test_merging_into_a_hidden_item_is_refused_without_saying_it_exists(
    caller: Any, records: dict[str, ActionItem], member: Any
) -> None:
    client = caller("member")
    public = records["public"]
    answer = client.post(
        f"teams/ssr2/actions/{public.number}/merge",
        {"into": records["restricted"].number},
        **{"If-Match": f'"{public.version}"'},
    )
    # Members may not merge at all; the refusal names the permission, not the target.
    assert answer.status_code == 403
    assert CANARY not in answer.content.decode()


def test_chair_merging_into_an_unknown_item_gets_422_on_into(
    caller: Any, records: dict[str, ActionItem]
) -> None:
    public = records["public"]
    answer = caller("chair").post(
        f"teams/ssr2/actions/{public.number}/merge",
        {"into": 4242},
        **{"If-Match": f'"{public.version}"'},
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["into"]


def test_another_teams_item_numbers_are_404(
    caller: Any, records: dict[str, ActionItem], other_team: Any
) -> None:
    from tests.factories import make_item

    make_item(other_team, "RDS-WHOIS2: review the law enforcement survey results")
    client = caller("staff")
    # ssr2 has items 1-3; rds-whois2 has only #1, so #2 and #3 there are 404 even for ssr2 staff.
    assert client.get("teams/rds-whois2/actions/2").status_code == 404
    assert client.get("teams/rds-whois2/actions/1").json()["text"].startswith("RDS-WHOIS2")
    assert client.get("teams/no-such-team/actions").status_code == 404
