"""Referral of a case across the corridor, through the exchange: send, accept, reject, return, and updates both ways.

A referral carries the complaint (grievances, parties, narrative, the screen) and the complainant's identity only
where the complainant agreed to it. Messages of one case share an ordering key, so the peer applies them in order.
This module builds and reads the messages; every write goes through cases' own services.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.selectors import event_actor
from corridor.cases import registry_link, routing, services, triage
from corridor.cases.choices import Jurisdiction, ReferralDirection, ReferralStatus, RespondentRole
from corridor.cases.errors import NoJurisdiction, ReferralNotAllowed
from corridor.cases.models import Case, Complainant, Grievance, Referral
from corridor.cases.scope import can_decide
from corridor.core import audit, events
from corridor.core.errors import InvalidInput, NotFound
from corridor.exchange.handlers import register_handler
from corridor.exchange.services import message_send

REFERRAL = "case.referral"
UPDATE = "case.update"
REFERABLE = services.REFERABLE
COMPLAINANT_FIELDS = ("full_name", "phone", "email", "passport_number", "contact_notes")


def peer_country_for(case: Case) -> str:
    """The other end of the corridor: the country of work seen from the origin, the worker's country from the destination."""
    return case.country_where_id if case.jurisdiction == Jurisdiction.ORIGIN else case.nationality_id


def _ordering_key(case_reference: str) -> str:
    return f"case:{case_reference}"


def _send(acting_user, peer_country: str, kind: str, body: dict, key_reference: str) -> None:
    message_send(acting_user=acting_user, peer=peer_country, kind=kind, body=body, ordering_key=_ordering_key(key_reference))


# --- sending ----------------------------------------------------------------------------------------------


def case_refer(*, acting_user, case: Case, reason: str, include_identity: bool = False) -> Referral:
    """Refer the case to the peer node (a consulate's case about a destination employer to its inspectorate, and back)."""
    with transaction.atomic():
        peer_country = peer_country_for(case)
        referral = services.referral_record(acting_user=acting_user, case=case, peer_country=peer_country, reason=reason,
                                            include_identity=include_identity)
        _send(acting_user, peer_country, REFERRAL, _referral_body(referral.case, referral), referral.case.reference)
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
            body["complainant"] = {name: getattr(person, name) for name in COMPLAINANT_FIELDS}
    return body


def _answer(*, acting_user, referral: Referral, status: str, reason: str, allowed_from: set) -> Referral:
    with transaction.atomic():
        referral = services.referral_decide(acting_user=acting_user, referral=referral, status=status, reason=reason,
                                            allowed_from=allowed_from)
        _send(acting_user, referral.peer_country, UPDATE,
              {"type": status, "your_reference": referral.remote_reference, "my_reference": referral.case.reference,
               "reason": reason.strip()}, referral.remote_reference)
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
        _send_status(event_actor(actor_id), case, referral)


# --- receiving ---------------------------------------------------------------------------------------------


def _peer_country(peer) -> str:
    return str(getattr(peer, "country_id", "") or "").upper()


def handle_referral(peer, body: dict) -> None:
    """Read a referral from the peer; cases' service records it as a case here."""
    country = _peer_country(peer)
    reference = str(body.get("reference", ""))[:16]
    if not reference:
        raise InvalidInput(fields={"reference": ["missing"]})
    nationality, where = str(body.get("nationality", "")).upper(), str(body.get("country_where", "")).upper()
    jurisdiction = routing.jurisdiction(nationality=nationality, country_where=where)
    if jurisdiction == Jurisdiction.OTHER:
        raise NoJurisdiction()
    grievances = [g for g in body.get("grievances", []) if g in dict(Grievance._meta.get_field("kind").choices)]
    answers = {k: v for k, v in (body.get("answers") or {}).items() if k in triage.QUESTIONS_BY_KEY}
    respondents = [r for r in body.get("respondents", []) if r.get("role") in RespondentRole.values and r.get("name")]
    narrative = str(body.get("narrative", ""))[:10_000]
    result = triage.screen(grievances=grievances, answers=answers, narrative=narrative, language=body.get("language", ""))
    urgent = bool(body.get("urgent")) or result.urgent
    entries = [registry_link.resolve({"role": r["role"], "name": str(r["name"])[:200]}) for r in respondents]
    entries += registry_link.chain_extras(entries)
    person = body.get("complainant")
    services.referral_receive(incoming=services.IncomingReferral(
        country=country, reference=reference, reason=str(body.get("reason", "")), jurisdiction=jurisdiction,
        nationality=nationality, country_where=where, place=str(body.get("place", ""))[:200], narrative=narrative,
        language=str(body.get("language", ""))[:8], grievances=grievances, answers=answers, respondents=entries,
        screen=result, urgent=urgent, urgent_reasons=",".join(result.urgent_reasons) or ("peer" if urgent else ""),
        consent_share_identity=bool(body.get("consent_share_identity")),
        complainant=({k: str(person.get(k, ""))[:500] for k in COMPLAINANT_FIELDS} if isinstance(person, dict) else None),
    ))


def handle_update(peer, body: dict) -> None:
    """An answer to our referral (accepted, rejected, returned) or progress on a case referred either way."""
    country = _peer_country(peer)
    kind = body.get("type")
    mine, theirs = str(body.get("your_reference", "")), str(body.get("my_reference", ""))
    referral = (Referral.objects.select_related("case").filter(peer_country=country, case__reference=mine).first()
                if mine else None)
    if referral is None:
        raise NotFound()
    case = referral.case
    with transaction.atomic():
        if kind in {ReferralStatus.ACCEPTED, ReferralStatus.REJECTED, ReferralStatus.RETURNED}:
            sentence = {
                ReferralStatus.ACCEPTED: _("The %(country)s node accepted the referral. %(reason)s"),
                ReferralStatus.REJECTED: _("The %(country)s node rejected the referral. %(reason)s"),
                ReferralStatus.RETURNED: _("The %(country)s node returned the referral. %(reason)s"),
            }[kind]
            services.referral_peer_answer(referral=referral, status=kind, remote_reference=theirs,
                                          reason=str(body.get("reason", "")),
                                          note=sentence % {"country": country, "reason": body.get("reason", "")})
        elif kind == "status":
            message = str(body.get("message", ""))[:5000]
            services.case_peer_update(case=case, status=str(body.get("status", "")), message=message,
                                      note=_("Update from the %(country)s node: %(message)s")
                                      % {"country": country, "message": message})
        else:
            raise InvalidInput(fields={"type": ["unknown"]})
        audit.record(actor=None, action="case.peer_update", target=case, detail={"peer": country, "type": kind})


def register() -> None:
    register_handler(REFERRAL, handle_referral)
    register_handler(UPDATE, handle_update)
