"""Every read of the tracker that reaches a person, with visibility applied once, here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.http import Http404
from django.utils import timezone

from secretariat.core.history import history_for
from secretariat.core.models import HistoryEntry
from secretariat.core.visibility import Access, Viewer, access_for
from secretariat.teams.models import Team
from secretariat.tracker.models import ActionItem, ActionItemOwner, ProgressNote

# Items without a date ("TBD") sort last both ways, and the same on SQLite and PostgreSQL
# (which by default put NULLs first and last respectively).
SORTS: dict[str, tuple[str | OrderBy, ...]] = {
    "number": ("number",),
    "-number": ("-number",),
    "due": (F("due_on").asc(nulls_last=True), "number"),
    "-due": (F("due_on").desc(nulls_last=True), "-number"),
    "requested": (F("requested_on").asc(nulls_last=True), "number"),
    "-requested": (F("requested_on").desc(nulls_last=True), "-number"),
    "status": ("status", "-number"),
    "category": ("category", "-number"),
}
DEFAULT_SORT = "-number"


def _names_viewer(access: Access) -> Q:
    """Items that name the viewer as an owner, directly or through one of their groups."""
    if access.person_id is None:
        return Q(pk__in=[])
    owned = ActionItemOwner.objects.filter(item=OuterRef("pk")).filter(
        Q(person_id=access.person_id) | Q(group_id__in=access.group_ids)
    )
    return Q(Exists(owned))


def _owner_prefetch() -> Prefetch[str, QuerySet[ActionItemOwner], str]:
    return Prefetch(
        "owners",
        queryset=ActionItemOwner.objects.select_related("person", "group").order_by("position"),
    )


def visible_action_items(*, viewer: Viewer | None, team: Team) -> QuerySet[ActionItem]:
    """The team's items this viewer may read, with owners and source meeting loaded."""
    access = access_for(viewer, team)
    return (
        ActionItem.objects.filter(team=team)
        .filter(access.filter(named=_names_viewer(access)))
        .select_related("source_meeting", "merged_into")
        .prefetch_related(_owner_prefetch())
    )


def owner_names(items: list[ActionItem]) -> dict[int, list[str]]:
    """The names of these items' owners, in order, by item id, in one query and without model
    instances (for a list of many items, whose owners need nothing but their names)."""
    names: dict[int, list[str]] = {item.pk: [] for item in items}
    if not names:
        return names
    rows = (
        ActionItemOwner.objects.filter(item_id__in=list(names))
        .order_by("item_id", "position")
        .values_list("item_id", "person__name", "group__name")
    )
    for item_id, person_name, group_name in rows:
        names[item_id].append(person_name if person_name is not None else group_name)
    return names


@dataclass
class TrackerFilters:
    """The tracker's filters, as the list screen (and later the API) take them."""

    statuses: list[str] = field(default_factory=list)
    owner: str = ""  # "person:<id>" or "group:<id>"
    mine: bool = False
    category: str = ""
    topic: str = ""
    overdue: bool = False
    due_before: dt.date | None = None
    text: str = ""
    sort: str = DEFAULT_SORT


def filter_action_items(
    items: QuerySet[ActionItem],
    *,
    filters: TrackerFilters,
    access: Access,
    today: dt.date | None = None,
) -> QuerySet[ActionItem]:
    day = today or timezone.localdate()
    if filters.statuses:
        items = items.filter(status__in=filters.statuses)
    if filters.owner:
        kind, _, raw_id = filters.owner.partition(":")
        if not raw_id.isdigit() or kind not in {"person", "group"}:
            return items.none()
        owned = ActionItemOwner.objects.filter(item=OuterRef("pk"), **{f"{kind}_id": int(raw_id)})
        items = items.filter(Exists(owned))
    if filters.mine:
        items = items.filter(_names_viewer(access))
    if filters.category:
        items = items.filter(category__iexact=filters.category)
    if filters.topic:
        items = items.filter(topic__iexact=filters.topic)
    if filters.overdue:
        items = items.filter(status__in=ActionItem.ACTIVE_STATUSES, due_on__lt=day)
    if filters.due_before:
        items = items.filter(due_on__lt=filters.due_before)
    text = filters.text.strip()
    if text:
        match = (
            Q(text__icontains=text)
            | Q(completed_response__icontains=text)
            | Q(topic__icontains=text)
        )
        number = text.lstrip("#")
        if number.isdigit():
            match |= Q(number=int(number))
        items = items.filter(match)
    return items.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def status_counts(items: QuerySet[ActionItem]) -> dict[str, int]:
    """How many of these items are in each status (every status present, zero if none)."""
    rows = items.order_by().values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(ActionItem.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def overdue_count(items: QuerySet[ActionItem], today: dt.date | None = None) -> int:
    day = today or timezone.localdate()
    return items.filter(status__in=ActionItem.ACTIVE_STATUSES, due_on__lt=day).count()


def filter_choices(*, viewer: Viewer | None, team: Team) -> dict[str, list[str]]:
    """The categories and topics used by items this viewer can see (for the filter menus)."""
    items = visible_action_items(viewer=viewer, team=team).order_by()
    rows = items.values_list("category", "topic").distinct()
    categories = sorted({c for c, _ in rows if c}, key=str.casefold)
    topics = sorted({t for _, t in rows if t}, key=str.casefold)
    return {"categories": categories, "topics": topics}


def get_action_item(*, viewer: Viewer | None, team: Team, number: int) -> ActionItem:
    """One item by its number, or 404 if it does not exist or the viewer may not read it."""
    item = visible_action_items(viewer=viewer, team=team).filter(number=number).first()
    if item is None:
        raise Http404
    return item


@dataclass(frozen=True)
class Withheld:
    """A placeholder for an item the viewer may not read: its number, level and stated reason.

    Never its text, owners, dates or status: the reason is what staff wrote for the public
    when they restricted the item.
    """

    number: int
    visibility: str
    reason: str


def _withheld_rows(*, viewer: Viewer | None, team: Team) -> QuerySet[ActionItem] | None:
    """The team's items this viewer may not read, by number (None: they read everything)."""
    access = access_for(viewer, team)
    if access.sees_everything:
        return None
    visible = ActionItem.objects.filter(team=team).filter(
        access.filter(named=_names_viewer(access))
    )
    return (
        ActionItem.objects.filter(team=team).exclude(pk__in=visible.values("pk")).order_by("number")
    )


def withheld_action_items(
    *, viewer: Viewer | None, team: Team, limit: int | None = None
) -> list[Withheld]:
    """Placeholders for the team's items this viewer may not read, by number (the first
    `limit` of them when given: a large team's list page must not grow with its archive)."""
    rows = _withheld_rows(viewer=viewer, team=team)
    if rows is None:
        return []
    values = rows.values_list("number", "visibility", "visibility_reason")
    if limit is not None:
        values = values[:limit]
    return [Withheld(number, visibility, reason) for number, visibility, reason in values]


def withheld_count(*, viewer: Viewer | None, team: Team) -> int:
    """How many of the team's items this viewer may not read."""
    rows = _withheld_rows(viewer=viewer, team=team)
    return 0 if rows is None else rows.count()


def withheld_action_item(*, viewer: Viewer | None, team: Team, number: int) -> Withheld | None:
    """The placeholder for item `number` if it exists and this viewer may not read it."""
    rows = _withheld_rows(viewer=viewer, team=team)
    if rows is None:
        return None
    row = rows.filter(number=number).values_list("number", "visibility", "visibility_reason")
    return next((Withheld(*values) for values in row), None)


def visible_notes(*, viewer: Viewer | None, item: ActionItem) -> QuerySet[ProgressNote]:
    """The item's notes this viewer may read; a public item can carry team or restricted notes."""
    access = access_for(viewer, item.team)
    notes = ProgressNote.objects.filter(item=item).select_related("author")
    named = item.names(access)
    if not access.can_read(item.visibility, named=named):
        # A note is never more open than its item, whatever the note's own level.
        return notes.none()
    named_q = Q() if named else Q(pk__in=[])
    return notes.filter(access.filter(named=named_q)).order_by("noted_on", "created_at", "id")


def visible_history(*, viewer: Viewer | None, item: ActionItem) -> QuerySet[HistoryEntry]:
    """The item's history this viewer may read (a change made while restricted stays hidden)."""
    access = access_for(viewer, item.team)
    entries = history_for(item)
    named = item.names(access)
    if not access.can_read(item.visibility, named=named):
        # Entries made while the item was public would otherwise show a now-restricted item's text.
        return entries.none()
    named_q = Q() if named else Q(pk__in=[])
    return entries.filter(access.filter(named=named_q)).select_related("actor")
