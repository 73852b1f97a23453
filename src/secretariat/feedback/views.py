"""Screens of observer input: the form under an action item or a meeting, and staff's queue
(/<team>/input/). Reads go through feedback.queries, writes through feedback.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from secretariat.core.clients import client_address
from secretariat.core.errors import StaleVersion
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.feedback import queries, services
from secretariat.feedback.forms import InputForm, ModerateForm
from secretariat.feedback.models import Input
from secretariat.meetings.models import Meeting
from secretariat.meetings.queries import get_meeting
from secretariat.teams.queries import get_team
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import get_action_item

THANKS = _("Thank you. Your input was received; it appears here once staff have read it.")


def _record_url(record: ActionItem | Meeting) -> str:
    name = "tracker:detail" if isinstance(record, ActionItem) else "meetings:detail"
    return reverse(name, kwargs={"team": record.team.slug, "number": record.number}) + "#input"


def _send(request: HttpRequest, record: ActionItem | Meeting) -> HttpResponse:
    form = InputForm(request.POST)
    address = client_address(request)
    back = _record_url(record)
    status = 400
    if form.is_spam:
        # Said the same as a real send, so a robot learns nothing; nothing is kept.
        services.drop_spam(address)
        messages.success(request, THANKS)
        return redirect(back)
    if form.is_valid():
        try:
            services.submit_input(
                record=record,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                text=form.cleaned_data["text"],
                address=address,
            )
        except services.RateLimited:
            form.add_error(
                None,
                _("You sent a lot of input in a short time. Wait an hour and try again."),
            )
            status = 429
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, THANKS)
            return redirect(back)
    kind = "item" if isinstance(record, ActionItem) else "meeting"
    context = {"team": record.team, "record": record, "kind": kind, "form": form, "back": back}
    return render(request, "feedback/form.html", context, status=status)


@require_POST
def item_input(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    item = get_action_item(viewer=request.user, team=team_obj, number=number)
    return _send(request, item)


@require_POST
def meeting_input(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = get_meeting(viewer=request.user, team=team_obj, number=number)
    return _send(request, meeting)


@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    allowed = queries.may_moderate(viewer=request.user, team=team_obj)
    if refusal := refuse_unless(allowed, request, _("Only staff and chairs moderate input.")):
        return refusal
    status = 200
    if request.method == "POST":
        form = ModerateForm(request.POST)
        status = 400
        if form.is_valid():
            item = queries.get_input(team=team_obj, pk=form.cleaned_data["input"])
            publish = form.cleaned_data["decision"] == "publish"
            try:
                services.moderate_input(
                    item=item,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    publish=publish,
                )
            except StaleVersion as exc:
                messages.error(request, str(exc))
                status = 409
            else:
                messages.success(
                    request,
                    _("Input from %(name)s published.") % {"name": item.name}
                    if publish
                    else _("Input from %(name)s rejected.") % {"name": item.name},
                )
                return redirect("feedback:queue", team=team_obj.slug)
        else:
            messages.error(request, _("Choose the input and whether to publish or reject it."))
    context = {
        "team": team_obj,
        "pending": queries.moderation_queue(team=team_obj),
        "recent": queries.moderation_queue(team=team_obj, status=Input.Status.PUBLISHED)[:20],
    }
    return render(request, "feedback/queue.html", context, status=status)
