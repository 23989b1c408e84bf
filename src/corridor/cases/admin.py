"""Admin for the on-duty roster only: cases are worked through their pages, never edited here."""

from django.contrib import admin

from corridor.cases.models import DutyShift
from corridor.core.admin import AuditedAdmin


@admin.register(DutyShift)
class DutyShiftAdmin(AuditedAdmin):
    list_display = ["organisation", "user", "starts_at", "ends_at", "is_supervisor"]
    list_filter = ["is_supervisor"]
