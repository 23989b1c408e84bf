"""Reads of shared data: the audit trail (for auditors) and reference data."""

from datetime import date

from django.db.models import QuerySet

from corridor.core.errors import NotFound
from corridor.core.models import AuditEntry
from corridor.core.permissions import has_perm


def one(queryset: QuerySet):
    """The first record of a queryset already scoped to the user, or NotFound: a record the user may not see and a
    record that does not exist answer alike."""
    found = queryset.first()
    if found is None:
        raise NotFound()
    return found


def audit_search(
    *, user, actor: str = "", action: str = "", object_type: str = "", object_id: str = "",
    since: date | None = None, until: date | None = None, reads_only: bool = False,
) -> QuerySet[AuditEntry]:
    if not has_perm(user, "audit.view"):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(actor_label__iexact=actor.strip())
    if action:
        entries = entries.filter(action__startswith=action.strip())
    if object_type:
        entries = entries.filter(object_type=object_type.strip())
    if object_id:
        entries = entries.filter(object_id=object_id.strip())
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    if reads_only:
        entries = entries.filter(is_read=True)
    return entries.order_by("-seq")
