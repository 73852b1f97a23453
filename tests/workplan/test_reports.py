from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser

from secretariat.core.models import Visibility
from secretariat.documents.progress_report import OPEN_CLOSED, TIMELINE
from secretariat.meetings.services import record_decision
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.services import complete_action_item
from secretariat.workplan import reports
from secretariat.workplan.models import Milestone
from secretariat.workplan.services import save_baseline, update_milestone
from tests.conftest import user_of
from tests.factories import make_call, make_item
from tests.workplan.helpers import make_milestone

D = dt.date
UTC = dt.UTC


def _period(team: Team, co_chairs: Group, staff: Person) -> None:
    call = make_call(team, 111, starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=UTC), status="held")
    make_call(team, 98, starts_at=dt.datetime(2017, 3, 3, 14, 0, tzinfo=UTC))  # before the period
    record_decision(
        team=team,
        by=None,
        text="Hold a face-to-face meeting at ICANN59.",
        decided_on=D(2017, 6, 6),
        meeting=call,
    )
    make_item(
        team,
        "Draft SSR2 Review Team work plan with key dates.",
        owners=[co_chairs],
        requested_on=D(2017, 6, 6),
        due_on=D(2017, 6, 9),
    )
    old = make_item(
        team,
        "Circulate the terms of reference.",
        owners=[staff],
        requested_on=D(2017, 4, 1),
        due_on=D(2017, 5, 1),
    )
    complete_action_item(
        item=old,
        by=None,
        expected_version=None,
        response="Sent to the list.",
        completed_on=D(2017, 5, 20),
    )
    make_item(
        team,
        "Confirm IT approval of the collaborative tools.",
        owners=[staff],
        requested_on=D(2017, 4, 1),
        due_on=D(2017, 5, 15),
    )
    make_item(
        team,
        "Contact the vendor under NDA.",
        owners=[staff],
        requested_on=D(2017, 5, 10),
        visibility=Visibility.RESTRICTED,
    )
    scope = make_milestone(
        team, "Agree the review's scope", start_on=D(2017, 3, 3), end_on=D(2017, 5, 30)
    )
    ssr1 = make_milestone(
        team,
        "Assess SSR1 implementation",
        start_on=D(2017, 5, 1),
        end_on=D(2017, 9, 30),
        workstream="SSR1 implementation",
    )
    make_milestone(team, "Work plan adopted", start_on=None, end_on=D(2017, 6, 25))
    save_baseline(team=team, by=None)
    update_milestone(
        milestone=scope,
        by=None,
        expected_version=1,
        changes={"status": Milestone.Status.DONE, "reached_on": D(2017, 5, 30)},
    )
    update_milestone(milestone=ssr1, by=None, expected_version=1, changes={"end_on": D(2017, 10, 13)})  # fmt: skip


def test_the_report_counts_the_periods_activity_from_the_record(
    team: Team, co_chairs: Group, staff: Person
) -> None:
    _period(team, co_chairs, staff)

    report = reports.build_progress_report(
        viewer=user_of(staff),
        team=team,
        since=D(2017, 5, 8),
        until=D(2017, 6, 6),
        today=D(2017, 6, 6),
    )

    assert [(m.title, m.number) for m in report.meetings] == [("SSR2 Plenary Call", 111)]
    assert [d.text for d in report.decisions] == ["Hold a face-to-face meeting at ICANN59."]
    assert [i.text for i in report.opened] == [
        "Draft SSR2 Review Team work plan with key dates.", "Contact the vendor under NDA."
    ]  # fmt: skip
    assert [i.number for i in report.closed] == [2]
    assert [i.text for i in report.overdue] == ["Confirm IT approval of the collaborative tools."]
    assert [m.title for m in report.milestones_reached] == ["Agree the review's scope"]
    assert [(m.title, m.slip_days) for m in report.milestones_slipped] == [
        ("Assess SSR1 implementation", 13)
    ]
    assert [m.title for m in report.upcoming][:1] == ["Work plan adopted"]
    assert report.requests == ()  # the requests app is installed, and nothing is outstanding
    assert "+13 days" in report.figures[TIMELINE]
    assert OPEN_CLOSED in report.figures


def test_the_public_report_leaves_out_what_the_public_may_not_read(
    team: Team, co_chairs: Group, staff: Person
) -> None:
    _period(team, co_chairs, staff)
    report = reports.build_progress_report(
        viewer=AnonymousUser(),
        team=team,
        since=D(2017, 5, 8),
        until=D(2017, 6, 6),
        today=D(2017, 6, 6),
    )
    assert "Contact the vendor under NDA." not in [i.text for i in report.opened]


def test_a_quiet_period_has_no_activity(team: Team) -> None:
    report = reports.build_progress_report(
        viewer=None, team=team, since=D(2017, 8, 1), until=D(2017, 8, 31), today=D(2017, 8, 31)
    )
    assert not report.has_activity


def test_requests_say_not_available_when_the_app_is_missing(team: Team, settings: object) -> None:
    settings.INSTALLED_APPS = [a for a in settings.INSTALLED_APPS if a != "secretariat.requests"]  # type: ignore[attr-defined]
    assert reports.outstanding_requests(viewer=None, team=team) is None


def test_the_progress_pictures_count_from_the_record(
    team: Team, co_chairs: Group, staff: Person
) -> None:
    _period(team, co_chairs, staff)
    items = reports.visible_action_items(viewer=user_of(staff), team=team)

    points = reports.open_closed_points(items, today=D(2017, 6, 6))
    assert points[-1] == (D(2017, 6, 6), 3, 1)
    assert points[0][0] == D(2017, 4, 1)
    assert reports.overdue_by_owner(items, today=D(2017, 6, 6)) == [("Jennifer Bryce", 1)]
    assert reports.closed_per_month(items, today=D(2017, 6, 6)) == [
        (D(2017, 5, 1), 1),
        (D(2017, 6, 1), 0),
    ]

    charts = reports.team_charts(viewer=user_of(staff), team=team, today=D(2017, 6, 6))
    assert set(charts) == {"open_closed", "overdue_by_owner", "closed_per_month"}
    assert "Jennifer Bryce: 1" in charts["overdue_by_owner"]


def test_the_publics_pictures_are_kept_until_the_record_changes(
    team: Team, co_chairs: Group, staff: Person, django_assert_num_queries: Any
) -> None:
    _period(team, co_chairs, staff)
    first = reports.team_charts(viewer=None, team=team, today=D(2017, 6, 6))
    assert "Jennifer Bryce: 1" in first["overdue_by_owner"]

    with django_assert_num_queries(1):  # the latest history entry, nothing counted again
        again = reports.team_charts(viewer=AnonymousUser(), team=team, today=D(2017, 6, 6))
    assert again == first

    overdue = next(
        i
        for i in reports.visible_action_items(viewer=None, team=team)
        if i.due_on == D(2017, 5, 15)
    )
    complete_action_item(
        item=overdue, by=None, expected_version=None, response="IT approved the wiki."
    )
    after = reports.team_charts(viewer=None, team=team, today=D(2017, 6, 6))
    assert "Jennifer Bryce: 1" not in after["overdue_by_owner"]


def test_signed_in_people_get_their_own_pictures_not_the_publics(
    team: Team, co_chairs: Group, staff: Person
) -> None:
    _period(team, co_chairs, staff)
    public = reports.team_charts(viewer=None, team=team, today=D(2017, 6, 6))
    for_staff = reports.team_charts(viewer=user_of(staff), team=team, today=D(2017, 6, 6))
    # Staff also count the restricted item opened in May: 4 items, the public 3.
    assert public["open_closed"] != for_staff["open_closed"]
    assert reports.team_charts(viewer=None, team=team, today=D(2017, 6, 6)) == public


def test_the_pdf_and_docx_carry_the_periods_figures_and_the_timeline(
    team: Team, co_chairs: Group, staff: Person
) -> None:
    import io

    import pypdf
    from docx import Document

    from secretariat.documents.progress_report import render_docx, render_pdf

    _period(team, co_chairs, staff)
    report = reports.build_progress_report(
        viewer=user_of(staff), team=team, since=D(2017, 5, 8), until=D(2017, 6, 6),
        today=D(2017, 6, 6),
    )  # fmt: skip

    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(report)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for line in ("Meetings held: 1", "Decisions reached: 1", "Action items opened: 2",
                 "Action items closed: 1", "Action items overdue: 1", "Milestones reached: 1",
                 "Milestones slipped against the baseline: 1"):  # fmt: skip
        assert line in text
    assert "SSR2 Review Team: work plan" in text  # the timeline's caption
    assert "Assess SSR1 implementation" in text
    assert "+13 days" in text  # drawn on the timeline and written in the list

    document = Document(io.BytesIO(render_docx(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Action items overdue: 1" in paragraphs
    assert len(document.inline_shapes) == 4  # the timeline and the three charts, as PNGs
    for caption in ("SSR2 Review Team: work plan", "Open and closed action items over time",
                    "Overdue action items by owner", "Action items closed per month"):  # fmt: skip
        assert caption in paragraphs
    assert "Overdue action items by owner" in text  # the PDF draws the charts too
