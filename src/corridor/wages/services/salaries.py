"""Salary files in, each worker-month reconciled, arrears alerts, reports received, final settlements."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from corridor.accounts import selectors as account_selectors
from corridor.accounts.choices import Role
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit, crypto, events, lifecycle, node, notifications, signing
from corridor.core.errors import CorridorError, InvalidInput
from corridor.core.lifecycle import require as _require
from corridor.core.money import quantize
from corridor.exchange import services as exchange
from corridor.exchange.choices import PeerStatus
from corridor.exchange.models import Peer
from corridor.registry import selectors as registry_selectors
from corridor.rules import settlement as settlement_law
from corridor.rules.rates import default_rates
from corridor.wages import parsing, reconcile
from corridor.wages.choices import FileStatus
from corridor.wages.errors import FileRefused, NotDisputable
from corridor.wages.lifecycles import SALARY_FILE, SETTLEMENT
from corridor.wages.models import (
    ArrearsAlert,
    ContractPayTerms,
    FundPayment,
    MonthReconciliation,
    PeerArrears,
    SalaryFile,
    SalaryLine,
    Settlement,
)
from corridor.wages.services import bulk

logger = logging.getLogger(__name__)
BATCH = 2000  # rows a bulk statement writes or an IN list reads at once: memory stays bounded whatever the file

ALERT_MESSAGE = gettext_noop("Wage arrears: %(employer)s owes a worker %(total)s %(currency)s over %(months)s month(s).")
PEER_ARREARS_MESSAGE = gettext_noop("The destination reports that %(employer)s owes a national (clearance %(ref)s) "
                                    "%(total)s %(currency)s in wages. Open the reported arrears and act.")
SETTLEMENT_MESSAGE = gettext_noop("Your final settlement: %(total)s %(currency)s owed, %(paid)s %(currency)s paid. "
                                  "The statement signed by the node is on your wages page.")


@dataclass
class Imported:
    file: SalaryFile
    created: bool
    superseded: SalaryFile | None = None


def worker_index(worker_ref: str) -> str:
    """The blind index of a worker ID in a salary file: the arrival's work permit index (leading zeros ignored)."""
    return clearance_selectors.work_permit_index(worker_ref)


def _refused(exc: parsing.SalaryFileRefused) -> FileRefused:
    fields: dict[str, list[str]] = {}
    for p in exc.problems:
        fields.setdefault(f"line {p.line}: {p.field}" if p.line else p.field, []).append(p.message)
    return FileRefused(fields=fields)


def _pay_terms(doc: dict) -> dict:
    """The parts of a contract document that wages reads (`ContractPayTerms`)."""
    return {"corridor": doc.get("corridor") or {}, "job": {"sector": (doc.get("job") or {}).get("sector")},
            "wage": doc.get("wage") or {}, "deductions": doc.get("deductions") or [], "term": doc.get("term") or {},
            "employer": {"registration_number": (doc.get("employer") or {}).get("registration_number")}}


def _pay_terms_many(arrivals) -> dict[int, ContractPayTerms]:
    """The pay terms of each arrival's registered contract, by arrival id (an arrival with no contract here is left
    out): the contracts found in bulk, their `ContractPayTerms` read, and made from the document (decrypted and
    parsed once) for a contract reconciled against for the first time."""
    contracts = clearance_selectors.arrival_contracts(arrivals)
    ids = sorted({c.pk for c in contracts.values()})
    stored: dict[int, ContractPayTerms] = {}
    for chunk in _chunks(ids):
        stored.update((t.contract_id, t) for t in ContractPayTerms.objects.filter(contract_id__in=chunk))
    missing = [pk for pk in ids if pk not in stored]
    references = {c.pk: c.reference for c in contracts.values()}
    for chunk in _chunks(missing):
        new = []
        for pk, doc in clearance_selectors.peer_contract_documents(chunk).items():
            terms = _pay_terms(doc)
            new.append(ContractPayTerms(contract_id=pk, terms=terms, reference=references[pk],
                                        **reconcile.pay_columns(terms)))
        ContractPayTerms.objects.bulk_create(new, ignore_conflicts=True)
        # read back as stored (amounts as the JSON keeps them), so that the first month reads what later ones do
        stored.update((t.contract_id, t) for t in ContractPayTerms.objects.filter(contract_id__in=chunk))
    return {arrival_id: stored[c.pk] for arrival_id, c in contracts.items()}


def _reconciled_terms(row: ContractPayTerms | None) -> dict | None:
    """A contract's pay terms as `reconcile_month` reads them (with the contract's reference); None: no contract."""
    return {**row.terms, "reference": row.reference} if row is not None else None


def _terms_many(arrivals) -> dict[int, dict]:
    """The pay terms of each arrival's registered contract (`_pay_terms_many`) as `reconcile_month` reads them."""
    return {arrival_id: _reconciled_terms(row)
            for arrival_id, row in _pay_terms_many(arrivals).items()}


def _terms(arrival) -> dict | None:
    return _terms_many([arrival]).get(arrival.pk) if arrival is not None else None


def _figures(line: SalaryLine) -> reconcile.LineFigures:
    return reconcile.LineFigures(
        pay_start=line.pay_start, pay_end=line.pay_end, days_in_period=line.days_in_period,
        unpaid_leave_days=line.unpaid_leave_days, basic=line.basic, allowances=line.allowances, variable=line.variable,
        deductions=line.deductions, paid_amount=line.paid_amount, paid_on=line.paid_on, currency=line.currency,
        own_account=line.own_account)


def salary_file_import(*, acting_user, data: bytes, format: str = "", filename: str = "", employer_ref: str = "",
                       period: dt.date | None = None) -> Imported:
    """Take a month's salary file: refused whole (every problem by line and field, nothing stored), or stored with
    every line reconciled. The same file twice changes nothing; a new file for the same employer and month supersedes
    the earlier one (kept, with its reconciliations marked no longer current)."""
    _require(acting_user, "wages.import")
    if format and format not in parsing.FORMATS:
        raise InvalidInput(fields={"format": ["sif, csv"]})
    try:
        parsed = parsing.parse(data, format=format, employer_ref=employer_ref, period=period, filename=filename)
    except parsing.SalaryFileRefused as exc:
        raise _refused(exc) from None
    existing = SalaryFile.objects.filter(sha256=parsed.sha256).first()
    if existing is not None:
        return Imported(file=existing, created=False)
    employer = registry_selectors.employer_by_registration(node.identity().country, parsed.employer_ref)
    indexes = {ln.line: worker_index(ln.worker_id) for ln in parsed.lines}
    arrivals = clearance_selectors.arrivals_by_work_permit(indexes.values())
    arrivals.update(_matched_by_officer(set(indexes.values()) - set(arrivals)))
    with transaction.atomic():
        pay_terms = _pay_terms_many(arrivals.values())
        previous = (SalaryFile.objects.select_for_update()
                    .filter(employer_ref=parsed.employer_ref, period=parsed.period, status=FileStatus.CURRENT).first())
        superseded = None
        if previous is not None:
            superseded = lifecycle.transition(
                SALARY_FILE, previous, "supersede", acting_user=acting_user,
                reason=f"corrected file {parsed.sha256[:12]}", detail={"by_sha256": parsed.sha256})
            MonthReconciliation.objects.filter(line__file=previous, current=True).update(current=False)
            MonthReconciliation.objects.filter(employer_ref=parsed.employer_ref, period=parsed.period, line__isnull=True,
                                               current=True).update(current=False)
        file = SalaryFile.objects.create(
            format=parsed.format, sha256=parsed.sha256, original_name=(filename or "")[-200:],
            employer_ref=parsed.employer_ref, employer=employer, period=parsed.period, currency=parsed.currency,
            control_record=parsed.control_record, created_on=parsed.created_on, reference=parsed.reference[:35],
            line_count=len(parsed.lines), total=parsed.total, supersedes=previous, imported_by=acting_user)
        lifecycle.event(SALARY_FILE, file, "import", acting_user=acting_user, to_status=file.status,
                        detail={"lines": len(parsed.lines), "sha256": parsed.sha256})
        lines = SalaryLine.objects.bulk_create([
            SalaryLine(file=file, line_no=ln.line, worker_ref=ln.worker_id, worker_index=indexes[ln.line],
                       arrival=arrivals.get(indexes[ln.line]), pay_terms=_of(pay_terms, arrivals.get(indexes[ln.line])),
                       pay_start=ln.pay_start, pay_end=ln.pay_end,
                       days_in_period=ln.days_in_period, unpaid_leave_days=ln.unpaid_leave_days, basic=ln.basic,
                       allowances=ln.allowances, variable=ln.variable, components=ln.components, deductions=ln.deductions,
                       deductions_total=ln.deductions_total, paid_amount=ln.paid_amount, paid_on=ln.paid_on,
                       currency=ln.currency, own_account=ln.own_account, account_tail=ln.account[-4:])
            for ln in parsed.lines])
        audit.record(actor=acting_user, action="salary_file.import", target=file,
                     detail={"sha256": parsed.sha256, "employer": parsed.employer_ref, "period": f"{parsed.period:%Y-%m}",
                             "lines": len(lines), "matched": sum(1 for ln in lines if ln.arrival_id),
                             "supersedes": previous.pk if previous else None})
        _reconcile_file(file, destination=node.identity().country)
        _arrears_check_file(acting_user=acting_user, file=file)
    return Imported(file=file, created=True, superseded=superseded)


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _of(pay_terms: dict[int, ContractPayTerms], arrival) -> ContractPayTerms | None:
    return pay_terms.get(arrival.pk) if arrival is not None else None


def _month(result: reconcile.MonthResult, *, line, arrival_id, worker_idx, employer_ref, employer,
           period) -> MonthReconciliation:
    return MonthReconciliation(
        line=line, arrival_id=arrival_id, worker_index=worker_idx, employer_ref=employer_ref, employer=employer,
        period=period, owed=result.owed, paid=result.paid, shortfall=result.shortfall, currency=result.currency,
        days_late=result.days_late, codes=result.codes, findings=result.findings, not_checked=result.not_checked)


def _reconcile_file(file: SalaryFile, *, destination: str) -> None:
    """Every line of a file reconciled: the workers' earlier current months for the period marked no longer current;
    on PostgreSQL the months of the lines that need only arithmetic stored by one statement (`wages.services.bulk`); every
    other line (every line on SQLite) by `reconcile.reconcile_month`, in batches. One arrival on two lines: the later
    line's month is the current one. Then the counts go out as `wages.months_reconciled`."""
    lines = SalaryLine.objects.filter(file=file)
    stored = 0
    if connection.vendor == "postgresql":
        bulk.statistics_refresh(SalaryLine._meta.db_table, MonthReconciliation._meta.db_table)
        bulk.earlier_months_retire(file=file)
        stored = bulk.months_insert(file=file, destination=destination)
    else:
        (MonthReconciliation.objects.filter(period=file.period, current=True,
                                            arrival_id__in=lines.filter(arrival__isnull=False).values("arrival_id"))
         .update(current=False))
    rest = [] if stored == file.line_count else list(
        lines.filter(~Exists(MonthReconciliation.objects.filter(line=OuterRef("pk"))))
        .order_by("line_no").values_list("pk", flat=True))
    later = set(lines.filter(Exists(SalaryLine.objects.filter(file=file, arrival=OuterRef("arrival"),
                                                              line_no__gt=OuterRef("line_no"))))
                .values_list("pk", flat=True)) if rest else set()
    for chunk in _chunks(rest):
        made = []
        for line in SalaryLine.objects.filter(pk__in=chunk).select_related("pay_terms").order_by("line_no"):
            terms = _reconciled_terms(line.pay_terms)
            result = reconcile.reconcile_month(_figures(line), terms, destination=destination, period=file.period)
            month = _month(result, line=line, arrival_id=line.arrival_id, worker_idx=line.worker_index,
                           employer_ref=file.employer_ref, employer=file.employer, period=file.period)
            month.current = line.pk not in later
            made.append(month)
        MonthReconciliation.objects.bulk_create(made)
    _publish_months(file_id=file.pk)


def _publish_months(*, file_id: int | None = None, months: list[MonthReconciliation] = ()) -> None:
    """`wages.months_reconciled`, one per employer, month and currency: the counts of a file's months (`file_id`), or
    of stored `months` (named by their ids, at most `BATCH` in one event): workers, with a finding, late, not paid at
    all, late or short, and the shortfall. The registry counts them on the employer's wage record, the inspectorate
    as risk, the indicators in their tables (`selectors.reconciled_in`)."""
    groups: dict[tuple, list[int]] = {}
    for month in months:
        groups.setdefault((month.employer_id, month.period, month.currency), []).append(month.pk)
    scopes = ([(MonthReconciliation.objects.filter(line__file_id=file_id), None)] if file_id is not None
              else [(MonthReconciliation.objects.filter(pk__in=part), part)
                    for group in groups.values() for part in _chunks(group)])
    payloads = []
    for chosen, ids in scopes:
        rows = (chosen.order_by().values("employer_id", "period", "currency")
                .annotate(workers=Count("id"), with_findings=Count("id", filter=~Q(codes=[])),
                          late=Count("id", filter=Q(days_late__gt=0)),
                          not_paid=Count("id", filter=Q(line__isnull=True, owed__isnull=False)),
                          late_or_short=Count("id", filter=Q(days_late__gt=0) | Q(shortfall__gt=0)),
                          shortfall=Sum("shortfall")).order_by("employer_id", "period", "currency"))
        payloads += [
            {"file_id": file_id, "month_ids": ids, "employer_id": row["employer_id"], "period": f"{row['period']:%Y-%m}",
             "currency": row["currency"], "workers": row["workers"], "with_findings": row["with_findings"],
             "late": row["late"], "not_paid": row["not_paid"], "late_or_short": row["late_or_short"],
             "shortfall": str(quantize(row["shortfall"] or 0))} for row in rows]
    events.publish_many("wages.months_reconciled", payloads)


def _arrears_check_file(*, acting_user, file: SalaryFile) -> None:
    """The arrears of every worker of a file checked (`_arrears_check_workers`)."""
    def arrivals(indexes: list[str]) -> dict:
        of = dict(SalaryLine.objects.filter(file=file, worker_index__in=indexes).values_list("worker_index", "arrival_id"))
        by_id = clearance_selectors.arrivals_by_id([a for a in of.values() if a])
        return {index: by_id.get(pk) for index, pk in of.items()}

    _arrears_check_workers(acting_user=acting_user, employers={file.employer_ref: file.employer},
                           workers=SalaryLine.objects.filter(file=file).values("worker_index"), arrivals=arrivals)


def _arrears_check_workers(*, acting_user, employers: dict, workers, arrivals, pairs: set | None = None) -> None:
    """The arrears of many workers checked at once, set-based: those whose current months short with one of
    `employers` (by employer ID: the employer, or None) reach the threshold and are more, or more money, than their
    last alert with it, found by one grouped query (`workers`: their indexes, a list or a subquery; `pairs`, when
    given: only these (worker index, employer ID)); their alerts in bulk (`_alerts`), `arrivals(indexes)` giving
    their arrivals."""
    last = ArrearsAlert.objects.filter(worker_index=OuterRef("worker_index"),
                                       employer_ref=OuterRef("employer_ref")).order_by("-id")
    due = (MonthReconciliation.objects.filter(employer_ref__in=list(employers), current=True, shortfall__gt=0,
                                              worker_index__in=workers)
           .order_by().values("worker_index", "employer_ref").annotate(
               months=Count("id"), total=Sum("shortfall"),
               last_months=Subquery(last.values("months_unpaid")[:1]), last_total=Subquery(last.values("total_arrears")[:1]))
           .filter(months__gte=_alert_threshold()).order_by("employer_ref", "worker_index"))
    due = [row for row in due if (pairs is None or (row["worker_index"], row["employer_ref"]) in pairs)
           and (row["last_months"] is None or (row["last_months"], row["last_total"]) < (row["months"], row["total"]))]
    for chunk in _chunks(due):
        indexes = sorted({row["worker_index"] for row in chunk})
        of = arrivals(indexes)
        months: dict[tuple[str, str], list[MonthReconciliation]] = {}
        for month in (MonthReconciliation.objects.filter(worker_index__in=indexes, employer_ref__in=list(employers),
                                                         current=True, shortfall__gt=0).order_by("period", "id")):
            months.setdefault((month.worker_index, month.employer_ref), []).append(month)
        _alerts(acting_user=acting_user, due=[
            Due(of.get(row["worker_index"]), row["worker_index"], row["employer_ref"], employers[row["employer_ref"]],
                quantize(row["total"]), months[(row["worker_index"], row["employer_ref"])])
            for row in chunk])


def _matched_by_officer(indexes: set[str]) -> dict:
    """Worker IDs an officer matched by hand to an arrival (`line_match`) on an earlier line: later files match too."""
    found = {}
    lines = (SalaryLine.objects.filter(worker_index__in=[i for i in indexes if i], arrival__isnull=False)
             .select_related("arrival__clearance").order_by("id"))
    for line in lines:
        found[line.worker_index] = line.arrival
    return found


def line_match(*, acting_user, line: SalaryLine, arrival) -> MonthReconciliation:
    """The officer matches a line of a current file that matched no arrival (its worker ID is not the work permit
    number recorded at arrival) to the arrival it is: the month is reconciled again against that worker's registered
    contract, arrears follow, and later files with the same worker ID match the same arrival."""
    _require(acting_user, "wages.import")
    with transaction.atomic():
        line = SalaryLine.objects.select_for_update().select_related("file").get(pk=line.pk)
        if line.arrival_id is not None or line.file.status != FileStatus.CURRENT:
            raise InvalidInput(fields={"line": ["only an unmatched line of a current file can be matched"]})
        if arrival.work_permit_index and arrival.work_permit_index != line.worker_index:
            raise InvalidInput(fields={"arrival": ["this arrival has another work permit number recorded"]})
        other = (SalaryLine.objects.filter(worker_index=line.worker_index, arrival__isnull=False)
                 .exclude(arrival=arrival).exists())
        if other:
            raise InvalidInput(fields={"arrival": ["this worker ID is already matched to another arrival"]})
        line.arrival = arrival
        line.pay_terms = _pay_terms_many([arrival]).get(arrival.pk)
        line.save(update_fields=["arrival", "pay_terms"])
        MonthReconciliation.objects.filter(line=line, current=True).update(current=False)
        month = _reconcile_line(line, file=line.file, destination=node.identity().country)
        audit.record(actor=acting_user, action="salary_line.match", target=line.file,
                     detail={"line": line.line_no, "arrival": arrival.pk, "clearance": arrival.clearance.reference})
        _arrears_check_workers(acting_user=acting_user, employers={line.file.employer_ref: line.file.employer},
                               workers=[line.worker_index], arrivals=lambda indexes: {line.worker_index: arrival})
    return month


def _reconcile_line(line: SalaryLine, *, file: SalaryFile, destination: str) -> MonthReconciliation:
    terms = _reconciled_terms(line.pay_terms)
    result = reconcile.reconcile_month(_figures(line), terms, destination=destination, period=file.period)
    if line.arrival_id:
        MonthReconciliation.objects.filter(arrival_id=line.arrival_id, period=file.period, current=True).update(current=False)
    month = _month(result, line=line, arrival_id=line.arrival_id, worker_idx=line.worker_index,
                   employer_ref=file.employer_ref, employer=file.employer, period=file.period)
    month.save()
    _publish_months(months=[month])
    return month


def _employer_ref_of(terms: dict | None) -> str:
    number = crypto.normalise_identifier(str(((terms or {}).get("employer") or {}).get("registration_number") or ""))
    return number.lstrip("0") or number


def wages_month_close(*, acting_user, period: dt.date) -> list[MonthReconciliation]:
    """Months with no payment at all: every arriving worker with a work permit number, arrived by the end of the
    month and under a registered contract that had started, who has no reconciled line for it, is owed the month.
    The workers with no current month are found by one query; they are then reconciled 2,000 at a time, their
    months stored in bulk and their arrears checked together (`_arrears_check_workers`); the months' events go out
    at the end, one per employer, month and currency (and per 2,000 months)."""
    _require(acting_user, "wages.import")
    period = period.replace(day=1)
    end = parsing.month_end(period)
    destination = node.identity().country
    made: list[MonthReconciliation] = []
    with transaction.atomic():
        paid = MonthReconciliation.objects.filter(period=period, current=True, arrival__isnull=False)
        unpaid = list(clearance_selectors.arrivals_with_work_permit(arrived_by=end)
                      .exclude(pk__in=paid.values("arrival_id")).values_list("pk", flat=True))
        employers: dict[str, object] = {}
        for chunk in _chunks(unpaid):
            arrivals = clearance_selectors.arrivals_by_id(chunk)
            terms_of = _terms_many(arrivals.values())
            months, workers = [], {}
            for pk in chunk:
                terms = terms_of.get(pk)
                start = str(((terms or {}).get("term") or {}).get("start_date") or "")
                if terms is None or (start and dt.date.fromisoformat(start) > end):
                    continue
                arrival, employer_ref = arrivals[pk], _employer_ref_of(terms)
                if employer_ref not in employers:
                    employers[employer_ref] = registry_selectors.employer_by_registration(destination, employer_ref)
                result = reconcile.reconcile_month(None, terms, destination=destination, period=period)
                months.append(_month(result, line=None, arrival_id=pk, worker_idx=arrival.work_permit_index,
                                     employer_ref=employer_ref, employer=employers[employer_ref], period=period))
                workers[arrival.work_permit_index] = arrival
            months = MonthReconciliation.objects.bulk_create(months)
            made.extend(months)
            _arrears_check_workers(acting_user=acting_user, employers={m.employer_ref: employers[m.employer_ref] for m in months},
                                   workers=list(workers), arrivals=lambda indexes, of=workers: {i: of[i] for i in indexes},
                                   pairs={(m.worker_index, m.employer_ref) for m in months})
        _publish_months(months=made)  # once for the whole close: a chunk's months span many employers
        audit.record(actor=acting_user, action="wages.month_close", target=None,
                     detail={"period": f"{period:%Y-%m}", "not_paid": len(made)})
    return made


def _alert_threshold() -> int:
    return max(1, int(getattr(settings, "CORRIDOR_WAGES_ALERT_MONTHS", 1)))


@dataclass
class Due:
    """A worker whose arrears with one employer reached the alert threshold: the alert's figures and the months."""

    arrival: object
    worker_idx: str
    employer_ref: str
    employer: object
    total: Decimal
    months: list[MonthReconciliation]

    @property
    def currency(self) -> str:
        return self.months[-1].currency


def _alerts(*, acting_user, due: list[Due]) -> list[ArrearsAlert]:
    """Alerts for many workers at once: the alerts stored by one INSERT and audited by one entry, a notice for each on
    the inspectorate's dashboard (the importing officer's organisation), the `wages.arrears_alert` events (the
    worker's case, the inspectorate's risk), and each worker's arrears sent to their origin node where that node is
    an active peer (`_send_arrears`)."""
    alerts = ArrearsAlert.objects.bulk_create([
        ArrearsAlert(arrival=d.arrival, worker_index=d.worker_idx, employer_ref=d.employer_ref, employer=d.employer,
                     total_arrears=d.total, currency=d.currency, months_unpaid=len(d.months)) for d in due])
    audit.record(actor=acting_user, action="wages.arrears_alert", object_type="wages.arrearsalert",
                 object_id=alerts[0].pk if len(alerts) == 1 else "",
                 detail={"alerts": [a.pk for a in alerts], "employers": [d.employer_ref for d in due],
                         "arrivals": [d.arrival.pk if d.arrival else None for d in due],
                         "totals": [str(d.total) for d in due], "currencies": [d.currency for d in due],
                         "months": [len(d.months) for d in due]})
    organisation = getattr(acting_user, "organisation", None)
    if organisation is not None:  # the inspectorate (the importing officer's organisation) is alerted on its dashboard
        notifications.notification_send_many(
            kind="wages.arrears_alert", message=ALERT_MESSAGE, link=reverse("wages:arrears"),
            notes=[{"about": f"arrears:{a.pk}", "params": {
                "employer": d.employer.name if d.employer else d.employer_ref, "total": str(d.total),
                "currency": d.currency, "months": len(d.months)}} for a, d in zip(alerts, due, strict=True)],
            organisation=organisation, role=Role.DESTINATION_OFFICER)
    events.publish_many("wages.arrears_alert", [
        {"pk": a.pk, "employer_id": d.employer.pk if d.employer else None,
         "arrival_id": d.arrival.pk if d.arrival else None, "worker_id": None, "total_arrears": str(d.total),
         "currency": d.currency, "months_unpaid": len(d.months)} for a, d in zip(alerts, due, strict=True)])
    peers = set(Peer.objects.filter(status=PeerStatus.ACTIVE).values_list("country_id", flat=True))
    for d in due:
        if d.arrival is not None and d.arrival.clearance.source_country in peers:
            _send_arrears(acting_user=acting_user, arrival=d.arrival, total=d.total, currency=d.currency,
                          months=d.months, employer=d.employer)
    return alerts


def _send_arrears(*, acting_user, arrival, total: Decimal, currency: str, months, employer) -> None:
    """Tell the origin node (`wages.arrears`) so that its labour attaché sees the worker's arrears."""
    clearance = arrival.clearance
    peer = Peer.objects.filter(country_id=clearance.source_country, status=PeerStatus.ACTIVE).first()
    if peer is None:
        return
    body = {
        "clearance_reference": clearance.reference, "employer_name": employer.name if employer else clearance.employer_name,
        "total_arrears": str(total), "currency": currency, "months_unpaid": len(months),
        "months": [{"period": f"{m.period:%Y-%m}", "owed": str(m.owed) if m.owed is not None else None,
                    "paid": str(m.paid), "shortfall": str(m.shortfall), "codes": list(m.codes)} for m in months],
        "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z"),
    }
    try:
        exchange.message_send(acting_user=acting_user, peer=peer, kind="wages.arrears", body=body,
                              ordering_key=f"clearance:{clearance.reference}")
    except Exception as exc:  # a peer that does not accept the kind: the alert stands, nothing is sent
        logger.warning("wages.arrears not sent to %s: %s", clearance.source_country, getattr(exc, "code", exc))


def peer_arrears_receive(*, peer, body: dict) -> PeerArrears:
    """Origin side: store the destination's report of a worker's arrears (the attaché's page lists them). Only for
    a clearance this node granted for that destination."""
    clearance = clearance_selectors.public_status(reference=str(body.get("clearance_reference") or ""))
    if clearance is None or clearance.destination_id != peer.country_id:
        raise InvalidInput(fields={"clearance_reference": ["not a clearance granted for this destination"]})
    try:
        total = Decimal(str(body["total_arrears"]))
        reported = dt.datetime.fromisoformat(str(body["at"]).replace("Z", "+00:00"))
        record = PeerArrears(
            source_country=peer.country_id, clearance_reference=clearance.reference, clearance=clearance,
            employer_name=str(body.get("employer_name") or "")[:200], total_arrears=total,
            currency=str(body["currency"])[:3], months_unpaid=int(body["months_unpaid"]),
            months=list(body.get("months") or []), reported_at=reported)
    except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
        raise InvalidInput(fields={"body": [str(exc)]}) from exc
    if not total.is_finite() or total < 0 or record.months_unpaid < 0:
        raise InvalidInput(fields={"total_arrears": ["not an amount"]})
    with transaction.atomic():
        record.save()
        audit.record(actor=None, action="wages.arrears_received", target=record,
                     detail={"peer": peer.country_id, "clearance": record.clearance_reference, "total": str(total)})
        _notify_peer_arrears(record)
    return record


def _notify_peer_arrears(record: PeerArrears) -> None:
    """Origin: a notice (and dashboard count) for each origin officer and consular attaché, who act on arrears."""
    users = [*account_selectors.active_users_with_role(Role.ORIGIN_OFFICER),
             *account_selectors.active_users_with_role(Role.CONSULAR_ATTACHE)]
    notifications.notification_send(
        kind="wages.peer_arrears", message=PEER_ARREARS_MESSAGE, link=reverse("wages:peer-arrears"),
        params={"employer": record.employer_name or "-", "ref": record.clearance_reference,
                "total": str(record.total_arrears), "currency": record.currency},
        about=f"peer_arrears:{record.pk}", users=users)


def month_dispute(*, acting_user, month: MonthReconciliation, note: str = "") -> MonthReconciliation:
    """The worker disputes a month's line: `wages.line_disputed` asks cases to open a case with the figures."""
    _require(acting_user, "wages.view_own", system=False)
    note = (note or "").strip()[:1000]
    with transaction.atomic():
        month = MonthReconciliation.objects.select_for_update().get(pk=month.pk)
        if month.disputed_at is not None or not month.current:
            raise NotDisputable()
        month.disputed_at = timezone.now()
        month.save(update_fields=["disputed_at"])
        audit.record(actor=acting_user, action="wages.month_dispute", target=month, detail={"period": f"{month.period:%Y-%m}"})
        events.publish("wages.line_disputed", pk=month.pk, arrival_id=month.arrival_id,
                       employer_id=month.employer_id, period=f"{month.period:%Y-%m}",
                       owed=str(month.owed) if month.owed is not None else None, paid=str(month.paid),
                       shortfall=str(month.shortfall), currency=month.currency, codes=list(month.codes),
                       note=note, actor_id=acting_user.pk)
    return month


# --- final settlement -------------------------------------------------------------------------------------------


def _in_currency(amounts, currency: str, on: dt.date) -> Fraction:
    total = Fraction(0)
    for amount, from_currency in amounts:
        converted = default_rates().convert(Fraction(amount), from_currency, currency, on)
        if converted is None:
            raise InvalidInput(fields={"unpaid_wages": [f"no rate {from_currency}->{currency}"]})
        total += converted
    return total


def _arrears_for_arrival(arrival, currency: str, on: dt.date) -> tuple[Decimal, Decimal]:
    """The worker's current arrears (every employer) in `currency`, less what a wage guarantee fund paid of them,
    and what the fund paid."""
    owed = _in_currency(MonthReconciliation.objects.filter(arrival=arrival, current=True, shortfall__gt=0)
                        .values_list("shortfall", "currency"), currency, on)
    fund = _in_currency(FundPayment.objects.filter(arrival=arrival).values_list("amount", "currency"), currency, on)
    return quantize(max(owed - fund, Fraction(0))), quantize(fund)


def settlement_compute(*, acting_user, arrival, end_date: dt.date, end_reason: str, annual_leave_days_taken: int = 0,
                       return_ticket_provided: bool = False, return_ticket_cost: Decimal | None = None) -> Settlement:
    """Compute the final settlement from the destination's law (rules.settlement), the registered contract's wage
    and the worker's unpaid wages found by reconciliation; the officer then confirms it."""
    _require(acting_user, "wages.settle")
    terms = _terms(arrival)
    if terms is None:
        raise InvalidInput(fields={"arrival": ["no registered contract for this arrival"]})
    basic, allowances, currency, period = reconcile.contract_month(terms)
    if basic is None:
        raise InvalidInput(fields={"wage": [f"the contract's wage is per {period}"]})
    start = dt.date.fromisoformat(str((terms.get("term") or {}).get("start_date") or arrival.arrived_on.isoformat()))
    sector = "domestic" if (terms.get("job") or {}).get("sector") == "domestic_work" else "general"
    unpaid_wages, fund_paid = _arrears_for_arrival(arrival, currency, end_date)
    try:
        inputs = settlement_law.SettlementInputs(
            country=node.identity().country, sector=sector, start_date=start, end_date=end_date, end_reason=end_reason,
            basic_wage_monthly=quantize(basic), total_wage_monthly=quantize(basic + allowances), currency=currency,
            unpaid_wages=unpaid_wages,
            annual_leave_days_taken=annual_leave_days_taken, return_ticket_provided=return_ticket_provided,
            return_ticket_cost=return_ticket_cost)
    except settlement_law.SettlementInputError as exc:
        raise InvalidInput(fields={name: [why] for name, why in exc.problems.items()}) from None
    result = settlement_law.compute_settlement(inputs)
    employer = registry_selectors.employer_by_registration(node.identity().country, _employer_ref_of(terms))
    with transaction.atomic():
        if Settlement.objects.filter(arrival=arrival).exclude(status__in=["paid", "paid_short"]).exists():
            raise InvalidInput(fields={"arrival": ["a settlement for this worker is open"]})
        settlement = Settlement.objects.create(
            arrival=arrival, employer=employer, end_date=end_date, end_reason=end_reason,
            inputs={"country": inputs.country, "sector": sector, "start_date": start.isoformat(),
                    "end_date": end_date.isoformat(), "end_reason": end_reason, "basic_wage_monthly": str(inputs.basic_wage_monthly),
                    "total_wage_monthly": str(inputs.total_wage_monthly), "currency": currency,
                    "unpaid_wages": str(inputs.unpaid_wages), "fund_paid": str(fund_paid),
                    "annual_leave_days_taken": annual_leave_days_taken,
                    "return_ticket_provided": return_ticket_provided,
                    "return_ticket_cost": str(return_ticket_cost) if return_ticket_cost is not None else None},
            result=result.as_dict(render=False), total=result.total, currency=result.currency,
            computed_by=acting_user if acting_user is not None else arrival.recorded_by)  # the system: the arrival's officer
        lifecycle.event(SETTLEMENT, settlement, "compute", acting_user=acting_user, to_status=settlement.status,
                        detail={"total": str(result.total), "currency": result.currency})
        audit.record(actor=acting_user, action="settlement.compute", target=settlement,
                     detail={"arrival": arrival.pk, "total": str(result.total), "currency": result.currency})
        events.publish("worker.employment_ended", pk=settlement.pk, arrival_id=arrival.pk,
                       employer_id=employer.pk if employer else None, end_date=end_date.isoformat(),
                       end_reason=end_reason, unpaid_wages=str(inputs.unpaid_wages), currency=currency,
                       actor_id=acting_user.pk if acting_user is not None else None)
        if inputs.unpaid_wages > 0 and end_reason != "transfer":
            # a worker leaving with wages owed: the case, with the right to stay to pursue them, opens now, not
            # only once the settlement is paid short or overdue
            events.publish("wages.settlement_unpaid", pk=settlement.pk, arrival_id=arrival.pk,
                           employer_id=employer.pk if employer else None, outstanding=str(inputs.unpaid_wages),
                           claimed=str(inputs.unpaid_wages + fund_paid), currency=currency, reason="leaving_with_arrears")
    return settlement


def settlement_claimed(settlement: Settlement) -> Decimal:
    """The settlement's total with what the wage guarantee fund had paid of the worker's arrears before it added back:
    the figure the worker's case claims (the fund's payments are recoveries there)."""
    return settlement.total + Decimal(settlement.inputs.get("fund_paid") or "0")


def settlement_confirm(*, acting_user, settlement: Settlement, reason: str = "") -> Settlement:
    return lifecycle.transition(SETTLEMENT, settlement, "confirm", acting_user=acting_user,
                                reason=reason or "confirmed", detail={"total": str(settlement.total)})


def _statement(settlement: Settlement, paid: Decimal, paid_on: dt.date) -> str:
    clearance = settlement.arrival.clearance
    return signing.jws_sign({
        "iss": node.identity().country, "jti": f"settlement-{settlement.pk}", "clr": clearance.reference,
        "ctr": clearance.contract_reference, "emp": settlement.employer.name if settlement.employer else clearance.employer_name,
        "end": settlement.end_date.isoformat(), "why": settlement.end_reason,
        "lines": [{"kind": ln["kind"], "amount": ln["amount"], "rule": ln["rule"], "citation": ln["citation"]}
                  for ln in settlement.result["lines"]],
        "total": str(settlement.total), "paid": str(paid), "outstanding": str(max(settlement.total - paid, Decimal("0"))),
        "cur": settlement.currency, "paid_on": paid_on.isoformat(),
        "iat": int(timezone.now().timestamp())}, typ="corridor-settlement+jws")


def settlement_payment_record(*, acting_user, settlement: Settlement, amount: Decimal, paid_on: dt.date) -> Settlement:
    """The employer's payment: a statement signed by the node goes to the worker and to the origin (`wages.unpaid`);
    money still owed opens the worker's case, marked with the right to stay to pursue the claim."""
    amount = quantize(amount)
    if not amount.is_finite() or amount < 0:
        raise InvalidInput(fields={"amount": ["not an amount"]})
    target = "paid" if amount >= settlement.total else "paid_short"
    statement = _statement(settlement, amount, paid_on)

    def after(locked: Settlement) -> None:
        clearance = locked.arrival.clearance
        outstanding = locked.outstanding
        if locked.arrival.worker_id:
            notifications.notification_send(
                kind="wages.settlement", message=SETTLEMENT_MESSAGE,
                params={"total": str(locked.total), "paid": str(amount), "currency": locked.currency},
                link=reverse("wages:mine"), about=f"settlement:{locked.pk}", worker=locked.arrival.worker)
        _send_to_origin(acting_user=acting_user, country=clearance.source_country, kind="wages.unpaid", body={
            "clearance_reference": clearance.reference, "worker_name": clearance.worker_name,
            "employer_name": locked.employer.name if locked.employer else clearance.employer_name,
            "amount": str(outstanding), "currency": locked.currency, "period_from": locked.inputs["start_date"],
            "period_to": locked.end_date.isoformat(), "total": str(locked.total), "paid": str(amount),
            "statement": statement, "at": timezone.now().replace(microsecond=0).isoformat().replace("+00:00", "Z")},
            ordering_key=f"clearance:{clearance.reference}")
        events.publish("wages.settlement_paid", pk=locked.pk, arrival_id=locked.arrival_id,
                       employer_id=locked.employer_id, total=str(locked.total), paid=str(amount),
                       outstanding=str(outstanding), claimed=str(settlement_claimed(locked)), currency=locked.currency,
                       paid_on=paid_on.isoformat())

    return lifecycle.transition(SETTLEMENT, settlement, "record_payment", acting_user=acting_user, to_status=target,
                                reason=f"{amount} {settlement.currency} on {paid_on.isoformat()}",
                                changes={"paid_amount": amount, "paid_on": paid_on, "statement": statement}, after=after)


def _send_to_origin(*, acting_user, country: str, kind: str, body: dict, ordering_key: str) -> None:
    peer = Peer.objects.filter(country_id=country, status=PeerStatus.ACTIVE).first()
    if peer is None:
        return
    try:
        exchange.message_send(acting_user=acting_user, peer=peer, kind=kind, body=body, ordering_key=ordering_key)
    except CorridorError as exc:  # a peer that does not accept the kind: nothing is sent
        logger.warning("%s not sent to %s: %s", kind, country, exc.code)


def peer_settlement_receive(*, peer, body: dict) -> PeerArrears:
    """Origin side: the destination's signed settlement statement of a worker (`wages.unpaid`), kept for the attaché."""
    clearance = clearance_selectors.public_status(reference=str(body.get("clearance_reference") or ""))
    if clearance is None or clearance.destination_id != peer.country_id:
        raise InvalidInput(fields={"clearance_reference": ["not a clearance granted for this destination"]})
    try:
        outstanding = Decimal(str(body["amount"]))
        record = PeerArrears(
            source_country=peer.country_id, clearance_reference=clearance.reference, clearance=clearance,
            employer_name=str(body.get("employer_name") or "")[:200], total_arrears=outstanding,
            currency=str(body["currency"])[:3], months_unpaid=0,
            months=[{"settlement_total": str(body["total"]), "paid": str(body["paid"])}],
            statement=str(body.get("statement") or ""),
            reported_at=dt.datetime.fromisoformat(str(body["at"]).replace("Z", "+00:00")))
    except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
        raise InvalidInput(fields={"body": [str(exc)]}) from exc
    if not outstanding.is_finite() or outstanding < 0:
        raise InvalidInput(fields={"amount": ["not an amount"]})
    with transaction.atomic():
        record.save()
        audit.record(actor=None, action="wages.settlement_received", target=record,
                     detail={"peer": peer.country_id, "clearance": record.clearance_reference, "outstanding": str(outstanding)})
        if outstanding > 0:
            _notify_peer_arrears(record)
    return record
