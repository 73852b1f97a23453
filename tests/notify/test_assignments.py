"""Mail to owners: when an item is assigned to them or their group, and on someone else's note."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.db import transaction

from secretariat.core.models import HistoryEntry, Visibility
from secretariat.notify.services import send_assignment_mail
from secretariat.teams.models import Group, Person, Team
from secretariat.tracker.services import add_progress_note, create_action_item, update_action_item
from tests.conftest import user_of
from tests.factories import make_item


def _send_last(action: str) -> None:
    entry = HistoryEntry.objects.filter(action=action).latest("id")
    send_assignment_mail(entry_id=entry.pk)


def test_a_new_owner_and_the_members_of_an_owning_group_are_mailed(
    team: Team, staff: Person, member: Person, chair: Person, co_chairs: Group
) -> None:
    item = create_action_item(
        team=team, by=user_of(staff), text="Brief the RT on the budget.", owners=[member, co_chairs]
    )
    _send_last("tracker.item.created")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([f"Boban Krsic <{member.email}>", f"Russ Housley <{chair.email}>"])
    message = mail.outbox[0]
    assert "#1 is yours" in message.subject
    assert message.reply_to
    assert message.reply_to[0].startswith(f"secretariat+r{item.pk}-")
    assert "Start your reply with the word done" in message.body


def test_only_the_owner_added_by_an_edit_is_mailed(
    team: Team, staff: Person, member: Person, other_member: Person
) -> None:
    item = make_item(team, "Circulate the work plan.", owners=[member])
    update_action_item(
        item=item,
        by=user_of(staff),
        expected_version=None,
        changes={"owners": [member, other_member]},
    )
    _send_last("tracker.item.updated")
    assert [m.to[0] for m in mail.outbox] == [f"Kerry-Ann Barrett <{other_member.email}>"]


def test_a_note_by_someone_else_mails_the_owner_but_not_the_author(
    team: Team, staff: Person, member: Person
) -> None:
    item = make_item(team, "Circulate the work plan.", owners=[member, staff])
    add_progress_note(item=item, by=user_of(staff), text="Followed up 6/2.")
    _send_last("tracker.note.added")
    assert [m.to[0] for m in mail.outbox] == [f"Boban Krsic <{member.email}>"]
    assert "Followed up 6/2." in mail.outbox[0].body


def test_a_restricted_note_is_not_mailed_to_an_owner_who_may_not_read_it(
    team: Team, staff: Person, member: Person, observer: Person
) -> None:
    item = make_item(team, "Circulate the work plan.", owners=[member])
    add_progress_note(
        item=item, by=user_of(staff), text="Legal says no.", visibility=Visibility.RESTRICTED
    )
    _send_last("tracker.note.added")
    # The member owns the item, so restricted notes on it name them: they are mailed.
    assert [m.to[0] for m in mail.outbox] == [f"Boban Krsic <{member.email}>"]


def test_operator_imports_mail_nobody(
    team: Team, member: Person, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        make_item(team, "Imported from the wiki tracker.", owners=[member])
    assert callbacks == []
