from django.contrib import admin

from secretariat.core.admin import HistoryAdmin
from secretariat.teams.models import Group, Membership, Person, Team, TeamCounter


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    list_display = ["slug", "name", "created_at"]
    search_fields = ["slug", "name"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(HistoryAdmin):
    list_display = ["name", "initials", "email", "affiliation", "time_zone"]
    search_fields = ["name", "initials", "email"]
    raw_id_fields = ["user"]


@admin.register(Group)
class GroupAdmin(HistoryAdmin):
    list_display = ["name", "team"]
    list_filter = ["team"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["person", "team", "role", "start_on", "end_on"]
    list_filter = ["team", "role"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]


@admin.register(TeamCounter)
class TeamCounterAdmin(HistoryAdmin):
    list_display = ["team", "key", "last"]
    list_filter = ["team"]
