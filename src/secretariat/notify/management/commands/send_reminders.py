"""`secretariat send_reminders [--now ISO] [--dry-run] [--sync]`: run the reminder schedule once.

Meant for cron, every hour: each person whose chosen hour (in their own time zone) it is gets one
digest. By default one task per person is queued for `secretariat db_worker`; `--sync` sends
here instead. Running it twice in the same hour sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from secretariat.notify.services import plan_reminders, run_reminders


def parse_now(raw: str | None) -> dt.datetime:
    if not raw:
        return timezone.now()
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--now {raw!r} is not an ISO 8601 date and time.") from None
    if timezone.is_naive(moment):
        raise CommandError(f"--now {raw!r} needs a UTC offset, e.g. 2017-06-06T06:00:00+00:00.")
    return moment


class Command(BaseCommand):
    help = "Send the reminder digests due now, each in its person's own time zone."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="Act as if it were this time (ISO 8601 with offset).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would get a digest; send nothing."
        )
        parser.add_argument(
            "--sync", action="store_true", help="Send here rather than queueing tasks."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"])
        if options["dry_run"]:
            plans = plan_reminders(now)
        else:
            plans = run_reminders(now=now, enqueue=not options["sync"])
        verb = "would get" if options["dry_run"] else "gets"
        for plan in plans:
            self.stdout.write(
                f"{plan.person.name} <{plan.person.email}> {verb} a digest of "
                f"{plan.item_count} item(s) at {plan.local:%Y-%m-%d %H:%M} {plan.person.time_zone}"
            )
        self.stdout.write(
            f"{len(plans)} digest(s) {'planned' if options['dry_run'] else 'started'}."
        )
        if options["dry_run"]:
            from secretariat.notify.polls import due_poll_reminders

            for invitee in due_poll_reminders(now):
                self.stdout.write(f"{invitee.name} would get a reminder of poll {invitee.poll}")
