"""Edits made in the Django admin are recorded in history and bump the version."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from secretariat.core.models import HistoryEntry
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for_ops(db: None) -> Client:
    admin = User.objects.create_superuser("ops", "ops@example.org", "a long admin passphrase")
    client = Client()
    client.force_login(admin)
    return client


def test_an_admin_edit_is_kept_in_history_and_bumps_the_version(
    team: Team, admin_client_for_ops: Client
) -> None:
    item = make_item(
        team, "Share links to relevant articles regarding threat mitigation.", category="General"
    )
    page = admin_client_for_ops.get(f"/admin/tracker/actionitem/{item.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        {"category": "Outreach", "team": team.pk, "requested_on": item.requested_on.isoformat()}
    )
    for prefix in ("owners", "notes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = admin_client_for_ops.post(f"/admin/tracker/actionitem/{item.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.category == "Outreach"
    assert item.version == 2
    entry = HistoryEntry.objects.get(action="tracker.actionitem.admin_changed")
    assert entry.changes == {"category": ["General", "Outreach"]}
    assert entry.actor_name == "ops"


def test_the_admin_cannot_delete_action_items(team: Team, admin_client_for_ops: Client) -> None:
    item = make_item(team, "Share links to relevant articles regarding threat mitigation.")

    response = admin_client_for_ops.post(
        f"/admin/tracker/actionitem/{item.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert ActionItem.objects.filter(pk=item.pk).exists()
