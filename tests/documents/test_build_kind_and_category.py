"""documents.build fills MeetingContent.kind and ItemLine.category; the defaults keep older
callers (content built by hand) working."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from secretariat.documents.build import deck_content, meeting_content
from secretariat.documents.content import ItemLine, MeetingContent
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Group, Team
from tests.factories import make_call, make_item

pytestmark = pytest.mark.django_db


def test_the_meeting_says_its_kind_and_each_item_its_category(team: Team, co_chairs: Group) -> None:
    call = make_call(
        team, 12, "SSR2 Staff, Co-Chairs Coordination", kind=Meeting.Kind.LEADERSHIP,
        starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    make_item(
        team, "Distribute draft Johannesburg agenda to email list.", owners=[co_chairs],
        category="General", source_meeting=call,
    )  # fmt: skip
    make_item(
        team, "Draft SSR2 Review Team work plan with key dates.", owners=[co_chairs],
        category="Workplan", source_meeting=call,
    )  # fmt: skip

    content = meeting_content(viewer=AnonymousUser(), meeting=call)

    assert content.kind == "leadership"
    assert sorted(line.category for line in content.action_items) == ["General", "Workplan"]
    deck = deck_content(viewer=AnonymousUser(), team=team, meeting=call)
    assert deck.meeting.kind == "leadership"
    assert {line.category for line in deck.review_items} == {"General", "Workplan"}


def test_content_built_without_them_defaults_to_empty() -> None:
    assert MeetingContent(team_name="SSR2 Review Team", title="Plenary #111").kind == ""
    assert ItemLine(number=365, text="Share the proposal on-list.").category == ""
