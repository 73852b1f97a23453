"""The static copy of the public archive: every page an anonymous visitor can reach, as files.

It crawls the live site in-process as an anonymous visitor (Django's test client), so it goes
through exactly the views and visibility filters the public uses: nothing can be in the copy
that the site would not show the public. Pages are written as DIR/<path>/index.html (feeds and
calendars under their own names), with the static files beside them; the copy is served from
the root of a web server as it is.
"""

from __future__ import annotations

import re
import shutil
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

LINK = re.compile(r'(?:href|src)="(/[^"#?]*)"')
# A static copy cannot answer a form; pages that do not leave theirs out for the export lose
# them here (forms do not nest in HTML, so the shortest match is the whole form).
FORM = re.compile(rb"<form\b.*?</form>\s*", re.DOTALL | re.IGNORECASE)
# Pages for people with an account, never part of the public copy.
EXCLUDED_PREFIXES = ("/accounts/", "/account/", "/admin/", "/api/", "/static/")


@dataclass
class ExportReport:
    pages: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # path -> status


def _target(root: Path, path: str, content_type: str) -> Path:
    relative = path.lstrip("/")
    if path.endswith("/") or not relative:
        return root / relative / "index.html"
    return root / relative


def export_archive(directory: Path, *, start: str = "/") -> ExportReport:
    """Write the public archive under `directory` (created; must be empty or absent)."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise FileExistsError(f"{directory} is not empty")
    report = ExportReport()
    client = Client()
    seen = {start}
    queue = deque([start])
    # One page holds every item, so the copy needs no ?page= links.
    with override_settings(TRACKER_PAGE_SIZE=1_000_000):
        while queue:
            path = queue.popleft()
            response = client.get(path, headers={"X-Secretariat-Export": "1"})
            if response.status_code != 200:
                report.skipped[path] = response.status_code
                continue
            target = _target(directory, path, response.get("Content-Type", ""))
            target.parent.mkdir(parents=True, exist_ok=True)
            html = response.get("Content-Type", "").startswith("text/html")
            content = FORM.sub(b"", response.content) if html else response.content
            target.write_bytes(content)
            report.pages.append(path)
            if not html:
                continue
            for link in LINK.findall(content.decode()):
                clean = urlsplit(link).path
                if clean in seen or clean.startswith(EXCLUDED_PREFIXES):
                    continue
                seen.add(clean)
                queue.append(clean)
    _copy_static(directory)
    return report


def _copy_static(directory: Path) -> None:
    static_root = directory / settings.STATIC_URL.strip("/")
    for finder in finders.get_finders():
        for relative, storage in finder.list([]):
            if not relative.startswith("secretariat/"):
                continue  # the admin's files are not part of the public copy
            destination = static_root / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(relative) as source, destination.open("wb") as out:
                shutil.copyfileobj(source, out)
