"""Guidance reference data in the admin: read-only (the command and the services write it)."""

from django.contrib import admin

from corridor.guidance.models import RemittanceCost, RemittanceCostFile


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RemittanceCostFile)
class RemittanceCostFileAdmin(ReadOnly):
    list_display = ["filename", "loaded_at", "rows", "added", "changed"]


@admin.register(RemittanceCost)
class RemittanceCostAdmin(ReadOnly):
    list_display = ["destination", "origin", "period", "cost_pct"]
    list_filter = ["destination", "origin"]
