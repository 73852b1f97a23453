"""Optional sign-in through an OpenID Connect provider (authorization code flow with PKCE).

Off unless OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set. At the first sign-in the
provider only vouches for an e-mail address: the identity is matched to the one active account
whose address (on the account or on its person) equals the provider's *verified* address, and
the account is then linked to the identity's subject (ExternalIdentity), which finds it from
then on. Nothing is created from a token and no claim changes anyone's rights: an address nobody
here has, an unverified address, an address shared by two accounts, or the address of an account
already linked to another identity at the provider is refused. Every attempt lands in the
security audit trail (SecurityEvent) with the method "oidc".

The ID token is checked here, not trusted: its signature against the provider's published keys
(RS256/ES256 only, never "none" or a shared secret), issuer, audience, expiry and the nonce kept
in the session; the `state` kept in the session guards the callback against forged sign-ins.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from secretariat.core.audit import log_security_event
from secretariat.core.models import ExternalIdentity, SecurityEvent

SESSION_KEY = "oidc_pending"
ALGORITHMS = ["RS256", "ES256"]
TIMEOUT = 10  # seconds for each call to the provider
LEEWAY = 60  # seconds of clock difference tolerated on exp/iat
METHOD = "oidc"


class OIDCError(Exception):
    """A sign-in through the provider that cannot go on; the message is safe to show."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    name: str


def provider() -> Provider | None:
    """The configured provider, or None when OpenID Connect sign-in is off."""
    issuer = (getattr(settings, "OIDC_ISSUER", "") or "").rstrip("/")
    client_id = getattr(settings, "OIDC_CLIENT_ID", "") or ""
    secret = getattr(settings, "OIDC_CLIENT_SECRET", "") or ""
    if not (issuer and client_id and secret):
        return None
    name = getattr(settings, "OIDC_PROVIDER_NAME", "") or urllib.parse.urlsplit(issuer).hostname
    return Provider(issuer=issuer, client_id=client_id, client_secret=secret, name=str(name))


def _check_url(url: str) -> str:
    """Only https, or http to this machine (a provider run next to the app or in the tests)."""
    parts = urllib.parse.urlsplit(url)
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise OIDCError(_("The sign-in provider's address must use https."))
    return url


def _fetch_json(url: str, *, data: dict[str, str] | None = None, auth: str = "") -> Any:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(_check_url(url), data=body)  # noqa: S310 (scheme checked)
    request.add_header("Accept", "application/json")
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310  # nosec B310
            return json.loads(response.read(1_000_000))
    except (OSError, ValueError) as error:
        raise OIDCError(_("The sign-in provider could not be reached.")) from error


def discovery(config: Provider) -> dict[str, Any]:
    """The provider's discovery document (cached for an hour), checked to name our issuer."""
    key = "oidc-discovery:" + hashlib.sha256(config.issuer.encode()).hexdigest()[:32]
    document = cache.get(key)
    if document is None:
        document = _fetch_json(f"{config.issuer}/.well-known/openid-configuration")
        if (
            not isinstance(document, dict)
            or document.get("issuer", "").rstrip("/") != config.issuer
        ):
            raise OIDCError(_("The sign-in provider describes another issuer."))
        for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            _check_url(str(document.get(field, "")))
        cache.set(key, document, 3600)
    return dict(document)


def _redirect_uri() -> str:
    return f"{settings.SITE_URL}{reverse('oidc_callback')}"


def _pkce_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def verify_id_token(
    config: Provider, document: dict[str, Any], token: str, nonce: str
) -> dict[str, Any]:
    """The ID token's claims, once its signature, issuer, audience, expiry and nonce check out."""
    import jwt  # PyJWT[crypto]: needed only when OpenID Connect sign-in is configured

    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") not in ALGORITHMS:
            raise OIDCError(_("The sign-in provider's token is signed in a way not accepted here."))
        keys = jwt.PyJWKSet.from_dict(_fetch_json(str(document["jwks_uri"])))
        matching = [k for k in keys.keys if k.key_id == header.get("kid")] or (
            keys.keys if header.get("kid") is None and len(keys.keys) == 1 else []
        )
        if not matching:
            raise OIDCError(_("The sign-in provider's token is signed with an unknown key."))
        claims: dict[str, Any] = jwt.decode(
            token,
            key=matching[0],
            algorithms=ALGORITHMS,
            audience=config.client_id,
            issuer=str(document["issuer"]),
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
    except jwt.PyJWTError as error:
        raise OIDCError(_("The sign-in provider's token could not be verified.")) from error
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OIDCError(_("The sign-in provider's token was not issued for this sign-in."))
    return claims


def account_for(claims: dict[str, Any], *, issuer: str) -> User:
    """The account this identity signs in: the one linked to its subject at the provider, or
    else the one active account whose e-mail is the token's verified address (then linked)."""
    subject = str(claims.get("sub") or "").strip()
    if not subject:
        raise OIDCError(_("The sign-in provider sent no identity."))
    now = timezone.now()
    linked = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if linked is not None:
        if not linked.user.is_active:
            raise OIDCError(_("The account linked to this identity is closed."))
        ExternalIdentity.objects.filter(pk=linked.pk).update(last_used_at=now)
        return linked.user
    email = str(claims.get("email") or "").strip()
    if not email or claims.get("email_verified") is not True:
        raise OIDCError(_("The sign-in provider did not confirm a verified e-mail address."))
    users = list(
        User.objects.filter(Q(email__iexact=email) | Q(person__email__iexact=email))
        .filter(is_active=True)
        .distinct()[:2]
    )
    if len(users) != 1:
        raise OIDCError(
            _("No single account here has the address %(email)s. Ask the staff to add it.")
            % {"email": email}
        )
    user = users[0]
    if ExternalIdentity.objects.filter(issuer=issuer, user=user).exists():
        # The address now belongs to another identity at the provider than the one this
        # account signed in with: a reassigned address must not carry the account with it.
        raise OIDCError(
            _(
                "The account with the address %(email)s signs in with another identity at "
                "this provider. Ask the staff to check it."
            )
            % {"email": email}
        )
    try:
        with transaction.atomic():
            ExternalIdentity.objects.create(
                user=user, issuer=issuer, subject=subject, email=email, linked_at=now
            )
    except IntegrityError:
        # Two first sign-ins at once: the other one linked it.
        raise OIDCError(_("This sign-in was already completed. Try again.")) from None
    return user


def _refuse(
    request: HttpRequest, error: OIDCError, *, username: str = "", reason: str
) -> HttpResponse:
    log_security_event(
        kind=SecurityEvent.Kind.SIGN_IN_FAILED,
        request=request,
        username=username,
        detail={"method": METHOD, "reason": reason},
    )
    messages.error(request, str(error))
    return redirect("login")


@require_safe
def oidc_login(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider, with a fresh state, nonce and PKCE verifier."""
    config = provider()
    if config is None:
        messages.error(request, _("Sign-in through another provider is not set up here."))
        return redirect("login")
    try:
        document = discovery(config)
    except OIDCError as error:
        messages.error(request, str(error))
        return redirect("login")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    pending = {
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),
        "next": next_url,
    }
    request.session[SESSION_KEY] = pending
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": config.client_id,
            "redirect_uri": _redirect_uri(),
            "scope": "openid email profile",
            "state": pending["state"],
            "nonce": pending["nonce"],
            "code_challenge": _pkce_challenge(pending["verifier"]),
            "code_challenge_method": "S256",
        }
    )
    endpoint = str(document["authorization_endpoint"])
    separator = "&" if "?" in endpoint else "?"
    return HttpResponseRedirect(f"{endpoint}{separator}{query}")


@require_safe
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser back: check everything, then sign the account in."""
    config = provider()
    if config is None:
        messages.error(request, _("Sign-in through another provider is not set up here."))
        return redirect("login")
    pending = request.session.pop(SESSION_KEY, None)
    state = request.GET.get("state", "")
    if not isinstance(pending, dict) or not secrets.compare_digest(
        state, str(pending.get("state", ""))
    ):
        return _refuse(
            request,
            OIDCError(_("This sign-in was not started here, or has already been used. Try again.")),
            reason="state",
        )
    if "error" in request.GET or not request.GET.get("code"):
        return _refuse(
            request, OIDCError(_("The sign-in provider did not sign you in.")), reason="denied"
        )
    claims: dict[str, Any] = {}
    try:
        document = discovery(config)
        basic = base64.b64encode(
            f"{urllib.parse.quote(config.client_id, safe='')}:"
            f"{urllib.parse.quote(config.client_secret, safe='')}".encode()
        ).decode()
        tokens = _fetch_json(
            str(document["token_endpoint"]),
            data={
                "grant_type": "authorization_code",
                "code": request.GET["code"],
                "redirect_uri": _redirect_uri(),
                "code_verifier": str(pending["verifier"]),
            },
            auth=f"Basic {basic}",
        )
        if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
            raise OIDCError(_("The sign-in provider sent no identity."))
        claims = verify_id_token(config, document, tokens["id_token"], str(pending["nonce"]))
        user = account_for(claims, issuer=config.issuer)
    except OIDCError as error:
        return _refuse(request, error, username=str(claims.get("email", "")), reason="token")
    # The audit row written on sign-in (core.signals) records how: see `security_detail`.
    request.security_detail = {"method": METHOD, "issuer": config.issuer}  # type: ignore[attr-defined]
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(pending.get("next") or settings.LOGIN_REDIRECT_URL)
