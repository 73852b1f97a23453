"""Bad input through the API: a briefing scheduled at another team's meeting, an answer to (or
publication of) a question that does not exist. A clear answer, and nothing changed."""

from __future__ import annotations

from typing import Any

from secretariat.core.history import history_for
from secretariat.requests.models import Question
from secretariat.teams.models import Person, Team
from tests.factories import make_call
from tests.requests.helpers import make_request


def test_a_briefing_at_another_teams_meeting_is_refused_and_nothing_changes(
    caller: Any, team: Team, other_team: Team, staff: Person
) -> None:
    request = make_request(team)
    # Their #77 exists; ours does not: a number in the body is always this team's meeting.
    make_call(other_team, 77, "RDS-WHOIS2 Plenary Call")

    answer = caller("staff").post(
        f"teams/ssr2/requests/{request.number}/schedule",
        {"meeting": 77},
        **{"If-Match": f'"{request.version}"'},
    )

    assert answer.status_code == 422
    error = answer.json()["errors"][0]
    assert (error["field"], error["message"]) == ("meeting", "ssr2 has no meeting #77.")
    request.refresh_from_db()
    assert (request.status, request.scheduled_meeting, request.version) == ("requested", None, 1)
    assert history_for(request).count() == 1


def test_answering_a_question_that_does_not_exist_is_a_404(
    caller: Any, team: Team, staff: Person
) -> None:
    staff_api = caller("staff")

    answered = staff_api.post(
        "teams/ssr2/questions/99/answer",
        {"answer": "GSE works through regional engagement."},
        **{"If-Match": '"1"'},
    )
    published = staff_api.post(
        "teams/ssr2/questions/99/publish", {"published": True}, **{"If-Match": '"1"'}
    )

    assert answered.status_code == 404
    assert published.status_code == 404
    assert not Question.objects.exists()
