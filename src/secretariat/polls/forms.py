"""Forms of the poll screens; the services do the real checking."""

from __future__ import annotations

import re
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.polls.models import Answer, Poll
from secretariat.teams.models import Person, Team
from secretariat.teams.queries import roster


class PollForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    time_zone = forms.CharField(label=_("Your time zone"), initial="UTC", max_length=64)
    slots = forms.CharField(
        label=_("Slots"),
        widget=forms.Textarea,
        help_text=_("One a line, in your time zone: 2017-06-24 14:00 90 (minutes) or 2017-06-24."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Invite from the roster"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One a line: Name <name@example.org>."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), required=False, help_text=_("In your time zone: 2017-06-02 17:00.")
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.TEAM
    )

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = roster(team)  # type: ignore[attr-defined]


class ScheduleForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Meeting title"), required=False, max_length=300)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    invite = forms.BooleanField(label=_("Send the invitation now"), required=False)


class ClosingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closes_at = forms.DateTimeField(
        label=_("New closing date"), help_text=_("In the poll's time zone: 2017-06-09 17:00.")
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class InviteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    people = forms.ModelMultipleChoiceField(
        label=_("Invite from the roster"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: Name <name@example.org>."),
    )

    def __init__(self, *args: Any, poll: Poll, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invited = [i.person_id for i in poll.invitees.all() if i.person_id is not None]
        self.fields["people"].queryset = roster(poll.team).exclude(pk__in=invited)  # type: ignore[attr-defined]


ZONES = sorted(zoneinfo.available_timezones())
_SLOT_FIELD = re.compile(r"^slot_(\d+)$")


class AnswerForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Your time zone"), choices=[(z, z) for z in ZONES], widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, poll: Poll, labels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slot in poll.slots.all():
            self.fields[f"slot_{slot.pk}"] = forms.ChoiceField(
                label=labels[slot.pk],
                choices=Answer.Choice.choices,
                widget=forms.RadioSelect,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # An answer for a slot that is not on this page (another poll's, a removed one) is
        # refused whole rather than silently dropped.
        strangers = [key for key in self.data if _SLOT_FIELD.match(key) and key not in self.fields]
        if strangers:
            raise forms.ValidationError(
                gettext("%(fields)s: not a slot of this poll; nothing was saved.")
                % {"fields": ", ".join(sorted(strangers))}
            )
        return cleaned
