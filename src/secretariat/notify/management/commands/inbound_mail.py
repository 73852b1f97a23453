"""`secretariat inbound_mail < message.eml`: apply one reply received by mail (an MTA pipe).

Exits 0 when the reply was applied (or had been already), 1 with the reason when it was
rejected; every rejection is also in the security log and in the InboundMail table.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from secretariat.notify.services import receive_mail


class Command(BaseCommand):
    help = "Read an RFC 5322 message on standard input and apply it as a reply to a mail of ours."

    def handle(self, *args: Any, **options: Any) -> None:
        limit = settings.INBOUND_MAIL_MAX_BYTES
        raw = sys.stdin.buffer.read(limit + 1)
        result = receive_mail(raw, max_bytes=limit)
        if not (result.applied or result.outcome == "duplicate"):
            raise CommandError(f"Rejected: {result.reason}")
        number = f" #{result.item.number}" if result.item is not None else ""
        self.stdout.write(f"{result.outcome}{number}")
