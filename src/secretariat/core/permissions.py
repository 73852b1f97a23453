"""Who may do what: one table for every role, and one function that reads it.

A record's visibility is checked first (nobody acts on what they cannot read); then the
viewer's role in the record's team decides, from RULES. "own" means the viewer is named on
the record: an owner directly, or a member of an owning group.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from secretariat.core.visibility import Access, Viewer, access_for
from secretariat.teams.models import Role, Team


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    ADD_NOTE = "add_note"
    COMPLETE = "complete"
    MERGE = "merge"
    SET_VISIBILITY = "set_visibility"


class Scope(StrEnum):
    ANY = "any"  # every record of the team the viewer can read
    OWN = "own"  # only records that name the viewer


_EVERYTHING = dict.fromkeys(Action, Scope.ANY)
_CONTRIBUTOR = {
    Action.VIEW: Scope.ANY,
    Action.ADD_NOTE: Scope.ANY,
    Action.EDIT: Scope.OWN,
    Action.COMPLETE: Scope.OWN,
}
_READER = {Action.VIEW: Scope.ANY}

# The table. A role missing from it (None: anonymous or not in the team) only reads.
RULES: dict[str | None, dict[Action, Scope]] = {
    Role.STAFF: _EVERYTHING,
    Role.CHAIR: _EVERYTHING,
    Role.MEMBER: _CONTRIBUTOR,
    Role.TECHNICAL_WRITER: _CONTRIBUTOR,
    Role.OBSERVER: _READER,
    None: _READER,
}


class TeamRecord(Protocol):
    """What permission checks need of a record."""

    visibility: str

    def names(self, access: Access) -> bool:
        """True if the record names the viewer (as an owner, or through a group)."""
        ...


def can(
    viewer: Viewer | None, action: Action, *, team: Team, record: TeamRecord | None = None
) -> bool:
    access = access_for(viewer, team)
    named = record.names(access) if record is not None else False
    if record is not None and not access.can_read(record.visibility, named=named):
        return False
    if access.is_superuser:
        return True
    scope = RULES.get(access.role, _READER).get(action)
    if scope is None:
        return False
    if scope is Scope.OWN:
        return named
    return True


def require(
    viewer: Viewer | None, action: Action, *, team: Team, record: TeamRecord | None = None
) -> None:
    """Raise PermissionDenied unless `viewer` may do `action`."""
    if not can(viewer, action, team=team, record=record):
        raise PermissionDenied(
            _("You are not allowed to do that (%(action)s) here.") % {"action": action.value}
        )
