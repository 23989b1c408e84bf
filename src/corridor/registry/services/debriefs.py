"""The agency's record of what returned workers reported at their debrief (a domain event from reintegration)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from corridor.registry.models import AgencyDebriefRecord, Licence


def agency_debrief_record(*, agency_licence: str, recruitment_cost: str, cost_currency: str) -> AgencyDebriefRecord | None:
    """Count one debrief on the agency that holds the licence named (no person is named). Called once per debrief: the
    event's delivery row commits with this write, so a retried event never counts twice."""
    licence = Licence.objects.select_related("agency").filter(number=(agency_licence or "").strip()).first() \
        if agency_licence else None
    if licence is None:
        return None
    cost = Decimal(recruitment_cost or "0")
    with transaction.atomic():
        record, _created = AgencyDebriefRecord.objects.select_for_update().get_or_create(
            agency=licence.agency, currency=(cost_currency or "")[:3] if cost > 0 else "")
        record.debriefs += 1
        if cost > 0:
            record.fees_reported += 1
            record.fees_total += cost
        record.save()
    return record
