from django.contrib import admin

from secretariat.core.admin import HistoryAdmin
from secretariat.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["title", "number", "kind", "team", "starts_at", "status", "visibility"]
    list_filter = ["team", "kind", "status", "visibility"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
