"""Poll screens: the team's polls under /<team>/polls/ (staff create, close early, move the
closing date, invite more people, resend a person's link and schedule), and the personal
answer page under /polls/answer/<token>/ (no account needed)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from secretariat.core.errors import StaleVersion
from secretariat.core.permissions import Action, can
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.polls import queries, services
from secretariat.polls.forms import (
    ZONES,
    AnswerForm,
    ClosingForm,
    InviteForm,
    PollForm,
    ScheduleForm,
    VersionForm,
)
from secretariat.polls.models import Poll
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
    request: HttpRequest,
    team: str,
    pk: int,
    form: ScheduleForm | None = None,
    *,
    problems: list[str] | None = None,
    status: int | None = None,
    invite_form: InviteForm | None = None,
    closing_form: ClosingForm | None = None,
) -> HttpResponse:
    team_obj = get_team(team)
    poll = queries.get_poll(viewer=request.user, team=team_obj, pk=pk)
    can_edit = services.may_manage(request.user, poll)
    result = queries.results(poll)
    labels = {r.slot.pk: queries.slot_in_zone(r.slot, poll.time_zone) for r in result.slots}
    closed = poll.is_closed()
    links = []
    if can_edit:
        links = [
            (i, request.build_absolute_uri(reverse("poll_answer", args=[services.answer_token(i)])))
            for i, _row in result.rows
        ]
    closes = poll.closes_at.astimezone(poll.zone) if poll.closes_at else None
    context = {
        "team": team_obj,
        "poll": poll,
        "results": result,
        "labels": labels,
        "columns": [(r, labels[r.slot.pk]) for r in result.slots],
        "best": [(r, labels[r.slot.pk]) for r in result.best],
        "answered": sum(1 for i, _row in result.rows if i.answered_at is not None),
        "closed": closed,
        "closes_local": f"{closes:%a %d %b %Y, %H:%M %Z}" if closes else "",
        "can_edit": can_edit,
        "links": links,
        "problems": problems or [],
        "form": form or ScheduleForm(initial={"version": poll.version}),
        "invite_form": invite_form or InviteForm(poll=poll, initial={"version": poll.version}),
        "closing_form": closing_form
        or ClosingForm(
            initial={
                "version": poll.version,
                "closes_at": f"{closes:%Y-%m-%d %H:%M}" if closes else "",
            }
        ),
    }
    if status is None:
        status = 400 if form else 200
    return render(request, "polls/detail.html", context, status=status)


def _act(
    request: HttpRequest,
    team: str,
    pk: int,
    change: Callable[[Poll], str],
    *,
    invite_form: InviteForm | None = None,
    closing_form: ClosingForm | None = None,
) -> HttpResponse:
    """Run one staff change of a poll; a refused change re-renders the poll page with the
    reason (400, or 409 for a stale version) and the form as sent, nothing changed."""
    try:
        done = change(queries.get_poll(viewer=request.user, team=get_team(team), pk=pk))
    except StaleVersion as exc:
        problems, status = [str(exc)], 409
    except ValidationError as exc:
        # Shown above the forms: the form concerned may be gone (the poll closed meanwhile).
        problems, status = exc.messages, 400
    else:
        messages.success(request, done)
        return redirect("polls:detail", team, pk)
    return _detail(
        request,
        team,
        pk,
        problems=problems,
        status=status,
        invite_form=invite_form,
        closing_form=closing_form,
    )


def _refusal(request: HttpRequest, team: str, pk: int) -> tuple[Poll, HttpResponse | None]:
    team_obj = get_team(team)
    poll = queries.get_poll(viewer=request.user, team=team_obj, pk=pk)
    refusal = refuse_unless(
        services.may_manage(request.user, poll), request, _("Only staff and chairs manage a poll.")
    )
    return poll, refusal


def _version(request: HttpRequest) -> int:
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else 0


@require_POST
def poll_close(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    _poll, refusal = _refusal(request, team, pk)
    if refusal:
        return refusal

    def change(current: Poll) -> str:
        services.close_poll(poll=current, by=request.user, expected_version=_version(request))
        return _("Poll closed: answers are no longer taken; the result is kept.")

    return _act(request, team, pk, change)


@require_POST
def poll_closing(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    _poll, refusal = _refusal(request, team, pk)
    if refusal:
        return refusal
    form = ClosingForm(request.POST)
    if not form.is_valid():
        return _detail(request, team, pk, problems=[], status=400, closing_form=form)

    def change(current: Poll) -> str:
        closes_at: dt.datetime = form.cleaned_data["closes_at"]
        closes_at = closes_at.replace(tzinfo=None).replace(tzinfo=current.zone)
        services.change_closing_date(
            poll=current,
            by=request.user,
            closes_at=closes_at,
            expected_version=form.cleaned_data["version"],
        )
        return _("Closing date changed.")

    return _act(request, team, pk, change, closing_form=form)


@require_POST
def poll_invite(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    poll, refusal = _refusal(request, team, pk)
    if refusal:
        return refusal
    form = InviteForm(request.POST, poll=poll)
    if not form.is_valid():
        return _detail(request, team, pk, problems=[], status=400, invite_form=form)

    def change(current: Poll) -> str:
        added = services.add_invitees(
            poll=current,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            people=list(form.cleaned_data["people"]),
            guests=services.parse_guests(form.cleaned_data["guests"]),
        )
        return _("Invited %(names)s; each with an address gets their link by mail.") % {
            "names": ", ".join(i.name for i in added)
        }

    return _act(request, team, pk, change, invite_form=form)


@require_POST
def poll_resend(request: HttpRequest, team: str, pk: int, invitee: int) -> HttpResponse:
    poll, refusal = _refusal(request, team, pk)
    if refusal:
        return refusal
    found = poll.invitees.filter(pk=invitee).first()
    if found is None:
        raise Http404("No such invitee.")

    def change(current: Poll) -> str:
        services.resend_link(poll=current, invitee=found, by=request.user)
        return _("%(name)s's link is on its way again.") % {"name": found.name}

    return _act(request, team, pk, change)


@require_safe
def poll_detail(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    return _detail(request, team, pk)


@require_POST
def poll_schedule(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    team_obj = get_team(team)
    poll = queries.get_poll(viewer=request.user, team=team_obj, pk=pk)
    refusal = refuse_unless(
        services.may_manage(request.user, poll), request, _("Only staff schedule the meeting.")
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
        # A mistyped, damaged or forged link: say so plainly (not found, nothing changes).
        return render(request, "polls/answer_invalid.html", status=404)
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
    closes = poll.closes_at.astimezone(zoneinfo.ZoneInfo(zone)) if poll.closes_at else None
    context = {
        "poll": poll,
        "invitee": invitee,
        "form": form,
        "closed": closed,
        "closes_local": f"{closes:%a %d %b %Y, %H:%M %Z}" if closes else "",
        "zone": zone,
        "zones": ZONES,
    }
    return render(request, "polls/answer.html", context, status=status)
