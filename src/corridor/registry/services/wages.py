"""The employer's wage compliance record, fed by the wages app's reconciled months (a domain event)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from corridor.core import audit
from corridor.registry.models import Employer, EmployerWageRecord


def employer_wage_month_record(*, employer_id: int, reconciliation_id: int, period: str, currency: str,
                               shortfall: str, codes: list[str], days_late: int | None) -> EmployerWageRecord | None:
    """Count one reconciled worker-month on the employer's record for that month. Called once per reconciliation:
    the event's delivery row commits with this write, so a retried event never counts twice."""
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        return None
    month = dt.date.fromisoformat(f"{period}-01")
    with transaction.atomic():
        record, _created = EmployerWageRecord.objects.select_for_update().get_or_create(
            employer=employer, period=month, currency=(currency or "")[:3])
        record.workers += 1
        record.with_findings += 1 if codes else 0
        record.late += 1 if (days_late or 0) > 0 else 0
        record.not_paid += 1 if "wage.not_paid" in codes else 0
        record.shortfall += Decimal(shortfall or "0")
        record.save()
        if codes:
            audit.record(actor=None, action="employer.wage_finding", target=employer,
                         detail={"period": period, "codes": codes, "shortfall": shortfall, "currency": currency,
                                 "reconciliation": reconciliation_id})
    return record
