"""A record holding one restricted record of every kind, each text field carrying a canary.

Used by the canary sweep and the URL census: `seed_record` returns what a crawler needs to fill
URL patterns (numbers, primary keys). Every canary contains CANARY, which no public text does.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction

from secretariat.core.models import Visibility
from secretariat.meetings.models import Meeting, Minutes
from secretariat.meetings.services import (
    add_material,
    record_attendance,
    record_decision,
    save_minutes_draft,
    update_agenda_item,
)
from secretariat.teams.models import Person, Team
from secretariat.tracker.services import (
    add_progress_note,
    complete_action_item,
    update_action_item,
)
from tests.factories import make_agenda, make_call, make_item

CANARY = "ZQXV"  # every canary starts with this; no public text contains it
RESTRICTED = Visibility.RESTRICTED
REASON = "Under legal review"  # the reason is written for the public: it must show
# Apps built alongside the archive; seeded generically if installed (see _seed_extra_app).
EXTRA_APPS = ("secretariat.requests", "secretariat.events", "secretariat.workplan")


def canary(name: str) -> str:
    return f"{CANARY}-{name}"


@dataclass
class Seeded:
    team: Team
    numbers: set[int] = field(default_factory=set)  # action items, meetings, decisions, …
    pks: set[int] = field(default_factory=set)  # agenda items, materials, extra records
    public_meetings: list[int] = field(default_factory=list)
    public_markers: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # models seeded generically
    slugs: set[str] = field(default_factory=set)  # slugs of records seeded generically
    # model label -> the public texts of the public record seeded generically (one should show)
    public_texts: dict[str, list[str]] = field(default_factory=dict)


def seed_record(team: Team, *, staff: Person, named: Person) -> Seeded:
    """One public record and one restricted record of every kind; `named` owns the restricted
    action item (so only staff, chairs and `named` may read it)."""
    seeded = Seeded(team=team)

    # A public meeting with a full record, and public items.
    public_call = make_call(
        team, 111, "SSR2 Plenary Call", starts_at=dt.datetime(2017, 6, 6, 14, 0, tzinfo=dt.UTC)
    )
    agenda = make_agenda(public_call, ["Welcome, roll call", ("Workplan", ["Key dates"]), "AOB"])
    record_attendance(meeting=public_call, by=None, roles={staff: "staff", named: "member"})
    add_material(meeting=public_call, by=None, kind="recording", url="https://example.org/rec/111")
    save_minutes_draft(meeting=public_call, by=None, text="Public minutes PUBLICMARK-minutes.")
    public_item = make_item(
        team,
        "Share links to relevant articles PUBLICMARK-item.",
        owners=[named],
        source_meeting=public_call,
        due_on=dt.date(2017, 6, 30),
    )
    record_decision(
        team=team,
        by=None,
        text="Adopt the terms of reference PUBLICMARK-decision.",
        decided_on=dt.date(2017, 6, 6),
        meeting=public_call,
    )
    seeded.public_markers += ["PUBLICMARK-item", "PUBLICMARK-decision"]
    seeded.public_meetings.append(111)

    # The restricted meeting comes after the public one, so it is nobody's "previous meeting".
    closed = make_call(
        team,
        112,
        canary("meeting-title"),
        starts_at=dt.datetime(2017, 6, 13, 14, 0, tzinfo=dt.UTC),
        place=canary("meeting-place"),
        visibility=RESTRICTED,
        visibility_reason=REASON,
    )
    closed_items = make_agenda(closed, [canary("agenda-title")])
    update_agenda_item(
        item=closed_items[0],
        by=None,
        changes={
            "notes": canary("agenda-notes"),
            "presenter_text": canary("agenda-presenter"),
            "links": f"https://example.org/{canary('agenda-link')}",
        },
    )
    closed_material = add_material(
        meeting=closed,
        by=None,
        kind="slides",
        title=canary("material-title"),
        url=f"https://example.org/{canary('material-url')}",
        visibility=RESTRICTED,
    )
    # A restricted material and a restricted decision on the public meeting.
    open_meeting_material = add_material(
        meeting=public_call,
        by=None,
        kind="chat",
        title=canary("chat-title"),
        url=f"https://example.org/{canary('chat-url')}",
        visibility=RESTRICTED,
    )
    save_minutes_draft(meeting=closed, by=None, text=canary("minutes-text"))
    decisions = [
        record_decision(
            team=team,
            by=None,
            text=canary("decision-of-closed-meeting"),
            decided_on=dt.date(2017, 6, 13),
            meeting=closed,
        ),
        record_decision(
            team=team,
            by=None,
            text=canary("decision-text"),
            decided_on=dt.date(2017, 6, 6),
            meeting=public_call,
            visibility=RESTRICTED,
            visibility_reason=REASON,
        ),
        record_decision(
            team=team,
            by=None,
            text=canary("decision-by-email"),
            decided_on=dt.date(2017, 6, 8),
            source="email",
            source_text=canary("decision-source"),
            visibility=RESTRICTED,
        ),
    ]

    restricted_item = make_item(
        team,
        canary("item-text"),
        owners=[named],
        category=canary("item-category"),
        topic=canary("item-topic"),
        source_meeting=closed,
        due_on=dt.date(2017, 6, 20),
        visibility=RESTRICTED,
        visibility_reason=REASON,
    )
    add_progress_note(item=restricted_item, by=None, text=canary("note-on-restricted-item"))
    done_restricted = make_item(
        team,
        canary("done-item-text"),
        source_text=canary("item-source-text"),
        due_text=canary("item-due-text"),
        visibility=RESTRICTED,
    )
    complete_action_item(
        item=done_restricted, by=None, expected_version=1, response=canary("item-response")
    )
    # A public item with a restricted note, and an item whose restricted past must stay hidden.
    add_progress_note(item=public_item, by=None, text="Followed up PUBLICMARK-note.")
    add_progress_note(
        item=public_item, by=None, text=canary("restricted-note"), visibility=RESTRICTED
    )
    opened = make_item(team, canary("text-while-restricted"), visibility=RESTRICTED)
    update_action_item(
        item=opened,
        by=None,
        expected_version=1,
        changes={"visibility": Visibility.PUBLIC, "text": "Draft a Statement of Work."},
    )
    seeded.public_markers.append("PUBLICMARK-note")

    seeded.numbers |= {
        111,
        112,
        public_item.number,
        restricted_item.number,
        done_restricted.number,
        opened.number,
        *(d.number for d in decisions),
    }
    seeded.pks |= {
        *(a.pk for a in agenda),
        closed_items[0].pk,
        closed_material.pk,
        open_meeting_material.pk,
    }
    assert Minutes.objects.filter(meeting=closed).exists()
    for label in EXTRA_APPS:
        if apps.is_installed(label):
            _seed_extra_app(label, seeded, staff=staff, closed=closed)
    return seeded


# --- apps built alongside: every model with a visibility, restricted, canaries in its text ----

_counter = itertools.count(9001)


def _value(
    model: type[models.Model], f: models.Field[Any, Any], ctx: dict[type, Any], secret: bool
) -> Any:
    name = f"{model._meta.model_name}-{f.name}"
    if f.name == "visibility":
        return RESTRICTED if secret else Visibility.PUBLIC
    if f.name == "visibility_reason":
        return REASON
    if f.choices:
        return f.choices[0][0]  # type: ignore[index]
    if "time_zone" in f.name:
        return "Africa/Johannesburg"
    if isinstance(f, models.ForeignKey):
        if f.null:
            return None  # optional links are tried one by one in _build
        target = f.related_model
        # A record needed only as a parent has no visibility of its own: it is public text.
        return ctx[target] if target in ctx else _build(target, ctx, secret=False)  # type: ignore[arg-type]
    if isinstance(f, models.URLField):
        return f"https://example.org/{canary(name) if secret else name}"[: f.max_length]
    if isinstance(f, models.SlugField):
        return f"zqxv-{next(_counter)}"
    if isinstance(f, models.CharField | models.TextField):
        text = canary(name) if secret else f"Public {name}"
        return text[: f.max_length] if f.max_length else text
    later = dt.timedelta(days=2 if ("end" in f.name or "until" in f.name) else 0)
    if isinstance(f, models.DateTimeField):
        return dt.datetime(2017, 6, 26, 10, 0, tzinfo=dt.UTC) + later
    if isinstance(f, models.DateField):
        return dt.date(2017, 6, 26) + later
    if isinstance(f, models.BooleanField):
        return f.get_default()
    if isinstance(f, models.IntegerField):
        return next(_counter) if f.name == "number" else (f.get_default() or 1)
    return f.get_default()


def _build(model: type[models.Model], ctx: dict[type, Any], *, secret: bool) -> models.Model:
    """An instance of `model` with every field filled; optional links are left empty, or, if a
    constraint wants one of them, set one at a time to a seeded record until one is accepted."""
    values = {}
    optional = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in {"version", "created_at", "updated_at"}:
            continue
        values[f.name] = _value(model, f, ctx, secret)
        if isinstance(f, models.ForeignKey) and f.null and f.related_model in ctx:
            optional.append(f.name)
    attempts = [{}] + [{name: ctx[model._meta.get_field(name).related_model]} for name in optional]
    error: Exception | None = None
    for extra in attempts:
        try:
            with transaction.atomic():
                obj = model.objects.create(**{**values, **extra})
        except IntegrityError as exc:
            error = exc
            continue
        ctx[model] = obj
        return obj
    raise AssertionError(f"cannot seed {model._meta.label} generically: {error}")


def _seed_extra_app(
    label: str, seeded: Seeded, *, staff: Person, closed: Meeting, secret: bool = True
) -> None:
    """Restricted (or, not `secret`, public) records of every model of `label` that has a
    visibility, then their children, filled directly (those apps' services are written
    alongside this test)."""
    from django.contrib.auth.models import User

    from secretariat.tracker.models import ActionItem

    config = apps.get_app_config(label.rsplit(".", 1)[-1])
    ctx: dict[type, Any] = {
        Team: seeded.team,
        Person: staff,
        User: staff.user,
        Meeting: closed,
        ActionItem: ActionItem.objects.filter(
            team=seeded.team, visibility=RESTRICTED if secret else Visibility.PUBLIC
        ).first(),
    }
    ordered = sorted(
        config.get_models(),
        key=lambda m: 0 if any(f.name == "visibility" for f in m._meta.concrete_fields) else 1,
    )
    for model in ordered:
        if model in ctx:
            continue
        has_visibility = any(f.name == "visibility" for f in model._meta.concrete_fields)
        parents = [
            f.related_model
            for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.related_model in ctx and not f.null
        ]
        if not has_visibility and not any(p._meta.app_config is config for p in parents):  # type: ignore[union-attr]
            continue  # not a record of its own, nor a part of one seeded here
        obj = _build(model, ctx, secret=secret)
        seeded.extra.append(model._meta.label)
        if not secret and has_visibility:
            seeded.public_texts[model._meta.label] = [
                value
                for f in model._meta.concrete_fields
                if isinstance(value := getattr(obj, f.name), str) and value.startswith("Public ")
            ]
        seeded.pks.add(obj.pk)
        slug = getattr(obj, "slug", None)
        if isinstance(slug, str):
            seeded.slugs.add(slug)
        number = getattr(obj, "number", None)
        if isinstance(number, int):
            seeded.numbers.add(number)


def seed_public_extra(seeded: Seeded, *, staff: Person, meeting: Meeting) -> None:
    """A public record of every kind the apps built alongside define (for the URL census)."""
    for label in EXTRA_APPS:
        if apps.is_installed(label):
            _seed_extra_app(label, seeded, staff=staff, closed=meeting, secret=False)
