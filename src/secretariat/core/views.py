"""Site-wide pages: the list of teams, and a person's own account."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.views import PasswordChangeView, PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from secretariat.core.accounts import sign_out_everywhere
from secretariat.core.audit import log_security_event
from secretariat.core.models import SecurityEvent
from secretariat.teams.queries import all_teams


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"teams": all_teams()})


@require_safe
@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    events = SecurityEvent.objects.filter(user=user).order_by("-created_at", "-id")[:20]
    return render(request, "core/account.html", {"events": events})


@require_POST
@login_required
def account_sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # login_required
    ended = sign_out_everywhere(user=user, request=request)
    logout(request)
    messages.success(request, _("Signed out of %(count)s sessions.") % {"count": ended})
    return redirect("login")


class AuditedPasswordResetView(PasswordResetView):
    """Django's reset-by-mail, with the request kept in the audit trail (never the address's owner)."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        log_security_event(
            kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED, request=self.request, detail={}
        )
        return super().form_valid(form)


class AuditedPasswordChangeView(PasswordChangeView):
    """Django's password change (other sessions end: their auth hash no longer matches), audited."""

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        log_security_event(
            kind=SecurityEvent.Kind.PASSWORD_CHANGED, request=self.request, user=self.request.user
        )
        return response
