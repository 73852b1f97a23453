"""Sign-in through an OpenID Connect provider, against a small provider run on loopback.

The provider below is a real HTTP server in a thread: a discovery document, an authorize
endpoint that redirects back with a code, a token endpoint that checks the client's secret and
the PKCE verifier and issues an RS256-signed ID token, and its JWKS. Each test says what the
provider will vouch for (or how it will misbehave) and drives the browser's part with the test
client.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from secretariat.core.models import ExternalIdentity, SecurityEvent
from secretariat.teams.models import Person, Role, Team
from tests.factories import make_member

CLIENT_ID = "secretariat-ssr2"
CLIENT_SECRET = "s3cret-shared-with-the-provider-2017"
SITE_URL = "https://secretariat.example.org"


@dataclass
class ProviderState:
    """What the test provider will put in the next ID token, and what it saw."""

    issuer: str = ""
    claims: dict[str, Any] = field(default_factory=dict)
    signing_key: Any = None
    published_key: Any = None
    algorithm: str = "RS256"
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)


def _handler(state: ProviderState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, body: object, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(
                    {
                        "issuer": state.issuer,
                        "authorization_endpoint": f"{state.issuer}/authorize",
                        "token_endpoint": f"{state.issuer}/token",
                        "jwks_uri": f"{state.issuer}/jwks",
                        "response_types_supported": ["code"],
                        "subject_types_supported": ["public"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                )
            elif url.path == "/jwks":
                jwk = json.loads(RSAAlgorithm.to_jwk(state.published_key.public_key()))
                self._json({"keys": [{**jwk, "kid": "key-2017", "use": "sig", "alg": "RS256"}]})
            elif url.path == "/authorize":
                query = dict(urllib.parse.parse_qsl(url.query))
                code = f"code-{len(state.codes) + 1}"
                state.codes[code] = query
                back = urllib.parse.urlencode({"code": code, "state": query["state"]})
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{back}")
                self.end_headers()
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            state.token_requests.append(form)
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                self._json({"error": "invalid_client"}, 401)
                return
            started = state.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if started is None or started["code_challenge"] != challenge:
                self._json({"error": "invalid_grant"}, 400)
                return
            now = int(time.time())
            claims = {
                "iss": state.issuer,
                "aud": CLIENT_ID,
                "sub": "248289761001",
                "iat": now,
                "exp": now + 300,
                "nonce": started["nonce"],
                **state.claims,
            }
            token = jwt.encode(
                claims, state.signing_key, algorithm=state.algorithm, headers={"kid": "key-2017"}
            )
            self._json({"access_token": "at", "token_type": "Bearer", "id_token": token})

    return Handler


_KEYS: list[Any] = []


def _rsa_key() -> Any:
    """RSA keys are slow to make: two for the whole module (the provider's and an impostor's)."""
    if len(_KEYS) < 2:
        _KEYS.extend(rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in "ab")
    return _KEYS


@pytest.fixture
def oidc_provider(settings: Any) -> Iterator[ProviderState]:
    key, _impostor = _rsa_key()
    state = ProviderState(signing_key=key, published_key=key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OIDC_ISSUER = state.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "ICANN Account"
    settings.SITE_URL = SITE_URL
    cache.clear()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def denise(team: Team) -> Person:
    return make_member(team, "Denise Michel", Role.MEMBER, time_zone="America/Los_Angeles")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def sign_in_through_provider(client: Client, *, next_url: str = "") -> Any:
    """The browser's round trip: our login → the provider's authorize → our callback."""
    start = client.get("/account/oidc/login/", {"next": next_url} if next_url else {})
    assert start.status_code == 302, start
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(start["Location"], timeout=5)
    except urllib.error.HTTPError as redirect:
        back = redirect.headers["Location"]
    else:  # pragma: no cover - the provider always redirects
        raise AssertionError("the provider did not redirect back")
    assert back.startswith(f"{SITE_URL}/account/oidc/callback/?")
    return client.get(back.removeprefix(SITE_URL))


def signed_in_user(client: Client) -> User | None:
    response = client.get("/account/")
    return response.context["user"] if response.status_code == 200 else None


def test_the_login_page_offers_the_provider_only_when_configured(
    client: Client, settings: Any
) -> None:
    settings.OIDC_ISSUER = ""
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()
    off = client.get("/account/oidc/login/")
    assert off.status_code == 302
    assert off["Location"] == "/accounts/login/"

    settings.OIDC_ISSUER = "https://login.example.org"
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_PROVIDER_NAME = "ICANN Account"
    page = client.get("/accounts/login/", {"next": "/ssr2/actions/"}).content.decode()
    assert (
        '<a href="/account/oidc/login/?next=%2Fssr2%2Factions%2F">Sign in with ICANN Account</a>'
        in page
    )


def test_a_verified_address_signs_in_the_account_that_has_it(
    oidc_provider: ProviderState, denise: Person
) -> None:
    oidc_provider.claims = {"email": "Denise.Michel@example.org", "email_verified": True}
    client = Client()

    response = sign_in_through_provider(client, next_url="/ssr2/actions/")

    assert response.status_code == 302
    assert response["Location"] == "/ssr2/actions/"
    assert signed_in_user(client) == denise.user
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGNED_IN).get()
    assert event.user == denise.user
    assert event.detail == {"method": "oidc", "issuer": oidc_provider.issuer}
    # the provider got the PKCE verifier and the redirect URI it was given at the start
    (token_request,) = oidc_provider.token_requests
    assert token_request["redirect_uri"] == f"{SITE_URL}/account/oidc/callback/"
    assert token_request["grant_type"] == "authorization_code"


def test_a_token_claiming_staff_rights_grants_none_and_creates_no_account(
    oidc_provider: ProviderState, denise: Person
) -> None:
    oidc_provider.claims = {
        "email": "denise.michel@example.org",
        "email_verified": True,
        "is_staff": True,
        "is_superuser": True,
        "groups": ["staff", "admin"],
        "preferred_username": "admin",
    }
    users_before = User.objects.count()

    sign_in_through_provider(client := Client())

    assert signed_in_user(client) == denise.user
    user = User.objects.get(pk=denise.user_id)
    assert (user.is_staff, user.is_superuser, user.username) == (False, False, "denise.michel")
    assert User.objects.count() == users_before
    assert client.get("/admin/").status_code == 302  # still not let into the admin


@pytest.mark.parametrize(
    ("claims", "shown"),
    [
        pytest.param(
            {"email": "denise.michel@example.org", "email_verified": False},
            "did not confirm a verified e-mail address",
            id="unverified-address",
        ),
        pytest.param(
            {"email": "denise.michel@example.org"},
            "did not confirm a verified e-mail address",
            id="no-verified-claim",
        ),
        pytest.param(
            {"email": "kc.claffy@caida.org", "email_verified": True},
            "No single account here has the address kc.claffy@caida.org",
            id="unknown-address",
        ),
        pytest.param(
            {"email": "denise.michel@example.org", "email_verified": True, "aud": "another-app"},
            "could not be verified",
            id="token-for-another-client",
        ),
        pytest.param(
            {"email": "denise.michel@example.org", "email_verified": True, "exp": 1_500_000_000},
            "could not be verified",
            id="expired-token",
        ),
        pytest.param(
            {"email": "denise.michel@example.org", "email_verified": True, "iss": "https://evil"},
            "could not be verified",
            id="another-issuer",
        ),
        pytest.param(
            {"email": "denise.michel@example.org", "email_verified": True, "nonce": "replayed"},
            "not issued for this sign-in",
            id="wrong-nonce",
        ),
    ],
)
def test_a_token_that_does_not_check_out_signs_nobody_in(
    oidc_provider: ProviderState, denise: Person, claims: dict[str, Any], shown: str
) -> None:
    oidc_provider.claims = claims
    users_before = User.objects.count()
    client = Client()

    response = sign_in_through_provider(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert signed_in_user(client) is None
    assert shown in client.get("/accounts/login/").content.decode()
    assert User.objects.count() == users_before
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGNED_IN).exists()
    failed = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGN_IN_FAILED)
    assert failed.detail == {"method": "oidc", "reason": "token"}


def test_a_token_signed_by_another_key_is_refused(
    oidc_provider: ProviderState, denise: Person
) -> None:
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}
    oidc_provider.signing_key = _rsa_key()[1]  # an impostor's key, same kid

    sign_in_through_provider(client := Client())

    assert signed_in_user(client) is None
    assert "could not be verified" in client.get("/accounts/login/").content.decode()


def test_a_token_with_a_shared_secret_signature_is_refused(
    oidc_provider: ProviderState, denise: Person
) -> None:
    # HS256 with the client secret is what an attacker who learns the secret could forge.
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}
    oidc_provider.signing_key = CLIENT_SECRET
    oidc_provider.algorithm = "HS256"

    sign_in_through_provider(client := Client())

    assert signed_in_user(client) is None
    assert "not accepted here" in client.get("/accounts/login/").content.decode()


def test_an_address_two_accounts_share_or_an_inactive_account_is_refused(
    oidc_provider: ProviderState, team: Team, denise: Person
) -> None:
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}
    impostor = make_member(team, "Denise Michel Two", Role.MEMBER)
    assert impostor.user is not None
    impostor.user.email = "DENISE.MICHEL@example.org"
    impostor.user.save()

    sign_in_through_provider(client := Client())
    assert signed_in_user(client) is None

    impostor.user.email = "denise.two@example.org"
    impostor.user.save()
    assert denise.user is not None
    denise.user.is_active = False
    denise.user.save()
    sign_in_through_provider(client := Client())
    assert signed_in_user(client) is None


def test_a_callback_the_site_did_not_start_is_refused(
    oidc_provider: ProviderState, denise: Person
) -> None:
    # Login CSRF: an attacker sends the victim to the callback with the attacker's own code.
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}
    client = Client()

    response = client.get("/account/oidc/callback/", {"code": "code-1", "state": "forged"})

    assert response["Location"] == "/accounts/login/"
    assert signed_in_user(client) is None
    assert oidc_provider.token_requests == []  # the code was never even exchanged
    failed = SecurityEvent.objects.get(kind=SecurityEvent.Kind.SIGN_IN_FAILED)
    assert failed.detail == {"method": "oidc", "reason": "state"}


def test_next_cannot_send_the_browser_to_another_site(
    oidc_provider: ProviderState, denise: Person
) -> None:
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}

    response = sign_in_through_provider(Client(), next_url="https://evil.example.net/")

    assert response["Location"] == "/"


def test_the_first_sign_in_links_the_identity_and_a_later_change_of_address_keeps_it(
    oidc_provider: ProviderState, denise: Person
) -> None:
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}
    sign_in_through_provider(Client())
    link = ExternalIdentity.objects.get()
    assert (link.user, link.issuer, link.subject, link.email) == (
        denise.user,
        oidc_provider.issuer,
        "248289761001",
        "denise.michel@example.org",
    )

    # She changed her address at the provider; the link still finds her account.
    oidc_provider.claims = {"email": "denise@michel-consulting.example", "email_verified": True}
    sign_in_through_provider(client := Client())
    assert signed_in_user(client) == denise.user
    assert ExternalIdentity.objects.count() == 1


def test_an_address_handed_to_another_identity_at_the_provider_signs_nobody_in(
    oidc_provider: ProviderState, denise: Person
) -> None:
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}
    sign_in_through_provider(Client())

    # The provider reassigned the address to someone else (another subject).
    oidc_provider.claims = {
        "sub": "990011223344",
        "email": "denise.michel@example.org",
        "email_verified": True,
    }
    sign_in_through_provider(client := Client())

    assert signed_in_user(client) is None
    assert "signs in with another identity at this provider" in (
        client.get("/accounts/login/").content.decode()
    )
    assert list(ExternalIdentity.objects.values_list("subject", flat=True)) == ["248289761001"]
    refused = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.SIGN_IN_FAILED).get()
    assert refused.detail == {"method": "oidc", "reason": "token"}


def test_a_linked_identity_of_a_closed_account_signs_nobody_in(
    oidc_provider: ProviderState, denise: Person
) -> None:
    oidc_provider.claims = {"email": "denise.michel@example.org", "email_verified": True}
    sign_in_through_provider(Client())
    assert denise.user is not None
    denise.user.is_active = False
    denise.user.save()

    sign_in_through_provider(client := Client())

    assert signed_in_user(client) is None
    assert "linked to this identity is closed" in client.get("/accounts/login/").content.decode()
