"""API: the node's identity, reference data, and the audit trail for auditors."""

from datetime import date, datetime

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from corridor.core import node
from corridor.core.errors import PermissionDenied
from corridor.core.models import Country, Currency, Language, Occupation
from corridor.core.pagination import LimitOffset
from corridor.core.permissions import has_perm
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS, ErrorOut
from corridor.core.selectors import audit_search

router = Router(tags=["node"])


class NodeOut(Schema):
    country: str
    country_name: str
    name: str
    url: str


class CodeName(Schema):
    code: str
    name: str


class OccupationOut(Schema):
    code: str
    level: int
    title: str


@router.get("/node", response={200: NodeOut, **PUBLIC_ERRORS}, auth=None, summary="This node's identity")
def node_get(request):
    return node.identity().__dict__


@router.get("/reference/countries", response={200: list[CodeName], **PUBLIC_ERRORS}, auth=None, tags=["reference"])
def countries(request):
    return list(Country.objects.values("code", "name"))


@router.get("/reference/currencies", response={200: list[CodeName], **PUBLIC_ERRORS}, auth=None, tags=["reference"])
def currencies(request):
    return list(Currency.objects.values("code", "name"))


@router.get("/reference/languages", response={200: list[CodeName], **PUBLIC_ERRORS}, auth=None, tags=["reference"])
def languages(request):
    return list(Language.objects.values("code", "name"))


@router.get("/reference/occupations", response={200: list[OccupationOut], **PUBLIC_ERRORS}, auth=None, tags=["reference"])
def occupations(request, level: int = Query(4, ge=1, le=4)):
    return list(Occupation.objects.filter(level=level).values("code", "level", "title"))


class AuditFilters(Schema):
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None
    reads_only: bool = False


class AuditEntryOut(Schema):
    seq: int
    at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    from_state: str
    to_state: str
    is_read: bool
    detail: dict
    entry_hash: str


@router.get("/audit", response={200: list[AuditEntryOut], **AUTH_ERRORS, 400: ErrorOut}, tags=["audit"],
            summary="Search the audit trail (auditors)")
@paginate(LimitOffset)
def audit(request, filters: Query[AuditFilters]):
    if not has_perm(request.auth, "audit.view"):
        raise PermissionDenied()
    return audit_search(user=request.auth, **filters.dict())
