"""Forms of the tracker screens: they validate input and hand clean data to the services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Group, Person, Team
from secretariat.teams.queries import groups_of, resolve_owner_names, roster
from secretariat.tracker.models import ActionItem
from secretariat.tracker.queries import DEFAULT_SORT, TrackerFilters

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE_HELP = _("As YYYY-MM-DD, e.g. 2017-05-30.")
DATE_ERRORS = {"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2017-05-30.")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label: StrOrPromise, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages=DATE_ERRORS,
        help_text=DATE_HELP,
    )


class ActionItemForm(forms.Form):
    """Create or edit an item. Owners are typed as people write them: "Co-Chairs, James Gannon"."""

    text = forms.CharField(
        label=_("Action item request"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: *emphasis*, lists and links work."),
    )
    owners = forms.CharField(
        label=_("Action owners"),
        required=False,
        help_text=_("Names of people or groups of the team, in order, separated by commas."),
        widget=forms.TextInput(attrs={"list": "roster-names", "autocomplete": "off"}),
    )
    category = forms.CharField(
        label=_("Category"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"list": "category-names"}),
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        max_length=200,
        help_text=_("Sub-group heading, e.g. SSR1 implementation."),
    )
    source_meeting = forms.ModelChoiceField(
        label=_("Source of request"), queryset=Meeting.objects.none(), required=False
    )
    source_text = forms.CharField(
        label=_("Source (if not a meeting)"), required=False, max_length=200
    )
    requested_on = _date_field(_("Date of request"))
    due_on = _date_field(_("Anticipated completion date"))
    due_text = forms.CharField(
        label=_("Due, in words"),
        required=False,
        max_length=100,
        help_text=_('When there is no date: "TBD", "Tuesday COB".'),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ActionItem.Status.OPEN, ActionItem.Status.OPEN.label),
            (ActionItem.Status.IN_PROGRESS, ActionItem.Status.IN_PROGRESS.label),
            (ActionItem.Status.DROPPED, ActionItem.Status.DROPPED.label),
        ],
        initial=ActionItem.Status.OPEN,
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    visibility_reason = forms.CharField(
        label=_("Reason for restricting"),
        required=False,
        max_length=300,
        help_text=_("Shown to the public in place of the withheld item."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        team: Team,
        can_set_visibility: bool = True,
        item: ActionItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.item = item
        meetings = Meeting.objects.filter(team=team).order_by("-starts_at", "-number")
        self.fields["source_meeting"].queryset = meetings  # type: ignore[attr-defined]
        if item is not None and item.status in (ActionItem.Status.DONE, ActionItem.Status.MERGED):
            # A done or merged item keeps its status unless the editor reopens it.
            status_field = self.fields["status"]
            status_field.choices = [(item.status, item.get_status_display()), *status_field.choices]  # type: ignore[attr-defined]
        if not can_set_visibility:
            del self.fields["visibility"]
            del self.fields["visibility_reason"]
        if item is None:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, item: ActionItem) -> dict[str, Any]:
        return {
            "text": item.text,
            "owners": ", ".join(str(link) for link in item.owners.all()),
            "category": item.category,
            "topic": item.topic,
            "source_meeting": item.source_meeting_id,
            "source_text": item.source_text,
            "requested_on": item.requested_on,
            "due_on": item.due_on,
            "due_text": item.due_text,
            "status": item.status,
            "visibility": item.visibility,
            "visibility_reason": item.visibility_reason,
            "version": item.version,
        }

    def clean_owners(self) -> list[Person | Group]:
        names = [n for n in self.cleaned_data["owners"].split(",") if n.strip()]
        try:
            return resolve_owner_names(team=self.team, names=names)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["owners"]) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("visibility") == Visibility.RESTRICTED
            and not cleaned.get("visibility_reason", "").strip()
        ):
            self.add_error(
                "visibility_reason",
                _("Say why the item is restricted; the public sees this reason."),
            )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        """The cleaned data as the services take it."""
        values = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if self.item is not None and values.get("status") == self.item.status:
            values.pop("status")
        return values

    def roster_names(self) -> list[str]:
        return [g.name for g in groups_of(self.team)] + [p.name for p in roster(self.team)]


class ProgressNoteForm(forms.Form):
    def __init__(self, *args: Any, can_restrict: bool = True, **kwargs: Any) -> None:
        # Several forms share the item page: distinct ids keep labels tied to their own inputs.
        kwargs.setdefault("auto_id", "note-%s")
        super().__init__(*args, **kwargs)
        if not can_restrict:
            field = self.fields["visibility"]
            field.choices = [c for c in Visibility.choices if c[0] != Visibility.RESTRICTED]  # type: ignore[attr-defined]

    text = forms.CharField(label=_("Progress note"), widget=forms.Textarea(attrs={"rows": 2}))
    noted_on = _date_field(_("Date"))
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )


class CompleteForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Several forms share the item page: distinct ids keep labels tied to their own inputs.
        kwargs.setdefault("auto_id", "complete-%s")
        super().__init__(*args, **kwargs)

    completed_response = forms.CharField(
        label=_("Completed response"), widget=forms.Textarea(attrs={"rows": 2})
    )
    completed_on = _date_field(_("Completion date"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Several forms share the item page: distinct ids keep labels tied to their own inputs.
        kwargs.setdefault("auto_id", "merge-%s")
        super().__init__(*args, **kwargs)

    into = forms.IntegerField(label=_("Merge into item #"), min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TrackerFilterForm(forms.Form):
    """The list's filters, read from the query string; an invalid value is reported and ignored."""

    STATUS_CHOICES = [
        ("active", _("Open or in progress")),
        *ActionItem.Status.choices,
        ("all", _("Any status")),
    ]
    SORT_CHOICES = [
        ("-number", _("Newest first")),
        ("number", _("Oldest first")),
        ("due", _("Due soonest")),
        ("-due", _("Due latest")),
        ("-requested", _("Requested most recently")),
        ("category", _("Category")),
        ("status", _("Status")),
    ]

    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    mine = forms.BooleanField(label=_("Mine and my groups'"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_before = _date_field(_("Due before"))
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(
        self,
        *args: Any,
        team: Team,
        categories: list[str],
        topics: list[str],
        signed_in: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        self.fields["owner"].choices = [  # type: ignore[attr-defined]
            *any_choice,
            (_("Groups"), [(f"group:{g.pk}", g.name) for g in groups_of(team)]),
            (_("People"), [(f"person:{p.pk}", p.name) for p in roster(team)]),
        ]
        self.fields["category"].choices = [*any_choice, *((c, c) for c in categories)]  # type: ignore[attr-defined]
        self.fields["topic"].choices = [*any_choice, *((t, t) for t in topics)]  # type: ignore[attr-defined]
        if not signed_in:
            del self.fields["mine"]

    def to_filters(self) -> TrackerFilters:
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        )
        status = data.get("status") or "active"
        if status == "active":
            statuses: list[str] = [str(s) for s in ActionItem.ACTIVE_STATUSES]
        elif status == "all":
            statuses = []
        else:
            statuses = [status]
        return TrackerFilters(
            statuses=statuses,
            owner=data.get("owner") or "",
            mine=bool(data.get("mine")),
            category=data.get("category") or "",
            topic=data.get("topic") or "",
            overdue=bool(data.get("overdue")),
            due_before=data.get("due_before"),
            text=data.get("q") or "",
            sort=data.get("sort") or DEFAULT_SORT,
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields if name != "sort")
