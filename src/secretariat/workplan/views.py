"""The work-plan screens: the public work plan with its timeline, the progress pictures, and
the staff's screens to add and edit milestones, save a baseline and draft the progress report.
Reads go through workplan.queries (and the reports builders), writes through workplan.services.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from secretariat.core.errors import StaleVersion
from secretariat.core.history import readable_entries
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.documents import progress_report
from secretariat.documents.timeline import slip_label
from secretariat.meetings.queries import visible_meetings
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team
from secretariat.tracker.queries import visible_action_items
from secretariat.workplan import queries, reports, services
from secretariat.workplan.forms import BaselineForm, DraftForm, MilestoneForm, ReportPeriodForm
from secretariat.workplan.models import Milestone


def _refusal(
    request: HttpRequest, team: Team, record: Milestone | None = None
) -> HttpResponse | None:
    """None if the viewer may change the work plan; else sign-in for visitors, or 403."""
    return refuse_unless(
        services.can_plan(request.user, team, record),
        request,
        _("Only staff and chairs change the work plan."),
    )


def svg_markup(markup: str) -> str:
    # The renderers escape every text they draw (documents/timeline.py, charts.py).
    return mark_safe(markup)  # noqa: S308


@require_safe
def workplan_page(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    today = timezone.localdate()
    milestones = list(queries.visible_milestones(viewer=request.user, team=team_obj))
    svg, baseline = reports.workplan_timeline(
        viewer=request.user, team=team_obj, milestones=milestones, today=today
    )
    latest = queries.latest_baseline(team_obj)
    baseline_saved = latest is not None
    rows: list[dict[str, Any]] = []
    for m in milestones:
        base = baseline.get(m.pk)
        slip = (m.end_on - base[1]).days if base else 0
        status = m.current_status(today)
        rows.append(
            {
                "milestone": m,
                "workstream": m.workstream,
                "slip": slip_label(slip),
                "slipped": slip > 0,
                "baseline_end": base[1] if base else None,
                "new_since_baseline": baseline_saved and base is None,
                "overdue": m.is_overdue(today),
                "late": status == Milestone.Status.LATE and m.status != Milestone.Status.LATE,
                "held_up_by": m.blocking(),
            }
        )
    streams: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        streams.setdefault(row["workstream"], []).append(row)
    grouped = [(name, members) for name, members in streams.items() if name]
    if "" in streams:
        grouped.append(("", streams[""]))
    can_plan = services.can_plan(request.user, team_obj)
    context = {
        "team": team_obj,
        "timeline": svg_markup(svg),
        "groups": grouped,
        "count": len(milestones),
        "baseline": latest,
        "can_plan": can_plan,
        "baseline_form": BaselineForm() if can_plan else None,
    }
    return render(request, "workplan/page.html", context)


def _form(
    request: HttpRequest,
    team: Team,
    milestone: Milestone | None = None,
    *,
    data: Any = None,
    initial: dict[str, Any] | None = None,
) -> MilestoneForm:
    return MilestoneForm(
        data,
        initial=initial,
        team=team,
        milestone=milestone,
        milestones=queries.visible_milestones(viewer=request.user, team=team),
        action_items=visible_action_items(viewer=request.user, team=team),
        meetings=visible_meetings(viewer=request.user, team=team),
    )


def _form_context(
    request: HttpRequest, team: Team, form: MilestoneForm, **extra: Any
) -> dict[str, Any]:
    return {
        "team": team,
        "form": form,
        "workstreams": queries.workstreams(viewer=request.user, team=team),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def milestone_create(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, team_obj):
        return refusal
    form = _form(request, team_obj, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = services.create_milestone(
                team=team_obj, by=request.user, **form.service_values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Milestone “%(title)s” added.") % {"title": milestone})
            return redirect("workplan:page", team=team_obj.slug)
    status = 400 if form.is_bound else 200
    return render(
        request, "workplan/form.html", _form_context(request, team_obj, form), status=status
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, team: str, pk: int) -> HttpResponse:
    team_obj = get_team(team)
    milestone = queries.get_milestone(viewer=request.user, team=team_obj, pk=pk)
    if refusal := _refusal(request, team_obj, milestone):
        return refusal
    if request.method != "POST":
        form = _form(request, team_obj, milestone, initial=MilestoneForm.initial_for(milestone))
        return render(
            request,
            "workplan/form.html",
            _form_context(request, team_obj, form, milestone=milestone),
        )
    form = _form(request, team_obj, milestone, data=request.POST)
    if form.is_valid():
        try:
            services.update_milestone(
                milestone=milestone,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                changes=form.service_values(),
            )
        except StaleVersion as exc:
            data = request.POST.copy()
            data["version"] = str(exc.current.version)  # type: ignore[attr-defined]
            context = _form_context(
                request,
                team_obj,
                _form(request, team_obj, milestone, data=data),
                milestone=milestone,
                conflict=readable_entries(exc.changes_since, Milestone),
            )
            return render(request, "workplan/form.html", context, status=409)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Milestone “%(title)s” saved.") % {"title": milestone})
            return redirect("workplan:page", team=team_obj.slug)
    context = _form_context(request, team_obj, form, milestone=milestone)
    return render(request, "workplan/form.html", context, status=400)


@require_POST
def baseline_save(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, team_obj):
        return refusal
    form = BaselineForm(request.POST)
    if form.is_valid():
        try:
            baseline = services.save_baseline(
                team=team_obj, by=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Baseline “%(name)s” saved.") % {"name": baseline.name})
    else:
        messages.error(
            request, "; ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    return redirect("workplan:page", team=team_obj.slug)


@require_safe
def progress_page(request: HttpRequest, team: str) -> HttpResponse:
    """The progress pictures, public: each shows only what the viewer may read."""
    team_obj = get_team(team)
    data = reports.team_chart_data(viewer=request.user, team=team_obj)
    charts = reports.render_charts(data)
    context = {
        "team": team_obj,
        "charts": {name: svg_markup(svg) for name, svg in charts.items()},
        "data": data,
    }
    return render(request, "workplan/progress.html", context)


CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def report_filename(team: Team, until: dt.date, fmt: str) -> str:
    return f"{team.slug}-progress-report-{until.isoformat()}.{fmt}"


@require_http_methods(["GET", "POST"])
def report_draft(request: HttpRequest, team: str) -> HttpResponse:
    """Staff: the progress report's draft to edit, then download as Markdown, DOCX or PDF."""
    team_obj = get_team(team)
    if refusal := _refusal(request, team_obj):
        return refusal
    if request.method == "POST":
        form = DraftForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            until = data["until"] or timezone.localdate()
            fmt = data["format"]
            report = reports.build_progress_report(
                viewer=request.user,
                team=team_obj,
                since=data["since"],
                until=until,
                png=fmt == "docx",
            )
            text = data["markdown"].replace("\r\n", "\n")
            body: bytes | str
            if fmt == "docx":
                body = progress_report.markdown_to_docx(
                    text, figures=report.figures, pictures=report.pictures
                )
            elif fmt == "pdf":
                body = progress_report.markdown_to_pdf(
                    text, figures=report.figures, pictures=report.pictures
                )
            else:
                body = text
            response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
            name = report_filename(team_obj, until, fmt)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        period = ReportPeriodForm()
        return render(
            request,
            "workplan/report.html",
            {"team": team_obj, "period": period, "form": form},
            status=400,
        )
    period = ReportPeriodForm(request.GET or None)
    since = until = None
    if period.is_bound and period.is_valid():
        since, until = period.cleaned_data["since"], period.cleaned_data["until"]
    report = reports.build_progress_report(
        viewer=request.user, team=team_obj, since=since, until=until, png=False
    )
    form = DraftForm(
        initial={
            "markdown": progress_report.render_markdown(report),
            "since": report.since,
            "until": report.until,
        }
    )
    context = {
        "team": team_obj,
        "period": period,
        "form": form,
        "report": report,
        "timeline": svg_markup(report.figures.get(progress_report.TIMELINE, "")),
    }
    return render(request, "workplan/report.html", context, status=400 if period.errors else 200)
