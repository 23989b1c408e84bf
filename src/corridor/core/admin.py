"""Admin for reference data; every change made here is written to the audit trail."""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django_otp.admin import OTPAdminSite

from corridor.core import audit
from corridor.core.models import AuditEntry, Country, Currency, Language, Occupation


class CorridorAdminSite(OTPAdminSite):
    """The admin for administrators who passed the second factor; it has no sign-in form of its own.

    OTPAdminSite's form would check a password and code without the node's sign-in throttle and
    without recording the attempt, so signing in goes through the node's own pages; a signed-in
    user who may not use the admin gets 404, as everywhere else.
    """

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not self.has_permission(request):
                raise Http404()
            return inner(request, *args, **kwargs)

        return wrapper

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise Http404()
        return redirect_to_login(request.GET.get("next") or "/admin/", settings.LOGIN_URL)


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through the admin leave an audit entry in the same transaction."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit.record(actor=request.user, action=f"admin.{'change' if change else 'add'}", target=obj,
                         detail={"fields": sorted(form.changed_data)})

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(actor=request.user, action="admin.delete", target=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ["code", "alpha3", "name"]
    search_fields = ["code", "name"]


@admin.register(Currency)
class CurrencyAdmin(AuditedAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Language)
class LanguageAdmin(AuditedAdmin):
    list_display = ["code", "alpha3", "name", "right_to_left"]
    search_fields = ["code", "name"]


@admin.register(Occupation)
class OccupationAdmin(AuditedAdmin):
    list_display = ["code", "level", "title"]
    list_filter = ["level"]
    search_fields = ["code", "title"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the admin shows and never changes: the services write them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id", "from_state", "to_state"]
    list_filter = ["is_read"]
    search_fields = ["actor_label", "action", "object_type", "object_id"]
