"""Forms of the text-template screens: validation only; the services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.core.models import Visibility
from secretariat.texts.models import TextTemplate


class TemplateSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search titles and text, old versions included"), required=False, max_length=200
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *TextTemplate.Kind.choices]
    )


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=TextTemplate.Kind.choices)
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Comma-separated.")
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), help_text=_("Markdown.")
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, initial=Visibility.PUBLIC
    )
    visibility_reason = forms.CharField(
        label=_("Reason for restricting"), required=False, max_length=300
    )
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=300,
        help_text=_('Kept with this version, e.g. "Deliverables as agreed with Procurement".'),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, can_set_visibility: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_set_visibility:
            self.fields["visibility"].disabled = True
            self.fields["visibility_reason"].disabled = True

    @staticmethod
    def initial_for(template: TextTemplate) -> dict[str, Any]:
        return {
            "title": template.title,
            "kind": template.kind,
            "tags": template.tags,
            "body": template.body,
            "visibility": template.visibility,
            "visibility_reason": template.visibility_reason,
            "version": template.version,
        }

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("title", "kind", "tags", "body", "visibility", "visibility_reason")
        }
