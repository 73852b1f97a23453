"""The tracker's screens. Each view reads through tracker.queries and writes through
tracker.services; the same pages serve the public (read-only) and the team (with edit controls).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from secretariat.core.context_processors import is_static_export
from secretariat.core.errors import StaleVersion
from secretariat.core.history import readable_entries
from secretariat.core.markdown import render_markdown
from secretariat.core.models import Visibility
from secretariat.core.permissions import Action, TeamRecord, can
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.core.visibility import access_for
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team
from secretariat.tracker import queries, services
from secretariat.tracker.forms import (
    ActionItemForm,
    CompleteForm,
    MergeForm,
    ProgressNoteForm,
    TrackerFilterForm,
)
from secretariat.tracker.models import ActionItem


def _refusal(
    request: HttpRequest, action: Action, team: Team, record: TeamRecord | None = None
) -> HttpResponse | None:
    """None if the viewer may do `action`; else a sign-in redirect for anonymous visitors.

    Signed-in people who may not do it get PermissionDenied (403).
    """
    return refuse_unless(
        can(request.user, action, team=team, record=record),
        request,
        _("You may not do that with this item."),
    )


# Placeholders listed under the tracker: the first ones by number, then how many more. Each
# number's own page still says why it is withheld.
WITHHELD_SHOWN = 50


@require_safe
def item_list(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    access = access_for(request.user, team_obj)
    visible = queries.visible_action_items(viewer=request.user, team=team_obj)
    choices = queries.filter_choices(viewer=request.user, team=team_obj)
    form = TrackerFilterForm(
        request.GET or None,
        team=team_obj,
        categories=choices["categories"],
        topics=choices["topics"],
        signed_in=request.user.is_authenticated,
    )
    filters = form.to_filters()
    if is_static_export(request):
        # The static copy has no filters: its one list page holds every item, done or not.
        filters = queries.TrackerFilters(**{**filters.__dict__, "statuses": []})
    matching = queries.filter_action_items(visible, filters=filters, access=access)
    # Counts by status for the other filters, so the status menu shows what each choice holds.
    unfiltered_status = queries.filter_action_items(
        visible, filters=_without_status(filters), access=access
    )
    # The rows read their owners' names in one query of their own (see _rows).
    page = Paginator(matching.prefetch_related(None), settings.TRACKER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    withheld = queries.withheld_action_items(
        viewer=request.user, team=team_obj, limit=WITHHELD_SHOWN
    )
    context = {
        "team": team_obj,
        "form": form,
        "page": page,
        "items": page.object_list,
        "rows": _rows(page.object_list, team_obj),
        "counts": queries.status_counts(unfiltered_status),
        "overdue": queries.overdue_count(visible),
        "can_create": can(request.user, Action.CREATE, team=team_obj),
        "withheld": withheld,
        # Counted whenever something is withheld, so the page's queries do not depend on how much.
        "withheld_more": (
            queries.withheld_count(viewer=request.user, team=team_obj) - len(withheld)
            if withheld
            else 0
        ),
    }
    template = "tracker/list.html#results" if request.htmx else "tracker/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _rows(items: Iterable[ActionItem], team: Team) -> list[dict[str, Any]]:
    """The list's rows, each value computed once here: the template only places them (the
    template engine's lookups, filters and URL tags were most of the time of a page of 100).
    Plain dicts, the quickest thing for a template to look into; text is escaped there."""
    items = list(items)
    owners = queries.owner_names(items)
    prefix = reverse("tracker:list", args=[team.slug])
    today = timezone.localdate()
    short_date = get_format("SHORT_DATE_FORMAT")
    statuses = {value: str(label) for value, label in ActionItem.Status.choices}
    visibilities = {value: str(label) for value, label in Visibility.choices}
    rows = []
    for item in items:
        merged_into = item.merged_into.number if item.merged_into else None
        overdue = " overdue" if item.is_overdue(today) else ""
        rows.append(
            {
                "css_class": f"status-{item.status}{overdue}",
                "url": f"{prefix}{item.number}/",
                "number": item.number,
                "category": item.category,
                "topic": item.topic,
                "source": str(item.source_meeting) if item.source_meeting else item.source_text,
                "requested_on": item.requested_on.isoformat() if item.requested_on else "",
                "requested_display": (
                    dateformat.format(item.requested_on, short_date) if item.requested_on else ""
                ),
                "text_html": render_markdown(item.text),
                "owners": ", ".join(owners[item.pk]),
                "due_on": item.due_on.isoformat() if item.due_on else "",
                "due_display": dateformat.format(item.due_on, short_date) if item.due_on else "",
                "due_text": item.due_text,
                "status": statuses.get(item.status, item.status),
                "merged_into": merged_into,
                "merged_url": f"{prefix}{merged_into}/" if merged_into else "",
                "visibility": (
                    visibilities.get(item.visibility, item.visibility)
                    if item.visibility != Visibility.PUBLIC
                    else ""
                ),
            }
        )
    return rows


def _without_status(filters: queries.TrackerFilters) -> queries.TrackerFilters:
    return queries.TrackerFilters(**{**filters.__dict__, "statuses": []})


def _detail_context(request: HttpRequest, item: ActionItem, **forms: Form) -> dict[str, Any]:
    team = item.team
    user = request.user
    history = list(queries.visible_history(viewer=user, item=item))
    context: dict[str, Any] = {
        "team": team,
        "item": item,
        "notes": queries.visible_notes(viewer=user, item=item),
        "history": readable_entries(history, ActionItem),
        "merged_items": queries.visible_action_items(viewer=user, team=team).filter(
            merged_into=item
        ),
        "can_edit": can(user, Action.EDIT, team=team, record=item),
        "can_note": can(user, Action.ADD_NOTE, team=team, record=item),
        # A refused form is shown again, with its errors, even if the item's status now hides it.
        "can_complete": (item.is_active or "complete_form" in forms)
        and can(user, Action.COMPLETE, team=team, record=item),
        "can_merge": (item.status != ActionItem.Status.MERGED or "merge_form" in forms)
        and can(user, Action.MERGE, team=team, record=item),
    }
    context["note_form"] = forms.get("note_form") or ProgressNoteForm(
        can_restrict=can(user, Action.SET_VISIBILITY, team=team, record=item)
    )
    context["complete_form"] = forms.get("complete_form") or CompleteForm(
        initial={"version": item.version}
    )
    context["merge_form"] = forms.get("merge_form") or MergeForm(initial={"version": item.version})
    context["complete_form"].initial["version"] = item.version
    context["merge_form"].initial["version"] = item.version
    return context


@require_safe
def item_detail(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    try:
        item = queries.get_action_item(viewer=request.user, team=team_obj, number=number)
    except Http404:
        withheld = queries.withheld_action_item(viewer=request.user, team=team_obj, number=number)
        if withheld is None:
            raise
        # The number exists: say so, and why it is withheld, rather than pretend it does not.
        context = {"team": team_obj, "withheld": withheld}
        return render(request, "tracker/withheld.html", context, status=403)
    return render(request, "tracker/detail.html", _detail_context(request, item))


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, Action.CREATE, team_obj):
        return refusal
    form = ActionItemForm(request.POST or None, team=team_obj)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_action_item(
                team=team_obj, by=request.user, **form.service_values()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Action item #%(number)s created.") % {"number": item.number}
            )
            return redirect("tracker:detail", team=team_obj.slug, number=item.number)
    status = 400 if form.is_bound else 200
    return render(request, "tracker/form.html", {"team": team_obj, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    item = queries.get_action_item(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, item):
        return refusal
    can_set_visibility = can(request.user, Action.SET_VISIBILITY, team=team_obj, record=item)
    if request.method != "POST":
        form = ActionItemForm(
            initial=ActionItemForm.initial_for(item),
            team=team_obj,
            item=item,
            can_set_visibility=can_set_visibility,
        )
        return render(request, "tracker/form.html", {"team": team_obj, "form": form, "item": item})
    form = ActionItemForm(
        request.POST, team=team_obj, item=item, can_set_visibility=can_set_visibility
    )
    conflict: StaleVersion | None = None
    if form.is_valid():
        try:
            services.update_action_item(
                item=item,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                changes=form.service_values(),
            )
        except StaleVersion as exc:
            conflict = exc
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Action item #%(number)s saved.") % {"number": item.number})
            return redirect("tracker:detail", team=team_obj.slug, number=item.number)
    context: dict[str, Any] = {"team": team_obj, "form": form, "item": item}
    if conflict is not None:
        # Keep what this person typed, but on the current version: saving again is a decision.
        data = request.POST.copy()
        data["version"] = str(conflict.current.version)  # type: ignore[attr-defined]
        context["form"] = ActionItemForm(
            data, team=team_obj, item=item, can_set_visibility=can_set_visibility
        )
        context["conflict"] = readable_entries(conflict.changes_since, ActionItem)
        return render(request, "tracker/form.html", context, status=409)
    return render(request, "tracker/form.html", context, status=400)


@require_POST
def note_add(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    item = queries.get_action_item(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.ADD_NOTE, team_obj, item):
        return refusal
    form = ProgressNoteForm(
        request.POST,
        can_restrict=can(request.user, Action.SET_VISIBILITY, team=team_obj, record=item),
    )
    if form.is_valid():
        try:
            services.add_progress_note(item=item, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                context = _detail_context(request, item)
                return render(request, "tracker/detail.html#notes", context)
            messages.success(request, _("Note added to #%(number)s.") % {"number": item.number})
            return HttpResponseRedirect(
                reverse("tracker:detail", args=[team_obj.slug, item.number]) + "#notes"
            )
    context = _detail_context(request, item, note_form=form)
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers by default; the form shows its own errors.
        return render(request, "tracker/detail.html#notes", context)
    return render(request, "tracker/detail.html", context, status=400)


@require_POST
def item_complete(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    item = queries.get_action_item(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.COMPLETE, team_obj, item):
        return refusal
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.complete_action_item(
                item=item,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                response=form.cleaned_data["completed_response"],
                completed_on=form.cleaned_data["completed_on"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            return render(
                request,
                "tracker/detail.html",
                _detail_context(request, item, complete_form=form),
                status=409,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Action item #%(number)s completed.") % {"number": item.number}
            )
            return redirect("tracker:detail", team=team_obj.slug, number=item.number)
    return render(
        request,
        "tracker/detail.html",
        _detail_context(request, item, complete_form=form),
        status=400,
    )


@require_POST
def item_merge(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    item = queries.get_action_item(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.MERGE, team_obj, item):
        return refusal
    form = MergeForm(request.POST)
    if form.is_valid():
        target = (
            queries.visible_action_items(viewer=request.user, team=team_obj)
            .filter(number=form.cleaned_data["into"])
            .first()
        )
        if target is None:
            form.add_error(
                "into",
                _("There is no item #%(number)s in this team.")
                % {"number": form.cleaned_data["into"]},
            )
        else:
            try:
                services.merge_action_item(
                    item=item,
                    into=target,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as exc:
                form.add_error(None, str(exc))
                return render(
                    request,
                    "tracker/detail.html",
                    _detail_context(request, item, merge_form=form),
                    status=409,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("#%(number)s merged into #%(target)s.")
                    % {"number": item.number, "target": target.number},
                )
                return redirect("tracker:detail", team=team_obj.slug, number=item.number)
    return render(
        request, "tracker/detail.html", _detail_context(request, item, merge_form=form), status=400
    )
