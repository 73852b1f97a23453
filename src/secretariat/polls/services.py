"""Every write to availability polls: staff and chairs create a poll and schedule its chosen
slot as a meeting; invitees answer through a personal signed link (no account needed).

Bad input raises ValidationError naming the field (and the line, for slots and guests), and
nothing is changed. After the closing date answers are refused; the result is kept.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.history import record_change
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, require
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
) -> Poll:
    """A new poll with its slots and invitees (people of the team's roster, and guests)."""
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
        Invitee.objects.bulk_create(
            [
                Invitee(poll=poll, person=p, name=p.name, email=p.email, time_zone=p.time_zone)
                for p in people
            ]
            + [Invitee(poll=poll, name=g.name, email=g.email, time_zone=time_zone) for g in guests]
        )
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
    return poll


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
