"""Event screens under /<team>/events/: reads through events.queries, writes through
events.services. The schedule shows each session in the event's zone, UTC and the viewer's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from secretariat.core.errors import StaleVersion
from secretariat.core.history import readable_entries
from secretariat.core.models import HistoryEntry
from secretariat.core.permissions import Action, TeamRecord, can
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.events import queries, services
from secretariat.events.calendar import recommended_calendar
from secretariat.events.forms import (
    AttendanceForm,
    CancelSessionForm,
    EventEditForm,
    EventFilterForm,
    EventForm,
    RecommendForm,
    SessionEditForm,
    SessionForm,
)
from secretariat.events.models import Event, Session
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team, person_of


def _refusal(
    request: HttpRequest, action: Action, team: Team, record: TeamRecord | None = None
) -> HttpResponse | None:
    return refuse_unless(
        can(request.user, action, team=team, record=record), request, _("You may not do that here.")
    )


@require_safe
def event_list(request: HttpRequest, team: str) -> HttpResponse:
    """The team's events: upcoming ones (and those whose dates are not announced) by default,
    or the past ones, or all (?when=…, a plain GET form)."""
    team_obj = get_team(team)
    filters = EventFilterForm(request.GET or {"when": "upcoming"})
    when = filters.when_value()
    context = {
        "team": team_obj,
        "events": queries.visible_events(viewer=request.user, team=team_obj, when=when),
        "filters": filters,
        "when": when,
        "can_create": can(request.user, Action.CREATE, team=team_obj),
    }
    return render(request, "events/list.html", context)


def _timeline(entries: list[HistoryEntry]) -> list[dict[str, Any]]:
    """History entries of an event and its sessions, readable; a session's entries name it."""
    rows = []
    for entry in entries:
        model: type[Model] = Session if entry.action.startswith("events.session.") else Event
        row = readable_entries([entry], model)[0]
        what = str(row["what"])
        if model is Session:
            what = f"{what}: {entry.object_repr}"
        row["what"] = what
        rows.append(row)
    return rows


def _detail_context(request: HttpRequest, event: Event, **forms: Form) -> dict[str, Any]:
    schedule = queries.event_schedule(event=event)
    return {
        "team": event.team,
        "event": event,
        "schedule": schedule,
        "recommended": [
            row for row in schedule if row.session.recommended and not row.session.is_cancelled
        ],
        "viewer_zone": timezone.get_current_timezone_name(),
        "can_edit": can(request.user, Action.EDIT, team=event.team, record=event),
        "session_form": forms.get("session_form") or SessionForm(event=event),
        "attendees": queries.event_attendees(viewer=request.user, event=event),
        "can_attend": can(request.user, Action.ADD_NOTE, team=event.team, record=event),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(),
        "history": _timeline(queries.event_timeline(viewer=request.user, event=event)),
    }


@require_safe
def event_detail(request: HttpRequest, team: str, slug: str) -> HttpResponse:
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    return render(request, "events/detail.html", _detail_context(request, event))


# The same UID domain as the team's calendar (archive.calendar), so a session is one entry.
UID_DOMAIN = "secretariat.invalid"


@require_safe
def event_calendar(request: HttpRequest, team: str, slug: str) -> HttpResponse:
    """The event's recommended sessions as iCalendar, for calendar programs."""
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    sessions = [row.session for row in queries.event_schedule(event=event, recommended_only=True)]
    url = request.build_absolute_uri(reverse("events:detail", args=[team_obj.slug, event.slug]))
    body = recommended_calendar(event, sessions, domain=UID_DOMAIN, event_url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-recommended.ics"'
    return response


@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, Action.CREATE, team_obj):
        return refusal
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(team=team_obj, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Event created."))
            return redirect("events:detail", team=team_obj.slug, slug=event.slug)
    status = 400 if form.is_bound else 200
    return render(request, "events/form.html", {"team": team_obj, "form": form}, status=status)


@require_POST
def session_add(request: HttpRequest, team: str, slug: str) -> HttpResponse:
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    if refusal := _refusal(request, Action.EDIT, team_obj, event):
        return refusal
    form = SessionForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.add_session(event=event, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Session added."))
            return redirect("events:detail", team=team_obj.slug, slug=event.slug)
    context = _detail_context(request, event, session_form=form)
    return render(request, "events/detail.html", context, status=400)


@require_POST
def session_recommend(request: HttpRequest, team: str, slug: str, pk: int) -> HttpResponse:
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    if refusal := _refusal(request, Action.EDIT, team_obj, event):
        return refusal
    session = event.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    form = RecommendForm(request.POST)
    if form.is_valid():
        try:
            services.recommend_session(
                session=session,
                by=request.user,
                recommended=form.cleaned_data["recommended"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Recommendation saved."))
    return redirect("events:detail", team=team_obj.slug, slug=event.slug)


@require_POST
def attend(request: HttpRequest, team: str, slug: str) -> HttpResponse:
    """The signed-in person says whether they will be at the event, and when."""
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    if refusal := _refusal(request, Action.ADD_NOTE, team_obj, event):
        return refusal
    person = person_of(request.user)
    if person is None:
        messages.error(request, _("Your account is not a person of the team."))
        return redirect("events:detail", team=team_obj.slug, slug=event.slug)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.set_attendance(
                event=event,
                person=person,
                by=request.user,
                attending=form.cleaned_data["attending"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:detail", team=team_obj.slug, slug=event.slug)
    context = _detail_context(request, event, attendance_form=form)
    return render(request, "events/detail.html", context, status=400)


def _conflict_form_data(request: HttpRequest, conflict: StaleVersion) -> Any:
    """What the person typed, on the current version: saving again is a decision."""
    data = request.POST.copy()
    data["version"] = str(conflict.current.version)  # type: ignore[attr-defined]
    return data


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, team: str, slug: str) -> HttpResponse:
    """Edit an event (its slug stays); a stale edit is refused and shows what changed since."""
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    if refusal := _refusal(request, Action.EDIT, team_obj, event):
        return refusal
    can_set_visibility = can(request.user, Action.SET_VISIBILITY, team=team_obj, record=event)
    context: dict[str, Any] = {"team": team_obj, "event": event}
    if request.method != "POST":
        context["form"] = EventEditForm(
            initial=EventEditForm.initial_for(event), can_set_visibility=can_set_visibility
        )
        return render(request, "events/form.html", context)
    form = EventEditForm(request.POST, can_set_visibility=can_set_visibility)
    context["form"] = form
    if form.is_valid():
        try:
            services.update_event(
                event=event,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.service_values(),
            )
        except StaleVersion as exc:
            context["form"] = EventEditForm(
                _conflict_form_data(request, exc), can_set_visibility=can_set_visibility
            )
            context["conflict"] = _timeline(list(exc.changes_since))
            return render(request, "events/form.html", context, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return redirect("events:detail", team=team_obj.slug, slug=event.slug)
    return render(request, "events/form.html", context, status=400)


@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, team: str, slug: str, pk: int) -> HttpResponse:
    """Edit a session, its times typed in the event's time zone; a stale edit is refused."""
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    if refusal := _refusal(request, Action.EDIT, team_obj, event):
        return refusal
    session = queries.get_session(event=event, pk=pk)
    context: dict[str, Any] = {"team": team_obj, "event": event, "session": session}
    context["cancel_form"] = CancelSessionForm(
        initial={
            "version": session.version,
            "cancelled": "no" if session.is_cancelled else "yes",
            "reason": session.cancelled_reason,
        }
    )
    if request.method != "POST":
        context["form"] = SessionEditForm(initial=SessionEditForm.initial_for(session), event=event)
        return render(request, "events/session_form.html", context)
    form = SessionEditForm(request.POST, event=event)
    context["form"] = form
    if form.is_valid():
        try:
            services.update_session(
                session=session,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.service_values(),
            )
        except StaleVersion as exc:
            context["form"] = SessionEditForm(_conflict_form_data(request, exc), event=event)
            context["conflict"] = _timeline(list(exc.changes_since))
            return render(request, "events/session_form.html", context, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Session saved."))
            return redirect("events:detail", team=team_obj.slug, slug=event.slug)
    return render(request, "events/session_form.html", context, status=400)


@require_POST
def session_cancel(request: HttpRequest, team: str, slug: str, pk: int) -> HttpResponse:
    """Cancel a session (kept, struck out, with its history) or restore a cancelled one."""
    team_obj = get_team(team)
    event = queries.get_event(viewer=request.user, team=team_obj, slug=slug)
    if refusal := _refusal(request, Action.EDIT, team_obj, event):
        return refusal
    session = queries.get_session(event=event, pk=pk)
    form = CancelSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing was changed."))
        return redirect("events:session_edit", team=team_obj.slug, slug=event.slug, pk=pk)
    cancelled = form.cleaned_data["cancelled"]
    try:
        services.cancel_session(
            session=session,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            cancelled=cancelled,
            reason=form.cleaned_data["reason"],
        )
    except StaleVersion:
        messages.error(
            request,
            _(
                "Someone else changed the session %(title)s meanwhile; nothing was changed. "
                "Look at it again and decide."
            )
            % {"title": session.title},
        )
        return redirect("events:session_edit", team=team_obj.slug, slug=event.slug, pk=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("events:session_edit", team=team_obj.slug, slug=event.slug, pk=pk)
    if cancelled:
        messages.success(
            request,
            _("Session %(title)s cancelled; it stays on the schedule, struck out.")
            % {"title": session.title},
        )
    else:
        messages.success(request, _("Session %(title)s restored.") % {"title": session.title})
    return redirect("events:detail", team=team_obj.slug, slug=event.slug)
