"""A team's Atom feed: the latest public changes to its record.

Feed readers fetch without cookies, so the feed is always the anonymous view: a change is in
it only if it was public when made and its record is public now. It carries action items
(created, edited, noted, completed, merged), meetings (created, edited), decisions (recorded),
requests (created, status changed, briefing scheduled, note added), questions (asked, answer
published) and events (created, edited, a session recommended).
Each entry shows the values a change set, never the values it replaced: those may date from a
time the record was not public. Requests, questions and events show only the fields named in
SHOWN (a scheduled meeting's title, say, may not be public); an answer is shown only while it
is published, and then as it reads now, whatever the change that published it carried.
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
from secretariat.events.models import Event, Session
from secretariat.events.queries import visible_events
from secretariat.meetings.models import Decision, Meeting
from secretariat.meetings.queries import visible_decisions, visible_meetings
from secretariat.requests.models import Question, Request
from secretariat.requests.queries import visible_questions, visible_requests
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import visible_action_items

FEED_LENGTH = 50

# Where the feed words a change otherwise than the timelines (core.history.ACTION_LABELS): as
# the public sees it.
LABELS = {
    "meetings.meeting.created": gettext_lazy("scheduled the meeting"),
    "requests.question.answered": gettext_lazy("published the answer"),  # answered and published
}
MEETING_ACTIONS = ("meetings.meeting.created", "meetings.meeting.updated")
DECISION_ACTIONS = ("meetings.decision.recorded",)
REQUEST_ACTIONS = (
    "requests.request.created",
    "requests.request.status_changed",
    "requests.request.scheduled",
    "requests.note.added",
)
QUESTION_ASKED = "requests.question.created"
# An answer reaches the feed when it is published: by its own control, or answered and
# published in one step (an "answered" entry whose `published` went to true).
ANSWER_PUBLISHED = "requests.question.published"
ANSWERED = "requests.question.answered"
EVENT_ACTIONS = ("events.event.created", "events.event.updated")
SESSION_ACTIONS = ("events.session.recommended",)
# What an entry of these records may show: plain values of the record itself, never another
# record's name (a meeting's title) nor an answer (shown from the record, when published).
SHOWN = {
    "request": (
        "kind",
        "title",
        "description",
        "asked_by_person",
        "asked_by_group",
        "asked_by_text",
        "addressed_to",
        "responsible",
        "responsible_text",
        "availability",
        "available_from",
        "available_until",
        "requested_on",
        "status",
        "note",
    ),
    "question": ("text", "asked_by", "asked_by_text", "addressed_to"),
    "event": ("name", "place", "starts_on", "ends_on", "time_zone", "description", "url"),
    "session": ("title", "starts_at", "ends_at", "room", "recommended_reason"),
}


def public_changes(team: Team) -> QuerySet[HistoryEntry]:
    """Changes to the team's public records that were public when they were made."""
    anonymous = None
    types = ContentType.objects.get_for_models(
        ActionItem, Meeting, Decision, Request, Question, Event, Session
    )
    items = visible_action_items(viewer=anonymous, team=team).order_by().values("pk")
    meetings = (
        visible_meetings(viewer=anonymous, team=team)
        .filter(number__isnull=False)
        .order_by()
        .values("pk")
    )
    decisions = visible_decisions(viewer=anonymous, team=team).order_by().values("pk")
    requests = visible_requests(viewer=anonymous, team=team).order_by().values("pk")
    questions = visible_questions(viewer=anonymous, team=team).order_by()
    published = questions.filter(status=Question.Status.ANSWERED, published=True)
    events = visible_events(viewer=anonymous, team=team).order_by().values("pk")
    sessions = Session.objects.filter(event__in=events).values("pk")
    return (
        HistoryEntry.objects.filter(team=team, visibility=Visibility.PUBLIC)
        .filter(
            Q(content_type=types[ActionItem], object_id__in=items)
            | Q(content_type=types[Meeting], object_id__in=meetings, action__in=MEETING_ACTIONS)
            | Q(content_type=types[Decision], object_id__in=decisions, action__in=DECISION_ACTIONS)
            | Q(content_type=types[Request], object_id__in=requests, action__in=REQUEST_ACTIONS)
            | Q(
                content_type=types[Question],
                object_id__in=questions.values("pk"),
                action=QUESTION_ASKED,
            )
            | Q(
                content_type=types[Question],
                object_id__in=published.values("pk"),
                action=ANSWER_PUBLISHED,
            )
            | Q(
                content_type=types[Question],
                object_id__in=published.values("pk"),
                action=ANSWERED,
                changes__published__1=True,
            )
            | Q(content_type=types[Event], object_id__in=events, action__in=EVENT_ACTIONS)
            | Q(content_type=types[Session], object_id__in=sessions, action__in=SESSION_ACTIONS)
        )
        .order_by("-created_at", "-id")
    )


def _describe(changes: dict[str, list[object]], shown: tuple[str, ...] | None) -> list[str]:
    return [
        f"{name}: {after or '—'}"
        for name, (_before, after) in changes.items()
        if shown is None or name in shown
    ]


class TeamFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, team: str) -> Team:
        return get_team(team)

    def title(self, obj: Team) -> str:
        return _("%(team)s: latest changes") % {"team": obj.name}

    def subtitle(self, obj: Team) -> str:
        return _(
            "Action items, meetings, decisions, requests, questions and events created, edited "
            "and completed in the public record of %(team)s."
        ) % {"team": obj.name}

    def link(self, obj: Team) -> str:
        return reverse("team_home", args=[obj.slug])

    def items(self, obj: Team) -> list[HistoryEntry]:
        entries = list(public_changes(obj)[:FEED_LENGTH].select_related("content_type"))
        ids: dict[str, set[int]] = {}
        for entry in entries:
            ids.setdefault(entry.content_type.model, set()).add(entry.object_id)

        def numbers(model: type[ActionItem | Meeting | Request | Question]) -> dict[int, int]:
            name = model._meta.model_name or ""
            rows = model.objects.filter(pk__in=ids.get(name, ())).values_list("pk", "number")
            return dict(rows)  # type: ignore[arg-type]

        item_numbers = numbers(ActionItem)
        meeting_numbers = numbers(Meeting)  # numbered: public_changes asks it
        request_numbers = numbers(Request)
        answers = dict(
            Question.objects.filter(pk__in=ids.get("question", ())).values_list("pk", "answer")
        )
        question_numbers = numbers(Question)
        decisions = {
            pk: (number, meeting_number)
            for pk, number, meeting_number in Decision.objects.filter(
                pk__in=ids.get("decision", ())
            ).values_list("pk", "number", "meeting__number")
        }
        events = dict(Event.objects.filter(pk__in=ids.get("event", ())).values_list("pk", "slug"))
        sessions = {
            pk: (title, slug)
            for pk, title, slug in Session.objects.filter(
                pk__in=ids.get("session", ())
            ).values_list("pk", "title", "event__slug")
        }
        for entry in entries:
            model = entry.content_type.model
            lines = _describe(entry.changes, SHOWN.get(model))
            if model == "decision":
                number, meeting_number = decisions[entry.object_id]
                title = f"D{number}"
                link = (
                    reverse("meetings:detail", args=[obj.slug, meeting_number])
                    if meeting_number is not None
                    else reverse("decisions", args=[obj.slug])
                )
            elif model == "meeting":
                meeting = meeting_numbers[entry.object_id]
                title = _("Meeting #%(number)s") % {"number": meeting}
                link = reverse("meetings:detail", args=[obj.slug, meeting])
            elif model == "request":
                number = request_numbers[entry.object_id]
                title = f"R{number}"
                link = reverse("requests:detail", args=[obj.slug, number])
            elif model == "question":
                number = question_numbers[entry.object_id]
                title = f"Q{number}"
                link = reverse("questions:detail", args=[obj.slug, number])
                if entry.action != QUESTION_ASKED:
                    # public_changes let it through only while the answer is published.
                    lines = [_("answer: %(answer)s") % {"answer": answers[entry.object_id]}]
            elif model == "event":
                slug = events[entry.object_id]
                title = _("Event %(slug)s") % {"slug": slug}
                link = reverse("events:detail", args=[obj.slug, slug])
            elif model == "session":
                session_title, slug = sessions[entry.object_id]
                title = _("Session %(title)s") % {"title": session_title}
                link = reverse("events:detail", args=[obj.slug, slug])
            else:
                number = item_numbers[entry.object_id]
                title = f"#{number}"
                link = reverse("tracker:detail", args=[obj.slug, number])
            entry.feed_title = title  # type: ignore[attr-defined]
            entry.feed_link = link  # type: ignore[attr-defined]
            entry.feed_lines = lines  # type: ignore[attr-defined]
        return entries

    def item_title(self, item: HistoryEntry) -> str:
        what = LABELS.get(item.action) or ACTION_LABELS.get(item.action) or item.action
        return f"{item.feed_title} — {item.actor_name or _('the system')} {what}"  # type: ignore[attr-defined]

    def item_description(self, item: HistoryEntry) -> str:
        return "\n".join(item.feed_lines)  # type: ignore[attr-defined]

    def item_link(self, item: HistoryEntry) -> str:
        return str(item.feed_link)  # type: ignore[attr-defined]

    def item_guid(self, item: HistoryEntry) -> str:
        return f"{self.item_link(item)}#change-{item.pk}"

    def item_updateddate(self, item: HistoryEntry) -> dt.datetime:
        return item.created_at

    def item_pubdate(self, item: HistoryEntry) -> dt.datetime:
        return item.created_at
