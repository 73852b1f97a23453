from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "secretariat.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from secretariat.notify import signals  # noqa: F401  (connects the receivers)
