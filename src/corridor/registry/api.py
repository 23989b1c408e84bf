"""API: verify a recruiter and the job board (public); agencies, licences, job orders, watchlists, screening."""

from datetime import date
from typing import Any

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from corridor.accounts.permissions import has_perm
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS
from corridor.registry import ratings, screening, selectors, services
from corridor.registry.models import WatchlistEntry

router = Router(tags=["registry"])


class AnswersFor(Schema):
    name: str
    licence_number: str
    status: str
    status_text: str


class PartyRatingsOut(Schema):
    """Workers' ratings of the agency, sub-agent or employer (the voice app): the number of reviews and the
    overall average (1 to 5), both null until enough workers reviewed it to publish (`threshold` workers)."""

    published: bool
    threshold: int
    reviews: int | None
    overall: float | None


class RecruiterOut(Schema):
    kind: str
    name: str
    number: str
    status: str
    status_date: date | None
    status_text: str
    licensed: bool
    score: float
    answers_for_them: AnswersFor | None = None
    ratings: PartyRatingsOut | None = None


class VerifyOut(Schema):
    query: str
    found: bool
    message: str
    results: list[RecruiterOut]


class VerifyQuery(Schema):
    q: str = Field(..., min_length=1, max_length=100)


@router.get("/recruiters", auth=None, response={200: VerifyOut, **PUBLIC_ERRORS}, summary="Verify a recruiter (public)")
def verify(request, params: Query[VerifyQuery]):
    results = selectors.verify_recruiters(query=params.q)
    rated = {kind: ratings.ratings(kind, [getattr(r, kind).pk for r in results if r.kind == kind])
             for kind in ("agency", "subagent")}
    out = []
    for r in results:
        item: dict[str, Any] = {"kind": r.kind, "name": r.name, "number": r.number, "status": r.status.code,
                                "status_date": r.status.date, "status_text": r.status.message, "licensed": r.status.safe,
                                "score": r.score, "ratings": rated[r.kind].get(getattr(r, r.kind).pk)}
        if r.kind == "subagent":
            licence = r.agency.current_licence
            item["answers_for_them"] = {"name": r.agency.name, "licence_number": (licence.number or "") if licence else "",
                                        "status": r.agency_status.code, "status_text": r.agency_status.message}
        out.append(item)
    not_found = selectors.RecruiterStatus("not_found", None, False).message
    return {"query": params.q, "found": bool(out), "message": out[0]["status_text"] if out else not_found, "results": out}


class JobOut(Schema):
    reference: str
    title: str
    occupation: str
    country: str
    worksite: str
    workers_needed: int
    wage_amount: str
    wage_currency: str
    wage_period: str
    languages: list[str]
    employer: str
    agency: str
    agency_licence: str
    expires_on: date
    employer_ratings: PartyRatingsOut | None = None
    agency_ratings: PartyRatingsOut | None = None


class JobQuery(Schema):
    country: str = Field("", max_length=2)
    occupation: str = Field("", max_length=4, pattern=r"^[0-9]{0,4}$")
    language: str = Field("", max_length=3)


class _JobPage(Mapped):
    """The board's page of job orders with the workers' ratings of their employers and agencies (two queries)."""

    def __getitem__(self, window: slice) -> list:
        orders = list(self.queryset[window])
        employers = ratings.ratings("employer", [o.employer_id for o in orders])
        agencies = ratings.ratings("agency", [o.agency_id for o in orders])
        return [{**_job(o), "employer_ratings": employers.get(o.employer_id), "agency_ratings": agencies.get(o.agency_id)}
                for o in orders]


def _job(order) -> dict:
    licence = order.agency.current_licence
    return {"reference": order.reference, "title": order.title, "occupation": order.occupation_id,
            "country": order.country_id, "worksite": order.worksite, "workers_needed": order.workers_needed,
            "wage_amount": str(order.wage_amount), "wage_currency": order.wage_currency_id, "wage_period": order.wage_period,
            "languages": [lang.code for lang in order.languages.all()], "employer": order.employer.name,
            "agency": order.agency.name, "agency_licence": (licence.number or "") if licence else "", "expires_on": order.expires_on}


@router.get("/jobs", auth=None, response={200: list[JobOut], **PUBLIC_ERRORS}, summary="The public job board")
@paginate(LimitOffset)
def job_board(request, params: Query[JobQuery]):
    return _JobPage(selectors.job_board(**params.dict()), _job)


# --- staff ----------------------------------------------------------------------------------------


class AgencyOut(Schema):
    id: int
    name: str
    licence_number: str | None
    licence_status: str | None
    valid_until: date | None


def _agency(agency) -> dict:
    licence = agency.current_licence
    return {"id": agency.pk, "name": agency.name, "licence_number": licence.number if licence else None,
            "licence_status": licence.effective_status if licence else None, "valid_until": licence.valid_until if licence else None}


class AgencyFilters(Schema):
    q: str = Field("", max_length=100)


@router.get("/agencies", response={200: list[AgencyOut], **AUTH_ERRORS}, summary="Agencies I may see")
@paginate(LimitOffset)
def agency_list(request, filters: Query[AgencyFilters]):
    if not has_perm(request.auth, "agency.view"):
        raise PermissionDenied()
    return Mapped(selectors.agency_list(user=request.auth, query=filters.q), _agency)


@router.get("/agencies/{agency_id}", response={200: AgencyOut, **AUTH_ERRORS}, summary="One agency")
def agency_get(request, agency_id: int):
    return _agency(selectors.agency_get(user=request.auth, agency_id=agency_id))


class GrantIn(Schema):
    number: str = Field(min_length=1, max_length=60)
    valid_from: date
    valid_until: date
    conditions: str = Field("", max_length=4000)


class RenewIn(Schema):
    valid_until: date
    reason: str = Field(min_length=1, max_length=4000)


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=4000)


class LicenceOut(Schema):
    id: int
    number: str | None
    status: str
    valid_from: date | None
    valid_until: date | None


def _licence(licence) -> dict:
    return {"id": licence.pk, "number": licence.number, "status": licence.effective_status, "valid_from": licence.valid_from,
            "valid_until": licence.valid_until}


def _licence_for(request, licence_id):
    if not has_perm(request.auth, "licence.decide"):
        raise PermissionDenied()
    return selectors.licence_get(user=request.auth, licence_id=licence_id)


@router.post("/licences/{licence_id}/grant", response={200: LicenceOut, **AUTH_ERRORS, 409: dict}, summary="Grant a licence")
def licence_grant(request, licence_id: int, payload: GrantIn):
    return _licence(services.licence_grant(acting_user=request.auth, licence=_licence_for(request, licence_id), **payload.dict()))


@router.post("/licences/{licence_id}/renew", response={200: LicenceOut, **AUTH_ERRORS, 409: dict}, summary="Renew a licence")
def licence_renew(request, licence_id: int, payload: RenewIn):
    return _licence(services.licence_renew(acting_user=request.auth, licence=_licence_for(request, licence_id), **payload.dict()))


@router.post("/licences/{licence_id}/refuse", response={200: LicenceOut, **AUTH_ERRORS, 409: dict}, summary="Refuse an application")
def licence_refuse(request, licence_id: int, payload: ReasonIn):
    return _licence(services.licence_refuse(acting_user=request.auth, licence=_licence_for(request, licence_id), **payload.dict()))


class JobOrderIn(Schema):
    employer_id: int
    agency_id: int
    occupation: str = Field(pattern=r"^[0-9]{4}$")
    title: str = Field(min_length=1, max_length=200)
    workers_needed: int = Field(ge=1, le=10000)
    worksite: str = Field(min_length=1, max_length=200)
    languages: list[str] = Field(default_factory=list, max_length=20)
    expires_on: date
    offered_terms: dict


class JobOrderOut(Schema):
    id: int
    reference: str
    status: str
    status_reason: str


def _order(order) -> dict:
    return {"id": order.pk, "reference": order.reference, "status": order.status, "status_reason": order.status_reason}


@router.get("/job-orders", response={200: list[JobOrderOut], **AUTH_ERRORS}, summary="Job orders I may see")
@paginate(LimitOffset)
def job_order_list(request):
    if not has_perm(request.auth, "job_order.view"):
        raise PermissionDenied()
    return Mapped(selectors.job_order_list(user=request.auth), _order)


@router.post("/job-orders", response={201: JobOrderOut, **AUTH_ERRORS, 409: dict}, summary="Post a job order")
def job_order_create(request, payload: JobOrderIn):
    if not has_perm(request.auth, "job_order.create"):
        raise PermissionDenied()
    data = payload.dict()
    employer = selectors.employer_get(user=request.auth, employer_id=data.pop("employer_id"))
    # Employer staff name the licensed agency they place the order through; agency staff only their own.
    agency_id = data.pop("agency_id")
    agency = selectors.job_order_agency_get(user=request.auth, agency_id=agency_id)
    return Status(201, _order(services.job_order_create(acting_user=request.auth, employer=employer, agency=agency, **data)))


class DecisionIn(Schema):
    reason: str = Field("", max_length=4000)


@router.post("/job-orders/{job_order_id}/{action}", response={200: JobOrderOut, **AUTH_ERRORS, 409: dict},
             summary="Approve, reject, delist or withdraw a job order")
def job_order_action(request, job_order_id: int, action: str, payload: DecisionIn):
    calls = {"approve": services.job_order_approve, "reject": services.job_order_reject,
             "delist": services.job_order_delist, "withdraw": services.job_order_withdraw}
    if action not in calls:
        raise NotFound()
    order = selectors.job_order_get(user=request.auth, job_order_id=job_order_id)
    return _order(calls[action](acting_user=request.auth, job_order=order, reason=payload.reason))


class WatchlistIn(Schema):
    subject_kind: str = Field(pattern=r"^(employer|agency|person)$")
    name: str = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=1, max_length=4000)
    evidence_reference: str = Field(min_length=1, max_length=200)
    country: str = Field("", max_length=2)
    registration_number: str = Field("", max_length=60)
    date_of_birth: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None


class WatchlistOut(Schema):
    id: int
    subject_kind: str
    name: str
    country: str | None
    source_country: str
    peer_entry_id: str | None
    starts_on: date
    ends_on: date | None
    active: bool


def _entry(entry: WatchlistEntry) -> dict:
    return {"id": entry.pk, "subject_kind": entry.subject_kind, "name": entry.name, "country": entry.country_id,
            "source_country": entry.source_country, "peer_entry_id": entry.peer_entry_id, "starts_on": entry.starts_on,
            "ends_on": entry.ends_on, "active": entry.is_active}


@router.get("/watchlist", response={200: list[WatchlistOut], **AUTH_ERRORS}, summary="Watchlist entries")
@paginate(LimitOffset)
def watchlist_list(request, filters: Query[AgencyFilters]):
    if not has_perm(request.auth, "watchlist.view"):
        raise PermissionDenied()
    return Mapped(selectors.watchlist_list(user=request.auth, query=filters.q), _entry)


@router.post("/watchlist", response={201: WatchlistOut, **AUTH_ERRORS}, summary="Add a watchlist entry")
def watchlist_add(request, payload: WatchlistIn):
    return Status(201, _entry(services.watchlist_entry_add(acting_user=request.auth, **payload.dict())))


@router.post("/watchlist/{entry_id}/lift", response={200: WatchlistOut, **AUTH_ERRORS, 409: dict}, summary="Lift an entry")
def watchlist_lift(request, entry_id: int, payload: ReasonIn):
    entry = selectors.watchlist_get(user=request.auth, entry_id=entry_id)
    return _entry(services.watchlist_entry_lift(acting_user=request.auth, entry=entry, reason=payload.reason))


class ScreenIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    country: str = Field("", max_length=2)
    registration_number: str = Field("", max_length=60)
    date_of_birth: date | None = None


class CandidateOut(Schema):
    entry_id: int
    name: str
    score: float
    certain: bool
    reasons: list[str]


@router.post("/screening", response={200: list[CandidateOut], **AUTH_ERRORS}, summary="Screen a name against the watchlists")
def screen(request, payload: ScreenIn):
    if not has_perm(request.auth, "watchlist.view"):
        raise PermissionDenied()
    found = screening.screen(screening.Subject(**payload.dict()))
    return [c.__dict__ for c in found]
