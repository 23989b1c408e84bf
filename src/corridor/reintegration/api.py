"""API: returns (list, one, record), the follow-ups due, and the public figures and projects."""

import datetime as dt
from decimal import Decimal

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from corridor.accounts.permissions import has_perm
from corridor.core.errors import InvalidInput, PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS, ErrorOut
from corridor.reintegration import selectors, services
from corridor.reintegration.choices import ReturnCause, ReturnSource, ReturnStatus

router = Router(tags=["reintegration"])


def _require(user, action: str) -> None:
    if not has_perm(user, action):
        raise PermissionDenied()


class ReturnOut(Schema):
    reference: str
    worker_name: str
    clearance_reference: str
    destination: str
    returned_on: dt.date
    cause: str
    source: str
    status: str


def _return(r) -> dict:
    return {"reference": r.reference, "worker_name": r.worker_name, "clearance_reference": r.clearance_reference,
            "destination": r.destination, "returned_on": r.returned_on, "cause": r.cause, "source": r.source,
            "status": r.status}


class ReturnFilter(Schema):
    status: ReturnStatus | None = None


@router.get("/reintegration/returns", response={200: list[ReturnOut], **AUTH_ERRORS}, summary="Returns you may see")
@paginate(LimitOffset)
def return_list(request, filters: Query[ReturnFilter]):
    _require(request.auth, "reintegration.view")
    return Mapped(selectors.return_list(user=request.auth, status=filters.status or ""), _return)


@router.get("/reintegration/returns/{reference}", response={200: ReturnOut, **AUTH_ERRORS}, summary="One return")
def return_get(request, reference: str):
    _require(request.auth, "reintegration.view")
    return _return(selectors.return_get(user=request.auth, reference=reference))


class ReturnIn(Schema):
    clearance_reference: str = ""
    worker_name: str = ""
    destination: str = ""
    returned_on: dt.date
    cause: ReturnCause
    note: str = ""


@router.post("/reintegration/returns", response={201: ReturnOut, 409: ErrorOut, **AUTH_ERRORS},
             summary="Record a return (a worker their own, by clearance reference; an officer or attaché anyone's)")
def return_create(request, payload: ReturnIn):
    _require(request.auth, "reintegration.return_record")
    user = request.auth
    source = {"worker": ReturnSource.WORKER, "consular_attache": ReturnSource.ATTACHE}.get(user.role, ReturnSource.OFFICER)
    record = services.return_record(acting_user=user, source=source, returned_on=payload.returned_on,
                                    cause=payload.cause, clearance_reference=payload.clearance_reference,
                                    worker_name=payload.worker_name if user.role != "worker" else "",
                                    destination=payload.destination if user.role != "worker" else "", note=payload.note)
    return Status(201, _return(record))


class FollowUpOut(Schema):
    id: int
    return_reference: str
    service: str
    kind: str
    months: int
    due_on: dt.date
    overdue: bool


class FollowUpFilter(Schema):
    overdue: bool = False


@router.get("/reintegration/follow-ups", response={200: list[FollowUpOut], **AUTH_ERRORS},
            summary="Follow-ups due (or overdue) of the returns you may see")
@paginate(LimitOffset)
def follow_up_list(request, filters: Query[FollowUpFilter]):
    _require(request.auth, "reintegration.plan")
    today = dt.date.today()
    return Mapped(selectors.follow_ups_due(user=request.auth, overdue_only=filters.overdue), lambda f: {
        "id": f.pk, "return_reference": f.referral.plan.return_record.reference, "service": f.referral.service.name,
        "kind": f.referral.service.kind, "months": f.months, "due_on": f.due_on, "overdue": f.due_on < today})


class FigureOut(Schema):
    group: str
    answers: int | None
    suppressed: bool
    median_cost: Decimal | None
    cost_currency: str
    paid_fee_share: int | None
    documents_taken_share: int | None
    would_use_again_share: int | None


class FigureFilter(Schema):
    by: str = "destination"


@router.get("/reintegration/figures", auth=None, response={200: list[FigureOut], **PUBLIC_ERRORS},
            summary="What returning workers report, per destination or agency licence (groups under 10 suppressed)")
def figures(request, filters: Query[FigureFilter]):
    if filters.by not in ("destination", "agency"):
        raise InvalidInput(fields={"by": ["destination or agency"]})
    return selectors.debrief_figures(group_by=filters.by)


class PledgeOut(Schema):
    level: str
    amount: Decimal
    received_on: dt.date | None


class TrancheOut(Schema):
    sequence: int
    milestone: str
    amount: Decimal
    status: str
    disbursed_on: dt.date | None


class ProjectOut(Schema):
    reference: str
    title: str
    association: str
    municipality: str
    kind: str
    status: str
    currency: str
    pledged: Decimal
    received: Decimal
    disbursed: Decimal
    decision_reason: str
    pledges: list[PledgeOut]
    tranches: list[TrancheOut]


def _project(p) -> dict:
    money = selectors.project_money(p)
    return {"reference": p.reference, "title": p.title, "association": p.association.name,
            "municipality": p.municipality, "kind": p.kind, "status": p.status, "currency": p.currency,
            "pledged": money["pledged"], "received": money["received"], "disbursed": money["disbursed"],
            "decision_reason": p.decision_reason,
            "pledges": [{"level": x.level, "amount": x.amount, "received_on": x.received_on} for x in money["pledges"]],
            "tranches": [{"sequence": t.sequence, "milestone": t.milestone, "amount": t.amount, "status": t.status,
                          "disbursed_on": t.disbursed_on} for t in money["tranches"]]}


@router.get("/reintegration/projects", auth=None, response={200: list[ProjectOut], **PUBLIC_ERRORS},
            summary="Matching-fund projects approved or completed (public)")
@paginate(LimitOffset)
def project_list(request):
    return Mapped(selectors.public_projects(), _project)


@router.get("/reintegration/projects/{reference}", auth=None, response={200: ProjectOut, **PUBLIC_ERRORS},
            summary="One matching-fund project, its money and progress (public)")
def project_get(request, reference: str):
    return _project(selectors.public_project_get(reference=reference))
