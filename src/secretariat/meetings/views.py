"""The meeting screens. Reads go through meetings.queries, writes through meetings.services; the
same pages serve the public (read-only) and staff (with in-place controls, htmx where present)."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import reswap, retarget

from secretariat.archive.withheld import withheld_decisions, withheld_meetings, withheld_page
from secretariat.core.errors import StaleVersion
from secretariat.core.filetypes import content_matches, read_head, type_by_name
from secretariat.core.history import readable_entries
from secretariat.core.permissions import Action, can
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.meetings import queries, services
from secretariat.meetings.forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    DecisionFilterForm,
    DecisionForm,
    FromPreviousForm,
    MaterialForm,
    MeetingActionItemForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
)
from secretariat.meetings.models import AgendaItem, Attendance, Decision, Meeting
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team


def _refusal(
    request: HttpRequest, action: Action, team: Team, record: Meeting | None = None
) -> HttpResponse | None:
    """None if the viewer may do `action`; a sign-in redirect for anonymous visitors; else 403."""
    return refuse_unless(
        can(request.user, action, team=team, record=record),
        request,
        _("You may not change this meeting."),
    )


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("meetings:detail", args=[meeting.team.slug, meeting.number])
    return f"{url}#{anchor}" if anchor else url


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _timeline(entries: Any) -> list[dict[str, Any]]:
    return readable_entries(entries, Meeting)


# --- lists ------------------------------------------------------------------------------------


@require_safe
def meeting_list(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    kind = request.GET.get("kind", "")
    meetings = queries.visible_meetings(viewer=request.user, team=team_obj)
    if kind in Meeting.Kind.values:
        meetings = meetings.filter(kind=kind)
    context = {
        "team": team_obj,
        "meetings": meetings,
        "kinds": Meeting.Kind.choices,
        "kind": kind,
        "can_create": can(request.user, Action.CREATE, team=team_obj),
        "withheld": withheld_meetings(viewer=request.user, team=team_obj),
    }
    return render(request, "meetings/list.html", context)


@require_safe
def decision_list(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    form = DecisionFilterForm(request.GET or None)
    decisions = queries.filter_decisions(
        queries.visible_decisions(viewer=request.user, team=team_obj), **form.filters()
    )
    context = {
        "team": team_obj,
        "form": form,
        "decisions": decisions,
        "can_create": can(request.user, Action.CREATE, team=team_obj),
        "decision_form": DecisionForm(),
        "withheld": withheld_decisions(viewer=request.user, team=team_obj),
    }
    return render(request, "meetings/decisions.html", context)


@require_POST
def decision_create(request: HttpRequest, team: str) -> HttpResponse:
    """A decision reached outside a recorded meeting (a leadership call, e-mail)."""
    team_obj = get_team(team)
    if refusal := _refusal(request, Action.CREATE, team_obj):
        return refusal
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.record_decision(team=team_obj, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Decision #%(number)s recorded.") % {"number": decision.number}
            )
            return redirect("decisions", team=team_obj.slug)
    context = {
        "team": team_obj,
        "form": DecisionFilterForm(),
        "decisions": queries.visible_decisions(viewer=request.user, team=team_obj),
        "can_create": True,
        "decision_form": form,
    }
    return render(request, "meetings/decisions.html", context, status=400)


@require_safe
def attendance_record(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    kind = request.GET.get("kind", "")
    records = queries.attendance_record(
        viewer=request.user, team=team_obj, kind=kind if kind in Meeting.Kind.values else None
    )
    return render(
        request,
        "meetings/record.html",
        {"team": team_obj, "records": records, "kinds": Meeting.Kind.choices, "kind": kind},
    )


# --- one meeting ------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, meeting: Meeting, **forms: Form) -> dict[str, Any]:
    user = request.user
    team = meeting.team
    can_edit = can(user, Action.EDIT, team=team, record=meeting)
    can_create = can(user, Action.CREATE, team=team)
    minutes = queries.minutes_of(meeting)
    previous = queries.previous_of_kind(meeting, viewer=user)
    previous_minutes = queries.minutes_of(previous) if previous is not None else None
    attendance = queries.attendance_by_role(meeting)
    agenda = queries.flatten(queries.agenda_tree(meeting))
    context: dict[str, Any] = {
        "team": team,
        "meeting": meeting,
        "agenda": agenda,
        # The "Approval of last minutes" item links to the previous meeting's minutes.
        "minutes_items": {
            node.item.pk for node in agenda if queries.is_minutes_approval(node.item.title)
        }
        if previous_minutes is not None
        else set(),
        "attendance_rows": [
            (label, role, attendance[role]) for role, label in Attendance.Role.choices
        ],
        "zones": queries.start_in_member_zones(meeting),
        "materials": queries.visible_materials(viewer=user, meeting=meeting),
        "decisions": queries.meeting_decisions(viewer=user, meeting=meeting),
        "action_items": queries.meeting_action_items(viewer=user, meeting=meeting),
        "minutes": minutes,
        "minutes_approved_here": queries.minutes_approved_at(meeting, viewer=user),
        "previous": previous,
        "previous_minutes": previous_minutes,
        "previous_minutes_approved_at": queries.approving_meeting(
            previous_minutes, viewer=user, team=team
        ),
        "can_edit": can_edit,
        "can_create": can_create,
        "history": _timeline(queries.visible_meeting_history(viewer=user, meeting=meeting)),
    }
    if can_create:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(in_meeting=True)
        context["action_form"] = forms.get("action_form") or MeetingActionItemForm(team=team)
        context["note_form_errors"] = forms.get("note_form")
        context["note_item"] = getattr(forms.get("note_form"), "agenda_item_id", None)
    if can_edit:
        context["material_form"] = forms.get("material_form") or MaterialForm()
    return context


@require_safe
def meeting_detail(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    try:
        meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    except Http404:
        # The number exists: say so, and why it is withheld, rather than pretend it does not.
        placeholder = withheld_page(
            request,
            team_obj,
            withheld_meetings(viewer=request.user, team=team_obj),
            number=number,
            label=_("Meeting #%(number)s") % {"number": number},
            back_url=reverse("meetings:list", args=[team_obj.slug]),
            back_label=_("All meetings"),
        )
        if placeholder is None:
            raise
        return placeholder
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, team: str) -> HttpResponse:
    """A new meeting; with ?from=<number>, the next one after that meeting, agenda carried."""
    team_obj = get_team(team)
    if refusal := _refusal(request, Action.CREATE, team_obj):
        return refusal
    source = request.GET.get("from") or request.POST.get("from")
    if source:
        if not source.isdigit():
            raise Http404
        previous = queries.get_meeting(viewer=request.user, team=team_obj, number=int(source))
        return _create_from_previous(request, team_obj, previous)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                team=team_obj, by=request.user, **form.service_values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(meeting)s created.") % {"meeting": meeting})
            return redirect(_meeting_url(meeting))
    latest = {
        kind: queries.latest_of_kind(viewer=request.user, team=team_obj, kind=kind)
        for kind in Meeting.Kind.values
    }
    context = {"team": team_obj, "form": form, "latest": [m for m in latest.values() if m]}
    return render(request, "meetings/form.html", context, status=400 if form.is_bound else 200)


def _create_from_previous(request: HttpRequest, team: Team, previous: Meeting) -> HttpResponse:
    unreached = queries.unreached_items(previous)
    open_items = list(queries.open_action_items_of(viewer=request.user, meeting=previous))
    form = FromPreviousForm(
        request.POST if request.method == "POST" else None,
        unreached=unreached,
        open_items=open_items,
        initial={"title": previous.title},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.create_meeting_from_previous(
                previous=previous,
                by=request.user,
                starts_at=data["starts_at"],
                title=data.get("title") or "",
                number=data.get("number"),
                carry_items=list(data["carry_items"]),
                carry_action_items=data["carry_action_items"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(meeting)s created.") % {"meeting": meeting})
            return redirect(_meeting_url(meeting))
    standing = [n for n in queries.flatten(queries.agenda_tree(previous)) if n.item.standing]
    context = {"team": team, "form": form, "previous": previous, "standing": standing}
    return render(
        request, "meetings/from_previous.html", context, status=400 if form.is_bound else 200
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    """A meeting's details. Someone else's change since the form was built answers 409 with
    what changed, the typed values kept: saving again is a decision."""
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
        return refusal
    may_restrict = can(request.user, Action.SET_VISIBILITY, team=team_obj, record=meeting)
    context: dict[str, Any] = {"team": team_obj, "meeting": meeting}
    if request.method != "POST":
        context["form"] = MeetingEditForm(
            initial=MeetingEditForm.initial_for(meeting), can_set_visibility=may_restrict
        )
        return render(request, "meetings/edit.html", context)
    form = MeetingEditForm(request.POST, can_set_visibility=may_restrict)
    context["form"] = form
    if form.is_valid():
        try:
            meeting = services.update_meeting(
                meeting=meeting,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.service_values(),
            )
        except StaleVersion as exc:
            data = request.POST.copy()
            data["version"] = str(exc.current.version)  # type: ignore[attr-defined]
            context["form"] = MeetingEditForm(data, can_set_visibility=may_restrict)
            # Only the changes this person may read (a restricted change stays hidden).
            context["conflict"] = _timeline(
                queries.visible_meeting_history(viewer=request.user, meeting=meeting).filter(
                    pk__in=[e.pk for e in exc.changes_since]
                )
            )
            return render(request, "meetings/edit.html", context, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(meeting)s saved.") % {"meeting": meeting})
            return redirect(_meeting_url(meeting))
    return render(request, "meetings/edit.html", context, status=400)


@require_http_methods(["GET", "POST"])
def attendance_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
        return refusal
    roster = queries.roster_for_attendance(meeting)
    form = AttendanceForm(request.POST or None, roster=roster)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting=meeting, by=request.user, roles=form.roles())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Attendance saved."))
            return HttpResponseRedirect(_meeting_url(meeting, "attendance"))
    context = {"team": team_obj, "meeting": meeting, "form": form}
    return render(
        request, "meetings/attendance.html", context, status=400 if form.is_bound else 200
    )


# --- the agenda -------------------------------------------------------------------------------


def _agenda_context(
    request: HttpRequest, meeting: Meeting, form: Form | None = None
) -> dict[str, Any]:
    nodes = queries.flatten(queries.agenda_tree(meeting))
    return {
        "team": meeting.team,
        "meeting": meeting,
        "agenda": nodes,
        "form": form or AgendaItemForm(team=meeting.team, items=[n.item for n in nodes]),
    }


@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
        return refusal
    if request.method == "POST":
        items = [n.item for n in queries.flatten(queries.agenda_tree(meeting))]
        form = AgendaItemForm(request.POST, team=team_obj, items=items)
        if form.is_valid():
            try:
                services.add_agenda_item(meeting=meeting, by=request.user, **form.service_values())
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if _htmx(request):
                    return render(
                        request, "meetings/agenda.html#tree", _agenda_context(request, meeting)
                    )
                return redirect("meetings:agenda", team=team_obj.slug, number=meeting.number)
        template = "meetings/agenda.html#tree" if _htmx(request) else "meetings/agenda.html"
        return render(
            request,
            template,
            _agenda_context(request, meeting, form),
            status=200 if _htmx(request) else 400,
        )
    return render(request, "meetings/agenda.html", _agenda_context(request, meeting))


MOVES: dict[str, Callable[..., Any]] = {
    "up": lambda item, by: services.move_agenda_item(item=item, by=by, direction="up"),
    "down": lambda item, by: services.move_agenda_item(item=item, by=by, direction="down"),
    "indent": lambda item, by: services.indent_agenda_item(item=item, by=by),
    "outdent": lambda item, by: services.outdent_agenda_item(item=item, by=by),
    "remove": lambda item, by: services.remove_agenda_item(item=item, by=by),
    "reached": lambda item, by: services.update_agenda_item(
        item=item, by=by, changes={"reached": not item.reached}
    ),
}


def _agenda_item(meeting: Meeting, raw: str) -> AgendaItem:
    if not raw.isdigit():
        raise Http404
    item = AgendaItem.objects.filter(meeting=meeting, pk=int(raw), removed=False).first()
    if item is None:
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, team: str, number: int, item: int) -> HttpResponse:
    """One agenda item's details. With htmx the form replaces the item in the agenda and a
    save answers the refreshed agenda; without, it is a page of its own."""
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
        return refusal
    agenda_item = _agenda_item(meeting, str(item))
    if request.method == "POST":
        form = AgendaItemEditForm(request.POST, team=team_obj, item=agenda_item)
        if form.is_valid():
            try:
                services.update_agenda_item(
                    item=agenda_item, by=request.user, changes=form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if _htmx(request):
                    return render(
                        request, "meetings/agenda.html#tree", _agenda_context(request, meeting)
                    )
                messages.success(request, _("Agenda item saved."))
                return redirect("meetings:agenda", team=team_obj.slug, number=meeting.number)
    else:
        form = AgendaItemEditForm(
            initial=AgendaItemEditForm.initial_for(agenda_item), team=team_obj, item=agenda_item
        )
    context = {"team": team_obj, "meeting": meeting, "agenda_item": agenda_item, "form": form}
    if _htmx(request):
        response = render(request, "meetings/agenda_item.html#item-form", context)
        # The refused form goes back in place of the item, not over the whole agenda.
        return reswap(retarget(response, f"#agenda-item-{agenda_item.pk}"), "innerHTML")
    return render(
        request, "meetings/agenda_item.html", context, status=400 if form.is_bound else 200
    )


@require_POST
def agenda_move(request: HttpRequest, team: str, number: int, item: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
        return refusal
    agenda_item = _agenda_item(meeting, str(item))
    move = MOVES.get(request.POST.get("op", ""))
    if move is None:
        return HttpResponse(_("Unknown change to the agenda."), status=400)
    try:
        move(agenda_item, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if _htmx(request):
        return render(request, "meetings/agenda.html#tree", _agenda_context(request, meeting))
    return redirect("meetings:agenda", team=team_obj.slug, number=meeting.number)


# --- in-place records during the call ---------------------------------------------------------


def _answer(
    request: HttpRequest,
    meeting: Meeting,
    partial: str,
    anchor: str,
    form_name: str,
    form: Form,
    ok: bool,
) -> HttpResponse:
    """After an in-place write: the refreshed section for htmx, else back to the page."""
    if ok:
        if _htmx(request):
            return render(
                request, f"meetings/detail.html#{partial}", _detail_context(request, meeting)
            )
        return HttpResponseRedirect(_meeting_url(meeting, anchor))
    context = _detail_context(request, meeting, **{form_name: form})
    if _htmx(request):
        return render(request, f"meetings/detail.html#{partial}", context)
    return render(request, "meetings/detail.html", context, status=400)


@require_POST
def note_take(request: HttpRequest, team: str, number: int, item: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.CREATE, team_obj, meeting):
        return refusal
    agenda_item = _agenda_item(meeting, str(item))
    form = NoteForm(request.POST, team=team_obj, agenda_item_id=agenda_item.pk)
    form.agenda_item_id = agenda_item.pk  # type: ignore[attr-defined]
    ok = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.take_note(
                agenda_item=agenda_item,
                by=request.user,
                text=data["text"],
                make=data["make"],
                owners=data["owners"],
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            ok = True
            if isinstance(created, Decision):
                messages.success(
                    request, _("Decision #%(number)s recorded.") % {"number": created.number}
                )
            elif created is not None:
                messages.success(
                    request, _("Action item #%(number)s created.") % {"number": created.number}
                )
    return _answer(request, meeting, "record", "agenda", "note_form", form, ok)


@require_POST
def decision_add(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.CREATE, team_obj, meeting):
        return refusal
    form = DecisionForm(request.POST, in_meeting=True)
    ok = False
    if form.is_valid():
        try:
            services.record_decision(
                team=team_obj, by=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            ok = True
    return _answer(request, meeting, "record", "decisions", "decision_form", form, ok)


@require_POST
def action_add(request: HttpRequest, team: str, number: int) -> HttpResponse:
    from secretariat.tracker.services import create_action_item

    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.CREATE, team_obj, meeting):
        return refusal
    form = MeetingActionItemForm(request.POST, team=team_obj)
    ok = False
    if form.is_valid():
        try:
            create_action_item(
                team=team_obj,
                by=request.user,
                source_meeting=meeting,
                requested_on=meeting.starts_at.date() if meeting.starts_at else None,
                visibility=meeting.visibility,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            ok = True
    return _answer(request, meeting, "record", "action-items", "action_form", form, ok)


@require_POST
def material_add(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
        return refusal
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_material(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return HttpResponseRedirect(_meeting_url(meeting, "materials"))
    context = _detail_context(request, meeting, material_form=form)
    return render(request, "meetings/detail.html", context, status=400)


INLINE_SAFE_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "audio/mpeg",
        "video/mp4",
        "text/plain",
    }
)


@require_safe
def material_file(request: HttpRequest, team: str, number: int, pk: int) -> HttpResponseBase:
    """An uploaded file, served only to those who may read it (files are not in the web root)."""
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    material = queries.get_material(viewer=request.user, meeting=meeting, pk=pk)
    if material.url:
        return HttpResponseRedirect(material.url)
    if not material.file:
        raise Http404
    name = material.file.name.rsplit("/", 1)[-1]
    content_type = type_by_name(name)
    handle = material.file.open("rb")
    # Only types a browser cannot run are shown in place, and only when the file's content
    # agrees with its name; anything else (HTML, SVG, scripts) is a download, so an uploaded
    # file can never act as a page of this site.
    inline = content_type in INLINE_SAFE_TYPES and bool(
        content_matches(content_type, read_head(handle))
    )
    response = FileResponse(
        handle,
        filename=name,
        as_attachment=not inline,
        content_type=content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- minutes ----------------------------------------------------------------------------------


def _minutes_context(request: HttpRequest, meeting: Meeting, **forms: Form) -> dict[str, Any]:
    minutes = queries.minutes_of(meeting)
    later = queries.later_meetings(meeting, viewer=request.user)
    return {
        "team": meeting.team,
        "meeting": meeting,
        "minutes": minutes,
        "approved_at": queries.approving_meeting(minutes, viewer=request.user, team=meeting.team),
        "diff": queries.minutes_diff(minutes) if minutes else [],
        "form": forms.get("form")
        or MinutesForm(
            initial={
                "text": minutes.text if minutes else "",
                "version": minutes.version if minutes else None,
            }
        ),
        "approve_form": forms.get("approve_form")
        or ApproveMinutesForm(
            later_meetings=later, initial={"version": minutes.version if minutes else 1}
        ),
        "later_meetings": later,
    }


@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    can_edit = can(request.user, Action.EDIT, team=team_obj, record=meeting)
    if request.method == "POST":
        if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
            return refusal
        form = MinutesForm(request.POST)
        if form.is_valid():
            try:
                services.save_minutes_draft(
                    meeting=meeting,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as exc:
                form.add_error(None, str(exc))
                return render(
                    request,
                    "meetings/minutes.html",
                    {**_minutes_context(request, meeting, form=form), "can_edit": True},
                    status=409,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Minutes saved."))
                return redirect("meetings:minutes", team=team_obj.slug, number=meeting.number)
        return render(
            request,
            "meetings/minutes.html",
            {**_minutes_context(request, meeting, form=form), "can_edit": True},
            status=400,
        )
    return render(
        request,
        "meetings/minutes.html",
        {**_minutes_context(request, meeting), "can_edit": can_edit},
    )


@require_POST
def minutes_approve(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, meeting):
        return refusal
    context = _minutes_context(request, meeting)
    minutes = context["minutes"]
    if minutes is None:
        raise Http404
    form = ApproveMinutesForm(request.POST, later_meetings=context["later_meetings"])
    if form.is_valid():
        at = queries.get_meeting(
            viewer=request.user, team=team_obj, number=form.cleaned_data["at_meeting"]
        )
        try:
            services.approve_minutes(
                minutes=minutes,
                by=request.user,
                at_meeting=at,
                text=form.cleaned_data["text"] or None,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Minutes approved at %(meeting)s.") % {"meeting": at})
            return redirect("meetings:minutes", team=team_obj.slug, number=meeting.number)
    return render(
        request,
        "meetings/minutes.html",
        {**_minutes_context(request, meeting, approve_form=form), "can_edit": True},
        status=400,
    )


# --- documents --------------------------------------------------------------------------------


class DocumentUnavailable(Exception):
    """A document's renderer is not installed (or not written yet)."""


def _renderer(module: str, name: str) -> Callable[..., Any]:
    """A renderer from secretariat.documents, imported when asked for (they are optional)."""
    try:
        return getattr(importlib.import_module(f"secretariat.documents.{module}"), name)
    except (ImportError, AttributeError):
        raise DocumentUnavailable(
            _("This document cannot be produced here yet (%(module)s.%(name)s is missing).")
            % {"module": module, "name": name}
        ) from None


def _document(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer 501 with a plain explanation when the document's renderer is missing."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DocumentUnavailable as exc:
            return HttpResponse(str(exc), status=501, content_type="text/plain; charset=utf-8")

    return wrapper


DECK_FORMATS = {
    "pptx": (
        "render_deck_pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "pdf": ("render_deck_pdf", "application/pdf"),
    "md": ("render_deck_markdown", "text/markdown; charset=utf-8"),
}


def _filename(meeting: Meeting, what: str, ext: str) -> str:
    return f"{meeting.team.slug}-{meeting.number}-{what}.{ext}"


def _download(
    body: bytes | str, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
@_document
def deck(request: HttpRequest, team: str, number: int) -> HttpResponse:
    from secretariat.documents.build import deck_content

    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    fmt = request.GET.get("format", "pptx")
    if fmt not in DECK_FORMATS:
        raise Http404
    name, content_type = DECK_FORMATS[fmt]
    render_deck = _renderer("deck", name)
    body = render_deck(deck_content(viewer=request.user, team=team_obj, meeting=meeting))
    return _download(body, content_type, _filename(meeting, "deck", fmt), inline=fmt == "md")


@require_safe
@_document
def agenda_document(request: HttpRequest, team: str, number: int) -> HttpResponse:
    from secretariat.documents.build import meeting_content

    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    fmt = request.GET.get("format", "md")
    if fmt not in ("md", "html"):
        raise Http404
    content = meeting_content(viewer=request.user, meeting=meeting)
    if fmt == "html":
        return HttpResponse(
            _renderer("agenda", "render_agenda_html")(content),
            content_type="text/html; charset=utf-8",
        )
    return _download(
        _renderer("agenda", "render_agenda_markdown")(content),
        "text/markdown; charset=utf-8",
        _filename(meeting, "agenda", "md"),
        inline=True,
    )


@require_safe
@_document
def mail(request: HttpRequest, team: str, number: int) -> HttpResponse:
    """The "actions & decisions" e-mail, ready to copy."""
    from secretariat.documents.build import meeting_content

    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    subject, body = _renderer("mail", "actions_and_decisions_mail")(
        meeting_content(viewer=request.user, meeting=meeting)
    )
    return render(
        request,
        "meetings/mail.html",
        {"team": team_obj, "meeting": meeting, "subject": subject, "body": body},
    )


@require_safe
@_document
def call_report(request: HttpRequest, team: str, number: int) -> HttpResponse:
    from secretariat.documents.build import meeting_content

    team_obj = get_team(team)
    meeting = queries.get_meeting(viewer=request.user, team=team_obj, number=number)
    body = _renderer("call_report", "render_call_report_pdf")(
        meeting_content(viewer=request.user, meeting=meeting)
    )
    return _download(body, "application/pdf", _filename(meeting, "call-report", "pdf"))
