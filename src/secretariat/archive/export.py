"""The static copy of the public archive: every page an anonymous visitor can reach, as files.

It crawls the live site in-process as an anonymous visitor (Django's test client), so it goes
through exactly the views and visibility filters the public uses: nothing can be in the copy
that the site would not show the public. The crawl starts from the list of teams and from the
address of every public record (so a record no page links to is kept too). Pages are written as
DIR/<path>/index.html (feeds and calendars under their own names), with the static files beside
them and, per team, DIR/<team>/archive.json: every public record as one JSON document. The copy
is served from the root of a web server as it is.

Running it again over a copy it wrote updates that copy in place: files whose bytes are the same
are left alone (their times too, so a mirror copies only what changed), changed files are
rewritten, and files of the last run that the site no longer has are removed.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client, override_settings
from django.urls import reverse

from secretariat.api.export import build_export, render_export
from secretariat.core.models import Visibility
from secretariat.events.queries import visible_events
from secretariat.meetings.queries import visible_meetings
from secretariat.requests.queries import (
    published_answers,
    visible_questions,
    visible_request_notes,
    visible_requests,
)
from secretariat.teams.models import Team
from secretariat.teams.queries import all_teams
from secretariat.tracker.queries import visible_action_items
from secretariat.workplan.queries import visible_milestones

LINK = re.compile(r'(?:href|src)="(/[^"#]*)"')
# A static copy cannot answer a form; pages that do not leave theirs out for the export lose
# them here (forms do not nest in HTML, so the shortest match is the whole form).
FORM = re.compile(rb"<form\b.*?</form>\s*", re.DOTALL | re.IGNORECASE)
# Pages for people with an account, never part of the public copy.
EXCLUDED_PREFIXES = ("/accounts/", "/account/", "/admin/", "/api/", "/static/")
# The list of the files the last run wrote, relative to DIR; marks DIR as a copy it may update.
MANIFEST = ".secretariat-export.json"


@dataclass
class ExportReport:
    pages: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # path -> status
    written: int = 0  # files new or changed
    unchanged: int = 0
    removed: int = 0


class NotAnExport(FileExistsError):
    """The directory holds files that no earlier export wrote: it is left alone."""


def local_path(url: str, content_type: str) -> str:
    """Where the copy keeps the answer to `url` (a site path, maybe with a query), as a path
    from its root: a page at its own path (…/index.html), a feed or file under its own name;
    an answer a plain file server could not give from that path (a query, or a PDF at an
    address ending in "/") beside it, named after the query, with its type's extension
    (/ssr2/meetings/111/deck/?format=pptx -> /ssr2/meetings/111/deck/index-format-pptx.pptx)."""
    parts = urlsplit(url)
    path, query = parts.path, parts.query
    html = content_type.startswith("text/html")
    if not query and (not path.endswith("/") or html):
        return path + "index.html" if path.endswith("/") else path
    if path.endswith("/"):
        folder, stem = path, "index"
    else:
        folder, _, name = path.rpartition("/")
        folder, stem = folder + "/", name.rsplit(".", 1)[0]
    if query:
        stem += "-" + (re.sub(r"[^A-Za-z0-9]+", "-", query).strip("-") or "q")
    mime = content_type.split(";")[0].strip()
    extension = ".html" if html else (mimetypes.guess_extension(mime) or ".bin")
    return f"{folder}{stem}{extension}"


def _link_for(local: str) -> str:
    """The address to write in a page for a file at `local` (pages by their folder)."""
    return local.removesuffix("index.html") if local.endswith("/index.html") else local


class _Writer:
    """Writes files under `root`, leaving those whose bytes are unchanged untouched."""

    def __init__(self, root: Path, report: ExportReport) -> None:
        self.root = root
        self.report = report
        self.files: set[str] = set()

    def write(self, target: Path, content: bytes) -> None:
        self.files.add(target.relative_to(self.root).as_posix())
        if target.is_file() and target.read_bytes() == content:
            self.report.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.report.written += 1


def _previous_files(directory: Path) -> set[str]:
    """The files the last export wrote here; raises NotAnExport for a directory that holds
    anything else and was not written by an export."""
    manifest = directory / MANIFEST
    if manifest.is_file():
        try:
            return set(json.loads(manifest.read_text())["files"])
        except (ValueError, KeyError, TypeError):
            raise NotAnExport(f"{directory}: {MANIFEST} is damaged") from None
    if any(directory.iterdir()):
        raise NotAnExport(f"{directory} is not empty")
    return set()


def export_archive(directory: Path, *, team: Team | None = None) -> ExportReport:
    """Write the public archive (of every team, or of `team` only) under `directory`: new,
    empty, or a copy an earlier run wrote (updated in place)."""
    directory.mkdir(parents=True, exist_ok=True)
    previous = _previous_files(directory)
    teams = [team] if team is not None else list(all_teams())
    report = ExportReport()
    writer = _Writer(directory, report)
    start = [f"/{team.slug}/"] if team is not None else ["/"]
    for one in teams:
        start.extend(record_paths(one))
    scope = f"/{team.slug}/" if team is not None else "/"
    _crawl(start, scope, writer, report)
    for one in teams:
        writer.write(directory / one.slug / "archive.json", public_records_json(one))
    _copy_static(writer)
    for stale in sorted(previous - writer.files):
        path = directory / stale
        if path.is_file():
            path.unlink()
            report.removed += 1
    _remove_empty_directories(directory)
    manifest = {"files": sorted(writer.files)}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=0) + "\n")
    return report


def _crawl(start: list[str], scope: str, writer: _Writer, report: ExportReport) -> None:
    """Fetch every page reachable from `start` within `scope`. Pages wait in a staging folder
    until the crawl knows where every address they link to is kept, then are written with
    their links pointing there."""
    client = Client()
    seen = set(start)
    queue = deque(start)
    moved: dict[str, str] = {}  # site address -> the address of its file in the copy
    staged: list[tuple[Path, Path, set[str]]] = []  # (staging file, target, links)
    with tempfile.TemporaryDirectory() as staging:
        # One page holds every item, so the copy needs no ?page= links.
        with override_settings(TRACKER_PAGE_SIZE=1_000_000):
            while queue:
                url = queue.popleft()
                response = client.get(url, headers={"X-Secretariat-Export": "1"})
                if response.status_code != 200:
                    report.skipped[url] = response.status_code
                    continue
                content_type = response.get("Content-Type", "")
                local = local_path(url, content_type)
                if _link_for(local) != url:
                    moved[url] = _link_for(local)
                target = writer.root / local.lstrip("/")
                report.pages.append(url)
                if not content_type.startswith("text/html"):
                    writer.write(target, response.content)
                    continue
                content = FORM.sub(b"", response.content)
                links = set()
                for raw in LINK.findall(content.decode()):
                    link = html.unescape(raw)
                    if not link.startswith(scope) or link.startswith(EXCLUDED_PREFIXES):
                        continue
                    links.add(link)
                    if link not in seen:
                        seen.add(link)
                        queue.append(link)
                holding = Path(staging) / f"{len(staged)}.html"
                holding.write_bytes(content)
                staged.append((holding, target, links))
        for holding, target, links in staged:
            content = holding.read_bytes()
            for link in sorted(links & moved.keys(), key=len, reverse=True):
                new = f'="{moved[link]}"'.encode()
                for written in {link, html.escape(link, quote=True)}:
                    content = content.replace(f'="{written}"'.encode(), new)
            writer.write(target, content)


def record_paths(team: Team) -> Iterator[str]:
    """The page of every record of `team` the public may read, whether a list links to it or not
    (a public question whose answer is not published yet is on no list)."""
    slug = team.slug
    yield f"/{slug}/"
    for number in visible_action_items(viewer=None, team=team).values_list("number", flat=True):
        yield reverse("tracker:detail", args=[slug, number])
    meetings = visible_meetings(viewer=None, team=team).filter(number__isnull=False)
    for meeting_number in meetings.values_list("number", flat=True):
        yield reverse("meetings:detail", args=[slug, meeting_number])
    for number in visible_requests(viewer=None, team=team).values_list("number", flat=True):
        yield reverse("requests:detail", args=[slug, number])
    for number in visible_questions(viewer=None, team=team).values_list("number", flat=True):
        yield reverse("questions:detail", args=[slug, number])
    for event_slug in visible_events(viewer=None, team=team).values_list("slug", flat=True):
        yield reverse("events:detail", args=[slug, event_slug])


def public_records_json(team: Team) -> bytes:
    """Every public record of `team` as one JSON document: the API's export (team, people,
    action items, meetings, decisions) as an anonymous caller gets it, plus requests (with their
    public notes), questions (answers only once published), events and the work plan."""
    document = build_export(viewer=None, team=team)
    requests = list(visible_requests(viewer=None, team=team).order_by("number"))
    published = {q.pk: q.shown_answer for q in published_answers(viewer=None, team=team)}  # type: ignore[attr-defined]
    extra: dict[str, Any] = {
        "requests": [
            {
                "number": r.number,
                "kind": r.kind,
                "title": r.title,
                "description": r.description,
                "asked_by": r.asked_by_name,
                "addressed_to": r.addressed_to,
                "presenter": r.responsible_name,
                "availability": r.availability,
                "status": r.status,
                "requested_on": r.requested_on,
                "scheduled_meeting": r.scheduled_meeting.number
                if r.scheduled_meeting is not None
                and r.scheduled_meeting.visibility == Visibility.PUBLIC
                else None,
                "notes": [
                    {"date": n.noted_on, "text": n.text}
                    for n in visible_request_notes(viewer=None, request=r)
                ],
            }
            for r in requests
        ],
        "questions": [
            {
                "number": q.number,
                "text": q.text,
                "asked_by": q.asked_by.name if q.asked_by is not None else q.asked_by_text,
                "addressed_to": q.addressed_to,
                "status": q.status,
                "answer": published.get(q.pk, ""),
            }
            for q in visible_questions(viewer=None, team=team)
        ],
        "events": [
            {
                "slug": e.slug,
                "name": e.name,
                "place": e.place,
                "starts_on": e.starts_on,
                "ends_on": e.ends_on,
                "time_zone": e.time_zone,
                "description": e.description,
                "url": e.url,
            }
            for e in visible_events(viewer=None, team=team).order_by("starts_on", "slug")
        ],
        "milestones": [
            {
                "title": m.title,
                "workstream": m.workstream,
                "description": m.description,
                "start_on": m.start_on,
                "end_on": m.end_on,
                "status": m.status,
                "reached_on": m.reached_on,
            }
            for m in visible_milestones(viewer=None, team=team)
        ],
    }
    base = json.loads(render_export(document))
    return (
        json.dumps(
            {**base, **extra},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=1,
            sort_keys=False,
        )
        + "\n"
    ).encode()


def _copy_static(writer: _Writer) -> None:
    static_root = writer.root / settings.STATIC_URL.strip("/")
    for finder in finders.get_finders():
        for relative, storage in finder.list([]):
            if not relative.startswith("secretariat/"):
                continue  # the admin's files are not part of the public copy
            with storage.open(relative) as source:
                writer.write(static_root / relative, source.read())


def _remove_empty_directories(directory: Path) -> None:
    for path in sorted(directory.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
