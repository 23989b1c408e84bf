"""API: risk scores with every factor, visits, saving one checklist answer (what the offline checklist resends),
and orders. The employer's staff see their orders through GET /inspection/orders (no finding drawn from an interview,
no worker named)."""

from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from corridor.accounts.permissions import has_perm
from corridor.core.errors import PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS, ErrorOut
from corridor.inspection import selectors, services
from corridor.inspection.choices import Answer, OrderStatus, Sector, VisitStatus

router = Router(tags=["inspection"])


class ScoreRow(Schema):
    employer_id: int
    worksite_id: int
    worksite: str
    sector: str
    region: str
    score: str


class ScoreFilter(Schema):
    sector: Sector | None = None
    region: str = Field("", max_length=100)


@router.get("/inspection/scores", response={200: list[ScoreRow], **AUTH_ERRORS}, summary="Worksites by risk, highest first")
@paginate(LimitOffset)
def scores(request, filters: Query[ScoreFilter]):
    if not has_perm(request.auth, "inspection.view"):
        raise PermissionDenied()
    ranking = selectors.score_ranking(user=request.auth, sector=filters.sector or "", region=filters.region, limit=10_000)
    return Mapped(ranking, lambda s: {"employer_id": s.employer_id, "worksite_id": s.worksite_id, "worksite": s.worksite.name,
                                      "sector": s.worksite.sector, "region": s.worksite.region, "score": str(s.score)})


class FactorOut(Schema):
    factor: str
    label: str
    units: str
    weight: str
    cap: str
    window_days: int
    points: str
    reasoning: str
    changed: bool


class EmployerScoreOut(Schema):
    employer_id: int
    score: str
    factors: list[FactorOut]


@router.get("/inspection/employers/{employer_id}/score", response={200: EmployerScoreOut, **AUTH_ERRORS},
            summary="An employer's score with every factor, its units, weight, cap and points")
def employer_score(request, employer_id: int):
    if not has_perm(request.auth, "inspection.view"):
        raise PermissionDenied()
    data = selectors.employer_score(user=request.auth, employer_id=employer_id)
    return {"employer_id": employer_id, "score": str(data["score"].score if data["score"] else "0.00"),
            "factors": [{**r.__dict__, "weight": str(r.weight), "cap": str(r.cap), "points": str(r.points)}
                        for r in data["rows"]]}


class VisitRow(Schema):
    reference: str
    worksite_id: int
    employer_id: int
    kind: str
    status: str
    priority: str
    scheduled_on: str | None


class VisitFilter(Schema):
    status: VisitStatus | None = None
    mine: bool = False


def _visit(v) -> dict:
    return {"reference": v.reference, "worksite_id": v.worksite_id, "employer_id": v.employer_id, "kind": v.kind,
            "status": v.status, "priority": str(v.priority),
            "scheduled_on": v.scheduled_on.isoformat() if v.scheduled_on else None}


@router.get("/inspection/visits", response={200: list[VisitRow], **AUTH_ERRORS}, summary="Visits, highest risk first")
@paginate(LimitOffset)
def visits(request, filters: Query[VisitFilter]):
    if not has_perm(request.auth, "inspection.view"):
        raise PermissionDenied()
    return Mapped(selectors.visit_list(user=request.auth, status=filters.status or "", mine=filters.mine), _visit)


class AnswerIn(Schema):
    # Checked by the service after the permission (a refusal names the field): yes, no or na.
    item: str = Field("", max_length=40)
    answer: str = Field("", max_length=3, description=", ".join(Answer.values))
    note: str = Field("", max_length=5000)


class AnswerOut(Schema):
    item: str
    answer: str


@router.post("/inspection/visits/{reference}/answers", response={200: AnswerOut, 409: ErrorOut, **AUTH_ERRORS},
             summary="Save one checklist answer (again: the last one counts)")
def answer(request, reference: str, payload: AnswerIn):
    if not has_perm(request.auth, "inspection.inspect"):
        raise PermissionDenied()
    visit = selectors.visit_get(user=request.auth, reference=reference)
    saved = services.checklist_answer(acting_user=request.auth, visit=visit, item=payload.item,
                                      answer=payload.answer, note=payload.note)
    return {"item": saved.item, "answer": saved.answer}


class OrderRow(Schema):
    reference: str
    employer_id: int
    requirement: str
    due_on: str
    status: str


class OrderFilter(Schema):
    status: OrderStatus | None = None


@router.get("/inspection/orders", response={200: list[OrderRow], **AUTH_ERRORS},
            summary="Orders (an employer's staff: their own)")
@paginate(LimitOffset)
def orders(request, filters: Query[OrderFilter]):
    if not (has_perm(request.auth, "inspection.view") or has_perm(request.auth, "inspection.respond")):
        raise PermissionDenied()
    return Mapped(selectors.order_list(user=request.auth, status=filters.status or ""),
                  lambda o: {"reference": o.reference, "employer_id": o.employer_id, "requirement": o.requirement,
                             "due_on": o.due_on.isoformat(), "status": o.status})
