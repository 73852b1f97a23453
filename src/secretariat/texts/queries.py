"""Every read of text templates that reaches a person, with visibility applied here.

A template and each of its versions carry their own visibility: a version saved while the
template was restricted stays with staff and chairs even after the template is opened.
Search looks through the titles, tags and text of every version the viewer may read.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from secretariat.core.visibility import Access, Viewer, access_for
from secretariat.teams.models import Team
from secretariat.texts.models import TextTemplate, TextTemplateVersion

NOBODY = Q(pk__in=[])
SNIPPET_RADIUS = 80


def _rule(access: Access) -> Q:
    return access.filter(named=NOBODY)


def visible_templates(*, viewer: Viewer | None, team: Team) -> QuerySet[TextTemplate]:
    """The team's templates this viewer may read, by title."""
    access = access_for(viewer, team)
    return (
        TextTemplate.objects.filter(team=team)
        .filter(_rule(access))
        .select_related("team")
        .order_by("title", "number")
    )


def search_templates(
    templates: QuerySet[TextTemplate],
    *,
    viewer: Viewer | None,
    team: Team,
    text: str = "",
    kind: str = "",
) -> QuerySet[TextTemplate]:
    """Templates whose title, tags, text or any readable earlier text contains `text`.

    Each result has `matching_versions`: its readable versions whose text contains `text`,
    newest first (empty without a search), so a page can show where old language was found.
    """
    if kind:
        templates = templates.filter(kind=kind)
    text = text.strip()
    if not text:
        return templates
    readable = TextTemplateVersion.objects.filter(_rule(access_for(viewer, team)))
    matching = readable.filter(Q(body__icontains=text) | Q(title__icontains=text))
    return templates.filter(
        Q(title__icontains=text)
        | Q(tags__icontains=text)
        | Q(body__icontains=text)
        | Exists(matching.filter(template=OuterRef("pk")))
    ).prefetch_related(
        Prefetch(
            "versions",
            queryset=matching.order_by("-version").only(
                "pk", "template_id", "version", "body", "title"
            ),
            to_attr="matching_versions",
        )
    )


def get_template(*, viewer: Viewer | None, team: Team, number: int) -> TextTemplate:
    """One template by number, or 404 if it does not exist or the viewer may not read it."""
    found = visible_templates(viewer=viewer, team=team).filter(number=number).first()
    if found is None:
        raise Http404
    return found


def visible_versions(
    *, viewer: Viewer | None, template: TextTemplate
) -> QuerySet[TextTemplateVersion]:
    """The template's versions this viewer may read, newest first."""
    access = access_for(viewer, template.team)
    return (
        TextTemplateVersion.objects.filter(template=template)
        .filter(_rule(access))
        .order_by("-version")
    )


def get_version(
    *, viewer: Viewer | None, template: TextTemplate, version: int
) -> TextTemplateVersion:
    found = visible_versions(viewer=viewer, template=template).filter(version=version).first()
    if found is None:
        raise Http404
    return found


def snippet(body: str, text: str) -> str:
    """The words around the first place `text` occurs in `body` (case-insensitive), or ""."""
    if not text.strip():
        return ""
    match = re.search(re.escape(text.strip()), body, flags=re.IGNORECASE)
    if match is None:
        return ""
    start = max(0, match.start() - SNIPPET_RADIUS)
    end = min(len(body), match.end() + SNIPPET_RADIUS)
    piece = " ".join(body[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(body) else "")


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: `op` is "added", "removed", "context" or "hunk"."""

    op: str
    text: str


def diff_lines(old: str, new: str, *, old_label: str, new_label: str) -> list[DiffLine]:
    """A unified diff of two texts, line by line (templates escape the text)."""
    lines: list[DiffLine] = []
    for line in difflib.unified_diff(
        old.splitlines(), new.splitlines(), fromfile=old_label, tofile=new_label, lineterm=""
    ):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            lines.append(DiffLine("hunk", line))
        elif line.startswith("+"):
            lines.append(DiffLine("added", line[1:]))
        elif line.startswith("-"):
            lines.append(DiffLine("removed", line[1:]))
        else:
            lines.append(DiffLine("context", line[1:]))
    return lines
