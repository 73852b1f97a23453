"""Every write and every sending of the notifications.

Sending is idempotent: a digest claims (person, item, local day) rows in `ReminderSent` before it
goes out (the unique constraint settles two workers racing), and every message has a
deterministic Message-ID recorded in `SentMail` once delivered, so a retried task never mails
twice. Mail is built and sent in tasks (tasks.py); the services that start it schedule those
tasks with `transaction.on_commit`, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from secretariat.core.history import record_change
from secretariat.core.models import HistoryEntry
from secretariat.core.permissions import Action, require
from secretariat.documents.agenda import render_agenda_markdown
from secretariat.documents.build import meeting_content
from secretariat.documents.mail import actions_and_decisions_mail
from secretariat.documents.text import format_when, plain_text
from secretariat.meetings.models import Meeting
from secretariat.notify import ical, queries
from secretariat.notify.inbound import parse_reply, split_done
from secretariat.notify.mail import (
    Outgoing,
    absolute_url,
    deliver,
    header_text,
    read_reply_token,
    reply_token,
    sender_address,
)
from secretariat.notify.models import (
    InboundMail,
    MeetingInvitation,
    ReminderPreference,
    ReminderSent,
)
from secretariat.teams.models import Person
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import add_progress_note, complete_action_item

Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger("secretariat.notify")
security_log = logging.getLogger("secretariat.security")


def enqueue_on_commit(task: Any, **kwargs: Any) -> None:
    """Enqueue `task` once the current transaction commits (now, outside one); never on rollback.

    Arguments must be JSON values: they are stored in the queue and read back by a worker.
    """
    transaction.on_commit(partial(task.enqueue, **kwargs))


# --- preferences -----------------------------------------------------------------------------

PREFERENCE_FIELDS = ("schedule", "days_ahead", "hour", "weekday")


def set_reminder_preference(
    *,
    person: Person,
    by: Actor,
    schedule: str,
    days_ahead: int = ReminderPreference.DEFAULT_DAYS_AHEAD,
    hour: int = ReminderPreference.DEFAULT_HOUR,
    weekday: int = ReminderPreference.DEFAULT_WEEKDAY,
) -> ReminderPreference:
    """Set when `person` gets their digest. Only they (or a superuser, or the operator) may."""
    if by is not None:
        is_self = person.user_id is not None and person.user_id == getattr(by, "pk", None)
        if not (is_self or getattr(by, "is_superuser", False)):
            raise PermissionDenied(_("You can only change your own reminders."))
    errors: dict[str, str] = {}
    if schedule not in ReminderPreference.Schedule.values:
        errors["schedule"] = _("%(value)s is not a schedule.") % {"value": schedule}
    if not 0 <= days_ahead <= 366:
        errors["days_ahead"] = _("Between 0 and 366 days.")
    if not 0 <= hour <= 23:
        errors["hour"] = _("An hour from 0 to 23.")
    if weekday not in ReminderPreference.Weekday.values:
        errors["weekday"] = _("A day of the week.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        preference, _created = ReminderPreference.objects.select_for_update().get_or_create(
            person=person
        )
        before = {name: getattr(preference, name) for name in PREFERENCE_FIELDS}
        after = {"schedule": schedule, "days_ahead": days_ahead, "hour": hour, "weekday": weekday}
        changes = {k: [before[k], v] for k, v in after.items() if before[k] != v or _created}
        if changes:
            for name, value in after.items():
                setattr(preference, name, value)
            preference.updated_at = timezone.now()
            preference.save()
            record_change(
                obj=preference, action="notify.preference.updated", by=by, changes=changes
            )
    return preference


def unsubscribe(*, person: Person) -> ReminderPreference:
    """The one-click unsubscribe (a signed link in every mail): reminders never."""
    preference = queries.preference_of(person)
    return set_reminder_preference(
        person=person,
        by=None,
        schedule=ReminderPreference.Schedule.NEVER,
        days_ahead=preference.days_ahead,
        hour=preference.hour,
        weekday=preference.weekday,
    )


# --- reminders -------------------------------------------------------------------------------


def item_url(item: ActionItem) -> str:
    return absolute_url(reverse("tracker:detail", args=[item.team.slug, item.number]))


_NUMBER = 987654321  # stands for an item's number in a team's address pattern


@functools.lru_cache(maxsize=256)
def _item_url_pattern(site_url: str, team_slug: str) -> tuple[str, str]:
    """The text before and after the number in the team's item address (reverse() is slow
    at thousands of items a digest)."""
    url = site_url + reverse("tracker:detail", args=[team_slug, _NUMBER])
    before, _marker, after = url.rpartition(str(_NUMBER))
    return before, after


@functools.lru_cache(maxsize=8192)
def _plain(text: str) -> str:
    return plain_text(text)


def _item_context(item: ActionItem, today: dt.date) -> dict[str, Any]:
    """An item as the digest and assignment mails show it, the phrases translated here."""
    days = (item.due_on - today).days if item.due_on is not None else None
    due = item.due_on.isoformat() if item.due_on is not None else ""
    if days is None:
        when = ""
    elif days < 0:
        when = ngettext(
            "due %(due)s, %(late)s day late", "due %(due)s, %(late)s days late", -days
        ) % {"due": due, "late": -days}
    else:
        when = ngettext("due %(due)s, in %(days)s day", "due %(due)s, in %(days)s days", days) % {
            "due": due,
            "days": days,
        }
    before, after = _item_url_pattern(settings.SITE_URL, item.team.slug)
    text = _plain(item.text)
    return {
        "number": item.number,
        "text": text,
        "text_long": Truncator(text).chars(200),
        "text_short": Truncator(text).chars(120),
        "owners": ", ".join(str(o) for o in item.owners.all()),
        "due_on": item.due_on,
        "due": due,
        "when": when,
        "days": days,
        "late": -days if days is not None and days < 0 else 0,
        "url": f"{before}{item.number}{after}",
    }


@dataclass(frozen=True)
class DigestPlan:
    """What a run of the reminders would send one person (for --dry-run and the logs)."""

    person: Person
    local: dt.datetime
    item_count: int


def plan_reminders(now: dt.datetime) -> list[DigestPlan]:
    """Who is due at `now` in their own time zone, and how many items their digest holds."""
    plans: list[DigestPlan] = []
    for person in queries.people_due(now):
        preference = queries.preference_of(person)
        local = queries.local_now(person, now)
        digests = queries.digest_for(
            person=person, today=local.date(), days_ahead=preference.days_ahead
        )
        count = len(set().union(*(d.item_ids for d in digests))) if digests else 0
        if count:
            plans.append(DigestPlan(person=person, local=local, item_count=count))
    return plans


def run_reminders(*, now: dt.datetime, enqueue: bool = True) -> list[DigestPlan]:
    """Start the digests due at `now`: one task per person (or sent here when not `enqueue`)."""
    from secretariat.notify.tasks import send_digest_task

    plans = plan_reminders(now)
    for plan in plans:
        if enqueue:
            enqueue_on_commit(send_digest_task, person_id=plan.person.pk, now=now.isoformat())
        else:
            send_digest(person=plan.person, now=now)
    from secretariat.notify.polls import run_poll_reminders

    run_poll_reminders(now=now, enqueue=enqueue)  # unanswered availability polls closing soon
    return plans


def _claim(person: Person, item_ids: set[int], day: dt.date) -> tuple[uuid.UUID, set[int]]:
    """Insert ReminderSent rows for the items not yet reminded of today; return those claimed.

    One INSERT … ON CONFLICT DO NOTHING for all the items, marked with a fresh claim id, then one
    SELECT of the rows bearing it: a second worker inserting the same (person, item, day) waits
    for the first's rows to commit and then inserts nothing, so each item is claimed once.
    """
    claim = uuid.uuid4()
    ReminderSent.objects.bulk_create(
        [
            ReminderSent(person=person, item_id=item_id, day=day, claim=claim)
            for item_id in sorted(item_ids)
        ],
        ignore_conflicts=True,
    )
    return claim, set(ReminderSent.objects.filter(claim=claim).values_list("item_id", flat=True))


def digest_message(
    *, person: Person, local: dt.datetime, digests: list[queries.TeamDigest]
) -> Outgoing:
    today = local.date()
    seen: dict[int, dict[str, Any]] = {}

    def line(item: ActionItem) -> dict[str, Any]:  # staff see an item under each owner
        if item.pk not in seen:
            seen[item.pk] = _item_context(item, today)
        return seen[item.pk]

    teams = [
        {
            "team": d.team,
            "overdue": [line(i) for i in d.overdue],
            "due_soon": [line(i) for i in d.due_soon],
            "by_owner": [(name, [line(i) for i in items]) for name, items in d.overdue_by_owner],
        }
        for d in digests
    ]
    ids = sorted(set().union(*(d.item_ids for d in digests)))
    context = {
        "person": person,
        # Naive on purpose: the date filters would convert an aware time to the active zone.
        "local": local.replace(tzinfo=None),
        "zone": person.time_zone,
        "teams": teams,
        "preference": queries.preference_of(person),
    }
    digest_hash = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:12]
    return Outgoing(
        kind="digest",
        key=f"digest.{person.pk}.{today:%Y%m%d}.{digest_hash}",
        person=person,
        subject=_("Your action items: %(date)s") % {"date": f"{today:%Y-%m-%d}"},
        text=render_to_string("notify/mail/digest.txt", context),
        html=render_to_string("notify/mail/digest.html", context),
    )


def send_digest(*, person: Person, now: dt.datetime) -> int:
    """Send `person` their digest for `now`, naming only items not reminded of today.

    Returns the number of items the mail named (0: nothing to send, or sent already). If the
    mail server refuses, the claims are released and the error raised, so a retry sends it.
    """
    preference = queries.preference_of(person)
    local = queries.local_now(person, now)
    day = local.date()
    digests = queries.digest_for(person=person, today=day, days_ahead=preference.days_ahead)
    wanted = set().union(*(d.item_ids for d in digests)) if digests else set()
    if not wanted:
        return 0
    claim, claimed = _claim(person, wanted, day)
    if not claimed:
        return 0
    kept = [d.keep(claimed) for d in digests]
    kept = [d for d in kept if d.item_ids]
    try:
        deliver([digest_message(person=person, local=local, digests=kept)])
    except Exception:
        ReminderSent.objects.filter(claim=claim).delete()
        raise
    return len(claimed)


# --- assignment and note mails ---------------------------------------------------------------

WATCHED_ACTIONS = ("tracker.item.created", "tracker.item.updated", "tracker.note.added")


def wants_mail(entry: HistoryEntry) -> bool:
    """Whether a history entry is one that mails the item's owners.

    Only changes a person made: the operator's path (imports, the demo, commands) mails nobody,
    so importing a tracker of old items does not flood its owners.
    """
    if entry.actor_id is None:
        return False
    if entry.action == "tracker.item.updated":
        return "owners" in (entry.changes or {})
    return entry.action in ("tracker.item.created", "tracker.note.added")


def _recipients(entry: HistoryEntry, item: ActionItem) -> list[Person]:
    people = queries.owner_people(item)
    if entry.action == "tracker.item.updated":
        before = set((entry.changes.get("owners") or [None, None])[0] or [])
        new_owners = [o for o in item.owners.all() if str(o) not in before]
        people = []
        for owner in new_owners:
            if owner.person is not None:
                people.append(owner.person)
            elif owner.group is not None:
                people += list(owner.group.members.all())
    unique = {p.pk: p for p in people}
    return [
        p
        for p in unique.values()
        if not (entry.actor_id is not None and p.user_id == entry.actor_id)
        and queries.may_read(p, team=item.team, visibility=entry.visibility, item=item)
    ]


def assignment_messages(entry: HistoryEntry) -> list[Outgoing]:
    """The mails one history entry causes: to new owners, or to owners of a noted item."""
    if not wants_mail(entry):
        return []
    item = queries.item_for_mail(entry.object_id)
    if item is None:
        return []
    messages: list[Outgoing] = []
    is_note = entry.action == "tracker.note.added"
    note = ""
    if is_note:
        note = str((entry.changes.get("note") or [None, ""])[1] or "")
    today = timezone.localdate()
    for person in _recipients(entry, item):
        token = reply_token(item_id=item.pk, person_id=person.pk)
        context = {
            "person": person,
            "item": _item_context(item, today),
            "team": item.team,
            "actor": entry.actor_name or _("the secretariat"),
            "note": note,
            "is_note": is_note,
        }
        if is_note:
            subject = _("[%(team)s] New note on #%(number)s") % {
                "team": item.team.slug,
                "number": item.number,
            }
        else:
            subject = _("[%(team)s] #%(number)s is yours: %(text)s") % {
                "team": item.team.slug,
                "number": item.number,
                "text": header_text(plain_text(item.text))[:80],
            }
        messages.append(
            Outgoing(
                kind="note" if is_note else "assignment",
                key=f"notify.{entry.pk}.{token}",
                person=person,
                subject=subject,
                text=render_to_string("notify/mail/assignment.txt", context),
                reply_token=token,
            )
        )
    return messages


def send_assignment_mail(*, entry_id: int) -> int:
    entry = HistoryEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        return 0
    return deliver(assignment_messages(entry))


# --- meetings --------------------------------------------------------------------------------


def _require_leadership(by: Actor, meeting: Meeting) -> None:
    if by is not None:
        # Members edit only what names them, and a meeting names nobody: staff and chairs.
        require(by, Action.EDIT, team=meeting.team, record=meeting)


def meeting_uid(meeting: Meeting) -> str:
    from secretariat.notify.mail import mail_domain

    return f"meeting-{meeting.pk}@{mail_domain()}"


def send_meeting_invitation(*, meeting: Meeting, by: Actor) -> MeetingInvitation:
    """Send (or resend) the meeting's invitation to the team, with an .ics attached.

    The first sending has SEQUENCE 0; every later one (an update, or the cancellation once the
    meeting is cancelled, with METHOD:CANCEL) goes up by one. The UID never changes.
    """
    _require_leadership(by, meeting)
    if meeting.starts_at is None:
        raise ValidationError({"starts_at": _("Set the meeting's start before inviting.")})
    from secretariat.notify.tasks import send_invitation_task

    with transaction.atomic():
        invitation, created = MeetingInvitation.objects.select_for_update().get_or_create(
            meeting=meeting, defaults={"uid": meeting_uid(meeting)}
        )
        before = None if created else invitation.sequence
        if not created:
            invitation.sequence += 1
        cancelled = meeting.status == Meeting.Status.CANCELLED
        invitation.method = ical.CANCEL if cancelled else ical.REQUEST
        invitation.sent_at = timezone.now()
        invitation.save()
        record_change(
            obj=meeting,
            action="notify.meeting.invited",
            by=by,
            changes={
                "sequence": [before, invitation.sequence],
                "method": [None, invitation.method],
            },
            team_id=meeting.team_id,
            version=meeting.version,
            visibility=meeting.visibility,
        )
        enqueue_on_commit(send_invitation_task, meeting_id=meeting.pk, sequence=invitation.sequence)
    return invitation


def _viewer(person: Person) -> User | None:
    return person.user if person.user_id else None


def invitation_messages(*, meeting: Meeting, sequence: int) -> list[Outgoing]:
    invitation = MeetingInvitation.objects.get(meeting=meeting)
    method = invitation.method if sequence == invitation.sequence else ical.REQUEST
    if meeting.starts_at is None or meeting.ends_at is None:
        return []
    url = absolute_url(reverse("meetings:detail", args=[meeting.team.slug, meeting.number]))
    messages: list[Outgoing] = []
    for person in queries.meeting_recipients(meeting):
        content = meeting_content(viewer=_viewer(person), meeting=meeting)
        agenda = render_agenda_markdown(content)
        context = {
            "person": person,
            "meeting": meeting,
            "agenda": agenda,
            "url": url,
            "cancelled": method == ical.CANCEL,
            "when": format_when(meeting.starts_at, meeting.duration_minutes),
            "local": queries.local_now(person, meeting.starts_at).replace(tzinfo=None),
            "zone": person.time_zone,
        }
        ics = ical.invitation_ics(
            uid=invitation.uid,
            sequence=sequence,
            method=method,
            title=str(meeting),
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            description=agenda,
            location=meeting.place,
            organizer=sender_address(),
            attendee=person.email,
            url=url,
        )
        label = _("Cancelled") if method == ical.CANCEL else _("Invitation")
        messages.append(
            Outgoing(
                kind="invitation",
                key=f"invite.{meeting.pk}.{sequence}.{person.pk}",
                person=person,
                subject=f"[{meeting.team.slug}] {label}: {header_text(meeting)}",
                text=render_to_string("notify/mail/invitation.txt", context),
                attachments=(ical.ics_part(ics, method=method),),
            )
        )
    return messages


def send_invitation(*, meeting_id: int, sequence: int) -> int:
    meeting = Meeting.objects.select_related("team").filter(pk=meeting_id).first()
    if meeting is None or meeting.starts_at is None:
        return 0
    return deliver(invitation_messages(meeting=meeting, sequence=sequence))


def send_actions_and_decisions(*, meeting: Meeting, by: Actor) -> HistoryEntry:
    """Mail the "actions & decisions" of a meeting to the team, each as they may read it."""
    _require_leadership(by, meeting)
    from secretariat.notify.tasks import send_actions_task

    with transaction.atomic():
        entry = record_change(
            obj=meeting,
            action="notify.meeting.actions_sent",
            by=by,
            team_id=meeting.team_id,
            version=meeting.version,
            visibility=meeting.visibility,
        )
        enqueue_on_commit(send_actions_task, meeting_id=meeting.pk, entry_id=entry.pk)
    return entry


def actions_messages(*, meeting: Meeting, entry_id: int) -> list[Outgoing]:
    messages: list[Outgoing] = []
    for person in queries.meeting_recipients(meeting):
        subject, body = actions_and_decisions_mail(
            meeting_content(viewer=_viewer(person), meeting=meeting)
        )
        messages.append(
            Outgoing(
                kind="actions",
                key=f"actions.{meeting.pk}.{entry_id}.{person.pk}",
                person=person,
                subject=subject,
                text=body,
            )
        )
    return messages


def send_actions(*, meeting_id: int, entry_id: int) -> int:
    meeting = Meeting.objects.select_related("team").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    return deliver(actions_messages(meeting=meeting, entry_id=entry_id))


# --- answers by mail -------------------------------------------------------------------------


@dataclass(frozen=True)
class InboundResult:
    outcome: str  # an InboundMail.Outcome value, or "duplicate"
    reason: str = ""
    item: ActionItem | None = None

    @property
    def applied(self) -> bool:
        return self.outcome in (InboundMail.Outcome.NOTE_ADDED, InboundMail.Outcome.COMPLETED)


class _Rejector:
    """Rejects an inbound mail: logs it to the security log and keeps a record of it."""

    def __init__(self) -> None:
        self.message_id = ""
        self.sender = ""
        self.person: Person | None = None
        self.item: ActionItem | None = None

    def __call__(self, reason: str) -> InboundResult:
        security_log.warning(
            "Inbound mail rejected: %s (from %r, Message-ID %r)",
            reason,
            self.sender,
            self.message_id,
        )
        InboundMail.objects.create(
            message_id=self.message_id,
            sender=self.sender[:254],
            outcome=InboundMail.Outcome.REJECTED,
            reason=reason[:300],
            person=self.person,
            item=self.item,
        )
        return InboundResult(outcome=InboundMail.Outcome.REJECTED, reason=reason, item=self.item)


def _read_token(tokens: tuple[str, ...]) -> tuple[int, int] | None:
    for token in tokens:
        try:
            return read_reply_token(token)
        except (signing.BadSignature, ValueError):
            continue
    return None


def receive_mail(raw: bytes, *, max_bytes: int) -> InboundResult:
    """Apply a reply received by mail, or reject it (logged to the security log).

    The reply must carry a token this server signed (naming an item and a person), come from
    that person's address, and that person's account must be allowed to add a note (or, for a
    reply starting with "done", to complete the item) now. The same message (by Message-ID)
    is applied at most once.
    """
    reject = _Rejector()
    if len(raw) > max_bytes:
        return reject(_("Message too large (%(size)s bytes).") % {"size": len(raw)})
    reply = parse_reply(raw)
    reject.message_id, reject.sender = reply.message_id, reply.sender
    if not reply.tokens:
        return reject(_("No reply token: not an answer to one of our mails."))
    matched = _read_token(reply.tokens)
    if matched is None:
        return reject(_("Forged or damaged reply token."))
    item_id, person_id = matched
    item = ActionItem.objects.select_related("team", "merged_into").filter(pk=item_id).first()
    person = Person.objects.select_related("user").filter(pk=person_id).first()
    if item is None or person is None:
        return reject(_("The token names an item or person that does not exist."))
    reject.person, reject.item = person, item
    if reply.sender != (person.email or "").strip().lower():
        return reject(_("The sender is not the person the mail was sent to."))
    if person.user is None:
        return reject(_("%(name)s has no account to act with.") % {"name": person.name})
    applied_before = (
        InboundMail.objects.filter(message_id=reply.message_id)
        .exclude(outcome=InboundMail.Outcome.REJECTED)
        .exists()
    )
    if reply.message_id and applied_before:
        logger.info("Inbound mail %s was applied before; ignored.", reply.message_id)
        return InboundResult(outcome="duplicate", reason=_("Already applied."), item=item)
    if item.status == ActionItem.Status.MERGED:
        return reject(
            _("#%(number)s was merged into %(target)s; reply to that item instead.")
            % {"number": item.number, "target": item.merged_into}
        )
    if not reply.text:
        return reject(_("The reply has no text of its own."))
    done, rest = split_done(reply.text)
    outcome = InboundMail.Outcome.COMPLETED if done else InboundMail.Outcome.NOTE_ADDED
    try:
        with transaction.atomic():
            if done:
                complete_action_item(
                    item=item,
                    by=person.user,
                    expected_version=None,
                    response=rest or _("Done (reply by e-mail)."),
                )
            else:
                add_progress_note(item=item, by=person.user, text=reply.text)
            InboundMail.objects.create(
                message_id=reply.message_id,
                sender=reply.sender[:254],
                outcome=outcome,
                person=person,
                item=item,
            )
    except PermissionDenied:
        return reject(
            _("%(name)s may not change #%(number)s.") % {"name": person.name, "number": item.number}
        )
    except ValidationError as error:
        return reject("; ".join(error.messages))
    except IntegrityError:
        logger.info("Inbound mail %s applied by another worker; ignored.", reply.message_id)
        return InboundResult(outcome="duplicate", reason=_("Already applied."), item=item)
    return InboundResult(outcome=outcome, item=item)
