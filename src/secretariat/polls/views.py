"""Poll screens: the team's polls under /<team>/polls/ (staff create and schedule), and the
personal answer page under /polls/answer/<token>/ (no account needed)."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from secretariat.core.permissions import Action, can
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.polls import queries, services
from secretariat.polls.forms import ZONES, AnswerForm, PollForm, ScheduleForm
from secretariat.teams.queries import get_team


@require_safe
def poll_list(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    context = {
        "team": team_obj,
        "polls": queries.visible_polls(viewer=request.user, team=team_obj),
        "can_create": can(request.user, Action.CREATE, team=team_obj),
    }
    return render(request, "polls/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def poll_create(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    refusal = refuse_unless(
        can(request.user, Action.CREATE, team=team_obj), request, _("Only staff start polls.")
    )
    if refusal:
        return refusal
    form = PollForm(request.POST or None, team=team_obj)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            zone = data["time_zone"]
            closes_at = data["closes_at"]
            if closes_at is not None:
                closes_at = closes_at.replace(tzinfo=zoneinfo.ZoneInfo(zone))
            poll = services.create_poll(
                team=team_obj,
                by=request.user,
                title=data["title"],
                description=data["description"],
                time_zone=zone,
                slots=services.parse_slots(data["slots"], time_zone=zone),
                people=list(data["people"]),
                guests=services.parse_guests(data["guests"]),
                closes_at=closes_at,
                visibility=data["visibility"],
            )
        except (ValidationError, zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                apply_errors(form, exc)
            else:
                form.add_error("time_zone", _("%(zone)s is not a time zone.") % {"zone": zone})
        else:
            messages.success(request, _("Poll started."))
            return redirect("polls:detail", team_obj.slug, poll.pk)
    return render(request, "polls/form.html", {"team": team_obj, "form": form})


def _detail(
    request: HttpRequest, team: str, pk: int, form: ScheduleForm | None = None
) -> HttpResponse:
    team_obj = get_team(team)
    poll = queries.get_poll(viewer=request.user, team=team_obj, pk=pk)
    can_edit = can(request.user, Action.EDIT, team=team_obj, record=poll)
    result = queries.results(poll)
    labels = {r.slot.pk: queries.slot_in_zone(r.slot, poll.time_zone) for r in result.slots}
    links = []
    if can_edit:
        links = [
            (i, request.build_absolute_uri(reverse("poll_answer", args=[services.answer_token(i)])))
            for i, _row in result.rows
        ]
    context = {
        "team": team_obj,
        "poll": poll,
        "results": result,
        "labels": labels,
        "columns": [(r, labels[r.slot.pk]) for r in result.slots],
        "best": [(r, labels[r.slot.pk]) for r in result.best],
        "can_edit": can_edit,
        "links": links,
        "form": form or ScheduleForm(initial={"version": poll.version}),
    }
    return render(request, "polls/detail.html", context, status=400 if form else 200)


@require_safe
def poll_detail(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    return _detail(request, team, pk)


@require_POST
def poll_schedule(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    team_obj = get_team(team)
    poll = queries.get_poll(viewer=request.user, team=team_obj, pk=pk)
    refusal = refuse_unless(
        can(request.user, Action.EDIT, team=team_obj, record=poll),
        request,
        _("Only staff schedule the meeting."),
    )
    if refusal:
        return refusal
    form = ScheduleForm(request.POST)
    if form.is_valid():
        slot = poll.slots.filter(pk=form.cleaned_data["slot"]).first()
        try:
            if slot is None:
                raise ValidationError({"slot": _("That slot is not one of this poll's.")})
            meeting = services.schedule_meeting(
                poll=poll,
                slot=slot,
                by=request.user,
                title=form.cleaned_data["title"],
                place=form.cleaned_data["place"],
                version=form.cleaned_data["version"],
                invite=form.cleaned_data["invite"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting scheduled."))
            return redirect("meetings:detail", team_obj.slug, meeting.number)
    return _detail(request, team, pk, form)


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    invitee = services.invitee_for_token(token)
    if invitee is None:
        raise Http404("No such poll.")
    poll = invitee.poll
    zone = request.POST.get("time_zone") or request.GET.get("tz") or invitee.time_zone
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = invitee.time_zone
    labels = {s.pk: queries.slot_in_zone(s, zone) for s in poll.slots.all()}
    current = {f"slot_{a.slot_id}": a.choice for a in invitee.answers.all()}
    form = AnswerForm(
        request.POST or None,
        poll=poll,
        labels=labels,
        initial={"time_zone": zone, **current},
    )
    closed = poll.is_closed()
    status = 200
    if request.method == "POST":
        if closed:
            form.add_error(None, _("This poll is closed; answers are no longer taken."))
            status = 409
        elif form.is_valid():
            choices = {s.pk: form.cleaned_data[f"slot_{s.pk}"] for s in poll.slots.all()}
            try:
                services.record_answers(
                    invitee=invitee, choices=choices, time_zone=form.cleaned_data["time_zone"]
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                status = 400
            else:
                messages.success(request, _("Thank you, your answers are saved."))
                return redirect("poll_answer", token)
        else:
            status = 400
    context = {
        "poll": poll,
        "invitee": invitee,
        "form": form,
        "closed": closed,
        "zone": zone,
        "zones": ZONES,
    }
    return render(request, "polls/answer.html", context, status=status)
