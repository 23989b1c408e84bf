"""API: salary files in (refused whole with every problem, or stored and reconciled), files and months, arrears."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from corridor.accounts.permissions import has_perm
from corridor.core.errors import InvalidInput, PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS
from corridor.wages import parsing, selectors, services

router = Router(tags=["wages"])


class FileIn(Schema):
    content: str = Field(description="The salary file's text (a WPS SIF or a Corridor CSV, docs/wages.md)", max_length=2_000_000)
    format: Literal["sif", "csv", ""] = ""
    filename: str = Field("", max_length=200)
    employer_id: str = Field("", max_length=60, description="Only for EDR lines without their SCR control record")
    period: str = Field("", max_length=7, description="YYYY-MM; only for EDR lines without their SCR control record")


class FileOut(Schema):
    id: int
    created: bool
    format: str
    employer_ref: str
    employer_id: int | None
    period: str
    status: str
    line_count: int
    matched: int
    total: str
    currency: str
    control_record: bool
    supersedes: int | None
    imported_at: datetime


class MonthOut(Schema):
    id: int
    line: int | None
    arrival_id: int | None
    period: str
    owed: str | None
    paid: str
    shortfall: str
    currency: str
    days_late: int | None
    codes: list[str]
    findings: list[dict[str, Any]]
    not_checked: list[dict[str, Any]]
    current: bool


class FileDetailOut(FileOut):
    months: list[MonthOut]


class PeerArrearsOut(Schema):
    source_country: str
    clearance_reference: str
    employer_name: str
    total_arrears: str
    currency: str
    months_unpaid: int
    months: list[dict[str, Any]]
    reported_at: datetime


def _file(f, created: bool = True) -> dict:
    return {"id": f.pk, "created": created, "format": f.format, "employer_ref": f.employer_ref, "employer_id": f.employer_id,
            "period": f"{f.period:%Y-%m}", "status": f.status, "line_count": f.line_count,
            "matched": f.lines.filter(arrival__isnull=False).count(), "total": str(f.total), "currency": f.currency,
            "control_record": f.control_record, "supersedes": f.supersedes_id, "imported_at": f.imported_at}


def _month(m) -> dict:
    return {"id": m.pk, "line": m.line.line_no if m.line_id else None, "arrival_id": m.arrival_id,
            "period": f"{m.period:%Y-%m}", "owed": str(m.owed) if m.owed is not None else None, "paid": str(m.paid),
            "shortfall": str(m.shortfall), "currency": m.currency, "days_late": m.days_late, "codes": m.codes,
            "findings": m.findings, "not_checked": m.not_checked, "current": m.current}


@router.post("/files", response={201: FileOut, 200: FileOut, **AUTH_ERRORS, 409: AUTH_ERRORS[404]},
             summary="Import a month's salary file (destination officer); 422 lists every problem by line and field")
def file_import(request, payload: FileIn):
    if not has_perm(request.auth, "wages.import"):
        raise PermissionDenied()
    period: date | None = None
    if payload.period:
        period = parsing.month_of(payload.period)
        if period is None:
            raise InvalidInput(fields={"period": ["YYYY-MM"]})
    result = services.salary_file_import(acting_user=request.auth, data=payload.content.encode("utf-8"),
                                         format=payload.format, filename=payload.filename,
                                         employer_ref=payload.employer_id, period=period)
    return Status(201 if result.created else 200, _file(result.file, result.created))


@router.get("/files", response={200: list[FileOut], **AUTH_ERRORS}, summary="Salary files imported")
@paginate(LimitOffset)
def file_list(request):
    if not has_perm(request.auth, "wages.view"):
        raise PermissionDenied()
    return Mapped(selectors.file_list(user=request.auth), _file)


@router.get("/files/{file_id}", response={200: FileDetailOut, **AUTH_ERRORS}, summary="One salary file, reconciled")
def file_get(request, file_id: int):
    f = selectors.file_get(user=request.auth, pk=file_id)
    return {**_file(f), "months": [_month(m) for m in selectors.file_months(file=f)]}


@router.get("/reported-arrears", response={200: list[PeerArrearsOut], **AUTH_ERRORS},
            summary="Origin: arrears of our workers reported by destinations (labour attaché)")
@paginate(LimitOffset)
def peer_arrears(request):
    if not has_perm(request.auth, "wages.view_arrears"):
        raise PermissionDenied()
    return Mapped(selectors.peer_arrears_list(user=request.auth),
                  lambda r: {"source_country": r.source_country, "clearance_reference": r.clearance_reference,
                             "employer_name": r.employer_name, "total_arrears": str(r.total_arrears),
                             "currency": r.currency, "months_unpaid": r.months_unpaid, "months": r.months,
                             "reported_at": r.reported_at})
