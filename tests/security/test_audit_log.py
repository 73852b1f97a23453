"""The audit log: role changes, visibility changes, sign-ins, exports, backups and restores are
recorded with who and when, and the team's staff (only) can read them at /<team>/audit/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secretariat.core.models import SecurityEvent
from secretariat.teams.models import Person, Role, Team
from secretariat.teams.services import add_member
from secretariat.tracker.services import update_action_item
from tests.conftest import client_for, user_of
from tests.factories import PASSWORD, make_item, make_member, make_superuser, make_team


def _audit_page(client: Client) -> str:
    response = client.get("/ssr2/audit/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.content.decode()


def test_role_and_visibility_changes_show_with_who_made_them(
    team: Team, staff: Person, member: Person
) -> None:
    add_member(team=team, person=member, role=Role.CHAIR, by=user_of(staff))
    item = make_item(team, "Circulate the SSR2 terms of reference")
    update_action_item(
        item=item, by=user_of(staff), expected_version=None, changes={"visibility": "restricted"}
    )

    page = _audit_page(client_for(staff))

    assert "role: member → chair" in page
    assert "visibility: public → restricted" in page
    assert page.count("Jennifer Bryce") >= 2  # the staff member who made both changes


def test_sign_ins_failures_and_exports_are_listed_with_address_and_account(
    team: Team, staff: Person, member: Person
) -> None:
    assert member.user is not None
    Client(REMOTE_ADDR="192.0.2.17").post(
        "/accounts/login/", {"username": member.user.username, "password": "wrong"}
    )
    browser = Client(REMOTE_ADDR="192.0.2.18")
    browser.post("/accounts/login/", {"username": member.user.username, "password": PASSWORD})
    browser.get("/ssr2/requests/briefings.csv")

    page = _audit_page(client_for(staff))

    assert "Sign-in failed" in page
    assert "192.0.2.17" in page
    assert "Signed in" in page
    exported = SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORTED)
    assert exported.user == member.user
    assert exported.detail == {"what": "briefing requests", "team": "ssr2", "format": "csv"}
    assert "Data exported" in page
    assert "format: csv" in page


def test_an_archive_export_and_a_backup_are_logged(
    team: Team, staff: Person, tmp_path: Path
) -> None:
    call_command("export-archive", str(tmp_path / "site"), team="ssr2", verbosity=0)
    call_command("backup", str(tmp_path / "ssr2.json"), format="json")

    # (the archive's own copies of the briefing tables are logged too, as anonymous downloads)
    exported = SecurityEvent.objects.get(
        kind=SecurityEvent.Kind.EXPORTED, detail__command="export-archive"
    )
    assert exported.detail["team"] == "ssr2"
    assert exported.username.endswith("(command line)")
    backed_up = SecurityEvent.objects.get(kind=SecurityEvent.Kind.BACKED_UP)
    assert backed_up.detail["file"] == str((tmp_path / "ssr2.json").resolve())
    page = _audit_page(client_for(staff))
    assert "Backup taken" in page
    assert "command: export-archive" in page


@pytest.mark.django_db(transaction=True)
def test_a_restore_is_logged_in_the_restored_database(tmp_path: Path) -> None:
    team = make_team()
    make_item(team, "Draft SSR2 work plan")
    backup = tmp_path / "ssr2.json"
    call_command("backup", str(backup), format="json")
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore", str(backup))

    restored = SecurityEvent.objects.get(kind=SecurityEvent.Kind.RESTORED)
    assert restored.detail == {
        "command": "restore",
        "file": str(backup.resolve()),
        "format": "json",
    }


@pytest.mark.parametrize(
    ("who", "status"), [("chair", 403), ("member", 403), ("observer", 403), ("anonymous", 302)]
)
def test_only_staff_and_superusers_read_the_audit_log(
    team: Team, chair: Person, member: Person, observer: Person, who: str, status: int
) -> None:
    people = {"chair": chair, "member": member, "observer": observer}
    client = client_for(people[who]) if who in people else Client()

    response = client.get("/ssr2/audit/")

    assert response.status_code == status
    admin = Client()
    admin.force_login(make_superuser())
    assert admin.get("/ssr2/audit/").status_code == 200


def test_another_teams_staff_cannot_read_this_teams_log(team: Team) -> None:
    ccwg = make_team("ccwg", "CCWG-Accountability")
    outsider = make_member(ccwg, "Alice Jansen", Role.STAFF)

    assert client_for(outsider).get("/ssr2/audit/").status_code == 403


def test_the_page_costs_the_same_queries_however_long_the_log(
    team: Team, staff: Person, member: Person
) -> None:
    client = client_for(staff)
    client.get("/ssr2/audit/")
    with CaptureQueriesContext(connection) as few:
        client.get("/ssr2/audit/")
    for number in range(1, 8):
        item = make_item(team, f"Item {number}")
        update_action_item(
            item=item, by=user_of(staff), expected_version=None, changes={"visibility": "team"}
        )
        add_member(team=team, person=member, role=[Role.CHAIR, Role.MEMBER][number % 2])
    with CaptureQueriesContext(connection) as many:
        body = client.get("/ssr2/audit/").content.decode()

    assert body.count("visibility: public → team") == 7
    assert len(many) == len(few)
