"""What every staff screen does alike: turn away who may not act, and show a service's refusal.

Services decide (core.permissions.require, their own validation); screens only choose how a
refusal looks: a visitor is sent to sign in and come back, a signed-in person gets 403 with the
screen's own message, and a ValidationError lands on the form fields it names.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse


def refuse_unless(allowed: bool, request: HttpRequest, message: str) -> HttpResponse | None:
    """None if `allowed`; else a sign-in redirect for visitors, or PermissionDenied(message)."""
    if allowed:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(message)


def apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form fields it names (the rest on the form)."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)
