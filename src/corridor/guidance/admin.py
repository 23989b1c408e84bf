"""Guidance reference data in the admin: read-only (the command and the services write it)."""

from django.contrib import admin

from corridor.core.admin import ReadOnlyAdmin
from corridor.guidance.models import RemittanceCost, RemittanceCostFile


@admin.register(RemittanceCostFile)
class RemittanceCostFileAdmin(ReadOnlyAdmin):
    list_display = ["filename", "loaded_at", "rows", "added", "changed"]


@admin.register(RemittanceCost)
class RemittanceCostAdmin(ReadOnlyAdmin):
    list_display = ["destination", "origin", "period", "cost_pct"]
    list_filter = ["destination", "origin"]
