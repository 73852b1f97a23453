from django.contrib import admin
from django.http import HttpRequest

from secretariat.core.admin import HistoryAdmin
from secretariat.workplan.models import (
    Baseline,
    BaselineEntry,
    Milestone,
    MilestoneLink,
    MilestoneOwner,
)


class OwnerInline(admin.TabularInline):
    model = MilestoneOwner
    extra = 0
    raw_id_fields = ["person", "group"]


class LinkInline(admin.TabularInline):
    model = MilestoneLink
    extra = 0
    raw_id_fields = ["action_item", "meeting"]


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["title", "team", "workstream", "start_on", "end_on", "status", "visibility"]
    list_filter = ["team", "status", "visibility"]
    search_fields = ["title", "workstream"]
    raw_id_fields = ["created_by"]
    filter_horizontal = ["depends_on"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [OwnerInline, LinkInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # dropped is a status; nothing is hard-deleted


class EntryInline(admin.TabularInline):
    model = BaselineEntry
    extra = 0
    raw_id_fields = ["milestone"]


@admin.register(Baseline)
class BaselineAdmin(HistoryAdmin):
    list_display = ["name", "team", "saved_at"]
    list_filter = ["team"]
    raw_id_fields = ["saved_by"]
    inlines = [EntryInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
