"""Referral of a case across the corridor, through the exchange: send, accept, reject, return, and updates both ways.

A referral carries the complaint (grievances, parties, narrative, the screen) and the complainant's identity only
where the complainant agreed to it. Messages of one case share an ordering key, so the peer applies them in order.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.permissions import has_perm
from corridor.accounts.selectors import user_by_id
from corridor.cases import routing, sla, triage
from corridor.cases.choices import (
    CaseStatus,
    Channel,
    Jurisdiction,
    NoteAuthorKind,
    NoteVisibility,
    NotificationKind,
    ReferralDirection,
    ReferralStatus,
    RespondentRole,
)
from corridor.cases.errors import ConsentRequired, ReferralNotAllowed
from corridor.cases.models import Case, CaseAnswer, Complainant, Grievance, Note, Referral
from corridor.cases.scope import can_decide
from corridor.core import audit, events
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied

REFERRAL = "case.referral"
UPDATE = "case.update"
REFERABLE = frozenset({CaseStatus.TRIAGED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.AWAITING_PARTY,
                       CaseStatus.REOPENED})


def peer_country_for(case: Case) -> str:
    """The other end of the corridor: the country of work seen from the origin, the worker's country from the destination."""
    return case.country_where_id if case.jurisdiction == Jurisdiction.ORIGIN else case.nationality_id


def _ordering_key(case_reference: str) -> str:
    return f"case:{case_reference}"


def _send(acting_user, peer_country: str, kind: str, body: dict, key_reference: str) -> None:
    from corridor.exchange.services import message_send

    message_send(acting_user=acting_user, peer=peer_country, kind=kind, body=body, ordering_key=_ordering_key(key_reference))


# --- sending ----------------------------------------------------------------------------------------------


def case_refer(*, acting_user, case: Case, reason: str, include_identity: bool = False) -> Referral:
    """Refer the case to the peer node (a consulate's case about a destination employer to its inspectorate, and back)."""
    from corridor.cases.services import _event, _lock

    if not has_perm(acting_user, "case.refer"):
        raise PermissionDenied()
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say what you ask of the other country's authorities.")]})
    with transaction.atomic():
        case = _lock(case)
        if not can_decide(acting_user, case):
            raise NotFound()
        if not case.consent_referral or (include_identity and not case.consent_referral_identity):
            raise ConsentRequired()
        if case.status not in REFERABLE or case.referrals.filter(
                direction=ReferralDirection.OUTGOING, status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]).exists():
            raise ReferralNotAllowed()
        peer_country = peer_country_for(case)
        referral = Referral.objects.create(case=case, direction=ReferralDirection.OUTGOING, peer_country=peer_country,
                                           include_identity=include_identity, reason=reason.strip(),
                                           sent_by=acting_user)
        body = _referral_body(case, referral)
        _send(acting_user, peer_country, REFERRAL, body, case.reference)
        _event(case, acting_user, "refer", reason=reason)
        audit.record(actor=acting_user, action="case.refer", target=case, to_state=ReferralStatus.PENDING,
                     detail={"referral": referral.pk, "peer": peer_country, "identity": include_identity})
    return referral


def _referral_body(case: Case, referral: Referral) -> dict:
    body = {
        "reference": case.reference, "reason": referral.reason, "urgent": case.is_urgent,
        "nationality": case.nationality_id, "country_where": case.country_where_id, "place": case.place,
        "since": case.since.isoformat() if case.since else None, "narrative": case.narrative, "language": case.language,
        "grievances": sorted(case.grievances.values_list("kind", flat=True)),
        "answers": dict(case.answers.values_list("question", "answer")),
        "respondents": [
            {"role": r.role, "name": str(r),
             "registration_number": (r.employer.registration_number if r.employer_id else
                                     r.agency.registration_number if r.agency_id else "")}
            for r in case.respondents.select_related("organisation", "employer", "agency", "subagent")
        ],
        "consent_share_identity": case.consent_share_identity,
    }
    if referral.include_identity:
        person = Complainant.objects.filter(case=case).first()
        if person is not None:
            body["complainant"] = {"full_name": person.full_name, "phone": person.phone, "email": person.email,
                                   "passport_number": person.passport_number, "contact_notes": person.contact_notes}
    return body


def _answer(*, acting_user, referral: Referral, status: str, reason: str, allowed_from: set) -> Referral:
    from corridor.cases.services import _event, _set_status

    if not has_perm(acting_user, "case.refer"):
        raise PermissionDenied()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)
        case = referral.case
        if not can_decide(acting_user, case):
            raise NotFound()
        if referral.direction != ReferralDirection.INCOMING or referral.status not in allowed_from:
            raise ReferralNotAllowed()
        if status != ReferralStatus.ACCEPTED and not reason.strip():
            raise InvalidInput(fields={"reason": [_("Say why.")]})
        from_status = referral.status
        referral.status = status
        referral.decided_at = timezone.now()
        referral.save(update_fields=["status", "decided_at"])
        if status in {ReferralStatus.REJECTED, ReferralStatus.RETURNED} and case.status != CaseStatus.CLOSED:
            before = case.status
            _set_status(case, CaseStatus.CLOSED)
            case.resolution = reason.strip()
            case.save()
            _event(case, acting_user, f"referral_{status}", before, CaseStatus.CLOSED, reason)
        else:
            _event(case, acting_user, f"referral_{status}", reason=reason)
        _send(acting_user, referral.peer_country, UPDATE,
              {"type": status, "your_reference": referral.remote_reference, "my_reference": case.reference,
               "reason": reason.strip()}, referral.remote_reference)
        audit.record(actor=acting_user, action=f"case.referral_{status}", target=case, from_state=from_status,
                     to_state=status, detail={"referral": referral.pk, "peer": referral.peer_country})
    return referral


def referral_accept(*, acting_user, referral: Referral, reason: str = "") -> Referral:
    return _answer(acting_user=acting_user, referral=referral, status=ReferralStatus.ACCEPTED, reason=reason,
                   allowed_from={ReferralStatus.PENDING})


def referral_reject(*, acting_user, referral: Referral, reason: str) -> Referral:
    return _answer(acting_user=acting_user, referral=referral, status=ReferralStatus.REJECTED, reason=reason,
                   allowed_from={ReferralStatus.PENDING})


def referral_return(*, acting_user, referral: Referral, reason: str) -> Referral:
    """Hand an accepted case back (done here, or not ours after all)."""
    return _answer(acting_user=acting_user, referral=referral, status=ReferralStatus.RETURNED, reason=reason,
                   allowed_from={ReferralStatus.ACCEPTED})


def update_send(*, acting_user, case: Case, message: str) -> None:
    """Tell the other node about progress on a referred case (both ways)."""
    if not message.strip():
        raise InvalidInput(fields={"message": [_("Write the update.")]})
    if not can_decide(acting_user, case):
        raise NotFound()
    referral = case.referrals.filter(status=ReferralStatus.ACCEPTED).first()
    if referral is None:
        raise ReferralNotAllowed()
    with transaction.atomic():
        _send_status(acting_user, case, referral, message=message.strip())
        audit.record(actor=acting_user, action="case.update_send", target=case, detail={"referral": referral.pk})


def _send_status(acting_user, case: Case, referral: Referral, message: str = "") -> None:
    if referral.direction == ReferralDirection.OUTGOING:
        your, key = referral.remote_reference, case.reference
    else:
        your, key = referral.remote_reference, referral.remote_reference
    _send(acting_user, referral.peer_country, UPDATE,
          {"type": "status", "your_reference": your, "my_reference": case.reference, "status": case.status,
           "message": message}, key)


@events.subscriber("case.transitioned")
def on_transition(*, pk: int, actor_id: int | None = None, **_payload) -> None:
    """A referred case's new state travels to the peer, after every transition."""
    case = Case.objects.get(pk=pk)
    referral = case.referrals.filter(status=ReferralStatus.ACCEPTED).first()
    if referral is not None:
        _send_status(user_by_id(actor_id) if actor_id else None, case, referral)


# --- receiving ---------------------------------------------------------------------------------------------


def _peer_country(peer) -> str:
    return str(getattr(peer, "country_id", "") or "").upper()


def handle_referral(peer, body: dict) -> None:
    """A case referred by the peer becomes a case here, routed like any other, with the referral awaiting an answer."""
    from corridor.cases.services import _event, _new_reference, _notify, _on_duty, _store_findings

    country = _peer_country(peer)
    reference = str(body.get("reference", ""))[:16]
    if not reference:
        raise InvalidInput(fields={"reference": ["missing"]})
    if Referral.objects.filter(direction=ReferralDirection.INCOMING, peer_country=country, remote_reference=reference,
                               status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]).exists():
        return  # the same case referred again while open: already here
    nationality, where = str(body.get("nationality", "")).upper(), str(body.get("country_where", "")).upper()
    jurisdiction = routing.jurisdiction(nationality=nationality, country_where=where)
    if jurisdiction == Jurisdiction.OTHER:
        from corridor.cases.errors import NoJurisdiction

        raise NoJurisdiction()
    grievances = [g for g in body.get("grievances", []) if g in dict(Grievance._meta.get_field("kind").choices)]
    answers = {k: v for k, v in (body.get("answers") or {}).items() if k in triage.QUESTIONS_BY_KEY}
    respondents = [r for r in body.get("respondents", []) if r.get("role") in RespondentRole.values and r.get("name")]
    narrative = str(body.get("narrative", ""))[:10_000]
    result = triage.screen(grievances=grievances, answers=answers, narrative=narrative, language=body.get("language", ""))
    urgent = bool(body.get("urgent")) or result.urgent
    from corridor.cases import registry_link

    entries = [registry_link.resolve({"role": r["role"], "name": str(r["name"])[:200]}) for r in respondents]
    entries += registry_link.chain_extras(entries)
    team = routing.route(jurisdiction=jurisdiction, country_where=where, grievances=grievances,
                         respondent_roles=[e["role"] for e in entries], urgent=urgent)
    now = timezone.now()
    case = Case.objects.create(
        reference=_new_reference(), status=CaseStatus.RECEIVED, channel=Channel.REFERRAL, is_urgent=urgent,
        urgent_reasons=",".join(result.urgent_reasons) or ("peer" if urgent else ""), nationality_id=nationality,
        country_where_id=where, place=str(body.get("place", ""))[:200], narrative=narrative,
        language=str(body.get("language", ""))[:8], jurisdiction=jurisdiction, assigned_team=team,
        consent_referral=True, consent_referral_identity="complainant" in body,
        consent_share_identity=bool(body.get("consent_share_identity")),
        stage_due_at=sla.due_at(CaseStatus.RECEIVED, urgent=urgent, since=now),
    )
    Grievance.objects.bulk_create([Grievance(case=case, kind=g) for g in dict.fromkeys(grievances)])
    from corridor.cases.services import _respondent_create

    for entry in entries:
        _respondent_create(case, entry)
    CaseAnswer.objects.bulk_create([CaseAnswer(case=case, question=k, answer=v) for k, v in answers.items()])
    _store_findings(case, result)
    person = body.get("complainant")
    if isinstance(person, dict):
        Complainant.objects.create(case=case, **{k: str(person.get(k, ""))[:500] for k in
                                                 ("full_name", "phone", "email", "passport_number", "contact_notes")})
    Referral.objects.create(case=case, direction=ReferralDirection.INCOMING, peer_country=country,
                            remote_reference=reference, include_identity=isinstance(person, dict),
                            reason=str(body.get("reason", ""))[:5000])
    Note.objects.create(case=case, author_kind=NoteAuthorKind.SYSTEM, visibility=NoteVisibility.INTERNAL,
                        body=_("Referred by the %(country)s node: %(reason)s") % {"country": country,
                                                                                 "reason": body.get("reason", "")})
    _event(case, None, "referral_received", "", CaseStatus.RECEIVED, reason=str(body.get("reason", ""))[:2000])
    audit.record(actor=None, action="case.referral_received", target=case, to_state=CaseStatus.RECEIVED,
                 detail={"peer": country, "remote_reference": reference, "identity": isinstance(person, dict)})
    _notify(case, _on_duty(team.pk if team else None, supervisor=False), NotificationKind.REFERRAL)


def handle_update(peer, body: dict) -> None:
    """An answer to our referral (accepted, rejected, returned) or progress on a case referred either way."""
    from corridor.cases.services import _event

    country = _peer_country(peer)
    kind = body.get("type")
    mine, theirs = str(body.get("your_reference", "")), str(body.get("my_reference", ""))
    referral = (Referral.objects.select_related("case").filter(peer_country=country, case__reference=mine).first()
                if mine else None)
    if referral is None:
        from corridor.core.errors import NotFound as Missing

        raise Missing()
    case = referral.case
    if kind in {ReferralStatus.ACCEPTED, ReferralStatus.REJECTED, ReferralStatus.RETURNED}:
        if referral.direction != ReferralDirection.OUTGOING:
            raise ReferralNotAllowed()
        referral.status = kind
        referral.remote_reference = theirs[:16]
        referral.decided_at = timezone.now()
        referral.save(update_fields=["status", "remote_reference", "decided_at"])
        _event(case, None, f"peer_{kind}", reason=str(body.get("reason", ""))[:2000])
        sentence = {
            ReferralStatus.ACCEPTED: _("The %(country)s node accepted the referral. %(reason)s"),
            ReferralStatus.REJECTED: _("The %(country)s node rejected the referral. %(reason)s"),
            ReferralStatus.RETURNED: _("The %(country)s node returned the referral. %(reason)s"),
        }[kind]
        Note.objects.create(case=case, author_kind=NoteAuthorKind.SYSTEM, visibility=NoteVisibility.INTERNAL,
                            body=sentence % {"country": country, "reason": body.get("reason", "")})
    elif kind == "status":
        message = str(body.get("message", ""))[:5000]
        _event(case, None, "peer_update", reason=f"{body.get('status', '')} {message}".strip()[:2000])
        if message:
            Note.objects.create(case=case, author_kind=NoteAuthorKind.SYSTEM, visibility=NoteVisibility.INTERNAL,
                                body=_("Update from the %(country)s node: %(message)s") % {"country": country,
                                                                                          "message": message})
    else:
        raise InvalidInput(fields={"type": ["unknown"]})
    audit.record(actor=None, action="case.peer_update", target=case, detail={"peer": country, "type": kind})


def register() -> None:
    from corridor.exchange.handlers import register_handler

    register_handler(REFERRAL, handle_referral)
    register_handler(UPDATE, handle_update)
