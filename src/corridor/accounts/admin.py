from django.contrib import admin

from corridor.accounts.models import Organisation, User
from corridor.core.admin import AuditedAdmin


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "country", "post_country", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    autocomplete_fields = ["country", "post_country", "parent"]


@admin.register(User)
class UserAdmin(AuditedAdmin):
    """Accounts are listed here; passwords and two-factor devices are managed by their owners."""

    list_display = ["username", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = ["username", "first_name", "last_name", "email", "role", "organisation", "preferred_language", "is_active"]
    autocomplete_fields = ["organisation"]
