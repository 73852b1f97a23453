"""Every write to availability polls: staff and chairs create a poll and schedule its chosen
slot as a meeting; invitees answer through a personal signed link (no account needed).

Bad input raises ValidationError naming the field (and the line, for slots and guests), and
nothing is changed. After the closing date answers are refused; the result is kept. Staff can
close a poll early or move its closing date while it is open, add invitees and resend a
person's link; every invitee with an address gets their personal link by mail (queued in
notify's task queue once the change commits; see notify/polls.py).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.history import history_for, record_change
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, can, require
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import create_meeting
from secretariat.polls.models import Answer, Invitee, Poll, Slot
from secretariat.teams.models import Person, Team, validate_time_zone

Actor = AbstractBaseUser | AnonymousUser | None

ANSWER_SALT = "secretariat.polls.answer"


@dataclass(frozen=True)
class SlotSpec:
    """A slot as proposed: an aware start with a duration, or a whole day."""

    starts_at: dt.datetime | None = None
    duration_minutes: int = 60
    day: dt.date | None = None


@dataclass(frozen=True)
class Guest:
    name: str
    email: str = ""


_SLOT_LINE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{1,2}:\d{2})(?:\s+(?P<minutes>\d+))?)?$"
)


def parse_slots(text: str, *, time_zone: str) -> list[SlotSpec]:
    """Slots from lines like "2017-06-24 14:00 90" (start in `time_zone`, minutes) or
    "2017-06-24" (a whole day). Raises ValidationError naming the line."""
    zone = zoneinfo.ZoneInfo(time_zone)
    slots: list[SlotSpec] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _SLOT_LINE.match(line)
        problem = _("Line %(n)d, %(line)s: write 2017-06-24 14:00 90 or 2017-06-24.") % {
            "n": number,
            "line": line,
        }
        if match is None:
            raise ValidationError({"slots": problem})
        try:
            day = dt.date.fromisoformat(match["date"])
            if match["time"] is None:
                slots.append(SlotSpec(day=day))
                continue
            hour, minute = (int(p) for p in match["time"].split(":"))
            start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
        except ValueError:
            raise ValidationError({"slots": problem}) from None
        minutes = int(match["minutes"] or 60)
        if minutes <= 0 or minutes > 24 * 60:
            raise ValidationError(
                {"slots": _("Line %(n)d: a slot lasts 1 to 1440 minutes.") % {"n": number}}
            )
        slots.append(SlotSpec(starts_at=start.astimezone(dt.UTC), duration_minutes=minutes))
    return slots


def parse_guests(text: str) -> list[Guest]:
    """Guests from lines "Name <e-mail>" or "Name"; raises ValidationError naming the line."""
    guests: list[Guest] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = re.match(r"^(?P<name>[^<>]+?)\s*(?:<(?P<email>[^<>]+)>)?$", line)
        if match is None:
            raise ValidationError(
                {"guests": _("Line %(n)d: write Name <name@example.org>.") % {"n": number}}
            )
        email = (match["email"] or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    {"guests": _("Line %(n)d: %(email)s is not an e-mail address.")
                     % {"n": number, "email": email}}
                ) from None  # fmt: skip
        guests.append(Guest(name=match["name"].strip(), email=email))
    return guests


def create_poll(
    *,
    team: Team,
    by: Actor,
    title: str,
    slots: Sequence[SlotSpec],
    people: Sequence[Person] = (),
    guests: Sequence[Guest] = (),
    time_zone: str = "UTC",
    closes_at: dt.datetime | None = None,
    description: str = "",
    visibility: str = Visibility.TEAM,
    send_links: bool = True,
) -> Poll:
    """A new poll with its slots and invitees (people of the team's roster, and guests).

    With `send_links`, each invitee with an e-mail address is mailed their personal link
    once the poll is committed."""
    if by is not None:
        require(by, Action.CREATE, team=team)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the poll a title, e.g. Face-to-face meeting in Montreal.")
    try:
        validate_time_zone(time_zone)
    except ValidationError as exc:
        errors["time_zone"] = exc.messages[0]
    if not slots:
        errors["slots"] = _("Propose at least one slot.")
    if not people and not guests:
        errors["people"] = _("Invite at least one person.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": visibility}
    strangers = [p.name for p in people if not p.memberships.filter(team=team).exists()]
    if strangers:
        errors["people"] = _("Not on the roster of %(team)s: %(names)s.") % {
            "team": team.slug,
            "names": ", ".join(strangers),
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        poll = Poll.objects.create(
            team=team,
            title=title.strip(),
            description=description.strip(),
            time_zone=time_zone,
            closes_at=closes_at,
            visibility=visibility,
            created_by=by if isinstance(by, User) and by.is_authenticated else None,
        )
        Slot.objects.bulk_create(
            Slot(poll=poll, starts_at=s.starts_at, duration_minutes=s.duration_minutes, day=s.day)
            for s in slots
        )
        invitees = Invitee.objects.bulk_create(_new_invitees(poll, people, guests))
        record_change(
            obj=poll,
            action="polls.poll.created",
            by=by,
            changes={
                "title": [None, poll.title],
                "slots": [None, len(slots)],
                "invitees": [None, len(people) + len(guests)],
                "closes_at": [None, closes_at.isoformat() if closes_at else None],
            },
            team_id=team.pk,
            version=poll.version,
            visibility=poll.visibility,
        )
        if send_links:
            _mail_links(invitees)
    return poll


def _new_invitees(poll: Poll, people: Sequence[Person], guests: Sequence[Guest]) -> list[Invitee]:
    # A new invitee with an address is due its first link mail (queued by _mail_links).
    return [
        Invitee(
            poll=poll,
            person=p,
            name=p.name,
            email=p.email,
            time_zone=p.time_zone,
            mails_requested=1 if p.email else 0,
        )
        for p in people
    ] + [
        Invitee(
            poll=poll,
            name=g.name,
            email=g.email,
            time_zone=poll.time_zone,
            mails_requested=1 if g.email else 0,
        )
        for g in guests
    ]


def _mail_links(invitees: Iterable[Invitee], *, new: bool = True) -> int:
    """Queue one link mail per invitee with an address (after commit); returns how many.
    New invitees come with their first sending counted; for others it is counted here."""
    from secretariat.notify.poll_tasks import send_poll_link_task
    from secretariat.notify.services import enqueue_on_commit

    queued = 0
    for invitee in invitees:
        if not invitee.email:
            continue
        if not new:
            Invitee.objects.filter(pk=invitee.pk).update(mails_requested=F("mails_requested") + 1)
            invitee.refresh_from_db(fields=["mails_requested"])
        enqueue_on_commit(
            send_poll_link_task, invitee_id=invitee.pk, sequence=invitee.mails_requested
        )
        queued += 1
    return queued


def may_manage(viewer: Actor, poll: Poll) -> bool:
    """Staff and chairs (who start polls) manage them: close, move the date, invite, resend,
    see everyone's links. Being invited names a member on the poll, which lets them read a
    restricted poll, but not act for the others."""
    return can(viewer, Action.CREATE, team=poll.team) and can(
        viewer, Action.EDIT, team=poll.team, record=poll
    )


def require_manager(by: Actor, poll: Poll) -> None:
    if by is not None and not may_manage(by, poll):
        raise PermissionDenied(_("Only staff and chairs manage a poll."))


def _lock(poll: Poll, expected_version: int | None, *, by: Actor) -> Poll:
    """The poll re-read under a row lock; permission first, then the version."""
    current = Poll.objects.select_for_update().select_related("team").get(pk=poll.pk)
    require_manager(by, current)
    if expected_version is not None and current.version != expected_version:
        since = [
            e
            for e in history_for(current)
            if e.version is not None and e.version > expected_version
        ]
        raise StaleVersion(current=current, expected_version=expected_version, changes_since=since)
    return current


def _when(poll: Poll, moment: dt.datetime | None) -> str:
    if moment is None:
        return _("no date")
    return f"{moment.astimezone(poll.zone):%Y-%m-%d %H:%M %Z}"


def _refuse_if_closed(poll: Poll, now: dt.datetime, field: str = "closes_at") -> None:
    if poll.is_closed(now):
        raise ValidationError(
            {field: _("This poll closed on %(when)s.") % {"when": _when(poll, poll.closes_at)}}
        )


def _save(poll: Poll, *, by: Actor, action: str, changes: dict[str, list[object]]) -> None:
    poll.version += 1
    poll.save()
    record_change(
        obj=poll,
        action=action,
        by=by,
        changes=changes,
        team_id=poll.team_id,
        version=poll.version,
        visibility=poll.visibility,
    )


def close_poll(
    *, poll: Poll, by: Actor, expected_version: int | None, now: dt.datetime | None = None
) -> Poll:
    """Close the poll now, before its closing date: answers are refused from now on, the
    result is kept (and the poll can still be scheduled). A closed poll cannot be closed."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock(poll, expected_version, by=by)
        _refuse_if_closed(current, now, field="poll")
        before = current.closes_at
        current.closes_at = now
        _save(
            current,
            by=by,
            action="polls.poll.closed",
            changes={"closes_at": [before.isoformat() if before else None, now.isoformat()]},
        )
    return current


def change_closing_date(
    *,
    poll: Poll,
    by: Actor,
    closes_at: dt.datetime,
    expected_version: int | None,
    now: dt.datetime | None = None,
) -> Poll:
    """Move an open poll's closing date (later, or earlier but still in the future)."""
    now = now or timezone.now()
    if timezone.is_naive(closes_at):
        raise ValidationError({"closes_at": _("Give the closing date with its time zone.")})
    closes_at = closes_at.astimezone(dt.UTC)
    with transaction.atomic():
        current = _lock(poll, expected_version, by=by)
        _refuse_if_closed(current, now)
        if closes_at <= now:
            raise ValidationError(
                {
                    "closes_at": _(
                        "%(when)s has passed; to stop answers now, close the poll instead."
                    )
                    % {"when": _when(current, closes_at)}
                }
            )
        before = current.closes_at
        if before == closes_at:
            return current
        current.closes_at = closes_at
        _save(
            current,
            by=by,
            action="polls.poll.closing_changed",
            changes={"closes_at": [before.isoformat() if before else None, closes_at.isoformat()]},
        )
    return current


def add_invitees(
    *,
    poll: Poll,
    by: Actor,
    expected_version: int | None,
    people: Sequence[Person] = (),
    guests: Sequence[Guest] = (),
    now: dt.datetime | None = None,
) -> list[Invitee]:
    """Invite more people to an open poll; each with an address is mailed their link."""
    now = now or timezone.now()
    with transaction.atomic():
        current = _lock(poll, expected_version, by=by)
        _refuse_if_closed(current, now, field="people")
        errors: dict[str, str] = {}
        if not people and not guests:
            errors["people"] = _("Choose someone to invite.")
        strangers = [p.name for p in people if not p.memberships.filter(team=current.team).exists()]
        present = current.invitees.all()
        invited_people = {i.person_id for i in present if i.person_id is not None}
        invited_emails = {i.email.lower() for i in present if i.email}
        again = [p.name for p in people if p.pk in invited_people]
        again += [g.name for g in guests if g.email and g.email.lower() in invited_emails]
        if strangers:
            errors["people"] = _("Not on the roster of %(team)s: %(names)s.") % {
                "team": current.team.slug,
                "names": ", ".join(strangers),
            }
        elif again:
            errors["people"] = _("Already invited: %(names)s.") % {"names": ", ".join(again)}
        if errors:
            raise ValidationError(errors)
        invitees = Invitee.objects.bulk_create(_new_invitees(current, people, guests))
        _save(
            current,
            by=by,
            action="polls.poll.invitees_added",
            changes={"invitees": [None, [i.name for i in invitees]]},
        )
        _mail_links(invitees)
    return invitees


def resend_link(
    *, poll: Poll, invitee: Invitee, by: Actor, now: dt.datetime | None = None
) -> Invitee:
    """Mail `invitee` their personal link again (the same link: it does not change)."""
    now = now or timezone.now()
    require_manager(by, poll)
    if invitee.poll_id != poll.pk:
        raise ValidationError({"invitee": _("%(name)s is not invited to this poll.") % {
            "name": invitee.name}})  # fmt: skip
    _refuse_if_closed(poll, now, field="invitee")
    if not invitee.email:
        raise ValidationError(
            {"invitee": _("%(name)s has no e-mail address; give them the link yourself.")
             % {"name": invitee.name}}
        )  # fmt: skip
    with transaction.atomic():
        _mail_links([invitee], new=False)
        record_change(
            obj=poll,
            action="polls.invitee.link_resent",
            by=by,
            changes={"link_resent_to": [None, invitee.name]},
            team_id=poll.team_id,
            version=poll.version,
            visibility=poll.visibility,
        )
    return invitee


def answer_token(invitee: Invitee) -> str:
    """The personal link's key: names the poll and the invitee, signed."""
    return signing.dumps({"p": invitee.poll_id, "i": invitee.pk}, salt=ANSWER_SALT)


def invitee_for_token(token: str) -> Invitee | None:
    """The invitee a token names, or None for a forged, damaged or stale token."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    invitee_id, poll_id = data.get("i"), data.get("p")
    if not isinstance(invitee_id, int) or not isinstance(poll_id, int):
        return None
    return (
        Invitee.objects.select_related("poll", "poll__team")
        .filter(pk=invitee_id, poll_id=poll_id)
        .first()
    )


def record_answers(
    *,
    invitee: Invitee,
    choices: Mapping[int, str],
    time_zone: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Store the invitee's answer per slot (every slot must be answered)."""
    poll = invitee.poll
    if poll.is_closed(now):
        raise ValidationError(
            _("This poll closed on %(when)s; answers are no longer taken.")
            % {"when": f"{poll.closes_at.astimezone(poll.zone):%Y-%m-%d %H:%M %Z}"}  # type: ignore[union-attr]
        )
    slot_ids = list(poll.slots.values_list("pk", flat=True))
    strangers = sorted(set(choices) - set(slot_ids))
    if strangers:
        raise ValidationError(
            {
                "slots": _("Slot %(ids)s is not one of the slots of %(title)s.")
                % {"ids": ", ".join(map(str, strangers)), "title": poll.title}
            }
        )
    missing = [pk for pk in slot_ids if choices.get(pk) not in Answer.Choice.values]
    if missing:
        raise ValidationError(
            {f"slot_{pk}": _("Answer yes, if need be or no for this slot.") for pk in missing}
        )
    if time_zone:
        validate_time_zone(time_zone)
    with transaction.atomic():
        Answer.objects.filter(invitee=invitee).delete()
        Answer.objects.bulk_create(
            Answer(invitee=invitee, slot_id=pk, choice=choices[pk]) for pk in slot_ids
        )
        invitee.answered_at = now or timezone.now()
        if time_zone:
            invitee.time_zone = time_zone
        invitee.save(update_fields=["answered_at", "time_zone"])
        record_change(
            obj=poll,
            action="polls.poll.answered",
            by=None,
            changes={"answered_by": [None, invitee.name]},
            team_id=poll.team_id,
            version=poll.version,
            visibility=poll.visibility,
        )


def schedule_meeting(
    *,
    poll: Poll,
    slot: Slot,
    by: Actor,
    title: str = "",
    place: str = "",
    version: int | None = None,
    invite: bool = False,
) -> Meeting:
    """Turn the chosen slot into a meeting of the team (a whole day starts at 09:00 in the
    poll's zone); with `invite`, send the meeting's invitation."""
    require(by, Action.EDIT, team=poll.team, record=poll)
    require_manager(by, poll)
    if slot.poll_id != poll.pk:
        raise ValidationError({"slot": _("That slot is not one of this poll's.")})
    if poll.meeting_id is not None:
        raise ValidationError({"slot": _("This poll already has its meeting.")})
    if version is not None and version != poll.version:
        raise ValidationError(_("The poll changed meanwhile; reload the page and choose again."))
    if slot.starts_at is not None:
        starts_at = slot.starts_at
        minutes = slot.duration_minutes
    else:
        day = slot.day or timezone.localdate()
        starts_at = dt.datetime.combine(day, dt.time(9, 0), tzinfo=poll.zone)
        minutes = 8 * 60
    with transaction.atomic():
        meeting = create_meeting(
            team=poll.team,
            by=by,
            title=title.strip() or poll.title,
            kind=Meeting.Kind.PLENARY,
            starts_at=starts_at,
            duration_minutes=minutes,
            place=place,
            visibility=poll.visibility,
        )
        poll.meeting = meeting
        poll.chosen_slot = slot
        poll.version += 1
        poll.save(update_fields=["meeting", "chosen_slot", "version"])
        record_change(
            obj=poll,
            action="polls.poll.scheduled",
            by=by,
            changes={"chosen_slot": [None, str(slot)], "meeting": [None, str(meeting)]},
            team_id=poll.team_id,
            version=poll.version,
            visibility=poll.visibility,
        )
        if invite:
            from secretariat.notify.services import send_meeting_invitation

            send_meeting_invitation(meeting=meeting, by=by)
    return meeting
