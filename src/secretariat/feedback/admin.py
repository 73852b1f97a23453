from django.contrib import admin

from secretariat.core.admin import HistoryAdmin
from secretariat.feedback.models import Input


@admin.register(Input)
class InputAdmin(HistoryAdmin):
    list_display = ["pk", "team", "name", "status", "submitted_at", "moderated_at"]
    list_filter = ["team", "status"]
    search_fields = ["name", "email", "text"]
    raw_id_fields = ["action_item", "meeting", "moderated_by"]
    readonly_fields = ["address_hash", "version"]
