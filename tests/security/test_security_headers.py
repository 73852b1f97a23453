"""Every response carries the security headers; production settings pass Django's deploy check."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.test import Client

from secretariat.teams.models import Person, Team
from tests.conftest import client_for
from tests.factories import make_item

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/", "/ssr2/actions/", "/ssr2/actions/1/", "/accounts/login/", "/ssr2/actions/999/"]
)
def test_pages_send_a_strict_content_security_policy(team: Team, client: Client, path: str) -> None:
    make_item(team, "Share links to relevant articles regarding threat mitigation.")

    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy
    assert "base-uri 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_has_inline_script(team: Team, staff: Person) -> None:
    make_item(team, "Share links to relevant articles regarding threat mitigation.")
    client = client_for(staff)

    for path in (
        "/",
        "/ssr2/actions/",
        "/ssr2/actions/1/",
        "/ssr2/actions/new/",
        "/ssr2/actions/1/edit/",
        "/account/",
    ):
        body = client.get(path).content.decode()
        for tag in body.split("<script")[1:]:
            assert "src=" in tag.split(">")[0], f"inline script on {path}"
        assert "<style" not in body
        assert " style=" not in body


def test_production_settings_pass_the_deploy_check(tmp_path: object) -> None:
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRETARIAT_HTTPS": "1",
        "ALLOWED_HOSTS": "secretariat.example.org",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECRETARIAT_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)

    result = subprocess.run(
        [sys.executable, "-m", "secretariat", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_https_settings_mark_cookies_secure_and_host_only(settings: object, staff: Person) -> None:
    from django.conf import settings as live

    settings.SESSION_COOKIE_SECURE = True  # type: ignore[attr-defined]
    settings.SESSION_COOKIE_NAME = "__Host-session"  # type: ignore[attr-defined]
    client = Client()
    client.post(
        "/accounts/login/",
        {"username": "jennifer.bryce", "password": "correct horse battery staple"},
        secure=True,
    )

    cookie = client.cookies[live.SESSION_COOKIE_NAME]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
