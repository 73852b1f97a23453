"""Reads of API tokens: a person's own list, and finding the token a request carries."""

from __future__ import annotations

import hmac

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from secretariat.api.models import ApiToken
from secretariat.api.services import TOKEN_PREFIX, hash_token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def own_token(*, user: User, pk: int) -> ApiToken:
    """One of `user`'s tokens, or 404 (someone else's token is as absent as a missing one)."""
    return get_object_or_404(ApiToken, pk=pk, user=user)


def token_for(raw: str) -> ApiToken | None:
    """The usable token whose secret is `raw`, with its account; None if unknown, revoked or expired."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    prefix, sep, _secret = raw[len(TOKEN_PREFIX) :].partition("_")
    if not sep or not prefix or len(prefix) > 16:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(raw)):
        return None
    if not token.is_usable() or not token.user.is_active:
        return None
    return token
