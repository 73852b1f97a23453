"""Forms for observer input: the visitor's form (with its honeypot) and staff's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.feedback.services import max_text_length, too_long_message


class InputForm(forms.Form):
    """Name, e-mail and text; `website` is a trap for robots, hidden from people by CSS."""

    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("Seen by staff only, never published.")
    )
    text = forms.CharField(
        label=_("Your input"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown. Staff read it before it appears here."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    prefix = "input"

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if len(text) > max_text_length():
            raise forms.ValidationError(too_long_message(), code="max_length")
        return text

    @property
    def is_spam(self) -> bool:
        return bool(self.is_bound and self.data.get(self.add_prefix("website"), "").strip())


class ModerateForm(forms.Form):
    input = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("reject", _("Reject"))], label=_("Decision")
    )
