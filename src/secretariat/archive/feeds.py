"""A team's Atom feed: the latest public changes to its record.

Feed readers fetch without cookies, so the feed is always the anonymous view: a change is in
it only if it was public when made and its record is public now.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from secretariat.core.history import ACTION_LABELS
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import visible_action_items

FEED_LENGTH = 50


def public_changes(team: Team) -> QuerySet[HistoryEntry]:
    """Changes to the team's public action items that were public when they were made."""
    public_items = visible_action_items(viewer=None, team=team).values("pk")
    return HistoryEntry.objects.filter(
        team=team,
        visibility=Visibility.PUBLIC,
        content_type=ContentType.objects.get_for_model(ActionItem),
        object_id__in=public_items,
    ).order_by("-created_at", "-id")


class TeamFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, team: str) -> Team:
        return get_team(team)

    def title(self, obj: Team) -> str:
        return _("%(team)s: latest changes") % {"team": obj.name}

    def subtitle(self, obj: Team) -> str:
        return _(
            "Action items created, edited, noted and completed in the public record of %(team)s."
        ) % {"team": obj.name}

    def link(self, obj: Team) -> str:
        return reverse("tracker:list", args=[obj.slug])

    def items(self, obj: Team) -> list[HistoryEntry]:
        entries = list(public_changes(obj)[:FEED_LENGTH])
        numbers = dict(
            ActionItem.objects.filter(pk__in={e.object_id for e in entries}).values_list(
                "pk", "number"
            )
        )
        for entry in entries:
            entry.item_number = numbers.get(entry.object_id)  # type: ignore[attr-defined]
            entry.team_slug = obj.slug  # type: ignore[attr-defined]
        return entries

    def item_title(self, item: HistoryEntry) -> str:
        what = ACTION_LABELS.get(item.action, item.action)
        return f"#{item.item_number} — {item.actor_name or _('the system')} {what}"  # type: ignore[attr-defined]

    def item_description(self, item: HistoryEntry) -> str:
        lines = [
            f"{name}: {before or '—'} → {after or '—'}"
            for name, (before, after) in item.changes.items()
        ]
        return "\n".join(lines)

    def item_link(self, item: HistoryEntry) -> str:
        return reverse("tracker:detail", args=[item.team_slug, item.item_number])  # type: ignore[attr-defined]

    def item_guid(self, item: HistoryEntry) -> str:
        return f"{self.item_link(item)}#change-{item.pk}"

    def item_updateddate(self, item: HistoryEntry) -> dt.datetime:
        return item.created_at

    def item_pubdate(self, item: HistoryEntry) -> dt.datetime:
        return item.created_at
