"""Every write to meetings, their agendas, attendance, materials and minutes, and to decisions.

Each service runs in one transaction: it checks permission (when `by` is a user; importers and
commands pass `by=None`), validates, writes and records history. Bad input raises
ValidationError naming the field, and nothing is changed. Staff and chairs write; everyone who
can read the meeting only reads (core.permissions: Action.CREATE and Action.EDIT).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.filetypes import content_matches, read_head, type_by_name
from secretariat.core.history import diff, history_for, record_change, snapshot
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, require
from secretariat.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Material,
    Meeting,
    Minutes,
    MinutesRevision,
)
from secretariat.teams.models import Group, Membership, Person, Team
from secretariat.teams.services import allocate_number
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import create_action_item

Actor = AbstractBaseUser | AnonymousUser | None

MEETING_COUNTER = "meeting"
DECISION_COUNTER = "decision"
MEETING_FIELDS = (
    "number",
    "kind",
    "title",
    "starts_at",
    "duration_minutes",
    "place",
    "status",
    "visibility",
    "visibility_reason",
)
AGENDA_FIELDS = (
    "title",
    "presenter",
    "presenter_text",
    "minutes",
    "notes",
    "links",
    "reached",
    "standing",
)
MAX_DURATION = 7 * 24 * 60  # a face-to-face meeting may last days, not weeks


def _account(by: Actor) -> User | None:
    return cast("User | None", by if by is not None and by.is_authenticated else None)


def _may(by: Actor, action: Action, team: Team, record: Meeting | Decision | None = None) -> None:
    if by is not None:
        require(by, action, team=team, record=record)


def _history(
    *, obj: Any, action: str, by: Actor, changes: Mapping[str, Any], meeting: Meeting
) -> None:
    record_change(
        obj=obj,
        action=action,
        by=by,
        changes=changes,
        team_id=meeting.team_id,
        version=getattr(obj, "version", None),
        visibility=meeting.visibility,
    )


# --- meetings ---------------------------------------------------------------------------------


def _validate_meeting(meeting: Meeting, *, ends_at: dt.datetime | None = None) -> None:
    errors: dict[str, str] = {}
    if not meeting.title.strip():
        errors["title"] = _("Give the meeting a title, e.g. SSR2 Plenary Call.")
    if meeting.kind not in Meeting.Kind.values:
        errors["kind"] = _("%(value)s is not a kind of meeting.") % {"value": meeting.kind}
    if meeting.status not in Meeting.Status.values:
        errors["status"] = _("%(value)s is not a status.") % {"value": meeting.status}
    if meeting.visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": meeting.visibility}
    if meeting.starts_at is not None and timezone.is_naive(meeting.starts_at):
        errors["starts_at"] = _("The start needs a time zone.")
    if ends_at is not None and meeting.starts_at is not None:
        if ends_at <= meeting.starts_at:
            errors["ends_at"] = _("The meeting ends (%(end)s) before it starts (%(start)s).") % {
                "end": ends_at.isoformat(),
                "start": meeting.starts_at.isoformat(),
            }
    elif not 1 <= meeting.duration_minutes <= MAX_DURATION:
        errors["duration_minutes"] = _("A meeting lasts between 1 minute and 7 days.")
    for name, limit in (("title", 300), ("place", 200), ("visibility_reason", 300)):
        if len(getattr(meeting, name) or "") > limit:
            errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)


def _check_number_free(meeting: Meeting) -> None:
    clash = (
        Meeting.objects.filter(team_id=meeting.team_id, number=meeting.number)
        .exclude(pk=meeting.pk)
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "number": _("%(kind)s #%(number)s exists already (%(title)s).")
                % {"kind": clash.get_kind_display(), "number": clash.number, "title": clash.title}
            }
        )


def create_meeting(
    *,
    team: Team,
    by: Actor,
    title: str,
    kind: str = Meeting.Kind.PLENARY,
    starts_at: dt.datetime | None = None,
    duration_minutes: int = 60,
    ends_at: dt.datetime | None = None,
    place: str = "",
    number: int | None = None,
    status: str = Meeting.Status.PLANNED,
    visibility: str = Visibility.PUBLIC,
    visibility_reason: str = "",
    previous: Meeting | None = None,
) -> Meeting:
    """A new meeting, numbered `number` or the team's next meeting number.

    `ends_at`, when given, sets the duration (and must come after the start).
    """
    _may(by, Action.CREATE, team)
    if ends_at is not None and starts_at is not None and ends_at > starts_at:
        duration_minutes = int((ends_at - starts_at).total_seconds() // 60)
    meeting = Meeting(
        team=team,
        title=title.strip(),
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place.strip(),
        status=status,
        visibility=visibility,
        visibility_reason=visibility_reason.strip(),
        previous=previous,
    )
    _validate_meeting(meeting, ends_at=ends_at)
    if previous is not None and previous.team_id != team.pk:
        raise ValidationError({"previous": _("That meeting belongs to another team.")})
    with transaction.atomic():
        if number is not None:
            meeting.number = number
            _check_number_free(meeting)
        meeting.number = allocate_number(team=team, key=MEETING_COUNTER, requested=number)
        # Numbers given by hand (or meetings numbered before the counter existed) can sit
        # above the counter: skip past them rather than fail on the constraint.
        while number is None and Meeting.objects.filter(team=team, number=meeting.number).exists():
            meeting.number = allocate_number(team=team, key=MEETING_COUNTER)
        meeting.save()
        after = snapshot(meeting, MEETING_FIELDS)
        _history(
            obj=meeting,
            action="meetings.meeting.created",
            by=by,
            changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
            meeting=meeting,
        )
    return meeting


def update_meeting(
    *, meeting: Meeting, by: Actor, expected_version: int | None, changes: Mapping[str, Any]
) -> Meeting:
    """Change some of a meeting's fields, if nobody changed it since `expected_version`."""
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _may(by, Action.EDIT, current.team, current)
        if by is not None and (changes.get("visibility", current.visibility) != current.visibility):
            require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        if expected_version is not None and current.version != expected_version:
            since = [
                e
                for e in history_for(current)
                if e.version is not None and e.version > expected_version
            ]
            raise StaleVersion(
                current=current, expected_version=expected_version, changes_since=since
            )
        before = snapshot(current, MEETING_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate_meeting(current)
        if current.number is not None:
            _check_number_free(current)
        after = snapshot(current, MEETING_FIELDS)
        changed = diff(before, after)
        if changed:
            current.version += 1
            current.save()
            _history(
                obj=current, action="meetings.meeting.updated", by=by, changes=changed,
                meeting=current,
            )  # fmt: skip
    return current


def _copy_subtree(source: AgendaItem, *, meeting: Meeting, parent: AgendaItem | None) -> None:
    copy = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        position=_next_position(meeting, parent),
        title=source.title,
        presenter=source.presenter,
        presenter_text=source.presenter_text,
        minutes=source.minutes,
        links=source.links,
        standing=source.standing,
    )
    for child in source.children.filter(removed=False).order_by("position", "id"):
        _copy_subtree(child, meeting=meeting, parent=copy)


def create_meeting_from_previous(
    *,
    previous: Meeting,
    by: Actor,
    starts_at: dt.datetime | None,
    title: str = "",
    number: int | None = None,
    duration_minutes: int | None = None,
    carry_items: Sequence[AgendaItem] = (),
    carry_action_items: Sequence[ActionItem] = (),
) -> Meeting:
    """The next meeting of `previous`'s kind, its agenda started from the previous one.

    Standing items (with their sub-items) are always carried; `carry_items` are further
    items of the previous agenda (typically those it did not reach) and `carry_action_items`
    its still-open action items, listed under one "Open action items" item.
    """
    strangers = [i.title for i in carry_items if i.meeting_id != previous.pk]
    if strangers:
        raise ValidationError(
            {"carry_items": _("Not on the previous agenda: %(titles)s.") % {
                "titles": ", ".join(strangers)}}
        )  # fmt: skip
    if any(a.team_id != previous.team_id for a in carry_action_items):
        raise ValidationError(
            {"carry_action_items": _("An action item of another team cannot be carried.")}
        )
    with transaction.atomic():
        meeting = create_meeting(
            team=previous.team,
            by=by,
            title=title or previous.title,
            kind=previous.kind,
            starts_at=starts_at,
            duration_minutes=duration_minutes or previous.duration_minutes,
            place=previous.place,
            number=number,
            visibility=previous.visibility,
            visibility_reason=previous.visibility_reason,
            previous=previous,
        )
        chosen = {i.pk for i in carry_items}
        tops = previous.agenda_items.filter(parent=None, removed=False).order_by("position", "id")
        for top in tops:
            if top.standing or top.pk in chosen:
                _copy_subtree(top, meeting=meeting, parent=None)
        # Chosen sub-items whose parent was not carried go to the top level.
        for item in carry_items:
            if item.parent_id is not None and item.parent_id not in chosen:
                parent = AgendaItem.objects.get(pk=item.parent_id)
                if not parent.standing:
                    _copy_subtree(item, meeting=meeting, parent=None)
        if carry_action_items:
            heading = AgendaItem.objects.create(
                meeting=meeting,
                position=_next_position(meeting, None),
                title=_("Open action items from %(meeting)s") % {"meeting": previous},
            )
            for position, action in enumerate(sorted(carry_action_items, key=lambda a: a.number)):
                first_line = (action.text.strip().splitlines() or [""])[0]
                AgendaItem.objects.create(
                    meeting=meeting,
                    parent=heading,
                    position=position,
                    title=f"#{action.number}: {first_line}"[:300],
                )
        _history(
            obj=meeting,
            action="meetings.agenda.carried",
            by=by,
            changes={"agenda": [None, [i.title for i in _flat_titles(meeting)]]},
            meeting=meeting,
        )
    return meeting


def _flat_titles(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.filter(removed=False).order_by("parent_id", "position", "id"))


# --- the agenda -------------------------------------------------------------------------------


def _next_position(meeting: Meeting, parent: AgendaItem | None) -> int:
    last = (
        AgendaItem.objects.filter(meeting=meeting, parent=parent, removed=False)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return 0 if last is None else last + 1


def _siblings(meeting_id: int, parent_id: int | None) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.select_for_update()
        .filter(meeting_id=meeting_id, parent_id=parent_id, removed=False)
        .order_by("position", "id")
    )


def _renumber(items: Sequence[AgendaItem]) -> None:
    for position, sibling in enumerate(items):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


def _validate_agenda_item(item: AgendaItem) -> None:
    errors: dict[str, str] = {}
    if not item.title.strip():
        errors["title"] = _("Give the agenda item a title.")
    if len(item.title) > 300:
        errors["title"] = _("At most %(limit)s characters.") % {"limit": 300}
    if (
        item.presenter is not None
        and not Membership.objects.filter(
            team_id=item.meeting.team_id, person=item.presenter
        ).exists()
    ):
        errors["presenter"] = _("%(name)s is not on the team's roster.") % {
            "name": item.presenter.name
        }
    if item.minutes is not None and not 0 < item.minutes <= 600:
        errors["minutes"] = _("Allot between 1 and 600 minutes.")
    if errors:
        raise ValidationError(errors)


def _lock_meeting(meeting: Meeting, by: Actor) -> Meeting:
    current = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _may(by, Action.EDIT, current.team, current)
    return current


def add_agenda_item(
    *,
    meeting: Meeting,
    by: Actor,
    title: str,
    parent: AgendaItem | None = None,
    presenter: Person | None = None,
    presenter_text: str = "",
    minutes: int | None = None,
    notes: str = "",
    links: str = "",
    standing: bool = False,
) -> AgendaItem:
    """A new agenda item at the end of its siblings (top level, or under `parent`)."""
    if parent is not None and (parent.meeting_id != meeting.pk or parent.removed):
        raise ValidationError({"parent": _("That item is not on this meeting's agenda.")})
    with transaction.atomic():
        current = _lock_meeting(meeting, by)
        item = AgendaItem(
            meeting=current,
            parent=parent,
            position=_next_position(current, parent),
            title=title.strip(),
            presenter=presenter,
            presenter_text=presenter_text.strip(),
            minutes=minutes,
            notes=notes.strip(),
            links=links.strip(),
            standing=standing,
        )
        _validate_agenda_item(item)
        item.save()
        _history(
            obj=current,
            action="meetings.agenda.item_added",
            by=by,
            changes={"agenda": [None, item.title]},
            meeting=current,
        )
    return item


def update_agenda_item(*, item: AgendaItem, by: Actor, changes: Mapping[str, Any]) -> AgendaItem:
    unknown = set(changes) - set(AGENDA_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting, by)
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        before = snapshot(current, AGENDA_FIELDS)
        for name, value in changes.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate_agenda_item(current)
        changed = diff(before, snapshot(current, AGENDA_FIELDS))
        if changed:
            current.save()
            _history(
                obj=meeting,
                action="meetings.agenda.item_updated",
                by=by,
                changes={f"{current.title}: {k}": v for k, v in changed.items()},
                meeting=meeting,
            )
    return current


def move_agenda_item(*, item: AgendaItem, by: Actor, direction: str) -> AgendaItem:
    """Move an item one place `up` or `down` among its siblings (it keeps its sub-items)."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move an item up or down.")})
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting, by)
        siblings = _siblings(meeting.pk, item.parent_id)
        index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(siblings):
            siblings[index], siblings[other] = siblings[other], siblings[index]
            _renumber(siblings)
            _history(
                obj=meeting,
                action="meetings.agenda.item_moved",
                by=by,
                changes={"agenda": [None, f"{item.title} ({direction})"]},
                meeting=meeting,
            )
    return AgendaItem.objects.get(pk=item.pk)


def _descendant_ids(item: AgendaItem) -> set[int]:
    rows = AgendaItem.objects.filter(meeting_id=item.meeting_id).values_list("pk", "parent_id")
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in rows:
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = [item.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def nest_agenda_item(
    *, item: AgendaItem, by: Actor, parent: AgendaItem | None, position: int | None = None
) -> AgendaItem:
    """Put `item` (with its sub-items) under `parent` (None: the top level), at `position`
    among its new siblings (default: last). An item cannot go under itself or its own
    sub-items."""
    if parent is not None:
        if parent.pk == item.pk:
            raise ValidationError(
                {"parent": _("“%(title)s” cannot be nested under itself.") % {"title": item.title}}
            )
        if parent.meeting_id != item.meeting_id or parent.removed:
            raise ValidationError({"parent": _("That item is not on this meeting's agenda.")})
        if parent.pk in _descendant_ids(item):
            raise ValidationError(
                {
                    "parent": _("“%(title)s” cannot be nested under its own sub-item “%(sub)s”.")
                    % {"title": item.title, "sub": parent.title}
                }
            )
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting, by)
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        old_parent_id = current.parent_id
        new_parent_id = parent.pk if parent is not None else None
        old_siblings = [s for s in _siblings(meeting.pk, old_parent_id) if s.pk != current.pk]
        _renumber(old_siblings)
        new_siblings = [s for s in _siblings(meeting.pk, new_parent_id) if s.pk != current.pk]
        at = len(new_siblings) if position is None else max(0, min(position, len(new_siblings)))
        new_siblings.insert(at, current)
        current.parent_id = new_parent_id
        for index, sibling in enumerate(new_siblings):
            if sibling is current:
                current.position = index
                current.save(update_fields=["parent", "position"])
            elif sibling.position != index:
                sibling.position = index
                sibling.save(update_fields=["position"])
        if old_parent_id != new_parent_id:
            _history(
                obj=meeting,
                action="meetings.agenda.item_nested",
                by=by,
                changes={"agenda": [None, f"{current.title} → {parent.title if parent else '—'}"]},
                meeting=meeting,
            )
    return current


def indent_agenda_item(*, item: AgendaItem, by: Actor) -> AgendaItem:
    """Make `item` the last sub-item of the sibling just above it (nothing above: no change)."""
    siblings = list(
        AgendaItem.objects.filter(
            meeting_id=item.meeting_id, parent_id=item.parent_id, removed=False
        ).order_by("position", "id")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    if index == 0:
        _may(by, Action.EDIT, item.meeting.team, item.meeting)
        return item
    return nest_agenda_item(item=item, by=by, parent=siblings[index - 1])


def outdent_agenda_item(*, item: AgendaItem, by: Actor) -> AgendaItem:
    """Move `item` up one level, just after its former parent (top level: no change)."""
    if item.parent_id is None:
        _may(by, Action.EDIT, item.meeting.team, item.meeting)
        return item
    parent = AgendaItem.objects.get(pk=item.parent_id)
    grandparent = parent.parent
    siblings = list(
        AgendaItem.objects.filter(
            meeting_id=item.meeting_id, parent_id=parent.parent_id, removed=False
        ).order_by("position", "id")
    )
    after = next(i for i, s in enumerate(siblings) if s.pk == parent.pk)
    return nest_agenda_item(item=item, by=by, parent=grandparent, position=after + 1)


def remove_agenda_item(*, item: AgendaItem, by: Actor) -> None:
    """Take an item (and its sub-items) off the agenda; it is kept, marked removed."""
    with transaction.atomic():
        meeting = _lock_meeting(item.meeting, by)
        ids = {item.pk, *_descendant_ids(item)}
        AgendaItem.objects.filter(pk__in=ids).update(removed=True)
        _renumber(_siblings(meeting.pk, item.parent_id))
        _history(
            obj=meeting,
            action="meetings.agenda.item_removed",
            by=by,
            changes={"agenda": [item.title, None]},
            meeting=meeting,
        )


# --- attendance and materials -----------------------------------------------------------------


def record_attendance(
    *, meeting: Meeting, by: Actor, roles: Mapping[Person, str | None]
) -> list[Attendance]:
    """Set the whole attendance of a meeting in one call.

    `roles` maps each person to an Attendance role, or to None/"" for "not there" (no record).
    People left out are left as they are. A person not on the team's roster, or an unknown
    role, refuses the whole call and changes nothing.
    """
    errors: list[str] = []
    on_roster = set(
        Membership.objects.filter(
            team_id=meeting.team_id, person_id__in=[p.pk for p in roles]
        ).values_list("person_id", flat=True)
    )
    for person, role in roles.items():
        if person.pk not in on_roster:
            errors.append(
                _("%(name)s is not on the team's roster; add them to the team first.")
                % {"name": person.name}
            )
        elif role and role not in Attendance.Role.values:
            errors.append(
                _("%(role)s is not an attendance role (for %(name)s).")
                % {"role": role, "name": person.name}
            )
    if errors:
        raise ValidationError({"attendance": errors})
    with transaction.atomic():
        current = _lock_meeting(meeting, by)
        existing = {a.person_id: a for a in Attendance.objects.filter(meeting=current)}
        changes: dict[str, list[Any]] = {}
        for person, role in roles.items():
            row = existing.get(person.pk)
            old = row.role if row is not None else None
            new = role or None
            if old == new:
                continue
            changes[person.name] = [old, new]
            if new is None and row is not None:
                row.delete()
            elif row is None:
                Attendance.objects.create(meeting=current, person=person, role=cast(str, new))
            else:
                row.role = cast(str, new)
                row.save(update_fields=["role"])
        if changes:
            _history(
                obj=current,
                action="meetings.attendance.recorded",
                by=by,
                changes=changes,
                meeting=current,
            )
    return list(Attendance.objects.filter(meeting=meeting).select_related("person"))


def add_material(
    *,
    meeting: Meeting,
    by: Actor,
    kind: str,
    title: str = "",
    url: str = "",
    file: File[Any] | None = None,
    visibility: str = Visibility.PUBLIC,
) -> Material:
    """A link or an uploaded file (exactly one of them) for a meeting."""
    errors: dict[str, str] = {}
    if kind not in Material.Kind.values:
        errors["kind"] = _("%(value)s is not a kind of material.") % {"value": kind}
    if bool(url.strip()) == (file is not None):
        errors["url"] = _("Give either an address or a file.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": visibility}
    if file is not None and (file.size or 0) > settings.MATERIAL_MAX_BYTES:
        errors["file"] = _("%(name)s is larger than the %(limit)s MB allowed.") % {
            "name": file.name,
            "limit": settings.MATERIAL_MAX_BYTES // 1_000_000,
        }
    elif file is not None:
        # Judged by content: a file whose first bytes contradict its name is refused.
        claimed = type_by_name(file.name or "")
        if content_matches(claimed, read_head(cast(Any, file))) is False:
            errors["file"] = _(
                "%(name)s is not a %(type)s file: its content does not match its name."
            ) % {"name": file.name, "type": claimed}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _lock_meeting(meeting, by)
        material = Material(
            meeting=current, kind=kind, title=title.strip(), url=url.strip(), visibility=visibility
        )
        if file is not None:
            material.file.save(file.name or "upload", file, save=False)
        material.full_clean(exclude=["meeting"])
        material.save()
        _history(
            obj=current,
            action="meetings.material.added",
            by=by,
            changes={"material": [None, f"{material.get_kind_display()}: {material.label}"]},
            meeting=current,
        )
    return material


# --- decisions --------------------------------------------------------------------------------


def record_decision(
    *,
    team: Team,
    by: Actor,
    text: str,
    decided_on: dt.date | None = None,
    source: str = Decision.Source.MEETING,
    meeting: Meeting | None = None,
    source_text: str = "",
    visibility: str = Visibility.PUBLIC,
    visibility_reason: str = "",
    number: int | None = None,
) -> Decision:
    """A decision reached, numbered per team; dated the meeting's day when it comes from one."""
    _may(by, Action.CREATE, team)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Say what was decided.")
    if source not in Decision.Source.values:
        errors["source"] = _("%(value)s is not a source.") % {"value": source}
    if meeting is not None and meeting.team_id != team.pk:
        errors["meeting"] = _("That meeting belongs to another team.")
    if source == Decision.Source.MEETING and meeting is None and not source_text.strip():
        errors["meeting"] = _("Say which meeting reached the decision.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": visibility}
    if errors:
        raise ValidationError(errors)
    if decided_on is None:
        decided_on = (
            meeting.starts_at.date()
            if meeting is not None and meeting.starts_at is not None
            else timezone.localdate()
        )
    with transaction.atomic():
        decision = Decision(
            team=team,
            text=text.strip(),
            decided_on=decided_on,
            source=source,
            meeting=meeting,
            source_text=source_text.strip(),
            visibility=(
                Visibility.strictest(visibility, meeting.visibility) if meeting else visibility
            ),
            visibility_reason=visibility_reason.strip(),
            created_by=_account(by),
        )
        decision.number = allocate_number(team=team, key=DECISION_COUNTER, requested=number)
        if number is not None and Decision.objects.filter(team=team, number=number).exists():
            raise ValidationError(
                {"number": _("%(team)s already has a decision #%(number)s.") % {
                    "team": team.slug, "number": number}}
            )  # fmt: skip
        decision.save()
        record_change(
            obj=decision,
            action="meetings.decision.recorded",
            by=by,
            changes={
                "text": [None, decision.text],
                "decided_on": [None, decided_on.isoformat()],
                "source": [None, str(meeting) if meeting else decision.source],
            },
            team_id=team.pk,
            version=decision.version,
            visibility=decision.visibility,
        )
    return decision


# --- during the call: notes that become action items or decisions -----------------------------


def take_note(
    *,
    agenda_item: AgendaItem,
    by: Actor,
    text: str,
    make: str = "note",
    owners: Sequence[Person | Group] = (),
    due_on: dt.date | None = None,
) -> ActionItem | Decision | None:
    """A note under an agenda item, taken during the call; `make` turns it, in the same step,
    into an action item raised at the meeting ("action_item") or a decision it reached
    ("decision"). The agenda item's notes record either way, with the new record's number."""
    if make not in ("note", "action_item", "decision"):
        raise ValidationError({"make": _("Make it a note, an action item or a decision.")})
    if not text.strip():
        raise ValidationError({"text": _("A note needs some text.")})
    meeting = agenda_item.meeting
    created: ActionItem | Decision | None = None
    with transaction.atomic():
        if make == "action_item":
            created = create_action_item(
                team=meeting.team,
                by=by,
                text=text,
                owners=owners,
                due_on=due_on,
                source_meeting=meeting,
                requested_on=meeting.starts_at.date() if meeting.starts_at else None,
                visibility=meeting.visibility,
            )
            line = _("Action item #%(number)s: %(text)s") % {
                "number": created.number, "text": created.text}  # fmt: skip
        elif make == "decision":
            created = record_decision(
                team=meeting.team, by=by, text=text, meeting=meeting,
                source=Decision.Source.MEETING, visibility=meeting.visibility,
            )  # fmt: skip
            line = _("Decision #%(number)s: %(text)s") % {
                "number": created.number, "text": created.text}  # fmt: skip
        else:
            line = text.strip()
        current = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
        notes = f"{current.notes.rstrip()}\n- {line}" if current.notes.strip() else f"- {line}"
        update_agenda_item(item=current, by=by, changes={"notes": notes, "reached": True})
    agenda_item.refresh_from_db()
    return created


# --- minutes ----------------------------------------------------------------------------------


def _revise(minutes: Minutes, by: Actor) -> None:
    MinutesRevision.objects.create(
        minutes=minutes, text=minutes.text, status=minutes.status, created_by=_account(by)
    )


def save_minutes_draft(
    *, meeting: Meeting, by: Actor, text: str, expected_version: int | None = None
) -> Minutes:
    """Write (or rewrite) the draft minutes of a meeting. Approved minutes are not redrafted."""
    if not text.strip():
        raise ValidationError({"text": _("The minutes are empty.")})
    with transaction.atomic():
        current_meeting = _lock_meeting(meeting, by)
        minutes = Minutes.objects.select_for_update().filter(meeting=current_meeting).first()
        if minutes is None:
            minutes = Minutes.objects.create(meeting=current_meeting, text=text.strip())
            _revise(minutes, by)
            _history(
                obj=minutes, action="meetings.minutes.drafted", by=by,
                changes={"text": [None, minutes.text]}, meeting=current_meeting,
            )  # fmt: skip
            return minutes
        if minutes.status == Minutes.Status.APPROVED:
            raise ValidationError(
                {"text": _("These minutes were approved at %(meeting)s; they are not redrafted.")
                 % {"meeting": minutes.approved_at}}
            )  # fmt: skip
        if expected_version is not None and minutes.version != expected_version:
            since = [
                e for e in history_for(minutes)
                if e.version is not None and e.version > expected_version
            ]  # fmt: skip
            raise StaleVersion(
                current=minutes, expected_version=expected_version, changes_since=since
            )
        if minutes.text == text.strip():
            return minutes
        before = minutes.text
        minutes.text = text.strip()
        minutes.version += 1
        minutes.updated_at = timezone.now()
        minutes.save()
        _revise(minutes, by)
        _history(
            obj=minutes, action="meetings.minutes.redrafted", by=by,
            changes={"text": [before, minutes.text]}, meeting=current_meeting,
        )  # fmt: skip
    return minutes


def approve_minutes(
    *,
    minutes: Minutes,
    by: Actor,
    at_meeting: Meeting,
    text: str | None = None,
    expected_version: int | None = None,
) -> Minutes:
    """Approve the minutes at a later meeting, amended to `text` if given; the last draft is
    kept as `drafted_text` so the amendments can be shown."""
    with transaction.atomic():
        current = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
        meeting = current.meeting
        _may(by, Action.EDIT, meeting.team, meeting)
        if at_meeting.team_id != meeting.team_id:
            raise ValidationError({"approved_at": _("That meeting belongs to another team.")})
        if at_meeting.pk == meeting.pk or (
            at_meeting.starts_at and meeting.starts_at and at_meeting.starts_at < meeting.starts_at
        ):
            raise ValidationError(
                {
                    "approved_at": _(
                        "Minutes are approved at a later meeting than the one they record."
                    )
                }
            )
        if current.status == Minutes.Status.APPROVED:
            raise ValidationError(
                {"status": _("These minutes were already approved at %(meeting)s.") % {
                    "meeting": current.approved_at}}
            )  # fmt: skip
        if expected_version is not None and current.version != expected_version:
            since = [
                e for e in history_for(current)
                if e.version is not None and e.version > expected_version
            ]  # fmt: skip
            raise StaleVersion(
                current=current, expected_version=expected_version, changes_since=since
            )
        final = (text if text is not None and text.strip() else current.text).strip()
        current.drafted_text = current.text
        current.text = final
        current.status = Minutes.Status.APPROVED
        current.approved_at = at_meeting
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        _revise(current, by)
        changes: dict[str, list[Any]] = {
            "status": [Minutes.Status.DRAFT, Minutes.Status.APPROVED],
            "approved_at": [None, str(at_meeting)],
        }
        if final != current.drafted_text:
            changes["text"] = [current.drafted_text, final]
        _history(
            obj=current, action="meetings.minutes.approved", by=by, changes=changes,
            meeting=meeting,
        )  # fmt: skip
    return current
