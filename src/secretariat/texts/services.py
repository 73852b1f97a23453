"""Every write to text templates: create one, or save a new version of it.

Each service runs in one transaction: permission (when `by` is a user; importers pass
`by=None`), the version the editor saw, validation, then the template with its new version
row and a history entry. Bad input raises ValidationError naming the field; nothing changes.
Staff and chairs write; everyone who reads a template reads all its versions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.history import actor_name, diff, history_for, record_change, snapshot
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, require
from secretariat.teams.models import Team
from secretariat.teams.services import allocate_number
from secretariat.texts.models import TextTemplate, TextTemplateVersion

Actor = AbstractBaseUser | AnonymousUser | None

COUNTER = "text_template"
FIELDS = ("kind", "title", "tags", "body", "visibility", "visibility_reason")
_LIMITS = {"title": 300, "tags": 300, "visibility_reason": 300}
NOTE_LIMIT = 300


def _account(by: Actor) -> User | None:
    return cast("User | None", by if by is not None and by.is_authenticated else None)


def _validate(template: TextTemplate, note: str) -> None:
    errors: dict[str, str] = {}
    if not template.title.strip():
        errors["title"] = _(
            'Give the template a title, e.g. "Statement of work: specialist technical writer".'
        )
    if not template.body.strip():
        errors["body"] = _("Write the text of the template.")
    if template.kind not in TextTemplate.Kind.values:
        errors["kind"] = _("%(value)s is not a kind of template.") % {"value": template.kind}
    if template.visibility not in Visibility.values:
        errors["visibility"] = _("%(value)s is not a visibility.") % {"value": template.visibility}
    for name, limit in _LIMITS.items():
        if len(getattr(template, name) or "") > limit:
            errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    if len(note) > NOTE_LIMIT:
        errors["note"] = _("At most %(limit)s characters.") % {"limit": NOTE_LIMIT}
    if errors:
        raise ValidationError(errors)


def _tidy_tags(tags: str) -> str:
    return ", ".join(dict.fromkeys(t.strip() for t in tags.split(",") if t.strip()))


def _keep_version(template: TextTemplate, *, by: Actor, note: str) -> TextTemplateVersion:
    return TextTemplateVersion.objects.create(
        template=template,
        version=template.version,
        title=template.title,
        body=template.body,
        note=note,
        visibility=template.visibility,
        author_name=actor_name(by),
        created_at=template.updated_at,
        created_by=_account(by),
    )


def create_template(
    *,
    team: Team,
    by: Actor,
    title: str,
    body: str,
    kind: str = TextTemplate.Kind.STATEMENT_OF_WORK,
    tags: str = "",
    visibility: str = Visibility.PUBLIC,
    visibility_reason: str = "",
    note: str = "",
    number: int | None = None,
) -> TextTemplate:
    """Create a template (version 1) with the next number of its team, or `number` if free."""
    if by is not None:
        require(by, Action.CREATE, team=team)
    template = TextTemplate(
        team=team,
        kind=kind,
        title=title.strip(),
        tags=_tidy_tags(tags),
        body=body.strip(),
        visibility=visibility,
        visibility_reason=visibility_reason.strip(),
        created_by=_account(by),
    )
    note = note.strip()
    _validate(template, note)
    with transaction.atomic():
        template.number = allocate_number(team=team, key=COUNTER, requested=number)
        if number is not None and TextTemplate.objects.filter(team=team, number=number).exists():
            raise ValidationError(
                {
                    "number": _("%(team)s already has a template T%(number)s.")
                    % {"team": team.slug, "number": number}
                }
            )
        template.save()
        _keep_version(template, by=by, note=note or _("First version."))
        after = snapshot(template, FIELDS)
        record_change(
            obj=template,
            action="texts.template.created",
            by=by,
            changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
            team_id=team.pk,
            version=template.version,
            visibility=template.visibility,
        )
    return template


def update_template(
    *,
    template: TextTemplate,
    by: Actor,
    expected_version: int | None,
    changes: Mapping[str, Any],
    note: str = "",
) -> TextTemplate:
    """Save a new version of a template; the old text stays readable as its version row.

    Refuses with StaleVersion when someone saved since the editor opened `expected_version`.
    """
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be edited.")})
    note = note.strip()
    with transaction.atomic():
        current = (
            TextTemplate.objects.select_for_update().select_related("team").get(pk=template.pk)
        )
        if by is not None:
            require(by, Action.EDIT, team=current.team, record=current)
        if expected_version is not None and current.version != expected_version:
            since = [
                e
                for e in history_for(current)
                if e.version is not None and e.version > expected_version
            ]
            raise StaleVersion(
                current=current, expected_version=expected_version, changes_since=since
            )
        if by is not None and any(
            name in changes and changes[name] != getattr(current, name)
            for name in ("visibility", "visibility_reason")
        ):
            require(by, Action.SET_VISIBILITY, team=current.team, record=current)
        before = snapshot(current, FIELDS)
        for name, value in changes.items():
            if name == "tags":
                value = _tidy_tags(value)
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        _validate(current, note)
        changed = diff(before, snapshot(current, FIELDS))
        if not changed:
            return current
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        _keep_version(current, by=by, note=note)
        record_change(
            obj=current,
            action="texts.template.updated",
            by=by,
            changes=changed,
            team_id=current.team_id,
            version=current.version,
            visibility=Visibility.strictest(before["visibility"], current.visibility),
        )
    return current
