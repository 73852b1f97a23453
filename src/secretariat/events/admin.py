from django.contrib import admin

from secretariat.core.admin import HTTPS_LINKS, HistoryAdmin
from secretariat.events.models import Event, Session


class SessionInline(admin.TabularInline):
    formfield_overrides = HTTPS_LINKS
    model = Session
    extra = 0
    raw_id_fields = ["meeting", "recommended_by"]


@admin.register(Event)
class EventAdmin(HistoryAdmin):
    list_display = ["name", "team", "starts_on", "ends_on", "time_zone", "visibility"]
    list_filter = ["team", "visibility"]
    search_fields = ["name", "place"]
    readonly_fields = ["version", "created_at"]
    inlines = [SessionInline]
