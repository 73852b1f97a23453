"""The upload screen's forms: validation only; views.py parses, previews and applies."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from secretariat.imports.detect import MAX_BYTES

FORMAT_CHOICES = [
    ("auto", _("Detect it")),
    ("slides", _("Coordination deck (slides as text)")),
    ("tracker", _("Action-item tracker table")),
    ("meeting-page", _("A call's wiki page")),
    ("decisions", _("Decisions reached table")),
    ("list-post", _("One mailing-list post")),
    ("mbox", _("Mailing-list archive (mbox)")),
    ("csv", _("CSV table")),
    ("xlsx", _("Excel workbook (.xlsx)")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # refused by the importer, with the file's name
        help_text=_("At most %(limit)s MB.") % {"limit": MAX_BYTES // 1024 // 1024},
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="auto")
    reference_date = forms.DateField(
        label=_("Reference date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "A date written without a year takes the year nearest this day, when the document "
            "has no date of its own. Empty: today."
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; expected at most %(limit)s MB.")
                % {"size": upload.size / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
            )
        return upload


class ApplyForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    skip_bad = forms.BooleanField(
        label=_("Skip bad rows"),
        required=False,
        help_text=_(
            "Write the parts that could be read and leave out those listed as errors. "
            "Unticked, nothing is written while anything is wrong."
        ),
    )
