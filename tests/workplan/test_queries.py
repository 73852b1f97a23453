from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from secretariat.core.models import Visibility
from secretariat.teams.models import Person, Team
from secretariat.workplan.queries import visible_milestones
from secretariat.workplan.reports import workplan_timeline
from secretariat.workplan.services import save_baseline, update_milestone
from tests.conftest import user_of
from tests.factories import make_item
from tests.workplan.helpers import make_milestone

D = dt.date


def test_a_restricted_milestone_is_read_by_staff_and_its_owner_only(
    team: Team, staff: Person, member: Person, other_member: Person, observer: Person
) -> None:
    make_milestone(team, "Agree the review's scope")
    make_milestone(
        team, "Negotiate access to confidential incident data", owners=[member],
        visibility=Visibility.RESTRICTED,
    )  # fmt: skip

    def titles(viewer: object) -> set[str]:
        return {m.title for m in visible_milestones(viewer=viewer, team=team)}  # type: ignore[arg-type]

    everything = {"Agree the review's scope", "Negotiate access to confidential incident data"}
    assert titles(AnonymousUser()) == {"Agree the review's scope"}
    assert titles(user_of(observer)) == {"Agree the review's scope"}
    assert titles(user_of(other_member)) == {"Agree the review's scope"}
    assert titles(user_of(member)) == everything
    assert titles(user_of(staff)) == everything


def test_a_restricted_milestone_is_never_drawn_for_the_public(team: Team, client: Client) -> None:
    make_milestone(team, "Agree the review's scope")
    secret = make_milestone(
        team, "Negotiate access to confidential incident data", visibility=Visibility.RESTRICTED
    )
    save_baseline(team=team, by=None)

    svg, baseline = workplan_timeline(viewer=AnonymousUser(), team=team, today=D(2017, 6, 6))

    assert "confidential incident data" not in svg
    assert secret.pk not in baseline
    page = client.get("/ssr2/workplan/").content.decode()
    assert "Agree the review" in page
    assert "confidential incident data" not in page


def test_dependencies_and_links_the_viewer_may_not_read_are_left_out(team: Team) -> None:
    secret = make_milestone(team, "Confidential vendor review", visibility=Visibility.RESTRICTED)
    hidden_item = make_item(team, "Collect incident reports", visibility=Visibility.RESTRICTED)
    open_item = make_item(team, "Draft SSR2 Review Team work plan with key dates")
    plan = make_milestone(
        team, "Work plan adopted", depends_on=[secret], action_items=[hidden_item, open_item]
    )

    seen = visible_milestones(viewer=AnonymousUser(), team=team).get(pk=plan.pk)

    assert seen.visible_dependencies == []  # type: ignore[attr-defined]
    assert [link.action_item for link in seen.visible_links] == [open_item]  # type: ignore[attr-defined]


def test_the_timeline_measures_slips_against_the_latest_baseline(team: Team, staff: Person) -> None:
    ssr1 = make_milestone(
        team, "Assess SSR1 implementation", start_on=D(2017, 5, 1), end_on=D(2017, 9, 30)
    )
    save_baseline(team=team, by=user_of(staff), name="Adopted at ICANN59")
    update_milestone(
        milestone=ssr1, by=user_of(staff), expected_version=1, changes={"end_on": D(2017, 10, 20)}
    )

    svg, baseline = workplan_timeline(viewer=AnonymousUser(), team=team, today=D(2017, 6, 6))

    assert baseline[ssr1.pk] == (D(2017, 5, 1), D(2017, 9, 30))
    assert "+20 days" in svg
