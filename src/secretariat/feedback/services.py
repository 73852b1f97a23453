"""Every write to observer input: a visitor sending it, and staff or chairs moderating it.

Sending is open to anyone who can read the record (checked by the view through the record's
query) and limited per client address through the cache (Redis in production, so every
worker shares the counters). Moderating needs staff or chairs of the team, checks the version
the moderator saw, and records the decision in the history table (restricted: the entry names
the sender, who is not public until the input is published).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.core.errors import StaleVersion
from secretariat.core.history import diff, history_for, record_change, snapshot
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, require
from secretariat.feedback.models import Input
from secretariat.meetings.models import Meeting
from secretariat.notify.feedback import send_input_notice_task
from secretariat.notify.services import enqueue_on_commit
from secretariat.tracker.models import ActionItem

Actor = AbstractBaseUser | AnonymousUser | None

TRACKED = ("status",)
DEFAULT_LIMIT = 5  # accepted sends per address per window
DEFAULT_WINDOW = 3600  # seconds
DEFAULT_MAX_TEXT = 5000  # characters


class RateLimited(Exception):
    """This address sent too much input lately; nothing was saved."""


def max_text_length() -> int:
    return int(getattr(settings, "FEEDBACK_MAX_TEXT", DEFAULT_MAX_TEXT))


def too_long_message() -> str:
    return _("Keep your input to %(n)s characters or fewer.") % {"n": max_text_length()}


def hash_address(address: str) -> str:
    """A keyed hash of the client address: enough to count sends, useless to identify anyone."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"feedback:{address}".encode(), hashlib.sha256).hexdigest()


def _rate_key(address_hash: str) -> str:
    return f"secretariat:feedback:{address_hash}"


def is_rate_limited(address: str) -> bool:
    """True if `address` already sent the most input allowed in the current window."""
    limit = int(getattr(settings, "FEEDBACK_RATE_LIMIT", DEFAULT_LIMIT))
    return int(cache.get(_rate_key(hash_address(address)), 0)) >= limit


def count_send(address: str) -> None:
    """Count one send (kept or silently dropped) against `address`."""
    window = int(getattr(settings, "FEEDBACK_RATE_WINDOW", DEFAULT_WINDOW))
    key = _rate_key(hash_address(address))
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)


def submit_input(
    *,
    record: ActionItem | Meeting,
    name: str,
    email: str,
    text: str,
    address: str,
) -> Input:
    """Save a visitor's input on `record` as pending, or raise RateLimited / ValidationError.

    The caller has already read `record` as the visitor (so it is one they may see).
    """
    if is_rate_limited(address):
        raise RateLimited
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give your name.")
    if not email.strip():
        errors["email"] = _("Give an e-mail address staff can answer.")
    if not text.strip():
        errors["text"] = _("Write your input.")
    elif len(text) > max_text_length():
        errors["text"] = too_long_message()
    if errors:
        raise ValidationError(errors)
    about: dict[str, ActionItem | Meeting | None] = (
        {"action_item": record, "meeting": None}
        if isinstance(record, ActionItem)
        else {"action_item": None, "meeting": record}
    )
    with transaction.atomic():
        item = Input.objects.create(
            team=record.team,
            name=name.strip(),
            email=email.strip(),
            text=text.strip(),
            address_hash=hash_address(address),
            **about,
        )
        record_change(
            obj=item,
            action="feedback.input.sent",
            by=None,
            changes={"status": [None, item.status]},
            team_id=item.team_id,
            version=item.version,
            visibility=Visibility.RESTRICTED,
        )
        enqueue_on_commit(send_input_notice_task, input_id=item.pk)
    count_send(address)
    return item


def drop_spam(address: str) -> None:
    """A send with the honeypot filled: nothing is saved, but it counts against the address."""
    count_send(address)


def moderate_input(*, item: Input, by: Actor, expected_version: int | None, publish: bool) -> Input:
    """Publish or reject `item`; staff and chairs of its team only."""
    with transaction.atomic():
        current = (
            Input.objects.select_for_update(of=("self",)).select_related("team").get(pk=item.pk)
        )
        require(by, Action.SET_VISIBILITY, team=current.team)
        if expected_version is not None and current.version != expected_version:
            since = [
                e
                for e in history_for(current)
                if e.version is not None and e.version > expected_version
            ]
            raise StaleVersion(
                current=current, expected_version=expected_version, changes_since=since
            )
        before = snapshot(current, TRACKED)
        current.status = Input.Status.PUBLISHED if publish else Input.Status.REJECTED
        changes = diff(before, snapshot(current, TRACKED))
        if not changes:
            return current
        current.moderated_by = by if isinstance(by, User) else None
        current.moderated_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "moderated_by", "moderated_at", "version"])
        record_change(
            obj=current,
            action="feedback.input.published" if publish else "feedback.input.rejected",
            by=by,
            changes=changes,
            team_id=current.team_id,
            version=current.version,
            visibility=Visibility.RESTRICTED,
        )
    return current
