from django.contrib import admin
from django.http import HttpRequest

from secretariat.core.admin import HTTPS_LINKS, HistoryAdmin
from secretariat.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Material,
    Meeting,
    Minutes,
    MinutesRevision,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = [
        "parent",
        "position",
        "title",
        "presenter",
        "presenter_text",
        "minutes",
        "reached",
        "standing",
        "removed",
    ]
    raw_id_fields = ["parent", "presenter"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


class MaterialInline(admin.TabularInline):
    formfield_overrides = HTTPS_LINKS
    model = Material
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["title", "number", "kind", "team", "starts_at", "status", "visibility"]
    list_filter = ["team", "kind", "status", "visibility"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["previous"]
    readonly_fields = ["version", "created_at"]
    inlines = [AgendaItemInline, AttendanceInline, MaterialInline]


@admin.register(Decision)
class DecisionAdmin(HistoryAdmin):
    list_display = ["number", "team", "decided_on", "source", "meeting", "visibility"]
    list_filter = ["team", "source", "visibility"]
    search_fields = ["text", "=number"]
    raw_id_fields = ["meeting", "created_by"]
    readonly_fields = ["version", "created_at"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RevisionInline(admin.TabularInline):
    model = MinutesRevision
    extra = 0
    readonly_fields = ["text", "status", "created_at", "created_by"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Minutes)
class MinutesAdmin(HistoryAdmin):
    list_display = ["meeting", "status", "approved_at", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "approved_at"]
    readonly_fields = ["version", "drafted_text"]
    inlines = [RevisionInline]
