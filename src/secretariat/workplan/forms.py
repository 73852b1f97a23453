"""Forms of the work-plan screens: they validate input and hand clean data to the services."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.meetings.models import Meeting
from secretariat.teams.models import Group, Person, Team
from secretariat.teams.queries import groups_of, resolve_owner_names, roster
from secretariat.tracker.models import ActionItem
from secretariat.workplan.models import Milestone

_NUMBER = re.compile(r"#?(\d+)")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date_field(label: Any, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2017-06-25.")},
        help_text=_("As YYYY-MM-DD, e.g. 2017-06-25."),
    )


def _numbers(raw: str, field: str) -> list[int]:
    numbers = []
    for part in re.split(r"[,\s]+", raw.strip()):
        if not part:
            continue
        match = _NUMBER.fullmatch(part)
        if match is None:
            raise ValidationError(
                _("%(value)s is not a number such as #365.") % {"value": part}, code=field
            )
        numbers.append(int(match.group(1)))
    return numbers


class MilestoneForm(forms.Form):
    """Create or edit a milestone. Owners are typed as people write them; linked action items
    and meetings by their numbers ("#365, #370")."""

    title = forms.CharField(label=_("Title"), max_length=300)
    workstream = forms.CharField(
        label=_("Workstream"),
        required=False,
        max_length=200,
        help_text=_("Sub-group or topic, e.g. SSR1 implementation."),
        widget=forms.TextInput(attrs={"list": "workstream-names"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown."),
    )
    start_on = _date_field(_("Start"))
    end_on = _date_field(_("End, or the key date"), required=True)
    status = forms.ChoiceField(
        label=_("Status"), choices=Milestone.Status.choices, initial=Milestone.Status.PLANNED
    )
    reached_on = _date_field(_("Reached on"))
    owners = forms.CharField(
        label=_("Owners"),
        required=False,
        help_text=_("Names of people or groups of the team, in order, separated by commas."),
        widget=forms.TextInput(attrs={"list": "roster-names", "autocomplete": "off"}),
    )
    depends_on = forms.ModelMultipleChoiceField(
        label=_("Depends on"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    action_items = forms.CharField(
        label=_("Linked action items"),
        required=False,
        help_text=_("Numbers, separated by commas: #365, #370."),
    )
    meetings = forms.CharField(
        label=_("Linked meetings"),
        required=False,
        help_text=_("Meeting numbers, separated by commas: #111, #112."),
    )
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
        milestones: QuerySet[Milestone],
        action_items: QuerySet[ActionItem],
        meetings: QuerySet[Meeting],
        milestone: Milestone | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        self.milestone = milestone
        self.visible_items = action_items
        self.visible_meetings = meetings
        choices = milestones.order_by("workstream", "end_on", "title").only(
            "pk", "title", "workstream", "end_on"
        )
        if milestone is not None:
            choices = choices.exclude(pk=milestone.pk)
        self.fields["depends_on"].queryset = choices  # type: ignore[attr-defined]
        if milestone is None:
            del self.fields["version"]

    @property
    def roster_names(self) -> list[str]:
        return [g.name for g in groups_of(self.team)] + [p.name for p in roster(self.team)]

    @classmethod
    def initial_for(cls, milestone: Milestone) -> dict[str, Any]:
        links = getattr(milestone, "visible_links", [])
        return {
            "title": milestone.title,
            "workstream": milestone.workstream,
            "description": milestone.description,
            "start_on": milestone.start_on,
            "end_on": milestone.end_on,
            "status": milestone.status,
            "reached_on": milestone.reached_on,
            "owners": ", ".join(str(owner) for owner in milestone.owners.all()),
            "depends_on": [m.pk for m in getattr(milestone, "visible_dependencies", [])],
            "action_items": ", ".join(
                f"#{link.action_item.number}" for link in links if link.action_item
            ),
            "meetings": ", ".join(
                f"#{link.meeting.number}" for link in links if link.meeting and link.meeting.number
            ),
            "visibility": milestone.visibility,
            "visibility_reason": milestone.visibility_reason,
            "version": milestone.version,
        }

    def clean_owners(self) -> list[Person | Group]:
        names = [n for n in self.cleaned_data["owners"].split(",") if n.strip()]
        try:
            return resolve_owner_names(team=self.team, names=names)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["owners"]) from None

    def clean_action_items(self) -> list[ActionItem]:
        wanted = _numbers(self.cleaned_data["action_items"], "action_items")
        found = {i.number: i for i in self.visible_items.filter(number__in=wanted)}
        missing = [f"#{n}" for n in wanted if n not in found]
        if missing:
            raise ValidationError(
                _("This team has no action item %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        return [found[n] for n in dict.fromkeys(wanted)]

    def clean_meetings(self) -> list[Meeting]:
        wanted = _numbers(self.cleaned_data["meetings"], "meetings")
        found = {m.number: m for m in self.visible_meetings.filter(number__in=wanted)}
        missing = [f"#{n}" for n in wanted if n not in found]
        if missing:
            raise ValidationError(
                _("This team has no meeting %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        return [found[n] for n in dict.fromkeys(wanted)]

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["depends_on"] = list(data["depends_on"])
        return data


class BaselineForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the baseline"),
        required=False,
        max_length=200,
        help_text=_('e.g. "Work plan adopted at ICANN59". Empty: today\'s date.'),
    )


class ReportPeriodForm(forms.Form):
    since = _date_field(_("From"))
    until = _date_field(_("Until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period is before its start."))
        return data


FORMATS = (("md", _("Markdown")), ("docx", _("Word (DOCX)")), ("pdf", _("PDF")))


class DraftForm(forms.Form):
    markdown = forms.CharField(
        label=_("Draft (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "draft"}),
        help_text=_(
            "Edit the text before sending. A line such as [Figure: work-plan timeline] becomes "
            "the picture in the PDF."
        ),
    )
    format = forms.ChoiceField(label=_("Download as"), choices=FORMATS, initial="docx")
    since = forms.DateField(widget=forms.HiddenInput, required=False)
    until = forms.DateField(widget=forms.HiddenInput, required=False)
