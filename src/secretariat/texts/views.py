"""Screens of text templates (/<team>/texts/): the searchable list, a template with its
versions, a plain-text view to copy from, a diff of two versions, and create/edit for staff
and chairs. Reads go through texts.queries, writes through texts.services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from secretariat.core.errors import StaleVersion
from secretariat.core.permissions import Action, can
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.teams.queries import get_team
from secretariat.texts import queries, services
from secretariat.texts.forms import TemplateForm, TemplateSearchForm
from secretariat.texts.models import TextTemplate, TextTemplateVersion


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_safe
def template_list(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    form = TemplateSearchForm(request.GET or None)
    text = kind = ""
    if form.is_valid():
        text, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    templates = queries.search_templates(
        queries.visible_templates(viewer=request.user, team=team_obj),
        viewer=request.user,
        team=team_obj,
        text=text,
        kind=kind,
    )
    rows: list[dict[str, Any]] = []
    for template in templates:
        found_in: TextTemplateVersion | None = None
        piece = queries.snippet(template.body, text)
        if text and not piece:
            for version in getattr(template, "matching_versions", []):
                piece = queries.snippet(version.body, text) or queries.snippet(version.title, text)
                if piece:
                    found_in = version
                    break
        rows.append({"obj": template, "snippet": piece, "found_in": found_in})
    context = {
        "team": team_obj,
        "form": form,
        "rows": rows,
        "searched": bool(text),
        "can_create": can(request.user, Action.CREATE, team=team_obj),
    }
    return render(request, "texts/list.html", context)


@require_safe
def template_detail(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    obj = queries.get_template(viewer=request.user, team=team_obj, number=number)
    versions = list(queries.visible_versions(viewer=request.user, template=obj))
    wanted = _int(request.GET.get("version"))
    shown = next((v for v in versions if v.version == wanted), None) if wanted else None
    context = {
        "team": team_obj,
        "obj": obj,
        "shown": shown,
        "versions": versions,
        "can_edit": can(request.user, Action.EDIT, team=team_obj, record=obj),
    }
    return render(request, "texts/detail.html", context)


@require_safe
def template_plain(request: HttpRequest, team: str, number: int) -> HttpResponse:
    """The text as plain text (UTF-8), to copy into a mail or a procurement form."""
    team_obj = get_team(team)
    obj = queries.get_template(viewer=request.user, team=team_obj, number=number)
    wanted = _int(request.GET.get("version"))
    title, body = obj.title, obj.body
    if wanted is not None and wanted != obj.version:
        version = queries.get_version(viewer=request.user, template=obj, version=wanted)
        title, body = version.title, version.body
    response = HttpResponse(f"{title}\n\n{body}\n", content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def template_diff(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    obj = queries.get_template(viewer=request.user, team=team_obj, number=number)
    versions = list(queries.visible_versions(viewer=request.user, template=obj))
    by_number = {v.version: v for v in versions}
    new_number = _int(request.GET.get("to")) or (versions[0].version if versions else None)
    old_number = _int(request.GET.get("from"))
    if old_number is None and new_number is not None:
        older = [v.version for v in versions if v.version < new_number]
        old_number = older[0] if older else new_number
    old, new = by_number.get(old_number or 0), by_number.get(new_number or 0)
    error = ""
    lines: list[queries.DiffLine] = []
    if old is None or new is None:
        error = _("Choose two versions of this template that you may read.")
    else:
        lines = queries.diff_lines(
            f"{old.title}\n\n{old.body}",
            f"{new.title}\n\n{new.body}",
            old_label=f"v{old.version}",
            new_label=f"v{new.version}",
        )
    context = {
        "team": team_obj,
        "obj": obj,
        "versions": versions,
        "old": old,
        "new": new,
        "lines": lines,
        "error": error,
    }
    return render(request, "texts/diff.html", context, status=400 if error else 200)


@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := refuse_unless(
        can(request.user, Action.CREATE, team=team_obj), request, _("You may not do that here.")
    ):
        return refusal
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.create_template(
                team=team_obj,
                by=request.user,
                note=form.cleaned_data["note"],
                **form.service_values(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Template T%(number)s created.") % {"number": obj.number})
            return redirect("texts:detail", team=team_obj.slug, number=obj.number)
    status = 400 if form.is_bound else 200
    return render(request, "texts/form.html", {"team": team_obj, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    obj: TextTemplate = queries.get_template(viewer=request.user, team=team_obj, number=number)
    if refusal := refuse_unless(
        can(request.user, Action.EDIT, team=team_obj, record=obj),
        request,
        _("You may not do that here."),
    ):
        return refusal
    may_restrict = can(request.user, Action.SET_VISIBILITY, team=team_obj, record=obj)
    if request.method != "POST":
        form = TemplateForm(initial=TemplateForm.initial_for(obj), can_set_visibility=may_restrict)
        return render(request, "texts/form.html", {"team": team_obj, "form": form, "obj": obj})
    form = TemplateForm(
        request.POST, initial=TemplateForm.initial_for(obj), can_set_visibility=may_restrict
    )
    status = 400
    if form.is_valid():
        try:
            services.update_template(
                template=obj,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.service_values(),
                note=form.cleaned_data["note"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            status = 409
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Template T%(number)s saved.") % {"number": obj.number})
            return redirect("texts:detail", team=team_obj.slug, number=obj.number)
    context = {"team": team_obj, "form": form, "obj": obj}
    return render(request, "texts/form.html", context, status=status)
