"""Forms of the request and question screens: validation only; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.meetings.models import Meeting
from secretariat.requests.models import Question, Request
from secretariat.teams.models import Group, Person, Team
from secretariat.teams.queries import resolve_owner_names, roster
from secretariat.tracker.forms import _date_field
from secretariat.tracker.models import ActionItem


def _meetings(team: Team) -> Any:
    return Meeting.objects.filter(team=team).order_by("-starts_at", "-number")


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Request.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("What is asked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown."),
    )
    asked_by = forms.CharField(
        label=_("Asked by"),
        required=False,
        help_text=_("A person or group of the team, e.g. Co-Chairs; or leave empty."),
    )
    asked_by_text = forms.CharField(
        label=_("Asked by, in words"),
        required=False,
        max_length=200,
        help_text=_('When not a person or group of the team, e.g. "the review team".'),
    )
    addressed_to = forms.CharField(
        label=_("Addressed to"),
        required=False,
        max_length=120,
        help_text=_("IT, Legal, OCTO, GSE…"),
    )
    responsible = forms.ModelChoiceField(
        label=_("Presenter or responsible staff"), queryset=Person.objects.none(), required=False
    )
    responsible_text = forms.CharField(
        label=_("Presenter, if not on the roster"), required=False, max_length=200
    )
    availability = forms.CharField(
        label=_("Availability"),
        required=False,
        max_length=300,
        help_text=_('Free text, e.g. "mornings UTC, not during ICANN59".'),
    )
    available_from = _date_field(_("Available from"))
    available_until = _date_field(_("Available until"))
    requested_on = _date_field(_("Date of request"))
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    visibility_reason = forms.CharField(
        label=_("Reason for restricting"), required=False, max_length=300
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        team: Team,
        request_obj: Request | None = None,
        can_set_visibility: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.request_obj = request_obj
        self.fields["responsible"].queryset = roster(team)  # type: ignore[attr-defined]
        if not can_set_visibility:
            del self.fields["visibility"]
            del self.fields["visibility_reason"]
        if request_obj is None:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, request: Request) -> dict[str, Any]:
        who = request.asked_by_person or request.asked_by_group
        return {
            "kind": request.kind,
            "title": request.title,
            "description": request.description,
            "asked_by": who.name if who is not None else "",
            "asked_by_text": request.asked_by_text,
            "addressed_to": request.addressed_to,
            "responsible": request.responsible_id,
            "responsible_text": request.responsible_text,
            "availability": request.availability,
            "available_from": request.available_from,
            "available_until": request.available_until,
            "requested_on": request.requested_on,
            "visibility": request.visibility,
            "visibility_reason": request.visibility_reason,
            "version": request.version,
        }

    def clean_asked_by(self) -> Person | Group | None:
        name = self.cleaned_data["asked_by"].strip()
        if not name:
            return None
        try:
            return resolve_owner_names(team=self.team, names=[name], field="asked_by")[0]
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["asked_by"]) from None

    def service_values(self) -> dict[str, Any]:
        values = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if self.request_obj is None:
            values["requested_on"] = values.get("requested_on")
        return values


class StatusForm(forms.Form):
    def __init__(self, *args: Any, request_obj: Request | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "status-%s")
        super().__init__(*args, **kwargs)
        if request_obj is not None:
            from secretariat.requests.services import TRANSITIONS

            allowed = TRANSITIONS[request_obj.status]
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                c for c in Request.Status.choices if c[0] in allowed
            ]

    status = forms.ChoiceField(label=_("New status"), choices=Request.Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ScheduleForm(forms.Form):
    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "schedule-%s")
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = _meetings(team)  # type: ignore[attr-defined]

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput)


class RequestNoteForm(forms.Form):
    def __init__(self, *args: Any, can_restrict: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "note-%s")
        super().__init__(*args, **kwargs)
        if not can_restrict:
            self.fields["visibility"].choices = [  # type: ignore[attr-defined]
                c for c in Visibility.choices if c[0] != Visibility.RESTRICTED
            ]

    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
    noted_on = _date_field(_("Date"))
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    asked_by = forms.ModelChoiceField(
        label=_("Asked by"), queryset=Person.objects.none(), required=False
    )
    asked_by_text = forms.CharField(
        label=_("Asked by, in words"), required=False, max_length=200, help_text=_("e.g. GH")
    )
    asked_at = forms.ModelChoiceField(
        label=_("Asked at"), queryset=Meeting.objects.none(), required=False
    )
    addressed_to = forms.CharField(label=_("Addressed to"), required=False, max_length=120)
    action_item = forms.IntegerField(label=_("Under action item #"), required=False, min_value=1)
    request = forms.IntegerField(label=_("Under request R"), required=False, min_value=1)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        team: Team,
        question: Question | None = None,
        can_set_visibility: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["asked_by"].queryset = roster(team)  # type: ignore[attr-defined]
        self.fields["asked_at"].queryset = _meetings(team)  # type: ignore[attr-defined]
        if not can_set_visibility:
            del self.fields["visibility"]
        if question is None:
            del self.fields["version"]
        else:
            self.fields["version"].required = True

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            "text": question.text,
            "asked_by": question.asked_by_id,
            "asked_by_text": question.asked_by_text,
            "asked_at": question.asked_at_id,
            "addressed_to": question.addressed_to,
            "action_item": question.action_item.number if question.action_item else None,
            "request": question.request.number if question.request else None,
            "visibility": question.visibility,
            "version": question.version,
        }

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def clean_action_item(self) -> ActionItem | None:
        number = self.cleaned_data.get("action_item")
        if number is None:
            return None
        item = ActionItem.objects.filter(team=self.team, number=number).first()
        if item is None:
            raise ValidationError(_("There is no item #%(number)s.") % {"number": number})
        return item

    def clean_request(self) -> Request | None:
        number = self.cleaned_data.get("request")
        if number is None:
            return None
        found = Request.objects.filter(team=self.team, number=number).first()
        if found is None:
            raise ValidationError(_("There is no request R%(number)s.") % {"number": number})
        return found


class AnswerForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "answer-%s")
        super().__init__(*args, **kwargs)

    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Markdown.")
    )
    answered_by_text = forms.CharField(
        label=_("Answered by (if not you)"), required=False, max_length=200
    )
    answered_on = _date_field(_("Date answered"))
    published = forms.BooleanField(label=_("Publish the answer"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        return {
            "answer": question.answer,
            "answered_by_text": question.answered_by_text,
            "answered_on": question.answered_on,
            "published": question.published,
            "version": question.version,
        }


class VersionForm(forms.Form):
    """A one-button control (publish, withdraw…): only the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RequestFilterForm(forms.Form):
    """The request list's filters (a GET form); visibility only for those who set it."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *Request.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), ("outstanding", _("Outstanding")), *Request.Status.choices],
    )
    addressed_to = forms.ChoiceField(label=_("Addressed to"), required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"), required=False, choices=[("", _("Any")), *Visibility.choices]
    )

    def __init__(
        self, *args: Any, departments: list[str], can_filter_visibility: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addressed_to"].choices = [  # type: ignore[attr-defined]
            ("", _("Anyone")),
            *((d, d) for d in departments),
        ]
        if not can_filter_visibility:
            del self.fields["visibility"]

    def filters(self) -> dict[str, str]:
        """The chosen filters ("" for any); none at all when the form is not valid."""
        names = ("kind", "status", "addressed_to", "visibility")
        if not self.is_bound or not self.is_valid():
            return dict.fromkeys(names, "")
        return {name: self.cleaned_data.get(name) or "" for name in names}


QUESTION_STATUSES = [
    ("", _("Any")),
    ("open", _("Awaiting an answer")),
    ("answered", _("Answered")),
    ("published", _("Answer published")),
    ("withdrawn", _("Withdrawn")),
]


class QuestionFilterForm(forms.Form):
    """The question list's filters (a GET form). Grouped-under is `#12` (an action item) or
    `R3` (a request), as the pages write them."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=QUESTION_STATUSES)
    asked_by = forms.ModelChoiceField(
        label=_("Asked by"), queryset=Person.objects.none(), required=False, empty_label=_("Anyone")
    )
    asked_at = forms.ModelChoiceField(
        label=_("Asked at"), queryset=Meeting.objects.none(), required=False, empty_label=_("Any")
    )
    under = forms.CharField(
        label=_("Grouped under"),
        required=False,
        max_length=12,
        help_text=_("An action item (#12) or a request (R3)."),
    )

    def __init__(self, *args: Any, team: Team, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asked_by"].queryset = roster(team)  # type: ignore[attr-defined]
        # Only meetings the viewer may read: a closed call's title is not theirs to see.
        self.fields["asked_at"].queryset = meetings  # type: ignore[attr-defined]

    def clean_under(self) -> tuple[str, int] | None:
        text = self.cleaned_data["under"].strip().upper().replace(" ", "")
        if not text:
            return None
        kind = "request" if text.startswith("R") else "action_item"
        digits = text.lstrip("R#")
        if not digits.isdigit() or not 1 <= int(digits) < 2**31:
            raise ValidationError(
                _("Write an action item as #12 or a request as R3, not %(text)s.")
                % {"text": self.cleaned_data["under"].strip()}
            )
        return kind, int(digits)
