from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "secretariat.tracker"
    label = "tracker"
    verbose_name = _("Action-item tracker")
