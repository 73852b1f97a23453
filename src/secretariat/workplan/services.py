"""Every write to the work plan.

The work plan is the leadership's: staff and chairs (whoever may create records in the team)
create and edit milestones, link them to action items and meetings, and save baselines.
Each service runs in one transaction: permission (unless `by` is None, the operator path),
the version the editor saw (no lost update), validation naming the field, the change, and a
history entry. Bad input raises ValidationError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.history import diff, history_for, record_change, snapshot
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, can, require
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Group, Membership, Person, Team
from secretariat.tracker.models import ActionItem
from secretariat.workplan.models import (
    Baseline,
    BaselineEntry,
    Milestone,
    MilestoneLink,
    MilestoneOwner,
)

Actor = AbstractBaseUser | AnonymousUser | None
Owner = Person | Group

EDITABLE_FIELDS = (
    "title",
    "workstream",
    "description",
    "start_on",
    "end_on",
    "status",
    "reached_on",
    "visibility",
    "visibility_reason",
)
RELATIONS = ("owners", "depends_on", "action_items", "meetings")
LIMITS = {"title": 300, "workstream": 200, "visibility_reason": 300}


def _account(by: Actor) -> User | None:
    return cast("User | None", by if by is not None and by.is_authenticated else None)


def can_plan(viewer: Actor, team: Team, record: Milestone | None = None) -> bool:
    """True if `viewer` may change the team's work plan (and read `record`, if given)."""
    if not can(viewer, Action.CREATE, team=team):
        return False
    return record is None or can(viewer, Action.EDIT, team=team, record=record)


def _require_planner(by: Actor, team: Team, record: Milestone | None = None) -> None:
    if by is None:
        return
    if record is not None:
        require(by, Action.EDIT, team=team, record=record)
    if not can_plan(by, team, record):
        raise PermissionDenied(_("Only staff and chairs change the work plan."))


# --- validation -------------------------------------------------------------------------------


def _validate_fields(milestone: Milestone) -> None:
    errors: dict[str, str] = {}
    if not (milestone.title or "").strip():
        errors["title"] = _("Give the milestone a title.")
    if milestone.end_on is None:
        errors["end_on"] = _("Give an end date, or the key date.")
    elif milestone.start_on is not None and milestone.end_on < milestone.start_on:
        errors["end_on"] = _("The end (%(end)s) is before the start (%(start)s).") % {
            "end": milestone.end_on.isoformat(),
            "start": milestone.start_on.isoformat(),
        }
    if milestone.status not in Milestone.Status.values:
        errors["status"] = _("%(value)s is not a status.") % {"value": milestone.status}
    if milestone.visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": milestone.visibility}
    for name, limit in LIMITS.items():
        if len(getattr(milestone, name) or "") > limit:
            errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    if errors:
        raise ValidationError(errors)


def _validate_owners(team: Team, owners: Sequence[Owner]) -> None:
    keys = []
    for owner in owners:
        if not isinstance(owner, Person | Group):
            raise ValidationError({"owners": _("An owner must be a person or a group.")})
        if isinstance(owner, Group) and owner.team_id != team.pk:
            raise ValidationError(
                {"owners": _("%(name)s is a group of another team.") % {"name": owner.name}}
            )
        keys.append((type(owner).__name__, owner.pk))
    if len(set(keys)) != len(keys):
        raise ValidationError({"owners": _("The same owner is listed twice.")})
    people = {o.pk: o for o in owners if isinstance(o, Person)}
    on_roster = set(
        Membership.objects.filter(team=team, person_id__in=people).values_list(
            "person_id", flat=True
        )
    )
    strangers = [people[pk].name for pk in people if pk not in on_roster]
    if strangers:
        raise ValidationError(
            {
                "owners": _("Not on the team's roster: %(names)s. Add them to the team first.")
                % {"names": ", ".join(strangers)}
            }
        )


def _validate_dependencies(milestone: Milestone, depends_on: Sequence[Milestone]) -> None:
    """Refuse a dependency on another team's milestone, on itself, or one that closes a cycle."""
    for other in depends_on:
        if other.team_id != milestone.team_id:
            raise ValidationError(
                {
                    "depends_on": _("%(title)s is a milestone of another team.")
                    % {"title": other.title}
                }
            )
        if milestone.pk is not None and other.pk == milestone.pk:
            raise ValidationError({"depends_on": _("A milestone cannot depend on itself.")})
    if milestone.pk is None:
        return  # nothing depends on a new milestone yet, so it cannot close a cycle
    edges: dict[int, set[int]] = {}
    through = Milestone.depends_on.through
    for source, target in through.objects.filter(
        from_milestone__team_id=milestone.team_id
    ).values_list("from_milestone_id", "to_milestone_id"):
        edges.setdefault(source, set()).add(target)
    edges[milestone.pk] = {other.pk for other in depends_on}
    titles = {other.pk: other.title for other in depends_on}
    for start in edges[milestone.pk]:
        # Walk what `start` depends on; reaching `milestone` again means a cycle.
        seen: set[int] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            if node == milestone.pk:
                raise ValidationError(
                    {
                        "depends_on": _(
                            "%(title)s already depends on this milestone (directly or through "
                            "others), so this would make a cycle."
                        )
                        % {"title": titles.get(start, start)}
                    }
                )
            if node in seen:
                continue
            seen.add(node)
            stack.extend(edges.get(node, ()))


def _validate_links(
    team: Team, action_items: Sequence[ActionItem], meetings: Sequence[Meeting]
) -> None:
    for item in action_items:
        if item.team_id != team.pk:
            raise ValidationError(
                {
                    "action_items": _("#%(number)s is an action item of another team.")
                    % {"number": item.number}
                }
            )
    for meeting in meetings:
        if meeting.team_id != team.pk:
            raise ValidationError(
                {"meetings": _("%(meeting)s is a meeting of another team.") % {"meeting": meeting}}
            )


# --- relations --------------------------------------------------------------------------------


def _owners_of(milestone: Milestone) -> list[Owner]:
    links = MilestoneOwner.objects.filter(milestone=milestone).select_related("person", "group")
    return [link.person or link.group for link in links.order_by("position")]  # type: ignore[misc]


def _set_owners(milestone: Milestone, owners: Sequence[Owner]) -> None:
    MilestoneOwner.objects.filter(milestone=milestone).delete()
    MilestoneOwner.objects.bulk_create(
        MilestoneOwner(
            milestone=milestone,
            position=position,
            person=owner if isinstance(owner, Person) else None,
            group=owner if isinstance(owner, Group) else None,
        )
        for position, owner in enumerate(owners)
    )


def _links_of(milestone: Milestone) -> tuple[list[ActionItem], list[Meeting]]:
    links = MilestoneLink.objects.filter(milestone=milestone).select_related(
        "action_item", "meeting"
    )
    items = sorted((link.action_item for link in links if link.action_item), key=lambda i: i.number)
    meetings = sorted((link.meeting for link in links if link.meeting), key=lambda m: m.pk)
    return items, meetings


def _set_links(
    milestone: Milestone, action_items: Sequence[ActionItem], meetings: Sequence[Meeting]
) -> None:
    MilestoneLink.objects.filter(milestone=milestone).delete()
    MilestoneLink.objects.bulk_create(
        [
            *(MilestoneLink(milestone=milestone, action_item=item) for item in action_items),
            *(MilestoneLink(milestone=milestone, meeting=meeting) for meeting in meetings),
        ]
    )


def _snapshot(
    milestone: Milestone,
    *,
    owners: Sequence[Owner],
    depends_on: Iterable[Milestone],
    action_items: Iterable[ActionItem],
    meetings: Iterable[Meeting],
) -> dict[str, Any]:
    data = snapshot(milestone, EDITABLE_FIELDS)
    data["owners"] = [owner.name for owner in owners]
    data["depends_on"] = sorted(m.title for m in depends_on)
    data["action_items"] = [f"#{item.number}" for item in action_items]
    data["meetings"] = [str(meeting) for meeting in meetings]
    return data


def _unique(records: Iterable[Any]) -> list[Any]:
    seen: set[int] = set()
    kept = []
    for record in records:
        if record.pk not in seen:
            seen.add(record.pk)
            kept.append(record)
    return kept


# --- services ---------------------------------------------------------------------------------


def create_milestone(
    *,
    team: Team,
    by: Actor,
    title: str,
    end_on: Any,
    start_on: Any = None,
    workstream: str = "",
    description: str = "",
    status: str = Milestone.Status.PLANNED,
    reached_on: Any = None,
    owners: Sequence[Owner] = (),
    depends_on: Sequence[Milestone] = (),
    action_items: Sequence[ActionItem] = (),
    meetings: Sequence[Meeting] = (),
    visibility: str = Visibility.PUBLIC,
    visibility_reason: str = "",
) -> Milestone:
    """A new milestone of `team`, with its owners, dependencies and links."""
    _require_planner(by, team)
    milestone = Milestone(
        team=team,
        title=title.strip(),
        workstream=workstream.strip(),
        description=description.strip(),
        start_on=start_on,
        end_on=end_on,
        status=status,
        visibility=visibility,
        visibility_reason=visibility_reason.strip(),
        created_by=_account(by),
    )
    milestone.reached_on = reached_on or (
        timezone.localdate() if status == Milestone.Status.DONE else None
    )
    _validate_fields(milestone)
    _validate_owners(team, owners)
    depends_on = _unique(depends_on)
    _validate_dependencies(milestone, depends_on)
    action_items, meetings = _unique(action_items), _unique(meetings)
    _validate_links(team, action_items, meetings)
    with transaction.atomic():
        milestone.save()
        _set_owners(milestone, owners)
        milestone.depends_on.set(depends_on)
        _set_links(milestone, action_items, meetings)
        after = _snapshot(
            milestone,
            owners=owners,
            depends_on=depends_on,
            action_items=action_items,
            meetings=meetings,
        )
        record_change(
            obj=milestone,
            action="workplan.milestone.created",
            by=by,
            changes={k: [None, v] for k, v in after.items() if v not in (None, "", [])},
            team_id=team.pk,
            version=milestone.version,
            visibility=milestone.visibility,
        )
    return milestone


def update_milestone(
    *,
    milestone: Milestone,
    by: Actor,
    expected_version: int | None,
    changes: Mapping[str, Any],
) -> Milestone:
    """Change fields and/or relations (`owners`, `depends_on`, `action_items`, `meetings`) of a
    milestone, if nobody changed it since `expected_version`.

    Marking it done sets `reached_on` (today unless given); leaving done clears it.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(RELATIONS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    with transaction.atomic():
        current = Milestone.objects.select_for_update().get(pk=milestone.pk)
        _require_planner(by, current.team, current)
        if expected_version is not None and current.version != expected_version:
            since = [
                e
                for e in history_for(current)
                if e.version is not None and e.version > expected_version
            ]
            raise StaleVersion(
                current=current, expected_version=expected_version, changes_since=since
            )
        owners = _owners_of(current)
        depends_on = list(current.depends_on.all())
        action_items, meetings = _links_of(current)
        before = _snapshot(
            current,
            owners=owners,
            depends_on=depends_on,
            action_items=action_items,
            meetings=meetings,
        )
        was_done = current.status == Milestone.Status.DONE
        for name in EDITABLE_FIELDS:
            if name in changes:
                value = changes[name]
                setattr(current, name, value.strip() if isinstance(value, str) else value)
        if current.status == Milestone.Status.DONE and current.reached_on is None:
            current.reached_on = timezone.localdate()
        if was_done and current.status != Milestone.Status.DONE and "reached_on" not in changes:
            current.reached_on = None
        _validate_fields(current)
        if "owners" in changes:
            owners = list(changes["owners"])
            _validate_owners(current.team, owners)
        if "depends_on" in changes:
            depends_on = _unique(changes["depends_on"])
            _validate_dependencies(current, depends_on)
        if "action_items" in changes or "meetings" in changes:
            action_items = _unique(changes.get("action_items", action_items))
            meetings = _unique(changes.get("meetings", meetings))
            _validate_links(current.team, action_items, meetings)
        after = _snapshot(
            current,
            owners=owners,
            depends_on=depends_on,
            action_items=action_items,
            meetings=meetings,
        )
        delta = diff(before, after)
        if not delta:
            return current
        if "owners" in delta:
            _set_owners(current, owners)
        if "depends_on" in delta:
            current.depends_on.set(depends_on)
        if "action_items" in delta or "meetings" in delta:
            _set_links(current, action_items, meetings)
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        record_change(
            obj=current,
            action="workplan.milestone.updated",
            by=by,
            changes=delta,
            team_id=current.team_id,
            version=current.version,
            visibility=Visibility.strictest(before["visibility"], current.visibility),
        )
    milestone.version = current.version
    return current


def save_baseline(*, team: Team, by: Actor, name: str = "") -> Baseline:
    """Save the dates of every milestone of `team` (whatever its visibility) as a baseline."""
    _require_planner(by, team)
    name = name.strip() or _("Baseline of %(date)s") % {"date": timezone.localdate().isoformat()}
    if len(name) > 200:
        raise ValidationError({"name": _("At most %(limit)s characters.") % {"limit": 200}})
    with transaction.atomic():
        baseline = Baseline.objects.create(team=team, name=name, saved_by=_account(by))
        rows = Milestone.objects.filter(team=team).values_list("pk", "start_on", "end_on")
        BaselineEntry.objects.bulk_create(
            BaselineEntry(baseline=baseline, milestone_id=pk, start_on=start, end_on=end)
            for pk, start, end in rows
        )
        record_change(
            obj=baseline,
            action="workplan.baseline.saved",
            by=by,
            changes={"name": [None, name], "milestones": [None, len(rows)]},
            team_id=team.pk,
            # Its entries carry the dates of restricted milestones too.
            visibility=Visibility.TEAM,
        )
    return baseline
