from django.contrib import admin

from secretariat.core.models import HistoryEntry


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
