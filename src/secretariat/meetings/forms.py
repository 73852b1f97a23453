"""Forms of the meeting screens: they validate input and hand clean data to the services."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.meetings.models import AgendaItem, Attendance, Decision, Material, Meeting
from secretariat.teams.models import Group, Membership, Person, Team
from secretariat.teams.queries import resolve_owner_names
from secretariat.tracker.forms import DATE_ERRORS, DATE_HELP, DateInput

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _date_field(label: StrOrPromise, *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages=DATE_ERRORS,
        help_text=DATE_HELP,
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


TIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class MeetingForm(forms.Form):
    """A new meeting. The start is typed in `time_zone` (UTC unless chosen) and stored in UTC."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    number = forms.IntegerField(
        label=_("Number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for the team's next number."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=DateTimeLocalInput(),
        input_formats=TIME_FORMATS,
        help_text=_("As YYYY-MM-DD HH:MM, e.g. 2017-06-06 14:00."),
    )
    time_zone = forms.CharField(
        label=_("Time zone of the start"),
        initial="UTC",
        max_length=64,
        help_text=_("e.g. UTC, Europe/Brussels, America/Los_Angeles."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), initial=60, required=False, min_value=1
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=TIME_FORMATS,
        help_text=_("Instead of a duration."),
    )
    place = forms.CharField(label=_("Place or event"), required=False, max_length=200)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    visibility_reason = forms.CharField(
        label=_("Reason for restricting"), required=False, max_length=300
    )

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip() or "UTC"
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                _("%(value)s is not a time zone name such as Europe/Brussels or UTC."),
                params={"value": name},
            ) from None
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at"):
                value: dt.datetime | None = cleaned.get(name)
                if value is not None:
                    # The field made it aware in the request's zone; re-read the wall time in
                    # the zone typed beside it.
                    cleaned[name] = timezone.make_aware(
                        value.replace(tzinfo=None), zone
                    ).astimezone(dt.UTC)
        if (
            cleaned.get("visibility") == Visibility.RESTRICTED
            and not (cleaned.get("visibility_reason") or "").strip()
        ):
            self.add_error(
                "visibility_reason",
                _("Say why the meeting is restricted; the public sees this reason."),
            )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        values = {k: v for k, v in self.cleaned_data.items() if k != "time_zone"}
        if not values.get("duration_minutes"):
            values.pop("duration_minutes", None)
        return values


class FromPreviousForm(forms.Form):
    """What to carry from the previous meeting: its unreached items and open action items."""

    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1)
    starts_at = forms.DateTimeField(
        label=_("Starts (UTC)"),
        widget=DateTimeLocalInput(),
        input_formats=TIME_FORMATS,
        help_text=_("As YYYY-MM-DD HH:MM, in UTC."),
    )
    carry_items = forms.ModelMultipleChoiceField(
        label=_("Items the last meeting did not reach"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    carry_action_items = forms.TypedMultipleChoiceField(
        label=_("Its open action items"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        unreached: list[AgendaItem],
        open_items: list[Any],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "prev-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["carry_items"]
        field.queryset = AgendaItem.objects.filter(pk__in=[i.pk for i in unreached])  # type: ignore[attr-defined]
        field.label_from_instance = lambda item: item.title  # type: ignore[attr-defined]
        self.open_items = {item.number: item for item in open_items}
        self.fields["carry_action_items"].choices = [  # type: ignore[attr-defined]
            (item.number, f"#{item.number}: {item.text[:120]}") for item in open_items
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = cleaned.get("starts_at")
        if value is not None:
            cleaned["starts_at"] = timezone.make_aware(value.replace(tzinfo=None), dt.UTC)
        cleaned["carry_action_items"] = [
            self.open_items[n]
            for n in cleaned.get("carry_action_items", [])
            if n in self.open_items
        ]
        return cleaned


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    parent = forms.TypedChoiceField(label=_("Under"), coerce=int, required=False, empty_value=None)
    presenter = forms.ModelChoiceField(
        label=_("Presenter"), queryset=Person.objects.none(), required=False
    )
    presenter_text = forms.CharField(
        label=_("Presenter, if not on the roster"), required=False, max_length=200
    )
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=600)
    standing = forms.BooleanField(
        label=_("Standing item (carried to the next meeting)"), required=False
    )

    def __init__(self, *args: Any, team: Team, items: list[AgendaItem], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "agenda-%s")
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            memberships__team=team
        ).order_by("name")
        self.items = {item.pk: item for item in items}
        self.fields["parent"].choices = [("", _("— top level —"))] + [  # type: ignore[attr-defined]
            (item.pk, item.title) for item in items
        ]

    def service_values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        values["parent"] = self.items.get(values["parent"]) if values.get("parent") else None
        return values


class AttendanceForm(forms.Form):
    """The roster in one form: one choice per member ("not there" by default)."""

    CHOICES = [("", _("Not there")), *Attendance.Role.choices]

    def __init__(self, *args: Any, roster: list[tuple[Membership, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "attendance-%s")
        super().__init__(*args, **kwargs)
        self.people: dict[str, Person] = {}
        for membership, recorded in roster:
            name = f"person_{membership.person_id}"
            self.people[name] = membership.person
            self.fields[name] = forms.ChoiceField(
                label=membership.person.name,
                choices=self.CHOICES,
                required=False,
                initial=recorded,
                help_text=membership.get_role_display(),
            )

    def roles(self) -> dict[Person, str | None]:
        return {person: self.cleaned_data.get(name) or None for name, person in self.people.items()}


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Markdown."),
    )
    decided_on = _date_field(_("Date"))
    source = forms.ChoiceField(
        label=_("Source"), choices=Decision.Source.choices, initial=Decision.Source.MEETING
    )
    source_text = forms.CharField(
        label=_("Source (if not a meeting)"), required=False, max_length=200
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )

    def __init__(self, *args: Any, in_meeting: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decision-%s")
        super().__init__(*args, **kwargs)
        if in_meeting:
            # Taken on a meeting page: the meeting is the source.
            for name in ("source", "source_text"):
                del self.fields[name]


class MeetingActionItemForm(forms.Form):
    """An action item raised during the call, from the meeting page."""

    text = forms.CharField(
        label=_("Action item"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Markdown."),
    )
    owners = forms.CharField(
        label=_("Owners"),
        required=False,
        help_text=_("Names of people or groups of the team, separated by commas."),
    )
    due_on = _date_field(_("Due"))

    def __init__(self, *args: Any, team: Team, prefix_id: str = "action", **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)
        self.team = team

    def clean_owners(self) -> list[Person | Group]:
        names = [n for n in self.cleaned_data["owners"].split(",") if n.strip()]
        try:
            return resolve_owner_names(team=self.team, names=names)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["owners"]) from None


class NoteForm(MeetingActionItemForm):
    """A note under an agenda item; the button pressed says what it becomes."""

    MAKE_CHOICES = [
        ("note", _("Note")),
        ("action_item", _("Action item")),
        ("decision", _("Decision")),
    ]

    make = forms.ChoiceField(choices=MAKE_CHOICES, initial="note", widget=forms.HiddenInput)

    def __init__(self, *args: Any, agenda_item_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, prefix_id=f"note{agenda_item_id or ''}", **kwargs)
        self.fields["text"].label = _("Note")
        self.fields["text"].help_text = ""


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Material.Kind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    url = forms.URLField(label=_("Address"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label=_("or a file"), required=False)
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "material-%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("url")) == bool(cleaned.get("file")):
            self.add_error("url", _("Give either an address or a file."))
        return cleaned


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 16}), help_text=_("Markdown.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.TypedChoiceField(label=_("Approved at meeting #"), coerce=int)
    text = forms.CharField(
        label=_("Minutes as approved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Leave empty to approve them as drafted."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, later_meetings: list[Meeting], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "approve-%s")
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].choices = [  # type: ignore[attr-defined]
            (m.number, str(m)) for m in later_meetings if m.number is not None
        ]


class DecisionFilterForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("Any source")), *Decision.Source.choices], required=False
    )
    since = _date_field(_("From"))
    until = _date_field(_("Until"))
    q = forms.CharField(label=_("Text"), required=False, max_length=200)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "source": data.get("source") or "",
            "since": data.get("since"),
            "until": data.get("until"),
            "text": data.get("q") or "",
        }


class MeetingEditForm(MeetingForm):
    """A meeting's details, edited. `version` is the version the form was built from."""

    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    field_order = [
        "title", "kind", "number", "status", "starts_at", "time_zone", "duration_minutes",
        "place", "visibility", "visibility_reason",
    ]  # fmt: skip

    def __init__(self, *args: Any, can_set_visibility: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["ends_at"]  # the duration says it; update_meeting takes no end
        self.fields["starts_at"].required = False
        self.fields["number"].help_text = ""
        if not can_set_visibility:
            del self.fields["visibility"]
            del self.fields["visibility_reason"]

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        return {
            "title": meeting.title,
            "kind": meeting.kind,
            "number": meeting.number,
            "status": meeting.status,
            # Naive, in UTC beside time_zone "UTC": an aware value would be shown in the
            # viewer's zone while the form says UTC, and saving would move the meeting.
            "starts_at": (
                meeting.starts_at.astimezone(dt.UTC).replace(tzinfo=None)
                if meeting.starts_at
                else None
            ),
            "time_zone": "UTC",
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "visibility": meeting.visibility,
            "visibility_reason": meeting.visibility_reason,
            "version": meeting.version,
        }

    def service_values(self) -> dict[str, Any]:
        values = super().service_values()
        values.pop("version", None)
        return values


def _check_links(text: str) -> str:
    validate = URLValidator(schemes=["http", "https"])
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        try:
            validate(line)
        except ValidationError:
            raise ValidationError(
                _("Line %(n)s (%(value)s) is not a web address starting with https:// or http://."),
                params={"n": number, "value": line[:80]},
            ) from None
    return "\n".join(lines)


class AgendaItemEditForm(forms.Form):
    """An agenda item's details, edited in place."""

    title = forms.CharField(label=_("Title"), max_length=300)
    presenter = forms.ModelChoiceField(
        label=_("Presenter"), queryset=Person.objects.none(), required=False
    )
    presenter_text = forms.CharField(
        label=_("Presenter, if not on the roster"), required=False, max_length=200
    )
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=600)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown."),
    )  # fmt: skip
    links = forms.CharField(
        label=_("Links"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One address per line."),
    )  # fmt: skip

    def __init__(self, *args: Any, team: Team, item: AgendaItem, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"item{item.pk}-%s")
        super().__init__(*args, **kwargs)
        presenters = Person.objects.filter(memberships__team=team).distinct().order_by("name")
        self.fields["presenter"].queryset = presenters  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(item: AgendaItem) -> dict[str, Any]:
        return {
            "title": item.title,
            "presenter": item.presenter_id,
            "presenter_text": item.presenter_text,
            "minutes": item.minutes,
            "notes": item.notes,
            "links": item.links,
        }

    def clean_links(self) -> str:
        return _check_links(self.cleaned_data.get("links") or "")
