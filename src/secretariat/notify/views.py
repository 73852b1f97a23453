"""Notification screens and endpoints: reminder settings, one-click unsubscribe, the inbound
mail endpoint, and the staff actions that send a meeting's invitation or its actions & decisions.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from secretariat.core.permissions import Action, can
from secretariat.meetings.models import Meeting
from secretariat.meetings.queries import get_meeting
from secretariat.notify import queries, services
from secretariat.notify.forms import ReminderPreferenceForm
from secretariat.notify.mail import read_unsubscribe_token
from secretariat.teams.models import Person
from secretariat.teams.queries import get_team, person_of


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None:
        raise Http404
    preference = queries.preference_of(person)
    if request.method == "POST":
        form = ReminderPreferenceForm(request.POST)
        if form.is_valid():
            try:
                services.set_reminder_preference(
                    person=person, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Your reminder settings are saved."))
                return HttpResponseRedirect(reverse("notify:reminders"))
        return render(
            request, "notify/reminders.html", {"form": form, "person": person}, status=400
        )
    initial = {name: getattr(preference, name) for name in services.PREFERENCE_FIELDS}
    form = ReminderPreferenceForm(initial=initial)
    return render(request, "notify/reminders.html", {"form": form, "person": person})


# Mail programs send the RFC 8058 one-click POST without a session or CSRF token: the signed
# token in the address is the authority, and all it can do is stop that person's reminders.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        person_id = read_unsubscribe_token(token)
    except (signing.BadSignature, ValueError):
        raise Http404 from None
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    if request.method == "POST":
        services.unsubscribe(person=person)
        return render(request, "notify/unsubscribe.html", {"done": True, "token": token})
    return render(request, "notify/unsubscribe.html", {"done": False, "token": token})


@csrf_exempt
@require_POST
def inbound_mail(request: HttpRequest) -> HttpResponse:
    """A raw RFC 5322 message from the MTA, authenticated by the X-Inbound-Secret header."""
    secret = settings.INBOUND_MAIL_SECRET
    given = request.headers.get("X-Inbound-Secret", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        services.security_log.warning("Inbound mail endpoint called without the right secret.")
        return JsonResponse({"error": "forbidden"}, status=403)
    limit = settings.INBOUND_MAIL_MAX_BYTES
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        services.security_log.warning(
            "Inbound mail of %s bytes refused (limit %s).", declared, limit
        )
        return JsonResponse({"outcome": "rejected", "reason": "too large"}, status=413)
    raw = request.read(limit + 1)
    result = services.receive_mail(raw, max_bytes=limit)
    status = 200 if result.applied or result.outcome == "duplicate" else 422
    return JsonResponse(
        {
            "outcome": result.outcome,
            "reason": result.reason,
            "item": result.item.number if result.item is not None and result.applied else None,
        },
        status=status,
    )


def _meeting_for_staff(request: HttpRequest, team: str, number: int) -> Meeting | HttpResponse:
    """The meeting if the viewer may send its mail (staff, chairs); else a sign-in or 403."""
    team_obj = get_team(team)
    meeting = get_meeting(viewer=request.user, team=team_obj, number=number)
    if can(request.user, Action.EDIT, team=team_obj, record=meeting):
        return meeting
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied(_("Only staff and chairs can send mail for a meeting."))


@require_POST
def meeting_invite(request: HttpRequest, team: str, number: int) -> HttpResponse:
    meeting = _meeting_for_staff(request, team, number)
    if isinstance(meeting, HttpResponse):
        return meeting
    detail = reverse("meetings:detail", args=[team, number])
    try:
        invitation = services.send_meeting_invitation(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(detail)
    messages.success(
        request,
        _("The invitation (sequence %(sequence)s) is on its way to the team.")
        % {"sequence": invitation.sequence},
    )
    return HttpResponseRedirect(detail)


@require_POST
def meeting_send_actions(request: HttpRequest, team: str, number: int) -> HttpResponse:
    meeting = _meeting_for_staff(request, team, number)
    if isinstance(meeting, HttpResponse):
        return meeting
    services.send_actions_and_decisions(meeting=meeting, by=request.user)
    messages.success(request, _("The actions & decisions mail is on its way to the team."))
    return HttpResponseRedirect(reverse("meetings:detail", args=[team, number]))
