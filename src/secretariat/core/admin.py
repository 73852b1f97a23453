from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.db.models import Field, Model, URLField
from django.forms import ModelForm
from django.http import HttpRequest

from secretariat.core.history import record_change, to_json
from secretariat.core.models import ExternalIdentity, HistoryEntry, SecurityEvent, Visibility


@admin.register(HistoryEntry)
class HistoryEntryAdmin(admin.ModelAdmin):
    """History is read-only, in the admin as everywhere."""

    list_display = ["created_at", "action", "object_repr", "actor_name", "team"]
    list_filter = ["action", "team"]
    search_fields = ["object_repr", "actor_name"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


# A link typed without a scheme is read as https:// (Django 6's default, taken now).
HTTPS_LINKS: Mapping[type[Field[Any, Any]], Mapping[str, Any]] = {
    URLField: {"assume_scheme": "https"}
}


class HistoryAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves land in the history table like every other write.

    Admin edits bypass the services' validation of workflows (use the screens for those), but
    they are never silent: each save records the changed fields, before and after, and bumps
    the record's version where it has one, so an edit in progress elsewhere is refused.
    """

    formfield_overrides = HTTPS_LINKS

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        before = (
            {name: to_json(form.initial.get(name)) for name in form.changed_data} if change else {}
        )
        if change and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
        after = {name: to_json(form.cleaned_data.get(name)) for name in form.changed_data}
        if change and not after:
            return
        record_change(
            obj=obj,
            action=f"{obj._meta.app_label}.{obj._meta.model_name}.{'admin_changed' if change else 'admin_created'}",
            by=request.user,
            changes={name: [before.get(name), value] for name, value in after.items()},
            team_id=getattr(obj, "team_id", None),
            version=getattr(obj, "version", None),
            visibility=getattr(obj, "visibility", Visibility.PUBLIC),
        )


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security audit trail, readable by staff, never edited."""

    list_display = ["created_at", "kind", "username", "address"]
    list_filter = ["kind"]
    search_fields = ["username", "address"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Accounts linked to identities at the sign-in provider. Unlinking (deleting) one lets the
    account's next sign-in there link afresh by its verified address; links are never edited."""

    list_display = ["user", "issuer", "subject", "email", "linked_at", "last_used_at"]
    search_fields = ["user__username", "email", "subject"]
    readonly_fields = ["user", "issuer", "subject", "email", "linked_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
