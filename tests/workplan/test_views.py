from __future__ import annotations

import datetime as dt
import io

from django.test import Client
from docx import Document

from secretariat.core.models import Visibility
from secretariat.teams.models import Group, Person, Team
from secretariat.workplan.models import Baseline, Milestone
from secretariat.workplan.services import update_milestone
from tests.conftest import client_for, user_of
from tests.factories import make_item
from tests.workplan.helpers import make_milestone, ssr2_plan

D = dt.date


def test_the_public_page_shows_the_timeline_and_the_plan_by_workstream(
    team: Team, client: Client
) -> None:
    ssr2_plan(team)

    response = client.get("/ssr2/workplan/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<g class="milestone"') == 4
    assert 'role="img"' in body
    assert 'class="today"' in body
    for stream in ("Work plan", "SSR1 implementation", "ICANN Security", "DNS SSR"):
        assert f">{stream}</h2>" in body
    assert "New milestone" not in body
    assert "Save baseline" not in body


def test_staff_add_a_milestone_from_the_form(team: Team, staff: Person, co_chairs: Group) -> None:
    item = make_item(team, "Draft SSR2 Review Team work plan with key dates")
    client = client_for(staff)
    assert client.get("/ssr2/workplan/new/").status_code == 200

    response = client.post(
        "/ssr2/workplan/new/",
        {
            "title": "Work plan adopted",
            "workstream": "Work plan",
            "end_on": "2017-06-25",
            "status": "planned",
            "owners": "Co-Chairs",
            "action_items": f"#{item.number}",
            "visibility": "public",
        },
    )

    assert response.status_code == 302
    milestone = Milestone.objects.get(title="Work plan adopted")
    assert [str(o) for o in milestone.owners.all()] == ["Co-Chairs"]
    assert milestone.links.get().action_item == item


def test_the_form_names_the_field_of_a_bad_date_and_saves_nothing(
    team: Team, staff: Person
) -> None:
    response = client_for(staff).post(
        "/ssr2/workplan/new/",
        {"title": "Findings", "start_on": "2017-09-01", "end_on": "2017-08-01",
         "status": "planned", "visibility": "public"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "is before the start" in response.content.decode()
    assert not Milestone.objects.exists()


def test_members_may_not_add_milestones_and_visitors_are_asked_to_sign_in(
    team: Team, member: Person, client: Client
) -> None:
    assert client_for(member).get("/ssr2/workplan/new/").status_code == 403
    response = client.get("/ssr2/workplan/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_stale_edit_answers_409_and_keeps_what_was_typed(
    team: Team, staff: Person, chair: Person
) -> None:
    milestone = make_milestone(team, "Work plan adopted", start_on=None, end_on=D(2017, 6, 25))
    update_milestone(
        milestone=milestone,
        by=user_of(chair),
        expected_version=1,
        changes={"end_on": D(2017, 6, 30)},
    )

    response = client_for(staff).post(
        f"/ssr2/workplan/{milestone.pk}/edit/",
        {"title": "Work plan adopted at ICANN59", "end_on": "2017-06-25", "status": "planned",
         "visibility": "public", "version": "1"},
    )  # fmt: skip

    assert response.status_code == 409
    body = response.content.decode()
    assert "Work plan adopted at ICANN59" in body
    milestone.refresh_from_db()
    assert milestone.title == "Work plan adopted"
    assert milestone.end_on == D(2017, 6, 30)


def test_staff_save_a_baseline_from_the_page(team: Team, staff: Person) -> None:
    ssr2_plan(team)
    response = client_for(staff).post("/ssr2/workplan/baseline/", {"name": "Adopted plan"})
    assert response.status_code == 302
    assert Baseline.objects.get().entries.count() == 4


def test_the_report_draft_is_editable_and_downloads_as_docx(team: Team, staff: Person) -> None:
    make_milestone(team, "Work plan adopted")
    client = client_for(staff)

    page = client.get("/ssr2/workplan/report/?since=2017-05-08&until=2017-06-06")
    assert page.status_code == 200
    assert "## Milestones" in page.content.decode()

    response = client.post(
        "/ssr2/workplan/report/",
        {"markdown": "# Progress report: SSR2\n\n## Next steps before ICANN59\n\n- Adopt the plan\n",
         "format": "docx", "since": "2017-05-08", "until": "2017-06-06"},
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ssr2-progress-report-2017-06-06.docx"'
    )
    paragraphs = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert "Next steps before ICANN59" in paragraphs
    assert "Adopt the plan" in paragraphs


def test_the_report_draft_is_for_staff_and_chairs_only(team: Team, member: Person) -> None:
    assert client_for(member).get("/ssr2/workplan/report/").status_code == 403


def test_the_progress_page_draws_the_three_pictures_for_the_public(
    team: Team, client: Client, staff: Person
) -> None:
    make_item(team, "Circulate the terms of reference.", owners=[staff], due_on=D(2017, 5, 1))
    make_item(
        team, "Vendor NDA", owners=[staff], due_on=D(2017, 5, 1), visibility=Visibility.RESTRICTED
    )

    body = client.get("/ssr2/progress/").content.decode()

    assert body.count('role="img"') == 3
    assert "Jennifer Bryce: 1" in body  # the restricted item is not counted


def test_the_team_home_shows_the_progress_pictures_of_what_the_viewer_may_read(
    team: Team, client: Client, staff: Person, co_chairs: Group
) -> None:
    make_item(team, "Circulate the terms of reference.", owners=[staff], due_on=D(2017, 5, 1))
    make_item(team, "Vendor NDA", owners=[co_chairs], due_on=D(2017, 5, 1),
              visibility=Visibility.RESTRICTED)  # fmt: skip

    public = client.get("/ssr2/").content.decode()
    assert public.count('role="img"') == 3
    assert "Jennifer Bryce: 1" in public
    assert "Co-Chairs: 1" not in public

    assert "Co-Chairs: 1" in client_for(staff).get("/ssr2/").content.decode()


def test_the_progress_page_gives_each_picture_its_figures_as_a_table(
    team: Team, client: Client, staff: Person, co_chairs: Group
) -> None:
    make_item(team, "Circulate the terms of reference.", owners=[staff, co_chairs],
              due_on=D(2017, 5, 1))  # fmt: skip
    make_item(team, "Book the Johannesburg room.", due_on=D(2017, 5, 2))

    body = client.get("/ssr2/progress/").content.decode()

    assert body.count("The figures as a table") == 2  # nothing closed yet: no third table
    # An item with two owners counts for both; one without an owner is counted too.
    for owner in ("Co-Chairs", "Jennifer Bryce", "(no owner)"):
        assert f"<tr><td>{owner}</td><td>1</td></tr>" in body
