"""The employer's wage compliance record, fed by the wages app's reconciled months (a domain event)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from corridor.core import audit
from corridor.registry.models import Employer, EmployerWageRecord


def employer_wage_months_record(*, months: list[dict]) -> int:
    """Count reconciled worker-months on the employers' wage records: a batch of `wages.months_reconciled` payloads,
    each the counts of one employer, month and currency (`file_id` or `month_ids`, `employer_id, period, currency,
    workers, with_findings, late, not_paid, shortfall`). One locked update per employer, month and currency; an audit entry
    on the employer for each payload with a finding. Payloads with no employer, or an unknown one, are skipped. How
    many months were counted. The event's delivery row commits with these writes, so a retried event never counts
    twice."""
    groups: dict[tuple[int, str, str], list[dict]] = {}
    for item in months:
        if item.get("employer_id") is not None:
            key = (item["employer_id"], item["period"], (item.get("currency") or "")[:3])
            groups.setdefault(key, []).append(item)
    employers = Employer.objects.in_bulk({employer_id for employer_id, _p, _c in groups})
    counted = 0
    with transaction.atomic():
        for (employer_id, period, currency), items in groups.items():
            employer = employers.get(employer_id)
            if employer is None:
                continue
            record, _created = EmployerWageRecord.objects.select_for_update().get_or_create(
                employer=employer, period=dt.date.fromisoformat(f"{period}-01"), currency=currency)
            for item in items:
                record.workers += int(item.get("workers") or 0)
                record.with_findings += int(item.get("with_findings") or 0)
                record.late += int(item.get("late") or 0)
                record.not_paid += int(item.get("not_paid") or 0)
                record.shortfall += Decimal(item.get("shortfall") or "0")
                counted += int(item.get("workers") or 0)
                if item.get("with_findings"):
                    audit.record(actor=None, action="employer.wage_finding", target=employer,
                                 detail={"period": period, "file": item.get("file_id"), "months_reconciled": item.get("month_ids"),
                                         "months": item.get("workers"),
                                         "with_findings": item["with_findings"], "late": item.get("late"),
                                         "not_paid": item.get("not_paid"), "shortfall": item.get("shortfall"),
                                         "currency": currency})
            record.save()
    return counted
