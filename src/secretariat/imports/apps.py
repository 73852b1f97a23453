from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "secretariat.imports"
    label = "imports"
    verbose_name = _("Imports")
