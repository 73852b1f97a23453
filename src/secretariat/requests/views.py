"""Screens of requests (/<team>/requests/) and questions (/<team>/questions/). Reads go through
requests.queries, writes through requests.services; the public and the team share the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from secretariat.archive.withheld import withheld_page, withheld_questions, withheld_requests
from secretariat.core.audit import log_export
from secretariat.core.errors import StaleVersion
from secretariat.core.history import readable_entries
from secretariat.core.permissions import Action, TeamRecord, can
from secretariat.core.screens import apply_errors, refuse_unless
from secretariat.requests import queries, services, tables
from secretariat.requests.forms import (
    AnswerForm,
    QuestionFilterForm,
    QuestionForm,
    RequestFilterForm,
    RequestForm,
    RequestNoteForm,
    ScheduleForm,
    StatusForm,
    VersionForm,
)
from secretariat.requests.models import Question, Request
from secretariat.teams.models import Team
from secretariat.teams.queries import get_team


def _refusal(
    request: HttpRequest, action: Action, team: Team, record: TeamRecord | None = None
) -> HttpResponse | None:
    return refuse_unless(
        can(request.user, action, team=team, record=record), request, _("You may not do that here.")
    )


def _submit(
    request: HttpRequest, form: Form, apply: Callable[[dict[str, Any]], object], done: str
) -> int | None:
    """Hand a bound form's cleaned data to one service. None when it is done (and `done` is
    said); else the status to answer with, the reason on the form: 400 for bad input, 409 when
    the record changed since the page was read. Either way nothing is half-written."""
    if not form.is_valid():
        return 400
    try:
        apply(form.cleaned_data)
    except StaleVersion as exc:
        form.add_error(None, str(exc))
        return 409
    except ValidationError as exc:
        apply_errors(form, exc)
        return 400
    messages.success(request, done)
    return None


# --- requests --------------------------------------------------------------------------------


@require_safe
def request_list(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    form = RequestFilterForm(
        request.GET or None,
        departments=queries.request_departments(viewer=request.user, team=team_obj),
        can_filter_visibility=can(request.user, Action.SET_VISIBILITY, team=team_obj),
    )
    rows = queries.filter_requests(
        queries.visible_requests(viewer=request.user, team=team_obj), **form.filters()
    )
    context = {
        "team": team_obj,
        "form": form,
        "requests": rows,
        "can_create": can(request.user, Action.CREATE, team=team_obj),
        "withheld": withheld_requests(viewer=request.user, team=team_obj),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "requests/list.html", context, status=status)


def _briefings(request: HttpRequest, team: Team) -> list[tables.BriefingRow]:
    return tables.briefing_rows(queries.outstanding_briefings(viewer=request.user, team=team))


@require_safe
def briefing_table(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    context = {"team": team_obj, "rows": _briefings(request, team_obj), "headers": tables.headers()}
    return render(request, "requests/briefings.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def briefing_table_csv(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    log_export(request, what="briefing requests", team=team_obj.slug, fmt="csv")
    return _download(
        tables.to_csv(_briefings(request, team_obj)),
        "text/csv; charset=utf-8",
        f"{team_obj.slug}-briefing-requests.csv",
    )


@require_safe
def briefing_table_xlsx(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    title = _("%(team)s: outstanding briefing requests, %(date)s") % {
        "team": team_obj.name,
        "date": timezone.localdate().isoformat(),
    }
    log_export(request, what="briefing requests", team=team_obj.slug, fmt="xlsx")
    return _download(
        tables.to_xlsx(_briefings(request, team_obj), title=title),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{team_obj.slug}-briefing-requests.xlsx",
    )


def _detail_context(request: HttpRequest, obj: Request, **forms: Form) -> dict[str, Any]:
    user = request.user
    team = obj.team
    can_edit = can(user, Action.EDIT, team=team, record=obj)
    context: dict[str, Any] = {
        "team": team,
        "obj": obj,
        "notes": queries.visible_request_notes(viewer=user, request=obj),
        "history": readable_entries(queries.readable_history(viewer=user, record=obj), Request),
        "questions": queries.questions_of_request(viewer=user, request=obj),
        "can_edit": can_edit,
        "can_note": can(user, Action.ADD_NOTE, team=team, record=obj),
        "can_schedule": can_edit and obj.kind == Request.Kind.BRIEFING,
    }
    context["status_form"] = forms.get("status_form") or StatusForm(
        request_obj=obj, initial={"version": obj.version}
    )
    context["schedule_form"] = forms.get("schedule_form") or ScheduleForm(
        team=team, initial={"version": obj.version, "meeting": obj.scheduled_meeting_id}
    )
    context["note_form"] = forms.get("note_form") or RequestNoteForm(
        can_restrict=can(user, Action.SET_VISIBILITY, team=team, record=obj),
        initial={"visibility": obj.visibility},
    )
    return context


@require_safe
def request_detail(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    try:
        obj = queries.get_request(viewer=request.user, team=team_obj, number=number)
    except Http404:
        # The number exists: say so, and why it is withheld (archive.withheld).
        placeholder = withheld_page(
            request,
            team_obj,
            withheld_requests(viewer=request.user, team=team_obj),
            number=number,
            label=_("Request R%(number)s") % {"number": number},
            back_url=reverse("requests:list", args=[team_obj.slug]),
            back_label=_("All requests"),
        )
        if placeholder is None:
            raise
        return placeholder
    return render(request, "requests/detail.html", _detail_context(request, obj))


@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, Action.CREATE, team_obj):
        return refusal
    form = RequestForm(request.POST or None, team=team_obj)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.create_request(team=team_obj, by=request.user, **form.service_values())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Request R%(number)s created.") % {"number": obj.number})
            return redirect("requests:detail", team=team_obj.slug, number=obj.number)
    status = 400 if form.is_bound else 200
    return render(request, "requests/form.html", {"team": team_obj, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    obj = queries.get_request(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, obj):
        return refusal
    may_restrict = can(request.user, Action.SET_VISIBILITY, team=team_obj, record=obj)
    if request.method != "POST":
        form = RequestForm(
            initial=RequestForm.initial_for(obj),
            team=team_obj,
            request_obj=obj,
            can_set_visibility=may_restrict,
        )
        return render(request, "requests/form.html", {"team": team_obj, "form": form, "obj": obj})
    form = RequestForm(
        request.POST, team=team_obj, request_obj=obj, can_set_visibility=may_restrict
    )
    status = _submit(
        request,
        form,
        lambda data: services.update_request(
            request=obj,
            by=request.user,
            expected_version=data["version"],
            changes=form.service_values(),
        ),
        _("Request R%(number)s saved.") % {"number": obj.number},
    )
    if status is None:
        return redirect("requests:detail", team=team_obj.slug, number=obj.number)
    context = {"team": team_obj, "form": form, "obj": obj}
    return render(request, "requests/form.html", context, status=status)


def _request_step(
    request: HttpRequest,
    team: str,
    number: int,
    *,
    form_key: str,
    make_form: Callable[[Request], Form],
    apply: Callable[[Request, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A staff control on the request page: check who, validate the form, call one service;
    on bad input or a stale version the page again with the form's reason (400 / 409)."""
    team_obj = get_team(team)
    obj = queries.get_request(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, obj):
        return refusal
    form = make_form(obj)
    status = _submit(request, form, lambda data: apply(obj, data), done)
    if status is None:
        return redirect("requests:detail", team=team_obj.slug, number=obj.number)
    context = _detail_context(request, obj, **{form_key: form})
    return render(request, "requests/detail.html", context, status=status)


@require_POST
def request_status(request: HttpRequest, team: str, number: int) -> HttpResponse:
    return _request_step(
        request,
        team,
        number,
        form_key="status_form",
        make_form=lambda obj: StatusForm(request.POST, request_obj=obj),
        apply=lambda obj, data: services.change_request_status(
            request=obj,
            by=request.user,
            expected_version=data["version"],
            status=data["status"],
            note=data["note"],
        ),
        done=_("Status changed."),
    )


@require_POST
def request_schedule(request: HttpRequest, team: str, number: int) -> HttpResponse:
    return _request_step(
        request,
        team,
        number,
        form_key="schedule_form",
        make_form=lambda obj: ScheduleForm(request.POST, team=obj.team),
        apply=lambda obj, data: services.schedule_briefing(
            request=obj, by=request.user, expected_version=data["version"], meeting=data["meeting"]
        ),
        done=_("Briefing scheduled."),
    )


@require_POST
def request_note(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    obj = queries.get_request(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.ADD_NOTE, team_obj, obj):
        return refusal
    form = RequestNoteForm(
        request.POST,
        can_restrict=can(request.user, Action.SET_VISIBILITY, team=team_obj, record=obj),
    )
    if form.is_valid():
        try:
            services.add_request_note(request=obj, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                return render(request, "requests/detail.html#notes", _detail_context(request, obj))
            messages.success(request, _("Note added."))
            return HttpResponseRedirect(
                reverse("requests:detail", args=[team_obj.slug, obj.number]) + "#notes"
            )
    context = _detail_context(request, obj, note_form=form)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "requests/detail.html#notes", context)
    return render(request, "requests/detail.html", context, status=400)


# --- questions -------------------------------------------------------------------------------


@require_safe
def question_page(request: HttpRequest, team: str) -> HttpResponse:
    """The public Q&A page: answered questions with published answers; staff also see the rest.
    With filters (a GET form), the questions that match, each with what the viewer may read of
    its answer."""
    team_obj = get_team(team)
    form = QuestionFilterForm(
        request.GET or None,
        team=team_obj,
        meetings=queries.meetings_to_filter_by(viewer=request.user, team=team_obj),
    )
    filtered: list[Question] | None = None
    if form.is_bound and form.is_valid() and any(form.cleaned_data.values()):
        filtered = queries.questions_with_answers(
            viewer=request.user,
            team=team_obj,
            questions=queries.filter_questions(
                queries.visible_questions(viewer=request.user, team=team_obj),
                **form.cleaned_data,
            ),
        )
    published = queries.published_answers(viewer=request.user, team=team_obj)
    may_write = can(request.user, Action.CREATE, team=team_obj)
    others: list[Question] = []
    if may_write:
        ids = {q.pk for q in published}
        others = [
            q
            for q in queries.questions_with_answers(viewer=request.user, team=team_obj)
            if q.pk not in ids
        ]
    context = {
        "team": team_obj,
        "form": form,
        "filtered": filtered,
        "published": published,
        "others": others,
        "can_create": may_write,
        "withheld": withheld_questions(viewer=request.user, team=team_obj),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "requests/questions.html", context, status=status)


@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, team: str) -> HttpResponse:
    team_obj = get_team(team)
    if refusal := _refusal(request, Action.CREATE, team_obj):
        return refusal
    form = QuestionForm(request.POST or None, team=team_obj)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.create_question(team=team_obj, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Question recorded."))
            return redirect("questions:detail", team=team_obj.slug, number=question.number)
    context = {"team": team_obj, "form": form}
    return render(
        request, "requests/question_form.html", context, status=400 if form.is_bound else 200
    )


def _question_context(
    request: HttpRequest,
    question: Question,
    form: AnswerForm | None = None,
    control_errors: list[str] | None = None,
) -> dict[str, Any]:
    team = question.team
    return {
        "team": team,
        "question": question,
        "history": readable_entries(
            queries.readable_history(viewer=request.user, record=question), Question
        ),
        "can_answer": can(request.user, Action.SET_VISIBILITY, team=team, record=question),
        "can_edit": can(request.user, Action.EDIT, team=team, record=question),
        "answer_form": form or AnswerForm(initial=AnswerForm.initial_for(question)),
        "control_errors": control_errors or [],
    }


@require_safe
def question_detail(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    try:
        question = queries.get_question(viewer=request.user, team=team_obj, number=number)
    except Http404:
        placeholder = withheld_page(
            request,
            team_obj,
            withheld_questions(viewer=request.user, team=team_obj),
            number=number,
            label=_("Question Q%(number)s") % {"number": number},
            back_url=reverse("questions:list", args=[team_obj.slug]),
            back_label=_("Questions and answers"),
        )
        if placeholder is None:
            raise
        return placeholder
    return render(request, "requests/question.html", _question_context(request, question))


@require_POST
def question_answer(request: HttpRequest, team: str, number: int) -> HttpResponse:
    team_obj = get_team(team)
    question = queries.get_question(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.SET_VISIBILITY, team_obj, question):
        return refusal
    form = AnswerForm(request.POST)
    status = _submit(
        request,
        form,
        lambda data: services.answer_question(
            question=question,
            by=request.user,
            expected_version=data["version"],
            answer=data["answer"],
            answered_by_text=data["answered_by_text"],
            answered_on=data["answered_on"],
            published=data["published"],
        ),
        _("Answer saved."),
    )
    if status is None:
        return redirect("questions:detail", team=team_obj.slug, number=question.number)
    context = _question_context(request, question, form)
    return render(request, "requests/question.html", context, status=status)


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, team: str, number: int) -> HttpResponse:
    """Edit a question (not its answer): text, asker, where asked, to whom, under what. Staff,
    chairs and the member who asked it (who may not change its visibility)."""
    team_obj = get_team(team)
    question = queries.get_question(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, Action.EDIT, team_obj, question):
        return refusal
    may_restrict = can(request.user, Action.SET_VISIBILITY, team=team_obj, record=question)
    if request.method != "POST":
        form = QuestionForm(
            initial=QuestionForm.initial_for(question),
            team=team_obj,
            question=question,
            can_set_visibility=may_restrict,
        )
        context = {"team": team_obj, "form": form, "question": question}
        return render(request, "requests/question_form.html", context)
    form = QuestionForm(
        request.POST, team=team_obj, question=question, can_set_visibility=may_restrict
    )
    status = _submit(
        request,
        form,
        lambda data: services.update_question(
            question=question,
            by=request.user,
            expected_version=data["version"],
            changes=form.service_values(),
        ),
        _("Question Q%(number)s saved.") % {"number": number},
    )
    if status is None:
        return redirect("questions:detail", team=team_obj.slug, number=number)
    context = {"team": team_obj, "form": form, "question": question}
    return render(request, "requests/question_form.html", context, status=status)


class QuestionStep(NamedTuple):
    """A one-button control of the question page: who may press it, the service, what it says."""

    action: Action
    apply: Callable[[Question, Any, int], object]
    done: str | Promise


QUESTION_STEPS = {
    "publish": QuestionStep(
        Action.SET_VISIBILITY,
        lambda q, by, version: services.publish_answer(
            question=q, by=by, expected_version=version, published=True
        ),
        gettext_lazy("Answer published."),
    ),
    "unpublish": QuestionStep(
        Action.SET_VISIBILITY,
        lambda q, by, version: services.publish_answer(
            question=q, by=by, expected_version=version, published=False
        ),
        gettext_lazy("Answer unpublished: only staff and chairs read it now."),
    ),
    "withdraw": QuestionStep(
        Action.EDIT,
        lambda q, by, version: services.withdraw_question(
            question=q, by=by, expected_version=version
        ),
        gettext_lazy("Question withdrawn."),
    ),
    "reopen": QuestionStep(
        Action.EDIT,
        lambda q, by, version: services.withdraw_question(
            question=q, by=by, expected_version=version, withdrawn=False
        ),
        gettext_lazy("Question reopened."),
    ),
}


@require_POST
def question_step(request: HttpRequest, team: str, number: int, step: str) -> HttpResponse:
    """One button on the question page (publish, unpublish, withdraw, reopen; the URL names the
    step): the version the page showed, one service; on a refusal the page again saying why,
    nothing changed."""
    chosen = QUESTION_STEPS[step]
    team_obj = get_team(team)
    question = queries.get_question(viewer=request.user, team=team_obj, number=number)
    if refusal := _refusal(request, chosen.action, team_obj, question):
        return refusal
    form = VersionForm(request.POST)
    problem, status = _("The page was out of date; reload it and try again."), 400
    if form.is_valid():
        try:
            chosen.apply(question, request.user, form.cleaned_data["version"])
        except StaleVersion as exc:
            problem, status = str(exc), 409
        except ValidationError as exc:
            problem = " ".join(exc.messages)
        else:
            messages.success(request, str(chosen.done))
            return redirect("questions:detail", team=team_obj.slug, number=number)
    fresh = queries.get_question(viewer=request.user, team=team_obj, number=number)
    context = _question_context(request, fresh, control_errors=[problem])
    return render(request, "requests/question.html", context, status=status)
