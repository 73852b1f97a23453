from django.contrib import admin
from django.http import HttpRequest

from secretariat.core.admin import HistoryAdmin
from secretariat.requests.models import Question, Request, RequestNote


class NoteInline(admin.TabularInline):
    model = RequestNote
    extra = 0
    raw_id_fields = ["author", "created_by"]


@admin.register(Request)
class RequestAdmin(HistoryAdmin):
    list_display = ["number", "team", "kind", "title", "status", "responsible", "visibility"]
    list_filter = ["team", "kind", "status", "visibility"]
    search_fields = ["title", "description", "=number"]
    raw_id_fields = [
        "asked_by_person",
        "asked_by_group",
        "responsible",
        "scheduled_meeting",
        "created_by",
    ]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [NoteInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # declined and withdrawn are statuses; nothing is hard-deleted


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ["number", "team", "asked_by", "asked_by_text", "status", "published"]
    list_filter = ["team", "status", "published", "visibility"]
    search_fields = ["text", "answer", "=number"]
    raw_id_fields = ["asked_by", "answered_by", "asked_at", "action_item", "request"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
