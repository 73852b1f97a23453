"""`secretariat load_demo`: the team `ssr2` holding the seed's record, and a staff sign-in.

In one transaction (either the whole demo is loaded or nothing):
1. the roster (people, roles, groups) and the dated meetings from core/demo/demo_ssr2.json;
2. the items that are not public, from the same file (so they are never public);
3. core/demo/seed-coordination-deck.txt, a copy of the seed's deck, imported through
   secretariat.imports (parse, then apply) with the reference date 2017-06-06: the
   coordination call and its agenda, the open items, owners, due dates and status lines;
4. the JSON's extras on the imported records: the call's date, each item's category, topic,
   source and date of request, owners where the deck names none, completions, and a merge
   where the importer kept a duplicate apart.
Everything is written through the services with `by=None` (the operator path). A team with
the slug exists already: the command says so and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from secretariat.core.models import Visibility
from secretariat.imports.apply import ApplyReport, ImportRefused, apply_result
from secretariat.imports.detect import ImportFileError, parse_bytes
from secretariat.imports.text import fold
from secretariat.meetings import services as meeting_services
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Person, Team
from secretariat.teams.queries import resolve_owner_names
from secretariat.teams.services import add_member, create_group, create_person, create_team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.services import (
    complete_action_item,
    create_action_item,
    merge_action_item,
    update_action_item,
)

FIXTURE = "demo_ssr2.json"
SITE = "http://127.0.0.1:8000"  # where `make demo` serves

Data = Mapping[str, Any]


class DemoDataError(Exception):
    """The fixture is wrong somewhere; the message names the record and the field."""


def read_fixture() -> dict[str, Any]:
    """The demo data, read from the installed package (core/demo/)."""
    source = resources.files("secretariat.core").joinpath("demo", FIXTURE)
    try:
        data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CommandError(
            _("Cannot read the demo data %(file)s: %(error)s") % {"file": FIXTURE, "error": exc}
        ) from None
    return data


def _date(record: Data, field: str, where: str) -> dt.date | None:
    raw = record.get(field)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise DemoDataError(
            _("%(where)s: %(field)s is not a YYYY-MM-DD date (%(value)r).")
            % {"where": where, "field": field, "value": raw}
        ) from None


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


class DemoLoader:
    """Writes the demo, record by record, through the services. Run inside one transaction."""

    def __init__(self, data: Data, *, slug: str, password: str, admin: bool) -> None:
        self.data = data
        self.slug = slug
        self.password = password
        self.admin = admin
        self.people: dict[str, Person] = {}
        self.meetings: dict[str, Meeting] = {}
        self.items: dict[str, ActionItem] = {}
        self.merged_by_import: list[str] = []
        self.import_report: ApplyReport | None = None

    def load(self) -> Team:
        team_data = self.data["team"]
        team = create_team(
            slug=self.slug,
            name=team_data["name"],
            description=team_data.get("description", ""),
            by=None,
        )
        self._load_people(team)
        self._load_groups(team)
        self._load_meetings(team)
        self._load_withheld_items(team)
        self._import_seed(team)
        self._date_seed_meeting(team)
        self._complete_action_items(team)
        return team

    def _load_people(self, team: Team) -> None:
        login = self.data["staff_login"]
        for record in self.data["people"]:
            where = _("person %(name)s") % {"name": record.get("name", "?")}
            user = self._staff_user(record) if record["name"] == login["person"] else None
            try:
                person = create_person(
                    name=record["name"],
                    initials=record.get("initials", ""),
                    email=record.get("email", ""),
                    affiliation=record.get("affiliation", ""),
                    time_zone=record.get("time_zone", "UTC"),
                    user=user,
                )
                add_member(team=team, person=person, role=record["role"], by=None)
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {_messages(exc)}") from None
            self.people[person.name] = person
        if login["person"] not in self.people:
            raise DemoDataError(
                _("staff_login names %(name)s, who is not among the people.")
                % {"name": login["person"]}
            )

    def _staff_user(self, record: Data) -> AbstractBaseUser:
        """The sign-in of the staff person: not a superuser unless --admin."""
        first, _sep, last = record["name"].partition(" ")
        return get_user_model().objects.create_user(
            username=self.data["staff_login"]["username"],
            password=self.password,
            email=record.get("email", ""),
            first_name=first,
            last_name=last,
            is_staff=self.admin,
            is_superuser=self.admin,
        )

    def _load_groups(self, team: Team) -> None:
        for record in self.data["groups"]:
            where = _("group %(name)s") % {"name": record.get("name", "?")}
            unknown = [name for name in record.get("members", []) if name not in self.people]
            if unknown:
                raise DemoDataError(
                    _("%(where)s: members not among the people: %(names)s.")
                    % {"where": where, "names": ", ".join(unknown)}
                )
            try:
                create_group(
                    team=team,
                    name=record["name"],
                    members=[self.people[n] for n in record.get("members", [])],
                    by=None,
                )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {_messages(exc)}") from None

    def _load_meetings(self, team: Team) -> None:
        """The dated meetings, numbered by the service. The one the seed's deck is about is
        created by the import and dated afterwards (_date_seed_meeting)."""
        seed_key = self.data["seed"]["meeting"]
        for record in self.data["meetings"]:
            if record.get("key") == seed_key:
                continue
            where = _("meeting %(key)s") % {"key": record.get("key", "?")}
            try:
                meeting = meeting_services.create_meeting(
                    team=team, by=None, **self._meeting_fields(record, where)
                )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {_messages(exc)}") from None
            self.meetings[record["key"]] = meeting

    def _meeting_fields(self, record: Data, where: str) -> dict[str, Any]:
        try:
            starts_at = dt.datetime.fromisoformat(record["starts_at"])
        except (KeyError, TypeError, ValueError):
            raise DemoDataError(
                _("%(where)s: starts_at is not an ISO date and time.") % {"where": where}
            ) from None
        if starts_at.tzinfo is None:
            raise DemoDataError(_("%(where)s: starts_at needs a UTC offset.") % {"where": where})
        return {
            "kind": record["kind"],
            "title": record["title"],
            "starts_at": starts_at,
            "duration_minutes": record.get("duration_minutes", 60),
            "place": record.get("place", ""),
            "status": record.get("status", Meeting.Status.HELD),
        }

    def _load_withheld_items(self, team: Team) -> None:
        """Items that are not public are created before the import, so that they are never
        public, not even in their history (the public feed reads history)."""
        for record in self.data["action_items"]:
            if record.get("visibility", Visibility.PUBLIC) == Visibility.PUBLIC:
                continue
            where = _("action item %(key)s") % {"key": record.get("key", "?")}
            try:
                self.items[record["key"]] = create_action_item(
                    team=team,
                    by=None,
                    text=record["text"],
                    owners=resolve_owner_names(team=team, names=record.get("owners", [])),
                    due_text=record.get("due_text", ""),
                    visibility=record["visibility"],
                    visibility_reason=record.get("visibility_reason", ""),
                    **self._extras(record, where),
                )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {_messages(exc)}") from None

    def _import_seed(self, team: Team) -> None:
        """The seed's deck, through the importer (the same parse and apply as `secretariat
        import`): the coordination call, its agenda, the open items and their status lines."""
        seed = self.data["seed"]
        source = resources.files("secretariat.core").joinpath("demo", seed["file"])
        reference = _date(seed, "reference_date", seed["file"])
        try:
            result = parse_bytes(
                source.read_bytes(), file=seed["file"], fmt="slides", reference=reference
            )
            self.import_report = apply_result(result, team_slug=team.slug, reference=reference)
        except (OSError, ImportFileError, ImportRefused) as exc:
            raise DemoDataError(f"{seed['file']}: {exc}") from None
        except ValidationError as exc:
            raise DemoDataError(f"{seed['file']}: {_messages(exc)}") from None

    def _date_seed_meeting(self, team: Team) -> None:
        key = self.data["seed"]["meeting"]
        [record] = [r for r in self.data["meetings"] if r.get("key") == key]
        where = _("meeting %(key)s") % {"key": key}
        imported = Meeting.objects.filter(team=team, starts_at__isnull=True).order_by("pk")
        if len(imported) != 1:
            raise DemoDataError(
                _("%(where)s: expected the import to create one undated meeting, found %(n)s.")
                % {"where": where, "n": len(imported)}
            )
        try:
            self.meetings[key] = meeting_services.update_meeting(
                meeting=imported[0],
                by=None,
                expected_version=None,
                changes=self._meeting_fields(record, where),
            )
        except ValidationError as exc:
            raise DemoDataError(f"{where}: {_messages(exc)}") from None

    def _extras(self, record: Data, where: str) -> dict[str, Any]:
        """What the deck does not say about an item: category, topic, source, date of request."""
        meeting_key = record.get("source_meeting")
        if meeting_key is not None and meeting_key not in self.meetings:
            raise DemoDataError(
                _("%(where)s: source_meeting %(meeting)s is not a meeting of the demo.")
                % {"where": where, "meeting": meeting_key}
            )
        return {
            "category": record.get("category", ""),
            "topic": record.get("topic", ""),
            "source_meeting": self.meetings[meeting_key] if meeting_key else None,
            "source_text": record.get("source_text", ""),
            "requested_on": _date(record, "requested_on", where),
        }

    def _find_imported(self, team: Team, record: Data, where: str) -> ActionItem:
        wanted = fold(record["text"])
        found = [i for i in ActionItem.objects.filter(team=team) if fold(i.text) == wanted]
        if len(found) != 1:
            raise DemoDataError(
                _("%(where)s: %(n)s items of the imported deck have this text; expected one.")
                % {"where": where, "n": len(found)}
            )
        return found[0]

    def _complete_action_items(self, team: Team) -> None:
        """The extras, applied to the imported items: details, owners where the deck names
        none, completions; then merges the importer did not already make."""
        merges: list[tuple[str, str]] = []
        for record in self.data["action_items"]:
            key = record.get("key", "?")
            where = _("action item %(key)s") % {"key": key}
            if record.get("merged_into"):
                merges.append((key, record["merged_into"]))
                continue
            item = self.items.get(key) or self._find_imported(team, record, where)
            try:
                changes = self._extras(record, where)
                if "owners" in record and not item.owners.exists():
                    changes["owners"] = resolve_owner_names(team=team, names=record["owners"])
                item = update_action_item(
                    item=item, by=None, expected_version=None, changes=changes
                )
                completed = record.get("completed")
                if completed:
                    item = complete_action_item(
                        item=item,
                        by=None,
                        expected_version=None,
                        response=completed["response"],
                        completed_on=_date(completed, "on", where),
                    )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {_messages(exc)}") from None
            self.items[key] = item
        for key, target in merges:
            where = _("action item %(key)s") % {"key": key}
            if target not in self.items:
                raise DemoDataError(
                    _("%(where)s: merged_into %(target)s is not an item of the demo.")
                    % {"where": where, "target": target}
                )
            record = next(r for r in self.data["action_items"] if r.get("key") == key)
            wanted = fold(record["text"])
            duplicates = [
                i
                for i in ActionItem.objects.filter(team=team).exclude(pk=self.items[target].pk)
                if fold(i.text) == wanted
            ]
            if not duplicates:
                # The importer read the deck's two mentions as one item: already merged.
                self.merged_by_import.append(key)
                continue
            try:
                merge_action_item(
                    item=duplicates[0], into=self.items[target], by=None, expected_version=None
                )
            except ValidationError as exc:
                raise DemoDataError(f"{where}: {_messages(exc)}") from None


class Command(BaseCommand):
    # Django's own commands keep `help` untranslated (it is read at import); the options and
    # every message are translated.
    help = (
        "Load the demo team (the SSR2 review team's record from the seed) and a staff sign-in. "
        "Does nothing if the team exists already."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--team-slug",
            default="ssr2",
            help=_("Short name of the demo team (default: ssr2)."),
        )
        parser.add_argument(
            "--password",
            help=_("Password of the staff sign-in (default: a random one, printed)."),
        )
        parser.add_argument(
            "--admin",
            action="store_true",
            help=_("Make the staff sign-in a superuser, with the admin site."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["team_slug"]
        if Team.objects.filter(slug=slug).exists():
            self.stdout.write(
                self.style.WARNING(
                    _("Team %(slug)s exists already; nothing changed.") % {"slug": slug}
                )
            )
            return

        data = read_fixture()
        username: str = data["staff_login"]["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(
                _(
                    "A user named %(username)s exists already; remove it or load the demo into a fresh database. Nothing changed."
                )
                % {"username": username}
            )
        password: str = options["password"] or secrets.token_urlsafe(12)
        if options["password"]:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError(
                    _("--password: %(reasons)s") % {"reasons": " ".join(exc.messages)}
                ) from None

        loader = DemoLoader(data, slug=slug, password=password, admin=options["admin"])
        try:
            with transaction.atomic():
                team = loader.load()
        except DemoDataError as exc:
            raise CommandError(
                _("%(file)s, %(error)s Nothing changed.") % {"file": FIXTURE, "error": exc}
            ) from None
        except KeyError as exc:
            raise CommandError(
                _("%(file)s: a record lacks the field %(field)s. Nothing changed.")
                % {"file": FIXTURE, "field": exc}
            ) from None
        except ValidationError as exc:
            raise CommandError(
                _("%(file)s: %(error)s Nothing changed.")
                % {"file": FIXTURE, "error": _messages(exc)}
            ) from None

        items = ActionItem.objects.filter(team=team)
        counts = {
            "items": items.count(),
            "done": items.filter(status=ActionItem.Status.DONE).count(),
            "merged": items.filter(status=ActionItem.Status.MERGED).count(),
            "withheld": items.exclude(visibility=Visibility.PUBLIC).count(),
        }
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Created team %(slug)s (%(name)s): %(people)s people, %(groups)s groups, %(meetings)s meetings, %(items)s action items (%(done)s done, %(merged)s merged, %(withheld)s not public)."
                )
                % {
                    "slug": team.slug,
                    "name": team.name,
                    "people": len(loader.people),
                    "groups": len(data["groups"]),
                    "meetings": len(loader.meetings),
                    **counts,
                }
            )
        )
        seed = data["seed"]
        self.stdout.write(
            _("Imported %(file)s (reference date %(day)s): %(summary)s.")
            % {
                "file": seed["file"],
                "day": seed["reference_date"],
                "summary": ", ".join(
                    f"{count} {kind}"
                    for kind, count in sorted(loader.import_report.created.items())
                )
                if loader.import_report
                else "",
            }
        )
        for key in loader.merged_by_import:
            self.stdout.write(
                _("%(key)s: the importer already read it as the same item as its original.")
                % {"key": key}
            )
        url = SITE + reverse("tracker:list", kwargs={"team": team.slug})
        self.stdout.write(self.style.SUCCESS(_("Open %(url)s") % {"url": url}))
        self.stdout.write(
            _("Staff sign-in (%(person)s):") % {"person": data["staff_login"]["person"]}
        )
        self.stdout.write(_("  Username: %(username)s") % {"username": username})
        self.stdout.write(_("  Password: %(password)s") % {"password": password})
        if options["admin"]:
            self.stdout.write(
                _("  This sign-in is a superuser: it can also use %(url)s")
                % {"url": SITE + reverse("admin:index")}
            )
