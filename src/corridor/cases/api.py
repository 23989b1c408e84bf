"""API: public filing and follow-up by receipt code (no authentication, nothing about the caller kept), the
officer's queue, a case, its transitions, who complained (logged), and referral."""

from datetime import date

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from corridor.accounts.permissions import has_perm
from corridor.cases import receipts, referral, selectors, services
from corridor.cases.choices import CaseStatus
from corridor.core.errors import NotFound, PermissionDenied
from corridor.core.pagination import LimitOffset, Mapped
from corridor.core.schemas import AUTH_ERRORS, PUBLIC_ERRORS, ErrorOut

router = Router(tags=["cases"])
PUBLIC = {**PUBLIC_ERRORS, 429: ErrorOut}


class RespondentIn(Schema):
    role: str = Field(description="employer, principal_contractor, agency, sub_agent or other")
    name: str = Field(max_length=200)


class ComplaintIn(Schema):
    grievances: list[str] = Field(min_length=1, max_length=13)
    respondents: list[RespondentIn] = Field(min_length=1, max_length=10)
    nationality: str = Field(min_length=2, max_length=2)
    country_where: str = Field(min_length=2, max_length=2)
    place: str = Field("", max_length=200)
    since: date | None = None
    narrative: str = Field("", max_length=10_000)
    language: str = Field("", max_length=8)
    answers: dict[str, str] = Field(default_factory=dict)
    consent_referral: bool = False
    consent_referral_identity: bool = False
    consent_share_identity: bool = False


class HotlineOut(Schema):
    name: str
    phone: str
    kind: str = ""


class FiledOut(Schema):
    receipt_code: str
    urgent: bool
    hotlines: list[HotlineOut]


@router.post("/cases/complaints", auth=None, response={201: FiledOut, **PUBLIC},
             summary="File a complaint anonymously (keep the receipt code: it is shown once)")
def complaint_file(request, payload: ComplaintIn):
    filed = services.complaint_file(
        acting_user=None, grievances=payload.grievances,
        respondents=[{"role": r.role, "name": r.name} for r in payload.respondents], nationality=payload.nationality,
        country_where=payload.country_where, place=payload.place, since=payload.since, narrative=payload.narrative,
        language=payload.language, answers=payload.answers, consent_referral=payload.consent_referral,
        consent_referral_identity=payload.consent_referral_identity, consent_share_identity=payload.consent_share_identity,
    )
    hotlines = [{"name": h.get("name", ""), "phone": h.get("phone", ""), "kind": h.get("kind", "")} for h in filed.hotlines]
    return Status(201, {"receipt_code": filed.receipt_code, "urgent": filed.urgent, "hotlines": hotlines})


class CodeIn(Schema):
    code: str = Field(max_length=40)


class NoteOut(Schema):
    by: str
    question: bool
    body: str
    at: str


class FollowOut(Schema):
    status: str
    urgent: bool
    messages: list[NoteOut]


def _follow(case) -> dict:
    data = selectors.follow_up_view(case)
    return {"status": case.status, "urgent": case.is_urgent,
            "messages": [{"by": n.author_kind, "question": n.is_question, "body": n.body, "at": n.at.isoformat()}
                         for n in data["notes"]]}


@router.post("/cases/follow-up", auth=None, response={200: FollowOut, **PUBLIC}, summary="Follow a case by its receipt code")
def follow_up(request, payload: CodeIn):
    return _follow(receipts.verify(payload.code, request=request))


class MessageIn(CodeIn):
    body: str = Field(min_length=1, max_length=10_000)


@router.post("/cases/follow-up/messages", auth=None, response={200: FollowOut, **PUBLIC},
             summary="Write to the officer, by receipt code")
def follow_up_message(request, payload: MessageIn):
    case = receipts.verify(payload.code, request=request)
    services.complainant_message(case=case, body=payload.body)
    return _follow(case)


class CaseRow(Schema):
    reference: str
    status: str
    urgent: bool
    stage_due_at: str | None
    escalated: bool


class QueueFilter(Schema):
    status: CaseStatus | None = None  # a value that is not a status is refused (422), not ignored
    urgent: bool = False
    overdue: bool = False


def _row(case) -> dict:
    return {"reference": case.reference, "status": case.status, "urgent": case.is_urgent,
            "stage_due_at": case.stage_due_at.isoformat() if case.stage_due_at else None,
            "escalated": case.escalated_at is not None}


@router.get("/cases", response={200: list[CaseRow], **AUTH_ERRORS}, summary="The queue: urgent first, then the nearest time limit")
@paginate(LimitOffset)
def queue(request, filters: Query[QueueFilter]):
    if not has_perm(request.auth, "case.view"):
        raise PermissionDenied()
    cases = selectors.case_queue(user=request.auth, status=filters.status or "", urgent_only=filters.urgent,
                                 overdue_only=filters.overdue)
    return Mapped(cases, _row)


class FindingOut(Schema):
    indicator: str
    source: str
    evidence: str


class CaseOut(CaseRow):
    grievances: list[str]
    respondents: list[dict]
    findings: list[FindingOut]
    allowed_actions: list[str]


@router.get("/cases/{reference}", response={200: CaseOut, **AUTH_ERRORS}, summary="A case (never who complained)")
def case_get(request, reference: str):
    if not has_perm(request.auth, "case.view"):
        raise PermissionDenied()
    case = selectors.case_get(user=request.auth, reference=reference)
    data = selectors.case_detail(user=request.auth, case=case)
    return {
        **_row(case), "grievances": [g.kind for g in data["grievances"]],
        "respondents": [{"role": r.role, "name": str(r)} for r in data["respondents"]],
        "findings": [{"indicator": f.indicator, "source": f.source, "evidence": f.evidence}
                     for items in data["findings"].values() for f in items],
        "allowed_actions": services.allowed_actions(case, request.auth) if data["can_decide"] else [],
    }


class ActionIn(Schema):
    reason: str = Field("", max_length=5000)
    urgent: bool | None = Field(None, description="triage: raise or lower urgency")
    officer_id: int | None = Field(None, description="assign: an officer of the case's team")
    upheld: list[int] | None = Field(None, description="resolve: respondent ids the complaint is upheld against (all if absent)")
    watchlist: list[int] = Field(default_factory=list, description="resolve: respondent ids to put on the registry's watchlist")
    sanction: list[int] = Field(default_factory=list, description="resolve: agency respondent ids to serve a sanction notice")


@router.post("/cases/{reference}/actions/{action}", response={200: CaseRow, 409: ErrorOut, **AUTH_ERRORS},
             summary="Move a case: triage, assign, start, await_party, resume, resolve, close, reopen")
def case_act(request, reference: str, action: str, payload: ActionIn):
    if not has_perm(request.auth, "case.work") or action not in services.TRANSITIONS:
        raise NotFound()
    case = selectors.case_get(user=request.auth, reference=reference)
    user = request.auth
    if action == "triage":
        case = services.case_triage(acting_user=user, case=case, urgent=payload.urgent, reason=payload.reason)
    elif action == "assign":
        officer = (selectors.assignable_officer_get(user=user, case=case, officer_id=payload.officer_id)
                   if payload.officer_id else None)
        case = services.case_assign(acting_user=user, case=case, officer=officer, reason=payload.reason)
    elif action == "resolve":
        case = services.case_resolve(acting_user=user, case=case, resolution=payload.reason,
                                     upheld=set(payload.upheld) if payload.upheld is not None else None,
                                     watchlist=set(payload.watchlist), sanction=set(payload.sanction))
    else:
        case = services.TRANSITIONS[action](acting_user=user, case=case, reason=payload.reason)
    return _row(case)


class DeathOrInjuryIn(Schema):
    kind: str = Field(description="death, accidental_death or injury")
    on: date = Field(description="the date of the death or injury")
    note: str = Field("", max_length=10_000)


class RepatriationIn(Schema):
    reason: str = Field(max_length=10_000)


@router.post("/cases/{reference}/death-or-injury", response={200: CaseRow, 409: ErrorOut, **AUTH_ERRORS},
             summary="Record the worker's death or injury (the welfare fund opens a claim for the family)")
def death_or_injury(request, reference: str, payload: DeathOrInjuryIn):
    if not has_perm(request.auth, "case.work"):
        raise PermissionDenied()
    case = selectors.case_get(user=request.auth, reference=reference)
    return _row(services.death_or_injury_record(acting_user=request.auth, case=case, kind=payload.kind, on=payload.on,
                                                note=payload.note))


@router.post("/cases/{reference}/repatriation", response={200: CaseRow, 409: ErrorOut, **AUTH_ERRORS},
             summary="Ask the welfare fund to bring the worker home (urgent or trafficking cases)")
def repatriation(request, reference: str, payload: RepatriationIn):
    if not has_perm(request.auth, "case.work"):
        raise PermissionDenied()
    case = selectors.case_get(user=request.auth, reference=reference)
    return _row(services.repatriation_request(acting_user=request.auth, case=case, reason=payload.reason))


class ComplainantOut(Schema):
    anonymous: bool
    full_name: str = ""
    phone: str = ""
    email: str = ""
    contact_notes: str = ""


@router.get("/cases/{reference}/complainant", response={200: ComplainantOut, **AUTH_ERRORS},
            summary="Who complained: for those on the case only; every call is written to the audit trail")
def complainant_get(request, reference: str):
    if not has_perm(request.auth, "case.view_identity"):
        raise PermissionDenied()
    case = selectors.case_get(user=request.auth, reference=reference)
    person = selectors.complainant_get(user=request.auth, case=case)
    if person is None:
        return {"anonymous": True}
    return {"anonymous": False, "full_name": person.full_name, "phone": person.phone, "email": person.email,
            "contact_notes": person.contact_notes}


class ReferIn(Schema):
    reason: str = Field(min_length=1, max_length=5000)
    include_identity: bool = False


class ReferralOut(Schema):
    id: int
    status: str
    peer_country: str
    include_identity: bool


@router.post("/cases/{reference}/referrals", response={201: ReferralOut, 409: ErrorOut, **AUTH_ERRORS},
             summary="Refer the case to the peer node (with the complainant's consent)")
def refer(request, reference: str, payload: ReferIn):
    if not has_perm(request.auth, "case.refer"):
        raise PermissionDenied()
    case = selectors.case_get(user=request.auth, reference=reference)
    item = referral.case_refer(acting_user=request.auth, case=case, reason=payload.reason,
                               include_identity=payload.include_identity)
    return Status(201, {"id": item.pk, "status": item.status, "peer_country": item.peer_country,
                        "include_identity": item.include_identity})


