"""`secretariat import FILE --team SLUG`: bring a team's existing record in.

Parses FILE (format detected, or named with --format), then writes it through the services in
one transaction. With --dry-run it only parses and reports, reading the team's roster (if the
team exists) to say how each owner's name would resolve. With --json it prints the contract's
JSON object (../shared/DESIGN.md, "Contracts") plus `owner_resolution`, a list beside the
owners: each name as written, what it matches (person, group, new-person, new-group,
ambiguous) and how.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from secretariat.imports.apply import ImportRefused, apply_result, resolutions
from secretariat.imports.detect import FORMATS, ImportFileError, parse_bytes, read_limited
from secretariat.imports.resolve import Roster
from secretariat.imports.result import ImportResult
from secretariat.teams.models import Team


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--reference-date %(value)s is not a YYYY-MM-DD date") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = "Import a tracker, meeting page, decisions table, deck, list post, mbox, CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--team", required=True, help="The team's short name (slug).")
        parser.add_argument("--format", default="auto", choices=["auto", *FORMATS])
        parser.add_argument("--reference-date", default=None, help="YYYY-MM-DD")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--skip-bad", action="store_true", help="Write the good rows and report the bad ones."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["file"]
        name = os.path.basename(path)
        reference = _date(options["reference_date"]) if options["reference_date"] else None
        try:
            data = read_limited(path)
            result = parse_bytes(data, file=name, fmt=options["format"], reference=reference)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        roster, roster_note = self._roster(options["team"])
        resolved = resolutions(result, roster)
        if options["json"]:
            payload = result.to_json()
            payload["owner_resolution"] = [r.to_json() for r in resolved]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self._describe(result, [r.describe() for r in resolved], roster_note)
        if options["dry_run"]:
            if result.has_blocking and not options["skip_bad"]:
                raise CommandError(
                    _(
                        "The file has parts that cannot be read (see the warnings); an import "
                        "would write nothing without --skip-bad."
                    )
                )
            return
        try:
            report = apply_result(
                result,
                team_slug=options["team"],
                reference=reference,
                skip_bad=options["skip_bad"],
            )
        except ImportRefused as exc:
            raise CommandError("\n".join(exc.messages)) from None
        except ValidationError as exc:
            raise CommandError(
                _("Nothing was written: %(error)s") % {"error": "; ".join(exc.messages)}
            ) from None
        out = self.stderr if options["json"] else self.stdout
        for message in report.messages:
            out.write(message)
        summary = ", ".join(
            f"{label} {kind} {count}"
            for label, counter in (
                (_("created"), report.created),
                (_("updated"), report.updated),
                (_("unchanged"), report.unchanged),
            )
            for kind, count in sorted(counter.items())
        )
        out.write(_("Imported %(file)s into %(team)s: %(summary)s") % {
            "file": name, "team": options["team"], "summary": summary or _("nothing to do")})  # fmt: skip

    def _roster(self, slug: str) -> tuple[Roster, str]:
        try:
            team = Team.objects.filter(slug=slug).first()
        except DatabaseError:
            return Roster([], []), _("(the database cannot be read: every name shows as new)")
        if team is None:
            return Roster([], []), _("(team %(slug)s does not exist yet: it would be created)") % {
                "slug": slug}  # fmt: skip
        return Roster.for_team(team), ""

    def _describe(self, result: ImportResult, resolved: list[str], roster_note: str) -> None:
        write = self.stdout.write
        write(_("Format: %(format)s") % {"format": result.format})
        for meeting in result.meetings:
            facts = [meeting.title]
            if meeting.number and f"#{meeting.number}" not in meeting.title:
                facts.append(f"#{meeting.number}")
            if meeting.date:
                facts.append(meeting.date.isoformat())
            write(
                _("Meeting: %(meeting)s, %(agenda)s agenda items")
                % {"meeting": " ".join(facts), "agenda": len(meeting.agenda_items)}
            )
        for item in result.action_items:
            due = item.due.isoformat() if item.due else (item.due_text or "")
            write(
                f"  {'#' + str(item.number) if item.number else '-'} [{item.status}] "
                f"{item.text[:80]} | {', '.join(item.owners)} | {due}"
            )
        for decision in result.decisions:
            write(f"  D {decision.date or ''} {decision.source or ''}: {decision.text[:80]}")
        for request in result.requests:
            write(f"  R {request.kind} [{request.status}] {request.title[:80]}")
        for event in result.events:
            when = (
                f"{event.starts_on.isoformat()}..{event.ends_on.isoformat()}"
                if event.starts_on and event.ends_on
                else _("dates to be announced")
            )
            write(f"  E {event.name} | {event.place or '-'} | {when} | {event.time_zone}")
        if resolved:
            write(_("Owners and attendees %(note)s:") % {"note": roster_note})
            for line in resolved:
                write(f"  {line}")
        for warning in result.warnings:
            write(_("Warning: %(w)s") % {"w": warning})
