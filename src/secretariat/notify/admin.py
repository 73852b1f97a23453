from django.contrib import admin
from django.http import HttpRequest

from secretariat.core.admin import HistoryAdmin
from secretariat.notify.models import (
    InboundMail,
    MeetingInvitation,
    ReminderPreference,
    ReminderSent,
    SentMail,
)


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(HistoryAdmin):
    list_display = ["person", "schedule", "days_ahead", "hour", "weekday"]
    list_filter = ["schedule"]
    raw_id_fields = ["person"]


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what was sent or received: read-only, never deleted from the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(_ReadOnlyAdmin):
    list_display = ["day", "person", "item", "created_at"]
    date_hierarchy = "day"


@admin.register(SentMail)
class SentMailAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "kind", "recipient", "subject"]
    list_filter = ["kind"]
    search_fields = ["recipient", "message_id"]


@admin.register(MeetingInvitation)
class MeetingInvitationAdmin(_ReadOnlyAdmin):
    list_display = ["meeting", "uid", "sequence", "method", "sent_at"]


@admin.register(InboundMail)
class InboundMailAdmin(_ReadOnlyAdmin):
    list_display = ["received_at", "sender", "outcome", "reason", "item"]
    list_filter = ["outcome"]
    search_fields = ["sender", "message_id"]
