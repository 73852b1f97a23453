"""The upload screen: a staff member uploads a document, sees what importing it would create,
update or leave alone, then applies it.

The preview is the real apply step (imports.apply.apply_result) run inside a transaction that is
always rolled back, so it counts exactly what "Apply" will write. Between the preview and
"Apply", the uploaded bytes wait under SECRETARIAT_DATA_DIR/import-uploads/ in a file with a
generated name (the name the user gave is only ever shown, never used as a path), referred to by
a signed token bound to the user, the team and the options, which expires after
UPLOAD_MAX_AGE seconds.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from secretariat.core.permissions import Action, can
from secretariat.core.screens import refuse_unless
from secretariat.imports.apply import ApplyReport, ImportRefused, apply_result, resolutions
from secretariat.imports.detect import MAX_BYTES, ImportFileError, parse_bytes
from secretariat.imports.forms import ApplyForm, UploadForm
from secretariat.imports.resolve import Resolution, Roster
from secretariat.imports.result import ImportResult
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team

UPLOAD_MAX_AGE = 60 * 60  # seconds an uploaded file waits for "Apply"
_SALT = "secretariat.imports.upload"
_KEY = re.compile(r"^[0-9a-f]{32}$")
# Multipart framing around the file; anything much bigger than the limit is refused unread.
_FRAMING = 64 * 1024


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "import-uploads"


def _refusal(request: HttpRequest, team: Team) -> HttpResponse | None:
    """Staff and chairs of the team (Action.CREATE) import; anonymous visitors sign in first."""
    return refuse_unless(
        can(request.user, Action.CREATE, team=team),
        request,
        _("Only the team's staff and chairs import documents."),
    )


def _display_name(name: str | None) -> str:
    """The uploaded file's name, for messages only: no directories, no control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    return base[:120] or "upload"


# --- the pending file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    key: str
    user_id: int
    team: str
    name: str
    format: str
    reference: dt.date | None

    @property
    def path(self) -> Path:
        return upload_dir() / f"{self.key}.upload"

    def sign(self) -> str:
        return signing.dumps(
            {
                "k": self.key,
                "u": self.user_id,
                "t": self.team,
                "n": self.name,
                "f": self.format,
                "r": self.reference.isoformat() if self.reference else None,
            },
            salt=_SALT,
            compress=True,
        )

    @classmethod
    def from_token(cls, token: str) -> Pending | None:
        try:
            data = signing.loads(token, salt=_SALT, max_age=UPLOAD_MAX_AGE)
            pending = cls(
                key=str(data["k"]),
                user_id=int(data["u"]),
                team=str(data["t"]),
                name=str(data["n"]),
                format=str(data["f"]),
                reference=dt.date.fromisoformat(data["r"]) if data["r"] else None,
            )
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None
        return pending if _KEY.match(pending.key) else None


def _store(data: bytes) -> str:
    """Keep `data` under a generated name; forget uploads older than UPLOAD_MAX_AGE."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    limit = time.time() - UPLOAD_MAX_AGE
    for old in folder.glob("*.upload"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass  # another worker removed it first
    key = secrets.token_hex(16)
    (folder / f"{key}.upload").write_bytes(data)
    return key


def _read_pending(pending: Pending) -> bytes | None:
    try:
        return pending.path.read_bytes()
    except OSError:
        return None


def _forget(pending: Pending) -> None:
    pending.path.unlink(missing_ok=True)


# --- the preview ------------------------------------------------------------------------------


class _Rollback(Exception):
    def __init__(self, report: ApplyReport) -> None:
        super().__init__("dry run")
        self.report = report


@dataclass
class Preview:
    result: ImportResult
    report: ApplyReport | None = None
    refused: list[str] = field(default_factory=list)
    resolved: list[Resolution] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, int, int, int]]:
        """(what, would create, would update, already there) per kind of record."""
        if self.report is None:
            return []
        kinds = sorted(
            set(self.report.created) | set(self.report.updated) | set(self.report.unchanged)
        )
        return [
            (
                kind,
                self.report.created[kind],
                self.report.updated[kind],
                self.report.unchanged[kind],
            )
            for kind in kinds
        ]

    @property
    def blocking(self) -> list[str]:
        return [str(n) for n in self.result.notices if n.blocking]

    @property
    def other_warnings(self) -> list[str]:
        return [str(n) for n in self.result.notices if not n.blocking]


def dry_run(result: ImportResult, *, team: Team, reference: dt.date | None) -> Preview:
    """What applying `result` would do: the apply step itself, always rolled back.

    Blocking parts of the file are left out here (as "skip bad rows" would), and listed apart.
    """
    preview = Preview(result=result, resolved=resolutions(result, Roster.for_team(team)))
    try:
        with transaction.atomic():
            report = apply_result(result, team_slug=team.slug, reference=reference, skip_bad=True)
            raise _Rollback(report)
    except _Rollback as done:
        preview.report = done.report
    except ImportRefused as exc:
        preview.refused = exc.messages
    except ValidationError as exc:
        preview.refused = [
            _("Nothing can be written: %(error)s") % {"error": m} for m in exc.messages
        ]
    return preview


def _parse(data: bytes, pending: Pending) -> ImportResult:
    return parse_bytes(data, file=pending.name, fmt=pending.format, reference=pending.reference)


def _preview_page(
    request: HttpRequest, team: Team, pending: Pending, preview: Preview, **extra: Any
) -> dict[str, Any]:
    form = extra.pop("form", None) or ApplyForm(initial={"token": pending.sign()})
    return {"team": team, "pending": pending, "preview": preview, "form": form, **extra}


# --- views ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, team_obj):
        return refusal
    if request.method != "POST":
        return render(request, "imports/upload.html", {"team": team_obj, "form": UploadForm()})
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_BYTES + _FRAMING:
        # Refused before Django reads the body into memory or a temporary file.
        problem = _("The upload is %(size).1f MB; expected at most %(limit)s MB.") % {
            "size": length / 1024 / 1024,
            "limit": MAX_BYTES // 1024 // 1024,
        }
        context = {"team": team_obj, "form": UploadForm(), "problems": [problem]}
        return render(request, "imports/upload.html", context, status=413)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "imports/upload.html", {"team": team_obj, "form": form}, status=400)
    upload_file = form.cleaned_data["file"]
    data = upload_file.read(MAX_BYTES + 1)
    pending = Pending(
        key="",
        user_id=cast(int, request.user.pk),  # signed in: _refusal let them through
        team=team_obj.slug,
        name=_display_name(upload_file.name),
        format=form.cleaned_data["format"],
        reference=form.cleaned_data["reference_date"],
    )
    try:
        result = _parse(data, pending)
    except ImportFileError as exc:
        form.add_error("file", str(exc))
        return render(request, "imports/upload.html", {"team": team_obj, "form": form}, status=400)
    preview = dry_run(result, team=team_obj, reference=pending.reference)
    pending = Pending(**{**pending.__dict__, "key": _store(data)})
    return render(
        request, "imports/preview.html", _preview_page(request, team_obj, pending, preview)
    )


@require_POST
def apply(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, team_obj):
        return refusal
    form = ApplyForm(request.POST)
    pending = Pending.from_token(request.POST.get("token", ""))
    if (
        not form.is_valid()
        or pending is None
        or pending.team != team_obj.slug
        or pending.user_id != request.user.pk
    ):
        return _start_again(request, team_obj)
    data = _read_pending(pending)
    if data is None:
        return _start_again(request, team_obj)
    try:
        result = _parse(data, pending)
    except ImportFileError as exc:  # the parsers changed since the preview
        _forget(pending)
        messages.error(request, str(exc))
        return redirect("imports:upload", team=team_obj.slug)
    try:
        report = apply_result(
            result,
            team_slug=team_obj.slug,
            reference=pending.reference,
            skip_bad=form.cleaned_data["skip_bad"],
        )
    except (ImportRefused, ValidationError) as exc:
        problems = exc.messages
        preview = dry_run(result, team=team_obj, reference=pending.reference)
        context = _preview_page(request, team_obj, pending, preview, form=form, problems=problems)
        return render(request, "imports/preview.html", context, status=400)
    _forget(pending)
    for message in report.messages:
        messages.info(request, message)
    messages.success(request, _summary(pending.name, report))
    return redirect("imports:upload", team=team_obj.slug)


def _start_again(request: HttpRequest, team: Team) -> HttpResponse:
    problem = _(
        "This upload has expired or is not yours (uploads wait %(minutes)s minutes). "
        "Nothing was written; upload the file again."
    ) % {"minutes": UPLOAD_MAX_AGE // 60}
    context = {"team": team, "form": UploadForm(), "problems": [problem]}
    return render(request, "imports/upload.html", context, status=400)


def _summary(name: str, report: ApplyReport) -> str:
    parts = [
        f"{label} {count} {kind}"
        for label, counter in (
            (_("created"), report.created),
            (_("updated"), report.updated),
            (_("unchanged"), report.unchanged),
        )
        for kind, count in sorted(counter.items())
    ]
    return _("Imported %(file)s: %(summary)s.") % {
        "file": name,
        "summary": ", ".join(parts) or _("nothing to do"),
    }
