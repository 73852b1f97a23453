"""Write an ImportResult through the services, in one transaction: all of it or nothing.

- The team is created if it does not exist (and the report says so).
- Owners and attendees are matched to the roster (resolve.py); anyone unknown is added: a new
  person with a membership, or a new group. Nothing is dropped.
- Meetings are matched by number (or title and date); a new one gets its agenda, attendance and
  the materials that have an address.
- Decisions already recorded (same date, near-identical text) are left alone.
- Action items are matched by number, or by near-identical text and the same owners; a match
  is updated only where the document says something new (a later status, a due date, a new
  note). So importing the same file twice changes nothing the second time.
- Requests are matched by kind and near-identical title; questions by near-identical text under
  the same action item. Askers' initials ("(GH)") are matched to the roster; unknown initials
  are reported and kept as written on the question.
- Events (ICANN59 Johannesburg) are matched by near-identical name; a new one is created
  public, with the dates the document gives or none ("dates to be announced"), and the report
  says so. An existing event without dates gets the document's, if it gives some.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from secretariat.events import services as event_services
from secretariat.events.models import Event
from secretariat.imports.resolve import Resolution, Roster
from secretariat.imports.result import (
    ActionItemData,
    AgendaItemData,
    DecisionData,
    EventData,
    ImportResult,
    MeetingData,
    RequestData,
)
from secretariat.imports.text import fold, numbers_in, same_action
from secretariat.meetings import services as meeting_services
from secretariat.meetings.models import AgendaItem, Decision, Meeting
from secretariat.requests import services as request_services
from secretariat.requests.models import Question, Request
from secretariat.teams.models import Group, Person, Role, Team
from secretariat.teams.services import add_member, create_group, create_person, create_team
from secretariat.tracker.models import ActionItem, ActionItemOwner, ProgressNote
from secretariat.tracker.services import (
    add_progress_note,
    complete_action_item,
    create_action_item,
    update_action_item,
)

_SAME_TEXT = 92
_ORDER = {"open": 0, "in_progress": 1, "dropped": 2, "done": 3, "merged": 3}
_ATTENDANCE_ROLES = {
    "members": ("member", Role.MEMBER),
    "observers": ("observer", Role.OBSERVER),
    "staff": ("staff", Role.STAFF),
    "guests": ("guest", Role.OBSERVER),
    "apologies": ("apologies", Role.MEMBER),
}


class ImportRefused(Exception):
    """Nothing was written; `messages` say why (each names file, line or row)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ApplyReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))


# Items every call of a kind has, carried to the next meeting ("create from the previous one").
_STANDING = re.compile(
    r"^(aob|any other business|welcome|roll ?call|(confirm|review)\w*( the| of)?( open)?"
    r" action items?|approval of( the)?( last| previous)? minutes)\b"
)


def is_standing_item(title: str) -> bool:
    """Whether an imported agenda item is a standing one: "AOB", "Welcome, roll call, SOI
    updates", "Confirm action items, decisions reached", "Review open action items/requests"."""
    return _STANDING.match(fold(title)) is not None


Entry = tuple[int, int | None, set[tuple[str, int]]]  # item id, its number, its owner keys


class _Applier:
    def __init__(self, result: ImportResult, team: Team, reference: dt.date, report: ApplyReport):
        self.result = result
        self.team = team
        self.reference = reference
        self.report = report
        self.roster = Roster.for_team(team)
        self.requests = _RequestsApplier(self)
        self.meetings_by_number: dict[int, Meeting] = {
            m.number: m for m in Meeting.objects.filter(team=team, number__isnull=False) if m.number
        }

    # -- people and groups --------------------------------------------------------------

    def record_for(self, name: str, role: str = Role.MEMBER) -> Person | Group:
        resolution = self.roster.resolve(name)
        if resolution.record is not None:
            return resolution.record
        if resolution.kind == "ambiguous":
            raise ValidationError(
                {"owners": _("%(name)s matches several people: %(list)s") % {
                    "name": name, "list": resolution.match}}
            )  # fmt: skip
        record: Person | Group
        if resolution.kind == "new-group":
            record = create_group(team=self.team, name=name)
            self.report.messages.append(_("New group: %(name)s") % {"name": name})
            self.report.created["groups"] += 1
        else:
            record = create_person(name=name)
            add_member(team=self.team, person=record, role=role)
            self.report.messages.append(
                _("New person: %(name)s (added to %(team)s as %(role)s)")
                % {"name": name, "team": self.team.slug, "role": role}
            )
            self.report.created["people"] += 1
        self.roster.add(record)
        return record

    def person_for(self, name: str, role: str) -> Person | None:
        record = self.record_for(name, role)
        if isinstance(record, Person):
            return record
        self.report.messages.append(
            _("%(name)s is a group; not recorded as an attendee") % {"name": name}
        )
        return None

    # -- meetings -----------------------------------------------------------------------

    def meeting(self, data: MeetingData) -> None:
        existing = self.meetings_by_number.get(data.number) if data.number else None
        if existing is None:
            existing = (
                Meeting.objects.filter(team=self.team, title=data.title)
                .filter(starts_at__date=data.date)
                .first()
                if data.date
                else Meeting.objects.filter(
                    team=self.team, title=data.title, starts_at__isnull=True
                ).first()
            )
        if existing is not None:
            self.report.unchanged["meetings"] += 1
            self.attendance(existing, data)
            return
        starts_at = None
        if data.date is not None:
            starts_at = dt.datetime.combine(data.date, data.time or dt.time(0, 0), tzinfo=dt.UTC)
        held = data.date is not None and data.date <= timezone.localdate()
        meeting = meeting_services.create_meeting(
            team=self.team,
            by=None,
            title=data.title,
            kind=data.kind if data.kind in Meeting.Kind.values else Meeting.Kind.PLENARY,
            starts_at=starts_at,
            duration_minutes=data.duration_minutes or 60,
            number=data.number
            if data.number and data.number not in self.meetings_by_number
            else None,
            status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
        )
        if meeting.number:
            self.meetings_by_number[meeting.number] = meeting
        self.report.created["meetings"] += 1
        self.agenda(meeting, data.agenda_items, None)
        self.attendance(meeting, data)
        for material in data.materials:
            if material.url:
                meeting_services.add_material(
                    meeting=meeting,
                    by=None,
                    kind=material.kind,
                    title=material.title,
                    url=material.url,
                )
                self.report.created["materials"] += 1
        without = [m.title for m in data.materials if not m.url]
        if without:
            self.report.messages.append(
                _("%(meeting)s: materials without an address are not stored: %(list)s")
                % {"meeting": data.title, "list": ", ".join(without)}
            )

    def agenda(
        self, meeting: Meeting, items: tuple[AgendaItemData, ...], parent: AgendaItem | None
    ) -> None:
        for item in items:
            created = meeting_services.add_agenda_item(
                meeting=meeting,
                by=None,
                title=item.title[:300],
                parent=parent,
                notes=item.notes,
                standing=parent is None and is_standing_item(item.title),
            )
            self.report.created["agenda items"] += 1
            self.agenda(meeting, item.children, created)

    def attendance(self, meeting: Meeting, data: MeetingData) -> None:
        roles: dict[Person, str | None] = {}
        for field_name, (attendance_role, membership_role) in _ATTENDANCE_ROLES.items():
            for name in getattr(data.attendees, field_name):
                person = self.person_for(name, membership_role)
                if person is not None and person not in roles:
                    roles[person] = attendance_role
        if not roles:
            return
        before = {a.person_id: a.role for a in meeting.attendances.all()}
        meeting_services.record_attendance(meeting=meeting, by=None, roles=roles)
        changed = sum(1 for p, r in roles.items() if before.get(p.pk) != r)
        if changed:
            self.report.updated["attendance"] += changed

    # -- decisions ----------------------------------------------------------------------

    def decision(self, data: DecisionData) -> None:
        day = data.date or self.reference
        for existing in Decision.objects.filter(team=self.team, decided_on=day):
            if same_action(existing.text, data.text):
                self.report.unchanged["decisions"] += 1
                return
        meeting = self.meetings_by_number.get(data.meeting_number) if data.meeting_number else None
        source_word = fold(data.source or "")
        if meeting is not None:
            source, source_text = Decision.Source.MEETING, ""
        elif "leadership" in source_word:
            source, source_text = Decision.Source.LEADERSHIP, ""
        elif "mail" in source_word:
            source, source_text = Decision.Source.EMAIL, ""
        else:
            source, source_text = Decision.Source.OTHER, (data.source or "")[:200]
        meeting_services.record_decision(
            team=self.team,
            by=None,
            text=data.text,
            decided_on=day,
            source=source,
            meeting=meeting,
            source_text=source_text,
        )
        self.report.created["decisions"] += 1
        if data.date is None:
            self.report.messages.append(
                _("A decision without a date was dated %(day)s: %(text)s")
                % {"day": day.isoformat(), "text": data.text[:60]}
            )

    # -- action items -------------------------------------------------------------------

    def _load_index(self) -> None:
        """The team's items once per import, for matching: by number, and folded texts with
        their owners grouped by the numbers the texts name (only texts naming the same numbers
        can be the same action), so a row of a 10,000-row file is compared with a few texts."""
        self._by_number: dict[int, int] = {}
        self._groups: dict[tuple[str, ...], tuple[list[str], list[Entry]]] = {}
        # Numbers the document gives its own rows: an item with one of them is that row's item,
        # never another row's near-identical twin ("Review section 1" and "… 2" stay apart).
        self._file_numbers = {d.number for d in self.result.action_items if d.number is not None}
        owners: dict[int, set[tuple[str, int]]] = {}
        for item_id, person_id, group_id in ActionItemOwner.objects.filter(
            item__team=self.team
        ).values_list("item_id", "person_id", "group_id"):
            key = ("Person", person_id) if person_id else ("Group", group_id)
            owners.setdefault(item_id, set()).add(key)
        for pk, number, text in ActionItem.objects.filter(team=self.team).values_list(
            "pk", "number", "text"
        ):
            self._index(pk, number, text, owners.get(pk, set()))

    def _index(self, pk: int, number: int | None, text: str, owners: set[tuple[str, int]]) -> None:
        if number is not None:
            self._by_number.setdefault(number, pk)
        folded = fold(text)
        texts, entries = self._groups.setdefault(tuple(numbers_in(folded)), ([], []))
        texts.append(folded)
        entries.append((pk, number, owners))

    def find_item(self, data: ActionItemData, owners: list[Person | Group]) -> ActionItem | None:
        if not hasattr(self, "_groups"):
            self._load_index()
        if data.number is not None and data.number in self._by_number:
            return ActionItem.objects.get(pk=self._by_number[data.number])
        keys = {(type(o).__name__, o.pk) for o in owners}
        folded = fold(data.text)
        texts, entries = self._groups.get(tuple(numbers_in(folded)), ([], []))
        matches = process.extract(
            folded, texts, scorer=fuzz.ratio, score_cutoff=_SAME_TEXT, limit=None
        )
        for _text, _score, index in sorted(matches, key=lambda match: match[2]):
            pk, number, theirs = entries[index]
            if number is not None and number in self._file_numbers:
                continue
            if not keys or not theirs or keys == theirs:
                return ActionItem.objects.get(pk=pk)
        return None

    def action_item(self, data: ActionItemData) -> None:
        owners: list[Person | Group] = []
        for name in data.owners:
            record = self.record_for(name)
            if record not in owners:
                owners.append(record)
        source_meeting = (
            self.meetings_by_number.get(data.source_meeting) if data.source_meeting else None
        )
        source_text = data.source_text
        if data.source_meeting and source_meeting is None:
            source_text = source_text or f"Meeting #{data.source_meeting}"
        existing = self.find_item(data, owners)
        if existing is None:
            number = data.number
            if (
                number is not None
                and ActionItem.objects.filter(team=self.team, number=number).exists()
            ):
                number = None
            status = data.status if data.status in ("open", "in_progress", "dropped") else "open"
            item = create_action_item(
                team=self.team,
                by=None,
                text=data.text,
                owners=owners,
                category=data.category or "",
                topic=data.topic,
                source_meeting=source_meeting,
                source_text=source_text,
                requested_on=data.requested_on or self.reference,
                due_on=data.due,
                due_text=(data.due_text or "") if data.due is None else "",
                status=status,
                visibility=data.visibility,
                number=number,
            )
            self._index(item.pk, item.number, item.text, {(type(o).__name__, o.pk) for o in owners})
            self.report.created["action items"] += 1
            if data.status == "merged":
                self.report.messages.append(
                    _(
                        "#%(number)s is marked merged but the document does not say into what; "
                        "left open"
                    )
                    % {"number": item.number}
                )
        else:
            item = existing
            changes: dict[str, Any] = {}
            if data.due and item.due_on != data.due:
                changes["due_on"] = data.due
            if data.category and item.category != data.category:
                changes["category"] = data.category
            theirs = [
                ("Person", o.person_id) if o.person_id else ("Group", o.group_id)
                for o in item.owners.all()
            ]
            if owners and [(type(o).__name__, o.pk) for o in owners] != theirs:
                changes["owners"] = owners
            if (
                data.status in ("in_progress", "dropped")
                and _ORDER[data.status] > _ORDER[item.status]
            ):
                changes["status"] = data.status
            if changes:
                item = update_action_item(
                    item=item, by=None, expected_version=None, changes=changes
                )
                self.report.updated["action items"] += 1
            else:
                self.report.unchanged["action items"] += 1
        self.notes(item, data, fresh=existing is None)
        self.requests.questions(item, data)
        if data.status == "done" and item.status in ("open", "in_progress"):
            complete_action_item(
                item=item,
                by=None,
                expected_version=None,
                response=data.completed_response or _("Marked done in the imported document."),
                # Undated: the reference date, but never before the item was requested.
                completed_on=data.completed_on
                or max(self.reference, item.requested_on or self.reference),
            )
            if existing is not None:
                self.report.updated["action items"] += 1

    def notes(self, item: ActionItem, data: ActionItemData, *, fresh: bool = False) -> None:
        """The document's notes the item does not have yet (`fresh`: it was just created)."""
        if not data.notes:
            return
        have = (
            set()
            if fresh
            else {(n.noted_on, n.text) for n in ProgressNote.objects.filter(item=item)}
        )
        latest = timezone.localdate()
        for note in data.notes:
            day = note.date or data.requested_on or self.reference
            day = min(day, latest)
            if (day, note.text.strip()) in have:
                continue
            add_progress_note(item=item, by=None, text=note.text, noted_on=day)
            have.add((day, note.text.strip()))
            self.report.created["progress notes"] += 1


# -- requests and questions -----------------------------------------------------------

_REQUEST_STATUS = {
    "proposed": Request.Status.REQUESTED,
    "requested": Request.Status.REQUESTED,
    "open": Request.Status.REQUESTED,
    "in_progress": Request.Status.IN_PROGRESS,
    "pending_approval": Request.Status.PENDING_APPROVAL,
    "delivered": Request.Status.DELIVERED,
    "done": Request.Status.DELIVERED,
    "declined": Request.Status.DECLINED,
    "withdrawn": Request.Status.WITHDRAWN,
    "dropped": Request.Status.WITHDRAWN,
}
_REQUEST_ORDER: dict[str, int] = {
    Request.Status.REQUESTED: 0,
    Request.Status.IN_PROGRESS: 1,
    Request.Status.PENDING_APPROVAL: 2,
}


def _request_status(data: RequestData) -> str:
    status = _REQUEST_STATUS.get(data.status, Request.Status.REQUESTED)
    waiting = any("approval" in fold(n.text) for n in data.notes)
    if status == Request.Status.IN_PROGRESS and waiting:
        # "Working with IT for approval on requested tools": the request waits on a sign-off.
        return Request.Status.PENDING_APPROVAL
    return status


def _derived_initials(name: str) -> str:
    return "".join(part[0] for part in name.replace("-", " ").split() if part[:1].isalpha()).upper()


class _RequestsApplier:
    """Stores requests and questions through requests.services (by the operator)."""

    def __init__(self, applier: _Applier) -> None:
        self.applier = applier
        self.team = applier.team
        self.report = applier.report

    def request(self, data: RequestData) -> None:
        existing = next(
            (
                r
                for r in Request.objects.filter(team=self.team, kind=data.kind)
                if same_action(r.title, data.title)
            ),
            None,
        )
        status = _request_status(data)
        if existing is None:
            kind = data.kind if data.kind in Request.Kind.values else Request.Kind.OTHER
            existing = request_services.create_request(
                team=self.team,
                by=None,
                kind=kind,
                title=data.title[:300],
                asked_by_text=_("the review team"),
                addressed_to=data.addressed_to[:120],
                requested_on=self.applier.reference,
                status=status,
            )
            self.report.created["requests"] += 1
        elif (
            status in _REQUEST_ORDER
            and existing.status in _REQUEST_ORDER
            and _REQUEST_ORDER[status] > _REQUEST_ORDER[existing.status]
        ):
            request_services.change_request_status(
                request=existing, by=None, expected_version=None, status=status
            )
            self.report.updated["requests"] += 1
        else:
            self.report.unchanged["requests"] += 1
        have = {(n.noted_on, n.text) for n in existing.notes.all()}
        latest = timezone.localdate()
        for note in data.notes:
            day = min(note.date or self.applier.reference, latest)
            if (day, note.text.strip()) in have:
                continue
            request_services.add_request_note(
                request=existing, by=None, text=note.text, noted_on=day
            )
            have.add((day, note.text.strip()))
            self.report.created["request notes"] += 1

    def asker(self, initials: str | None) -> tuple[Person | None, str]:
        """The roster's person with these initials (stated, else derived from the name)."""
        if not initials:
            return None, ""
        wanted = initials.strip().upper()
        people = self.applier.roster.people
        found = [p for p in people if p.initials and p.initials.upper() == wanted]
        if not found:
            found = [p for p in people if not p.initials and _derived_initials(p.name) == wanted]
        if len(found) == 1:
            return found[0], ""
        if found:
            self.report.messages.append(
                _("Initials %(initials)s match several people (%(list)s); kept as written")
                % {"initials": wanted, "list": ", ".join(p.name for p in found)}
            )
        else:
            self.report.messages.append(
                _(
                    "Initials %(initials)s match nobody on the roster; the question keeps them as "
                    "written"
                )
                % {"initials": wanted}
            )
        return None, wanted

    def questions(self, item: ActionItem, data: ActionItemData) -> None:
        if not data.questions:
            return
        existing = list(Question.objects.filter(team=self.team, action_item=item))
        for question in data.questions:
            if any(same_action(q.text, question.text) for q in existing):
                self.report.unchanged["questions"] += 1
                continue
            person, as_written = self.asker(question.asked_by)
            created = request_services.create_question(
                team=self.team,
                by=None,
                text=question.text,
                asked_by=person,
                asked_by_text=as_written,
                action_item=item,
                visibility=item.visibility,
            )
            existing.append(created)
            self.report.created["questions"] += 1


def apply_result(
    result: ImportResult,
    *,
    team_slug: str,
    reference: dt.date | None = None,
    skip_bad: bool = False,
    team_name: str | None = None,
) -> ApplyReport:
    """Write `result` into the team `team_slug` in one transaction."""
    if result.has_blocking and not skip_bad:
        raise ImportRefused(
            [str(n) for n in result.notices if n.blocking]
            + [_("Nothing was written. Fix the file, or use --skip-bad to import the rest.")]
        )
    report = ApplyReport()
    day = reference or timezone.localdate()
    with transaction.atomic():
        team = Team.objects.filter(slug=team_slug).first()
        if team is None:
            team = create_team(slug=team_slug, name=team_name or team_slug.upper())
            report.messages.append(_("Created the team %(slug)s.") % {"slug": team_slug})
            report.created["teams"] += 1
        applier = _Applier(result, team, day, report)
        for meeting in result.meetings:
            applier.meeting(meeting)
        for decision in result.decisions:
            applier.decision(decision)
        for item in result.action_items:
            applier.action_item(item)
        for request in result.requests:
            applier.requests.request(request)
        for event in result.events:
            _apply_event(event, team=team, report=report)
    return report


def _event_key(name: str) -> str:
    """ "ICANN 59 Johannesburg", "icann59-johannesburg" → "icann59johannesburg"."""
    return re.sub(r"[\W_]+", "", fold(name))


def _apply_event(data: EventData, *, team: Team, report: ApplyReport) -> None:
    """Create the event by the operator unless the team has one of a near-identical name."""
    key = _event_key(data.name)
    existing = next(
        (
            e
            for e in Event.objects.filter(team=team)
            if _event_key(e.name) == key
            or _event_key(e.slug) == key
            or (
                numbers_in(e.name) == numbers_in(data.name)
                and fuzz.ratio(_event_key(e.name), key) >= _SAME_TEXT
            )
        ),
        None,
    )
    if existing is not None:
        if existing.starts_on is None and data.starts_on is not None:
            try:
                with transaction.atomic():
                    event_services.update_event(
                        event=existing,
                        by=None,
                        expected_version=None,
                        changes={"starts_on": data.starts_on, "ends_on": data.ends_on},
                    )
            except ValidationError as exc:
                report.unchanged["events"] += 1
                report.messages.append(
                    _("Left the event %(name)s without dates: %(why)s")
                    % {"name": existing.name, "why": " ".join(exc.messages)}
                )
                return
            report.updated["events"] += 1
            report.messages.append(
                _("Gave the event %(name)s its dates, %(first)s to %(last)s.")
                % {
                    "name": existing.name,
                    "first": data.starts_on.isoformat(),
                    "last": (data.ends_on or data.starts_on).isoformat(),
                }
            )
        else:
            report.unchanged["events"] += 1
        return
    event = event_services.create_event(
        team=team,
        by=None,
        name=data.name[:200],
        place=data.place[:200],
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        time_zone=data.time_zone,
    )
    report.created["events"] += 1
    if event.has_dates:
        when = _("%(first)s to %(last)s") % {
            "first": data.starts_on.isoformat() if data.starts_on else "",
            "last": data.ends_on.isoformat() if data.ends_on else "",
        }
    else:
        when = _("dates to be announced")
    report.messages.append(
        _(
            "Created the event %(name)s (%(when)s, time zone %(zone)s, public): check its "
            "dates and time zone on its page."
        )
        % {"name": event.name, "when": when, "zone": event.time_zone}
    )


def resolutions(result: ImportResult, roster: Roster) -> list[Resolution]:
    """How every owner and attendee name of `result` would resolve, in document order."""
    seen: dict[str, Resolution] = {}
    names = [n for item in result.action_items for n in item.owners]
    for meeting in result.meetings:
        for role in ("members", "observers", "staff", "guests", "apologies"):
            names.extend(getattr(meeting.attendees, role))
    for name in names:
        if name not in seen:
            seen[name] = roster.resolve(name)
    return list(seen.values())
