"""Admin: contracts and checks are read here, never changed (every change goes through the services)."""

from django.contrib import admin

from corridor.contracts.models import CheckRecord, Contract, ContractEvent, ContractVersion
from corridor.core import admin as core_admin
from corridor.core.admin import AuditedAdmin


class ReadOnlyAdmin(core_admin.ReadOnlyAdmin, AuditedAdmin):
    pass


@admin.register(CheckRecord)
class CheckRecordAdmin(ReadOnlyAdmin):
    list_display = ["checked_at", "content_hash", "compliant", "violations", "source", "lang"]
    list_filter = ["compliant", "source", "lang"]
    search_fields = ["content_hash"]
    date_hierarchy = "checked_at"


class VersionInline(admin.TabularInline):
    model = ContractVersion
    fields = ["number", "status", "content_hash", "submitted_at", "registered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["reference", "worker", "agency", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["reference", "job_order__reference"]
    inlines = [VersionInline]


@admin.register(ContractVersion)
class ContractVersionAdmin(ReadOnlyAdmin):
    list_display = ["contract", "number", "status", "content_hash", "registered_at"]
    list_filter = ["status"]
    exclude = ["document"]  # holds the passport number: read it on the contract's page, where reads are audited


@admin.register(ContractEvent)
class ContractEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "contract", "action", "from_status", "to_status", "actor"]
