from django.contrib import admin

from secretariat.core.admin import HistoryAdmin
from secretariat.polls.models import Invitee, Poll, Slot


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0


class InviteeInline(admin.TabularInline):
    model = Invitee
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Poll)
class PollAdmin(HistoryAdmin):
    list_display = ["title", "team", "closes_at", "visibility"]
    list_filter = ["team", "visibility"]
    search_fields = ["title"]
    readonly_fields = ["version", "created_at"]
    raw_id_fields = ["meeting", "chosen_slot"]
    inlines = [SlotInline, InviteeInline]
