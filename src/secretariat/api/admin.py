from django.contrib import admin

from secretariat.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators may see and revoke tokens; nobody, not even the admin, sees a secret."""

    list_display = ["name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "prefix", "token_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
