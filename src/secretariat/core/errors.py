"""Errors the services raise besides Django's ValidationError and PermissionDenied."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.db import models

    from secretariat.core.models import HistoryEntry


class StaleVersion(Exception):
    """An edit was based on an old version of a record; nothing was changed.

    `current` is the record as it is now and `changes_since` the history entries the editor did
    not see, so a screen can show what changed and let the person re-apply their edit.
    """

    def __init__(
        self,
        *,
        current: models.Model,
        expected_version: int,
        changes_since: Sequence[HistoryEntry],
    ) -> None:
        self.current = current
        self.expected_version = expected_version
        self.changes_since = list(changes_since)
        super().__init__(
            _(
                "%(record)s was changed by someone else since you opened it (version %(old)s, now %(new)s)."
            )
            % {"record": current, "old": expected_version, "new": getattr(current, "version", "?")}
        )
