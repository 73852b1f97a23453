"""The signed-in person's API tokens page: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from secretariat.api import queries, services
from secretariat.api.forms import TokenForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    form = TokenForm(request.POST or None)
    new_token: services.NewToken | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new_token = services.create_api_token(user=user, **form.service_values())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        if new_token is None:
            status = 400
        else:
            form = TokenForm()
    context = {"form": form, "tokens": queries.tokens_of(user), "new_token": new_token}
    # The new secret is in this response only: rendered, never redirected to or stored.
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = cast("User", request.user)
    token = queries.own_token(user=user, pk=pk)
    services.revoke_api_token(token=token, by=user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:tokens")
