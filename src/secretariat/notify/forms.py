"""Validation of the reminder preference form; the service does the rest."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.notify.models import ReminderPreference


class ReminderPreferenceForm(forms.Form):
    schedule = forms.ChoiceField(label=_("Reminders"), choices=ReminderPreference.Schedule.choices)
    days_ahead = forms.IntegerField(
        label=_("Days ahead"),
        min_value=0,
        max_value=366,
        help_text=_("Items due within this many days are listed, with those overdue."),
    )
    hour = forms.IntegerField(
        label=_("Hour of day"), min_value=0, max_value=23, help_text=_("In your own time zone.")
    )
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"),
        choices=ReminderPreference.Weekday.choices,
        coerce=int,
        help_text=_("For weekly reminders."),
    )
