"""Mail owners when the tracker assigns them an item or someone notes on one they own.

The tracker's services write a HistoryEntry for every change; listening to those entries keeps
the tracker free of mail code. The task is enqueued when the change commits, never on rollback.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from secretariat.core.models import HistoryEntry


@receiver(post_save, sender=HistoryEntry, dispatch_uid="notify.history_entry_saved")
def history_entry_saved(
    sender: type[HistoryEntry],
    instance: HistoryEntry,
    created: bool,
    raw: bool = False,
    **kwargs: Any,
) -> None:
    if not created or raw:
        return
    from secretariat.notify.services import enqueue_on_commit, wants_mail
    from secretariat.notify.tasks import send_assignment_task

    if wants_mail(instance):
        enqueue_on_commit(send_assignment_task, entry_id=instance.pk)
