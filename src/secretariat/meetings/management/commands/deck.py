"""`secretariat deck --team SLUG [--meeting NUMBER|latest] --format pptx|pdf|md -o FILE`."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils.translation import gettext as _

from secretariat.documents.build import deck_content, operator_viewer
from secretariat.meetings import queries
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Team

RENDERERS = {"pptx": "render_deck_pptx", "pdf": "render_deck_pdf", "md": "render_deck_markdown"}


class Command(BaseCommand):
    help = "Write the co-chairs' coordination deck of a meeting (run as the operator: it sees every record)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--team", required=True, help=_("The team's short name, e.g. ssr2."))
        parser.add_argument(
            "--meeting",
            default="latest",
            help=_(
                "The meeting's number, or 'latest' (the latest that has started or is planned)."
            ),
        )
        parser.add_argument("--format", dest="fmt", required=True, help="pptx, pdf or md")
        parser.add_argument("-o", "--output", required=True, help=_("The file to write."))

    def handle(
        self, *args: Any, team: str, meeting: str, fmt: str, output: str, **options: Any
    ) -> None:
        if fmt not in RENDERERS:
            raise CommandError(_("Unknown format %(fmt)s: use pptx, pdf or md.") % {"fmt": fmt})
        team_obj = Team.objects.filter(slug=team).first()
        if team_obj is None:
            raise CommandError(_("There is no team %(slug)s.") % {"slug": team})
        viewer = operator_viewer()
        chosen = self._meeting(team_obj, meeting, viewer)
        try:
            render = getattr(importlib.import_module("secretariat.documents.deck"), RENDERERS[fmt])
        except (ImportError, AttributeError):
            raise CommandError(
                _("The deck renderer (secretariat.documents.deck.%(name)s) is not available.")
                % {"name": RENDERERS[fmt]}
            ) from None
        body = render(deck_content(viewer=viewer, team=team_obj, meeting=chosen))
        path = Path(output)
        try:
            if isinstance(body, str):
                path.write_text(body, encoding="utf-8")
            else:
                path.write_bytes(body)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from None
        self.stdout.write(
            _("Wrote the deck of %(meeting)s to %(path)s.") % {"meeting": chosen, "path": path}
        )

    def _meeting(self, team: Team, meeting: str, viewer: Any) -> Meeting:
        if meeting == "latest":
            found = (
                queries.visible_meetings(viewer=viewer, team=team)
                .filter(number__isnull=False)
                .exclude(status=Meeting.Status.CANCELLED)
                .first()
            )
            if found is None:
                raise CommandError(_("%(slug)s has no numbered meeting yet.") % {"slug": team.slug})
            return found
        if not meeting.isdigit():
            raise CommandError(
                _("--meeting takes a number or 'latest', not %(value)s.") % {"value": meeting}
            )
        try:
            return queries.get_meeting(viewer=viewer, team=team, number=int(meeting))
        except Http404:
            raise CommandError(
                _("%(slug)s has no meeting #%(number)s.") % {"slug": team.slug, "number": meeting}
            ) from None
