"""API: the signed-in user, workers (scoped), and API tokens."""

from datetime import date

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from corridor.accounts import selectors, services
from corridor.accounts.permissions import has_perm
from corridor.core.errors import PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS

router = Router(tags=["people"])


class MeOut(Schema):
    username: str
    role: str
    organisation: str | None
    two_factor: bool


@router.get("/me", response={200: MeOut, **AUTH_ERRORS}, summary="Who am I")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "role": user.role,
        "organisation": user.organisation.name if user.organisation_id else None,
        "two_factor": bool(getattr(user, "token_authenticated", False) or user.is_verified()),
    }


class WorkerSummary(Schema):
    id: int
    full_name: str
    nationality: str
    recorded_by: str | None


class WorkerOut(WorkerSummary):
    date_of_birth: date | None
    sex: str
    languages: list[str]
    passport_number: str | None
    passport_expiry: date | None
    current_country: str | None


class WorkerIn(Schema):
    full_name: str = Field(min_length=1, max_length=200)
    nationality: str = Field(pattern=r"^[A-Z]{2}$")
    date_of_birth: date | None = None
    sex: str = Field("", pattern=r"^(F|M|X|)$")
    passport_number: str = Field("", max_length=30)
    passport_expiry: date | None = None
    languages: list[str] = Field(default_factory=list, max_length=20)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    next_of_kin_name: str = Field("", max_length=200)
    next_of_kin_relationship: str = Field("", max_length=50)
    next_of_kin_phone: str = Field("", max_length=40)


class WorkerFilters(Schema):
    q: str = Field("", max_length=100)
    passport: str = Field("", max_length=40)
    nationality: str = Field("", max_length=2)


def _summary(worker) -> dict:
    return {
        "id": worker.pk,
        "full_name": worker.full_name,
        "nationality": worker.nationality_id,
        "recorded_by": worker.recorded_by.name if worker.recorded_by_id else None,
    }


@router.get("/workers", response={200: list[WorkerSummary], **AUTH_ERRORS}, summary="Workers I may see")
@paginate(LimitOffset)
def worker_list(request, filters: Query[WorkerFilters]):
    if not has_perm(request.auth, "worker.view"):
        raise PermissionDenied()
    workers = selectors.worker_list(user=request.auth, query=filters.q, passport=filters.passport, nationality=filters.nationality)
    return Mapped(workers, _summary)


@router.get("/workers/{worker_id}", response={200: WorkerOut, **AUTH_ERRORS}, summary="One worker")
def worker_get(request, worker_id: int):
    worker = selectors.worker_get(user=request.auth, worker_id=worker_id)
    identity = has_perm(request.auth, "worker.view_identity")
    return {
        **_summary(worker),
        "date_of_birth": worker.date_of_birth,
        "sex": worker.sex,
        "languages": [language.code for language in worker.languages.all()],
        "passport_number": worker.passport_number if identity else None,
        "passport_expiry": worker.passport_expiry if identity else None,
        "current_country": worker.current_country_id,
    }


@router.post("/workers", response={201: WorkerSummary, **AUTH_ERRORS}, summary="Record a worker")
def worker_create(request, payload: WorkerIn):
    worker = services.worker_create(acting_user=request.auth, **payload.dict())
    return Status(201, _summary(worker))


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    days: int = Field(90, ge=1, le=365)


class TokenOut(Schema):
    token: str
    prefix: str
    expires_at: str


@router.post("/tokens", response={201: TokenOut, **AUTH_ERRORS}, summary="Make an API token (shown once)")
def token_create(request, payload: TokenIn):
    token, plaintext = services.api_token_create(acting_user=request.auth, name=payload.name, days=payload.days)
    return Status(201, {"token": plaintext, "prefix": token.prefix, "expires_at": token.expires_at.isoformat()})
