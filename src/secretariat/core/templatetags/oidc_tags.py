"""The login page's "Sign in with <provider>" link, shown only when OpenID Connect is set up."""

from __future__ import annotations

from django import template

from secretariat.core.oidc import provider

register = template.Library()


@register.simple_tag
def oidc_provider_name() -> str:
    """The configured provider's name, or "" when OpenID Connect sign-in is off."""
    config = provider()
    return config.name if config is not None else ""
