"""Demo only: a year of employers' past salary files loaded in bulk (`salary_files_backfill`), so that the demo's
statistics (worker-months paid short, worker-months paid late) show months of figures. A backfill, as an
inspectorate taking over an earlier system's files would load them: each file parsed and checked by the same parser
as an import (`parsing.parse`: a refused file refuses the whole backfill), each line reconciled by the same function
(`reconcile.reconcile_month`) against the worker's contract terms given with the file, written with the day it was
imported, in a few INSERTs per table, publishing NO domain event (no arrears alert, no message to the origin, no
tally): the indicators' rebuild counts the months from the same fact query the events use.

The past workers are not this node's arrivals (their arrivals predate the node): the lines match no arrival and the
contract terms come with the file (`terms` by worker ID), as the earlier system held them. No arrears alert or
liability step is raised for the past months (those follow a running total at import; the backfill records what was
reconciled). One audit entry (`salary_file.backfill`) records it. Only the system may call it (the demo loader).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from corridor.core import audit, node
from corridor.core.backfill import dated, require_system
from corridor.registry import selectors as registry_selectors
from corridor.wages import parsing, reconcile
from corridor.wages.choices import FileStatus
from corridor.wages.models import MonthReconciliation, SalaryFile, SalaryFileEvent, SalaryLine
from corridor.wages.services.salaries import _figures, worker_index


@dataclass(frozen=True)
class PastSalaryFile:
    """One employer's salary file for a past month, as it was sent (`data`, CSV or SIF), imported on `imported_at`;
    `terms`: the registered contract terms of each worker ID in it (a worker without terms: owed not checked)."""

    data: bytes
    filename: str
    imported_at: dt.datetime
    terms: dict[str, dict] = field(default_factory=dict)
    format: str = "csv"


def salary_files_backfill(*, acting_user, officer, files: list[PastSalaryFile]) -> dict:
    """Write `files` in bulk (see the module's docstring); returns the counts of files, lines and months."""
    require_system(acting_user)
    now = timezone.now()
    country = node.identity().country
    parsed = []
    for f in files:
        try:
            p = parsing.parse(f.data, format=f.format, filename=f.filename)
        except parsing.SalaryFileRefused as exc:
            raise ValueError(f"{f.filename}: refused: {exc.problems}") from exc
        if f.imported_at > now or p.period >= now.date().replace(day=1):
            raise ValueError(f"{f.filename}: a backfill writes past months only")
        parsed.append(p)
    keys = [(p.employer_ref, p.period) for p in parsed]
    if len(set(keys)) != len(keys) or len({p.sha256 for p in parsed}) != len(parsed):
        raise ValueError("one file per employer and month, each file once")
    if not files:
        return {"files": 0, "lines": 0, "months": 0}
    if SalaryFile.objects.filter(sha256__in=[p.sha256 for p in parsed]).exists() or any(
            SalaryFile.objects.filter(employer_ref=ref, period=period, status=FileStatus.CURRENT).exists()
            for ref, period in set(keys)):
        raise ValueError("a file of these employers and months is already here: a correction is an import")
    employers = {ref: registry_selectors.employer_by_registration(country, ref) for ref, _p in keys}
    with transaction.atomic(), dated(SalaryFile, SalaryFileEvent, MonthReconciliation):
        stored = SalaryFile.objects.bulk_create([SalaryFile(
            format=p.format, sha256=p.sha256, original_name=f.filename[-200:], employer_ref=p.employer_ref,
            employer=employers[p.employer_ref], period=p.period, currency=p.currency, control_record=p.control_record,
            created_on=p.created_on, reference=p.reference[:35], line_count=len(p.lines), total=p.total,
            imported_by=officer, imported_at=f.imported_at) for f, p in zip(files, parsed, strict=True)], batch_size=500)
        SalaryFileEvent.objects.bulk_create([SalaryFileEvent(
            salary_file=s, actor=officer, action="import", to_status=s.status, created_at=s.imported_at,
            detail={"lines": s.line_count, "sha256": s.sha256, "backfill": True}) for s in stored], batch_size=500)
        lines = SalaryLine.objects.bulk_create([
            SalaryLine(file=s, line_no=ln.line, worker_ref=ln.worker_id, worker_index=worker_index(ln.worker_id),
                       pay_start=ln.pay_start, pay_end=ln.pay_end, days_in_period=ln.days_in_period,
                       unpaid_leave_days=ln.unpaid_leave_days, basic=ln.basic, allowances=ln.allowances,
                       variable=ln.variable, components=ln.components, deductions=ln.deductions,
                       deductions_total=ln.deductions_total, paid_amount=ln.paid_amount, paid_on=ln.paid_on,
                       currency=ln.currency, own_account=ln.own_account, account_tail=ln.account[-4:])
            for s, p in zip(stored, parsed, strict=True) for ln in p.lines], batch_size=1000)
        by_file = {s.pk: (s, f) for s, f in zip(stored, files, strict=True)}
        months = []
        for line in lines:
            s, f = by_file[line.file_id]
            result = reconcile.reconcile_month(_figures(line), f.terms.get(str(line.worker_ref)),
                                               destination=country, period=s.period)
            months.append(MonthReconciliation(
                line=line, worker_index=line.worker_index, employer_ref=s.employer_ref, employer=s.employer,
                period=s.period, owed=result.owed, paid=result.paid, shortfall=result.shortfall,
                currency=result.currency, days_late=result.days_late, codes=result.codes, findings=result.findings,
                not_checked=result.not_checked, reconciled_at=s.imported_at))
        MonthReconciliation.objects.bulk_create(months, batch_size=1000)
        counts = {"files": len(stored), "lines": len(lines), "months": len(months)}
        audit.record(actor=acting_user, action="salary_file.backfill", object_type="wages.SalaryFile",
                     detail={**counts, "demo": True, "from": f"{min(p.period for p in parsed):%Y-%m}",
                             "until": f"{max(p.period for p in parsed):%Y-%m}",
                             "short": sum(1 for m in months if m.shortfall > 0),
                             "late": sum(1 for m in months if (m.days_late or 0) > 0)})
    return counts
