"""The audit log a team's staff read: sign-ins and failures of the team's people, exports,
backups and restores (SecurityEvent), and every change of a role or of a record's visibility
(the history table). Read only; the rows are never edited or deleted by the application.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from secretariat.core.models import HistoryEntry, SecurityEvent
from secretariat.core.visibility import Viewer, access_for
from secretariat.teams.models import Role, Team
from secretariat.teams.queries import get_team

LIMIT = 200
DATA_EVENTS = (SecurityEvent.Kind.BACKED_UP, SecurityEvent.Kind.RESTORED)


def may_read_audit_log(viewer: Viewer | None, team: Team) -> bool:
    """The team's staff and superusers; chairs and members do not see addresses and accounts."""
    access = access_for(viewer, team)
    return access.is_superuser or access.role == Role.STAFF


def security_events(team: Team) -> QuerySet[SecurityEvent]:
    """Events of the team's people (present or past), its exports, and every backup/restore."""
    people = Q(user__person__memberships__team=team)
    named = Q(user__isnull=True, username__in=_usernames(team))
    exports = Q(kind=SecurityEvent.Kind.EXPORTED) & (Q(detail__team=team.slug) | Q(detail__team=""))
    return (
        SecurityEvent.objects.filter(people | named | exports | Q(kind__in=DATA_EVENTS))
        .select_related("user")
        .distinct()
        .order_by("-created_at", "-id")
    )


def _usernames(team: Team) -> QuerySet[User, str]:
    return User.objects.filter(person__memberships__team=team).values_list("username", flat=True)


def access_changes(team: Team) -> QuerySet[HistoryEntry]:
    """Role changes (memberships) and visibility changes of the team's records, newest first."""
    return (
        HistoryEntry.objects.filter(team=team)
        .filter(Q(action__startswith="teams.membership.") | Q(changes__has_key="visibility"))
        .order_by("-created_at", "-id")
    )


@require_safe
@login_required
def audit_log(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if not may_read_audit_log(request.user, team_obj):
        raise PermissionDenied(_("Only the team's staff read its audit log."))
    context = {
        "team": team_obj,
        "events": list(security_events(team_obj)[:LIMIT]),
        "changes": list(access_changes(team_obj)[:LIMIT]),
        "limit": LIMIT,
    }
    response = render(request, "core/audit_log.html", context)
    response["Cache-Control"] = "no-store"
    return response
