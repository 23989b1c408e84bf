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


def employer_wage_months_record(*, months: list[dict]) -> int:
    """`employer_wage_month_record` for many reconciled months at once (a batch of `wages.month_reconciled` payloads:
    `pk, employer_id, period, currency, shortfall, codes, days_late`): one locked update per employer, month and
    currency, an audit entry per month with a finding as one by one. Months with no employer, or an unknown one, are
    skipped. How many months were counted."""
    groups: dict[tuple[int, str, str], list[dict]] = {}
    for month in months:
        if month.get("employer_id") is not None:
            key = (month["employer_id"], month["period"], (month.get("currency") or "")[:3])
            groups.setdefault(key, []).append(month)
    employers = Employer.objects.in_bulk({employer_id for employer_id, _p, _c in groups})
    counted = 0
    with transaction.atomic():
        for (employer_id, period, currency), items in groups.items():
            employer = employers.get(employer_id)
            if employer is None:
                continue
            record, _created = EmployerWageRecord.objects.select_for_update().get_or_create(
                employer=employer, period=dt.date.fromisoformat(f"{period}-01"), currency=currency)
            for month in items:
                codes = list(month.get("codes") or ())
                record.workers += 1
                record.with_findings += 1 if codes else 0
                record.late += 1 if (month.get("days_late") or 0) > 0 else 0
                record.not_paid += 1 if "wage.not_paid" in codes else 0
                record.shortfall += Decimal(month.get("shortfall") or "0")
                if codes:
                    audit.record(actor=None, action="employer.wage_finding", target=employer,
                                 detail={"period": period, "codes": codes, "shortfall": month.get("shortfall"),
                                         "currency": month.get("currency"), "reconciliation": month["pk"]})
            record.save()
            counted += len(items)
    return counted
