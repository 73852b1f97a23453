"""A team's Atom feed: the latest public changes to its record.

Feed readers fetch without cookies, so the feed is always the anonymous view: a change is in
it only if it was public when made and its record is public now. It carries action items
(created, edited, noted, completed, merged), meetings (created, edited) and decisions (recorded).
Each entry shows the values a change set, never the values it replaced: those may date from a
time the record was not public.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secretariat.core.history import ACTION_LABELS
from secretariat.core.models import HistoryEntry, Visibility
from secretariat.meetings.models import Decision, Meeting
from secretariat.meetings.queries import visible_decisions, visible_meetings
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import visible_action_items

FEED_LENGTH = 50

# What the feed says of the meetings app's changes (the tracker's are in core.history).
LABELS = {
    "meetings.meeting.created": gettext_lazy("scheduled the meeting"),
    "meetings.meeting.updated": gettext_lazy("edited the meeting"),
    "meetings.decision.recorded": gettext_lazy("recorded the decision"),
}
MEETING_ACTIONS = ("meetings.meeting.created", "meetings.meeting.updated")
DECISION_ACTIONS = ("meetings.decision.recorded",)


def public_changes(team: Team) -> QuerySet[HistoryEntry]:
    """Changes to the team's public records that were public when they were made."""
    anonymous = None
    types = ContentType.objects.get_for_models(ActionItem, Meeting, Decision)
    items = visible_action_items(viewer=anonymous, team=team).order_by().values("pk")
    meetings = (
        visible_meetings(viewer=anonymous, team=team)
        .filter(number__isnull=False)
        .order_by()
        .values("pk")
    )
    decisions = visible_decisions(viewer=anonymous, team=team).order_by().values("pk")
    return (
        HistoryEntry.objects.filter(team=team, visibility=Visibility.PUBLIC)
        .filter(
            Q(content_type=types[ActionItem], object_id__in=items)
            | Q(content_type=types[Meeting], object_id__in=meetings, action__in=MEETING_ACTIONS)
            | Q(content_type=types[Decision], object_id__in=decisions, action__in=DECISION_ACTIONS)
        )
        .order_by("-created_at", "-id")
    )


class TeamFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, team: str) -> Team:
        return get_team(team)

    def title(self, obj: Team) -> str:
        return _("%(team)s: latest changes") % {"team": obj.name}

    def subtitle(self, obj: Team) -> str:
        return _(
            "Action items, meetings and decisions created, edited and completed in the public "
            "record of %(team)s."
        ) % {"team": obj.name}

    def link(self, obj: Team) -> str:
        return reverse("team_home", args=[obj.slug])

    def items(self, obj: Team) -> list[HistoryEntry]:
        entries = list(public_changes(obj)[:FEED_LENGTH].select_related("content_type"))
        ids: dict[str, set[int]] = {"actionitem": set(), "meeting": set(), "decision": set()}
        for entry in entries:
            ids[entry.content_type.model].add(entry.object_id)
        item_numbers: dict[int, int] = dict(
            ActionItem.objects.filter(pk__in=ids["actionitem"]).values_list("pk", "number")
        )
        meeting_numbers: dict[int, int | None] = dict(
            Meeting.objects.filter(pk__in=ids["meeting"]).values_list("pk", "number")
        )
        decisions = {
            pk: (number, meeting_number)
            for pk, number, meeting_number in Decision.objects.filter(
                pk__in=ids["decision"]
            ).values_list("pk", "number", "meeting__number")
        }
        for entry in entries:
            model = entry.content_type.model
            if model == "decision":
                number, meeting_number = decisions[entry.object_id]
                entry.feed_title = f"D{number}"  # type: ignore[attr-defined]
                entry.feed_link = (  # type: ignore[attr-defined]
                    reverse("meetings:detail", args=[obj.slug, meeting_number])
                    if meeting_number is not None
                    else reverse("decisions", args=[obj.slug])
                )
            elif model == "meeting":
                meeting = meeting_numbers[entry.object_id]  # numbered: public_changes asks it
                entry.feed_title = _("Meeting #%(number)s") % {"number": meeting}  # type: ignore[attr-defined]
                entry.feed_link = reverse("meetings:detail", args=[obj.slug, meeting])  # type: ignore[attr-defined]
            else:
                number = item_numbers[entry.object_id]
                entry.feed_title = f"#{number}"  # type: ignore[attr-defined]
                entry.feed_link = reverse("tracker:detail", args=[obj.slug, number])  # type: ignore[attr-defined]
        return entries

    def item_title(self, item: HistoryEntry) -> str:
        what = LABELS.get(item.action) or ACTION_LABELS.get(item.action) or item.action
        return f"{item.feed_title} — {item.actor_name or _('the system')} {what}"  # type: ignore[attr-defined]

    def item_description(self, item: HistoryEntry) -> str:
        lines = [f"{name}: {after or '—'}" for name, (_before, after) in item.changes.items()]
        return "\n".join(lines)

    def item_link(self, item: HistoryEntry) -> str:
        return str(item.feed_link)  # type: ignore[attr-defined]

    def item_guid(self, item: HistoryEntry) -> str:
        return f"{self.item_link(item)}#change-{item.pk}"

    def item_updateddate(self, item: HistoryEntry) -> dt.datetime:
        return item.created_at

    def item_pubdate(self, item: HistoryEntry) -> dt.datetime:
        return item.created_at
