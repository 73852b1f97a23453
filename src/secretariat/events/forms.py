"""Forms of the event screens: validation only."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.events.models import Event, Session
from secretariat.tracker.forms import _date_field


class EventForm(forms.Form):
    """Create or edit an event; leave both days empty while the dates are not announced."""

    name = forms.CharField(label=_("Name"), max_length=200)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    starts_on = _date_field(_("First day"))
    ends_on = _date_field(_("Last day"))
    time_zone = forms.CharField(
        label=_("Time zone"), initial="UTC", max_length=64, help_text=_("e.g. Africa/Johannesburg")
    )
    url = forms.URLField(label=_("Web site"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            self.fields[name].help_text = _(
                "YYYY-MM-DD; leave both days empty while the dates are not announced."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both_read = "starts_on" in data and "ends_on" in data
        if both_read and (data["starts_on"] is None) != (data["ends_on"] is None):
            missing = "ends_on" if data["ends_on"] is None else "starts_on"
            self.add_error(missing, _("Give both the first and the last day, or neither."))
        return data


class EventEditForm(EventForm):
    """Edit an event, on the version the person read (a stale edit is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, can_set_visibility: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_set_visibility:
            del self.fields["visibility"]

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        return {
            "name": event.name,
            "place": event.place,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "time_zone": event.time_zone,
            "url": event.url,
            "description": event.description,
            "visibility": event.visibility,
            "version": event.version,
        }

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class EventFilterForm(forms.Form):
    """Which events the list shows; a plain GET form (works without JavaScript)."""

    when = forms.ChoiceField(
        label=_("Show"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
        required=False,
        initial="upcoming",
    )

    def when_value(self) -> str:
        if self.is_valid() and self.cleaned_data.get("when"):
            return str(self.cleaned_data["when"])
        return "upcoming"


class SessionForm(forms.Form):
    """Times are typed in the event's own time zone, as its programme shows them."""

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "session-%s")
        super().__init__(*args, **kwargs)
        self.event = event
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _(
                "Local time at the event (%(zone)s), YYYY-MM-DD HH:MM."
            ) % {"zone": event.time_zone}

    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Starts"), input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
    )
    room = forms.CharField(label=_("Room"), required=False, max_length=120)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    recommended = forms.BooleanField(label=_("Recommend to the team"), required=False)
    recommended_reason = forms.CharField(label=_("Why attend"), required=False, max_length=300)

    def _in_event_zone(self, name: str) -> dt.datetime | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        try:
            zone = zoneinfo.ZoneInfo(self.event.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(_("The event's time zone is not known.")) from None
        # The form reads naive local times; Django may have made them aware in the active zone.
        naive = value.replace(tzinfo=None) if value.tzinfo else value
        return naive.replace(tzinfo=zone)

    def clean_starts_at(self) -> dt.datetime | None:
        return self._in_event_zone("starts_at")

    def clean_ends_at(self) -> dt.datetime | None:
        return self._in_event_zone("ends_at")


class SessionEditForm(SessionForm):
    """Edit a session (recommending and cancelling have their own forms); times are typed in
    the event's time zone."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, event=event, **kwargs)
        del self.fields["recommended"]
        del self.fields["recommended_reason"]

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        zone = session.event.zone
        return {
            "title": session.title,
            "starts_at": session.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "ends_at": session.ends_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "room": session.room,
            "link": session.link,
            "description": session.description,
            "version": session.version,
        }

    def service_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class CancelSessionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    cancelled = forms.TypedChoiceField(
        choices=[("yes", _("Cancel the session")), ("no", _("Restore the session"))],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label=_("Why cancelled"), required=False, max_length=300)


class RecommendForm(forms.Form):
    recommended = forms.BooleanField(label=_("Recommend to the team"), required=False)
    reason = forms.CharField(label=_("Why attend"), required=False, max_length=300)


class AttendanceForm(forms.Form):
    attending = forms.TypedChoiceField(
        label=_("Will you be there?"),
        choices=[("yes", _("Yes, I will attend")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    note = forms.CharField(
        label=_("Your dates"),
        required=False,
        max_length=200,
        help_text=_("E.g. arriving Sunday 25 June, leaving Thursday 29 June."),
    )
