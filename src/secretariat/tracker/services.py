"""Every write to the action-item tracker.

Each service runs in one transaction: it checks permission (when `by` is a user; importers and
commands run by an operator pass `by=None`), checks the version the editor saw (no lost
update), validates, changes the record, bumps its version and writes a history entry. Bad
input raises ValidationError naming the field, and nothing is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.history import diff, history_for, record_change, snapshot, to_json
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, can, require
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Group, Membership, Person, Team
from secretariat.teams.queries import person_of
from secretariat.teams.services import allocate_number
from secretariat.tracker.models import ActionItem, ActionItemOwner, ProgressNote

Actor = AbstractBaseUser | AnonymousUser | None
Owner = Person | Group

COUNTER_KEY = "action_item"

# Fields an edit may change, and whose changes history records.
EDITABLE_FIELDS = (
    "text",
    "category",
    "topic",
    "source_meeting",
    "source_text",
    "requested_on",
    "due_on",
    "due_text",
    "status",
    "visibility",
    "visibility_reason",
)
# Statuses an edit may set; done and merged have their own services.
EDITABLE_STATUSES = (
    ActionItem.Status.OPEN,
    ActionItem.Status.IN_PROGRESS,
    ActionItem.Status.DROPPED,
)
TRACKED_FIELDS = (*EDITABLE_FIELDS, "completed_response", "completed_on", "merged_into")


def _account(by: Actor) -> User | None:
    """The signed-in account behind `by` (None for anonymous visitors and operators)."""
    return cast("User | None", by if by is not None and by.is_authenticated else None)


def owner_names(owners: Sequence[Owner]) -> list[str]:
    return [owner.name for owner in owners]


def _current_owners(item: ActionItem) -> list[Owner]:
    links = (
        ActionItemOwner.objects.filter(item=item)
        .select_related("person", "group")
        .order_by("position")
    )
    return [link.person or link.group for link in links]  # type: ignore[misc]


def _set_owners(item: ActionItem, owners: Sequence[Owner]) -> None:
    ActionItemOwner.objects.filter(item=item).delete()
    ActionItemOwner.objects.bulk_create(
        ActionItemOwner(
            item=item,
            position=position,
            person=owner if isinstance(owner, Person) else None,
            group=owner if isinstance(owner, Group) else None,
        )
        for position, owner in enumerate(owners)
    )


def owner_keys(owners: Sequence[Owner]) -> list[tuple[str, int]]:
    """Owners as (kind, id) pairs: two people can share a name, never a key."""
    return [("group" if isinstance(owner, Group) else "person", owner.pk) for owner in owners]


def _validate_owners(team: Team, owners: Sequence[Owner]) -> None:
    for owner in owners:
        if not isinstance(owner, Person | Group):
            raise ValidationError({"owners": _("An owner must be a person or a group.")})
        if isinstance(owner, Group) and owner.team_id != team.pk:
            raise ValidationError(
                {"owners": _("%(name)s is a group of another team.") % {"name": owner.name}}
            )
    if len(set(owner_keys(owners))) != len(owners):
        raise ValidationError({"owners": _("The same owner is listed twice.")})
    people = {owner.pk: owner for owner in owners if isinstance(owner, Person)}
    on_roster = set(
        Membership.objects.filter(team=team, person_id__in=people).values_list(
            "person_id", flat=True
        )
    )
    strangers = [people[pk].name for pk in people if pk not in on_roster]
    if strangers:
        # Owning an item can open a restricted record to its owner: only the team's people may.
        raise ValidationError(
            {
                "owners": _("Not on the team's roster: %(names)s. Add them to the team first.")
                % {"names": ", ".join(strangers)}
            }
        )


def _validate_fields(item: ActionItem) -> None:
    errors: dict[str, str] = {}
    if not (item.text or "").strip():
        errors["text"] = _("Say what the action is.")
    if item.source_meeting is not None and item.source_meeting.team_id != item.team_id:
        errors["source_meeting"] = _("That meeting belongs to another team.")
    if item.visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": item.visibility}
    if item.status not in ActionItem.Status.values:
        errors["status"] = _("%(value)s is not a status.") % {"value": item.status}
    if item.completed_on and item.requested_on and item.completed_on < item.requested_on:
        errors["completed_on"] = _(
            "The completion date is before the date of request (%(date)s)."
        ) % {"date": item.requested_on.isoformat()}
    for name, limit in (
        ("category", 80),
        ("topic", 200),
        ("due_text", 100),
        ("source_text", 200),
        ("visibility_reason", 300),
    ):
        if len(getattr(item, name) or "") > limit:
            errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)


def _lock(
    item: ActionItem, expected_version: int | None, *, by: Actor, action: Action
) -> ActionItem:
    """The item re-read under a row lock, refusing the change if it moved past `expected_version`.

    Permission is checked before the version, so someone who may not act on (or even read) the
    item learns nothing from a StaleVersion about the changes made to it.
    """
    current = ActionItem.objects.select_for_update().get(pk=item.pk)
    if by is not None:
        require(by, action, team=current.team, record=current)
    if expected_version is not None and current.version != expected_version:
        since = [
            e
            for e in history_for(current)
            if e.version is not None and e.version > expected_version
        ]
        raise StaleVersion(current=current, expected_version=expected_version, changes_since=since)
    return current


def _snapshot(item: ActionItem, owners: Sequence[Owner]) -> dict[str, Any]:
    data = snapshot(item, TRACKED_FIELDS)
    data["owners"] = owner_names(owners)
    return data


def _save_with_history(
    item: ActionItem,
    *,
    by: Actor,
    action: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    also_changed: Sequence[str] = (),
) -> ActionItem:
    """Save `item` with a new version and a history entry, if anything changed.

    `also_changed` names fields that changed though their snapshots look alike (an owner
    replaced by another person of the same name).
    """
    changes = diff(before, after)
    for name in also_changed:
        changes.setdefault(name, [before.get(name), after.get(name)])
    if not changes:
        return item
    item.version += 1
    item.updated_at = timezone.now()
    item.save()
    record_change(
        obj=item,
        action=action,
        by=by,
        changes=changes,
        team_id=item.team_id,
        version=item.version,
        # A change that opens a record shows its closed "before" values: keep it as closed as
        # the record was, so opening an item never reveals what it said while restricted.
        visibility=Visibility.strictest(before.get("visibility", item.visibility), item.visibility),
    )
    return item


def create_action_item(
    *,
    team: Team,
    by: Actor,
    text: str,
    owners: Sequence[Owner] = (),
    category: str = "",
    topic: str = "",
    source_meeting: Meeting | None = None,
    source_text: str = "",
    requested_on: dt.date | None = None,
    due_on: dt.date | None = None,
    due_text: str = "",
    status: str = ActionItem.Status.OPEN,
    visibility: str = Visibility.PUBLIC,
    visibility_reason: str = "",
    number: int | None = None,
) -> ActionItem:
    """Create an item with the next number of its team (or `number`, if free)."""
    if by is not None:
        require(by, Action.CREATE, team=team)
    if status not in EDITABLE_STATUSES:
        raise ValidationError(
            {
                "status": _(
                    "A new item is open, in progress or dropped; complete or merge it afterwards."
                )
            }
        )
    _validate_owners(team, owners)
    item = ActionItem(
        team=team,
        text=text.strip(),
        category=category.strip(),
        topic=topic.strip(),
        source_meeting=source_meeting,
        source_text=source_text.strip(),
        requested_on=requested_on or timezone.localdate(),
        due_on=due_on,
        due_text=due_text.strip(),
        status=status,
        visibility=visibility,
        visibility_reason=visibility_reason.strip(),
        created_by=_account(by),
    )
    _validate_fields(item)
    with transaction.atomic():
        # Checked after allocate_number has locked the team's counter, so two importers giving
        # the same number at once are told so instead of one failing on the unique constraint.
        item.number = allocate_number(team=team, key=COUNTER_KEY, requested=number)
        if number is not None and ActionItem.objects.filter(team=team, number=number).exists():
            raise ValidationError(
                {
                    "number": _("%(team)s already has an item #%(number)s.")
                    % {"team": team.slug, "number": number}
                }
            )
        item.save()
        _set_owners(item, owners)
        after = _snapshot(item, owners)
        record_change(
            obj=item,
            action="tracker.item.created",
            by=by,
            changes={k: [None, v] for k, v in after.items() if v not in (None, "", [])},
            team_id=team.pk,
            version=item.version,
            visibility=item.visibility,
        )
    return item


def update_action_item(
    *,
    item: ActionItem,
    by: Actor,
    expected_version: int | None,
    changes: Mapping[str, Any],
) -> ActionItem:
    """Change some fields (and/or `owners`) of an item, if nobody changed it since `expected_version`.

    Members may edit what they own but not its visibility; done and merged are reached through
    `complete_action_item` and `merge_action_item`, and leaving them (reopening) clears the
    completion date or the merge target, which history keeps.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS) - {"owners"}
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    with transaction.atomic():
        current = _lock(item, expected_version, by=by, action=Action.EDIT)
        if by is not None:
            touches_visibility = any(
                name in changes and changes[name] != getattr(current, name)
                for name in ("visibility", "visibility_reason")
            )
            if touches_visibility:
                require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        owners_before = _current_owners(current)
        before = _snapshot(current, owners_before)
        new_status = changes.get("status", current.status)
        if new_status != current.status:
            if new_status not in EDITABLE_STATUSES:
                raise ValidationError(
                    {
                        "status": _("Use Complete or Merge to mark an item %(status)s.")
                        % {"status": new_status}
                    }
                )
            if current.status == ActionItem.Status.DONE:
                current.completed_on = None
            if current.status == ActionItem.Status.MERGED:
                current.merged_into = None
        for name, value in changes.items():
            if name == "owners":
                continue
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate_fields(current)
        owners_after = owners_before
        owners_changed = False
        if "owners" in changes:
            owners_after = list(changes["owners"])
            _validate_owners(current.team, owners_after)
            owners_changed = owner_keys(owners_after) != owner_keys(owners_before)
            if owners_changed:
                _set_owners(current, owners_after)
        _save_with_history(
            current,
            by=by,
            action="tracker.item.updated",
            before=before,
            after=_snapshot(current, owners_after),
            also_changed=("owners",) if owners_changed else (),
        )
    return current


def complete_action_item(
    *,
    item: ActionItem,
    by: Actor,
    expected_version: int | None,
    response: str,
    completed_on: dt.date | None = None,
) -> ActionItem:
    """Mark an active item done with the response that closes it."""
    with transaction.atomic():
        current = _lock(item, expected_version, by=by, action=Action.COMPLETE)
        if current.status == ActionItem.Status.DONE:
            raise ValidationError(
                {
                    "status": _("#%(number)s is already done (completed %(date)s).")
                    % {"number": current.number, "date": to_json(current.completed_on) or "?"}
                }
            )
        if current.status == ActionItem.Status.DROPPED:
            raise ValidationError(
                {
                    "status": _("#%(number)s was dropped; reopen it before completing it.")
                    % {"number": current.number}
                }
            )
        if current.status == ActionItem.Status.MERGED:
            raise ValidationError(
                {
                    "status": _(
                        "#%(number)s was merged into %(target)s; complete that item instead."
                    )
                    % {"number": current.number, "target": current.merged_into}
                }
            )
        if not response.strip():
            raise ValidationError({"completed_response": _("Say how the item was completed.")})
        owners = _current_owners(current)
        before = _snapshot(current, owners)
        current.status = ActionItem.Status.DONE
        current.completed_response = response.strip()
        current.completed_on = completed_on or timezone.localdate()
        _validate_fields(current)
        _save_with_history(
            current,
            by=by,
            action="tracker.item.completed",
            before=before,
            after=_snapshot(current, owners),
        )
    return current


def merge_action_item(
    *, item: ActionItem, into: ActionItem, by: Actor, expected_version: int | None
) -> ActionItem:
    """Mark `item` a duplicate of `into`; it keeps its number, notes and a link to `into`."""
    with transaction.atomic():
        current = _lock(item, expected_version, by=by, action=Action.MERGE)
        target = ActionItem.objects.select_for_update().get(pk=into.pk)
        if target.team_id != current.team_id:
            raise ValidationError(
                {
                    "merged_into": _("#%(number)s belongs to another team.")
                    % {"number": target.number}
                }
            )
        if target.pk == current.pk:
            raise ValidationError({"merged_into": _("An item cannot be merged into itself.")})
        if target.status == ActionItem.Status.MERGED:
            raise ValidationError(
                {
                    "merged_into": _(
                        "#%(number)s is itself merged into %(target)s; merge into that item."
                    )
                    % {"number": target.number, "target": target.merged_into}
                }
            )
        if current.status == ActionItem.Status.MERGED:
            raise ValidationError(
                {
                    "status": _("#%(number)s is already merged into %(target)s.")
                    % {"number": current.number, "target": current.merged_into}
                }
            )
        owners = _current_owners(current)
        before = _snapshot(current, owners)
        current.status = ActionItem.Status.MERGED
        current.merged_into = target
        _save_with_history(
            current,
            by=by,
            action="tracker.item.merged",
            before=before,
            after=_snapshot(current, owners),
        )
        # Items already merged into this one follow it, so every duplicate points at a live item.
        for earlier in ActionItem.objects.select_for_update().filter(merged_into=current):
            earlier_before = _snapshot(earlier, _current_owners(earlier))
            earlier.merged_into = target
            _save_with_history(
                earlier,
                by=by,
                action="tracker.item.merged",
                before=earlier_before,
                after={**earlier_before, "merged_into": str(target)},
            )
    return current


def add_progress_note(
    *,
    item: ActionItem,
    by: Actor,
    text: str,
    noted_on: dt.date | None = None,
    visibility: str = Visibility.PUBLIC,
    author: Person | None = None,
) -> ProgressNote:
    """Add a dated note to an item. Notes are never edited; a correction is a new note."""
    if not text.strip():
        raise ValidationError({"text": _("A note needs some text.")})
    if visibility not in Visibility.values:
        raise ValidationError(
            {"visibility": _("%(value)s is not a visibility.") % {"value": visibility}}
        )
    day = noted_on or timezone.localdate()
    if day > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError(
            {
                "noted_on": _("A progress note cannot be dated in the future (%(date)s).")
                % {"date": day.isoformat()}
            }
        )
    with transaction.atomic():
        current = ActionItem.objects.select_for_update().get(pk=item.pk)
        # Checked on the item as it is now: it may have been restricted since `item` was read.
        if by is not None:
            require(by, Action.ADD_NOTE, team=current.team, record=current)
            if visibility == Visibility.RESTRICTED and not can(
                by, Action.SET_VISIBILITY, team=current.team, record=current
            ):
                # A member's restricted note would be hidden from its own author.
                raise ValidationError(
                    {
                        "visibility": _(
                            "Only staff and chairs can restrict a note; choose public or team."
                        )
                    }
                )
        note = ProgressNote.objects.create(
            item=current,
            noted_on=day,
            text=text.strip(),
            author=author or person_of(by),
            visibility=visibility,
            created_by=_account(by),
        )
        current.version += 1
        current.updated_at = timezone.now()
        current.save(update_fields=["version", "updated_at"])
        record_change(
            obj=current,
            action="tracker.note.added",
            by=by,
            changes={"note": [None, f"{day.isoformat()}: {note.text}"]},
            team_id=current.team_id,
            version=current.version,
            visibility=Visibility.strictest(visibility, current.visibility),
        )
    item.version = current.version
    return note
