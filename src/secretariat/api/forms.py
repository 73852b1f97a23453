"""The token settings page's form: validation only; api.services creates the token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.api.models import ApiToken


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use it, e.g. “wiki tracker embed”."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=ApiToken.Scope.choices, initial=ApiToken.Scope.READ
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=_("Optional. The token stops working at the start of this day (UTC)."),
    )

    def clean_expires_on(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.now().date():
            raise forms.ValidationError(_("Choose a day after today."))
        return day

    def service_values(self) -> dict[str, Any]:
        day = self.cleaned_data.get("expires_on")
        expires_at = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC) if day else None
        return {
            "name": self.cleaned_data["name"],
            "scope": self.cleaned_data["scope"],
            "expires_at": expires_at,
        }
