from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "secretariat.archive"
    label = "archive"
    verbose_name = _("Public archive")

    def ready(self) -> None:
        from secretariat.archive.search_index import connect_signals

        connect_signals()
