"""Text templates in the admin: to look at only; every edit goes through the screens, which
keep each replaced text as a version."""

from django.contrib import admin
from django.http import HttpRequest

from secretariat.texts.models import TextTemplate, TextTemplateVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = TextTemplateVersion
    extra = 0
    fields = ["version", "title", "note", "author_name", "created_at", "visibility"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TextTemplate)
class TextTemplateAdmin(ReadOnly):
    list_display = ["number", "team", "kind", "title", "version", "visibility"]
    list_filter = ["team", "kind", "visibility"]
    search_fields = ["title", "tags", "body", "=number"]
    inlines = [VersionInline]
