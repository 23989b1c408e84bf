"""Every read of the wages app, scoped to what the acting user may see (a record out of scope is 'not found')."""

from __future__ import annotations

from django.db.models import Count, F, Max, QuerySet, Sum

from corridor.accounts.choices import Role
from corridor.accounts.permissions import has_perm
from corridor.clearance import selectors as clearance_selectors
from corridor.core import audit
from corridor.core.errors import NotFound
from corridor.wages.models import (
    ArrearsAlert,
    FundPayment,
    LiabilityStep,
    MonthReconciliation,
    PeerArrears,
    SalaryFile,
    SalaryLine,
    Settlement,
)


def file_list(*, user, period=None) -> QuerySet[SalaryFile]:
    if not has_perm(user, "wages.view"):
        return SalaryFile.objects.none()
    files = SalaryFile.objects.select_related("employer", "imported_by")
    return files.filter(period=period) if period else files


def file_get(*, user, pk: int) -> SalaryFile:
    file = file_list(user=user).filter(pk=pk).first()
    if file is None:
        raise NotFound()
    audit.record(actor=user, action="salary_file.view", target=file, is_read=True)
    return file


def file_months(*, file: SalaryFile) -> QuerySet[MonthReconciliation]:
    """The reconciled months of a file's lines (current or superseded), line by line."""
    return (MonthReconciliation.objects.filter(line__file=file).select_related("line", "arrival", "arrival__clearance")
            .order_by("line__line_no", "id"))


def arrears_list(*, user) -> list[dict]:
    """Running arrears per worker and employer (current months with a shortfall), largest first."""
    if not has_perm(user, "wages.view"):
        return []
    rows = (MonthReconciliation.objects.filter(current=True, shortfall__gt=0)
            .values("worker_index", "employer_ref", "currency", "arrival_id", "arrival__clearance__worker_name",
                    "arrival__clearance__reference")
            .annotate(total=Sum("shortfall"), months=Count("id"), last=Max("period")).order_by("-total"))
    return list(rows[:500])


def employer_arrears(*, user) -> list[dict]:
    if not has_perm(user, "wages.view"):
        return []
    return list(MonthReconciliation.objects.filter(current=True, shortfall__gt=0)
                .values("employer_ref", "employer__name", "currency")
                .annotate(total=Sum("shortfall"), workers=Count("worker_index", distinct=True)).order_by("-total")[:500])


def alert_list(*, user) -> QuerySet[ArrearsAlert]:
    if not has_perm(user, "wages.view"):
        return ArrearsAlert.objects.none()
    return ArrearsAlert.objects.select_related("arrival__clearance", "employer")


def peer_arrears_list(*, user) -> QuerySet[PeerArrears]:
    """Origin: arrears of this country's workers reported by destinations (labour attachés and origin officers)."""
    if not has_perm(user, "wages.view_arrears"):
        return PeerArrears.objects.none()
    return PeerArrears.objects.select_related("clearance__worker")


def month_by_id(pk: int) -> MonthReconciliation | None:
    return MonthReconciliation.objects.select_related("line", "arrival__clearance").filter(pk=pk).first()


def my_arrival_ids(user) -> set[int]:
    """The signed-in worker's arrivals: those an officer linked to their person record, and those whose registered
    contract names them by the same passport number and nationality (no officer needed: clearance's
    `arrivals_identifying`)."""
    ids = set(clearance_selectors.arrivals_of_user(user).values_list("pk", flat=True))
    worker = getattr(user, "worker", None) if getattr(user, "role", None) == Role.WORKER else None
    if worker is not None:
        ids |= {arrival.pk for arrival in clearance_selectors.arrivals_identifying(worker)}
    return ids


def my_months(*, user) -> QuerySet[MonthReconciliation]:
    """The signed-in worker's own reconciled months (current ones), newest first."""
    if not has_perm(user, "wages.view_own"):
        return MonthReconciliation.objects.none()
    arrivals = my_arrival_ids(user)
    return (MonthReconciliation.objects.filter(arrival__in=arrivals, current=True)
            .select_related("line", "arrival__clearance").order_by("-period", "-id"))


def my_month_get(*, user, pk: int) -> MonthReconciliation:
    month = my_months(user=user).filter(pk=pk).first()
    if month is None:
        raise NotFound()
    return month


def settlement_list(*, user) -> QuerySet[Settlement]:
    if not has_perm(user, "wages.view"):
        return Settlement.objects.none()
    return Settlement.objects.select_related("arrival__clearance", "employer")


def settlement_get(*, user, pk: int) -> Settlement:
    settlement = settlement_list(user=user).filter(pk=pk).first()
    if settlement is None:
        raise NotFound()
    return settlement


def my_settlements(*, user) -> QuerySet[Settlement]:
    if not has_perm(user, "wages.view_own"):
        return Settlement.objects.none()
    return Settlement.objects.filter(arrival__in=my_arrival_ids(user), status__in=["paid", "paid_short"])


def arrival_for_settlement(*, user, pk: int):
    if not has_perm(user, "wages.settle"):
        raise NotFound()
    arrival = clearance_selectors.arrival_by_id(pk)
    if arrival is None:
        raise NotFound()
    return arrival


def liability_steps(*, user) -> QuerySet[LiabilityStep]:
    """Each step of arrears down the chain of liability (and to the wage guarantee fund), newest first."""
    if not has_perm(user, "wages.view"):
        return LiabilityStep.objects.none()
    return LiabilityStep.objects.select_related("arrival__clearance")


def fund_payments(*, user) -> QuerySet[FundPayment]:
    if not has_perm(user, "wages.view"):
        return FundPayment.objects.none()
    return FundPayment.objects.select_related("arrival__clearance", "employer")


def fund_paid_by_worker(*, user) -> dict[tuple[str, str], object]:
    """{(worker index, employer ID): total the fund paid}, for the arrears by worker net of it."""
    rows = fund_payments(user=user).values("worker_index", "employer_ref").annotate(total=Sum("amount"))
    return {(r["worker_index"], r["employer_ref"]): r["total"] for r in rows}


def file_line_get(*, user, file: SalaryFile, pk: int):
    line = SalaryLine.objects.filter(file=file, pk=pk).first() if has_perm(user, "wages.import") else None
    if line is None:
        raise NotFound()
    return line


def arrival_by_clearance(*, user, reference: str):
    """The arrival of a clearance received here, by its reference, for an officer who may see arrivals (or None)."""
    record = clearance_selectors.arrival_scope(user).filter(reference=(reference or "").strip()).first()
    return getattr(record, "arrival", None) if record is not None else None


def corridor_arrears(*, peer: str) -> list[dict]:
    """Running arrears of the workers cleared by `peer` (destination side) and those the peer reported about our
    workers (origin side), per currency: aggregates for a joint committee's agenda, no personal data."""
    here = (MonthReconciliation.objects.filter(current=True, shortfall__gt=0, arrival__clearance__source_country=peer)
            .values("currency").annotate(total=Sum("shortfall"), workers=Count("worker_index", distinct=True),
                                         months=Count("id")).order_by("currency"))
    reported = (PeerArrears.objects.filter(source_country=peer).values("currency")
                .annotate(total=Sum("total_arrears"), workers=Count("clearance_reference", distinct=True),
                          months=Sum("months_unpaid")).order_by("currency"))
    return ([{"source": "reconciled_here", **row} for row in here]
            + [{"source": "reported_by_peer", **row} for row in reported])


# --- for the indicators app: worker-months reconciled, no worker identifiers -------------------------------------

def reconciliation_facts() -> QuerySet:
    """One row per worker-month reconciliation: its salary month, currency, shortfall and days late."""
    return MonthReconciliation.objects.annotate(record=F("pk"), month=F("period"), money=F("currency"))


def reconciled_in(facts: QuerySet, payload: dict) -> QuerySet:
    """The months of `facts` that a `wages.months_reconciled` event counts: a salary file's months in one currency,
    or the months it names."""
    if payload.get("file_id") is not None:
        return facts.filter(line__file_id=payload["file_id"], currency=payload.get("currency", ""))
    return facts.filter(pk__in=payload.get("month_ids") or [])
