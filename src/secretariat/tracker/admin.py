from django.contrib import admin
from django.http import HttpRequest

from secretariat.core.admin import HistoryAdmin
from secretariat.tracker.models import ActionItem, ActionItemOwner, ProgressNote


class OwnerInline(admin.TabularInline):
    model = ActionItemOwner
    extra = 0
    raw_id_fields = ["person", "group"]


class NoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    raw_id_fields = ["author", "created_by"]


@admin.register(ActionItem)
class ActionItemAdmin(HistoryAdmin):
    list_display = ["number", "team", "category", "status", "due_on", "due_text", "visibility"]
    list_filter = ["team", "status", "visibility", "category"]
    search_fields = ["text", "topic", "=number"]
    raw_id_fields = ["source_meeting", "merged_into", "created_by"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [OwnerInline, NoteInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # dropped and merged are statuses; nothing is hard-deleted


@admin.register(ProgressNote)
class ProgressNoteAdmin(HistoryAdmin):
    list_display = ["item", "noted_on", "author", "visibility"]
    list_filter = ["visibility"]
    raw_id_fields = ["item", "author", "created_by"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
