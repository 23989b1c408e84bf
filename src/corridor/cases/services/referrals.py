"""Referral across the corridor: the writes (cases/referral.py builds and reads the messages)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.cases import routing, sla, triage
from corridor.cases.choices import (
    Channel,
    NoteAuthorKind,
    NoteVisibility,
    NotificationKind,
    ReferralDirection,
    ReferralStatus,
)
from corridor.cases.errors import (
    ConsentRequired,
    ReferralNotAllowed,
)
from corridor.cases.models import (
    Case,
    CaseAnswer,
    Complainant,
    Grievance,
    Note,
    Referral,
    RegistryRecord,
)
from corridor.cases.scope import can_decide
from corridor.cases.services._common import (
    S,
    _event,
    _lock,
    _new_reference,
    _notify,
    _on_duty,
    _require,
    _set_status,
)
from corridor.cases.services.intake import _store_findings
from corridor.cases.services.remedies import _respondent_create
from corridor.core import audit
from corridor.core.errors import InvalidInput, NotFound

REFERABLE = frozenset({S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS, S.AWAITING_PARTY, S.REOPENED})


def _system_note(case: Case, body: str) -> Note:
    """An internal note the node writes itself (what the peer said); no event of its own."""
    return Note.objects.create(case=case, author_kind=NoteAuthorKind.SYSTEM, visibility=NoteVisibility.INTERNAL, body=body)


def referral_record(*, acting_user, case: Case, peer_country: str, reason: str, include_identity: bool = False) -> Referral:
    """Record an outgoing referral of the case (the caller sends the message in the same transaction)."""
    _require(acting_user, "case.refer")
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
        referral = Referral.objects.create(case=case, direction=ReferralDirection.OUTGOING, peer_country=peer_country,
                                           include_identity=include_identity, reason=reason.strip(), sent_by=acting_user)
        _event(case, acting_user, "refer", reason=reason)
        audit.record(actor=acting_user, action="case.refer", target=case, to_state=ReferralStatus.PENDING,
                     detail={"referral": referral.pk, "peer": peer_country, "identity": include_identity})
    return referral


def referral_decide(*, acting_user, referral: Referral, status: str, reason: str, allowed_from: set) -> Referral:
    """Answer an incoming referral (accept, reject, return); a rejected or returned case closes here."""
    _require(acting_user, "case.refer")
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
        if status in {ReferralStatus.REJECTED, ReferralStatus.RETURNED} and case.status != S.CLOSED:
            before = case.status
            _set_status(case, S.CLOSED)
            case.resolution = reason.strip()
            case.save()
            _event(case, acting_user, f"referral_{status}", before, S.CLOSED, reason)
        else:
            _event(case, acting_user, f"referral_{status}", reason=reason)
        audit.record(actor=acting_user, action=f"case.referral_{status}", target=case, from_state=from_status,
                     to_state=status, detail={"referral": referral.pk, "peer": referral.peer_country})
    return referral


@dataclass
class IncomingReferral:
    """A referral from the peer, already read and checked by cases/referral.py."""

    country: str
    reference: str
    reason: str
    jurisdiction: str
    nationality: str
    country_where: str
    place: str
    narrative: str
    language: str
    grievances: list
    answers: dict
    respondents: list  # resolved registry entries
    screen: triage.Screen
    urgent: bool
    urgent_reasons: str
    consent_share_identity: bool
    complainant: dict | None


def referral_receive(*, incoming: IncomingReferral) -> Case | None:
    """A case referred by the peer becomes a case here, routed like any other, with the referral awaiting an answer.
    The same case referred again while open changes nothing (None)."""
    if Referral.objects.filter(direction=ReferralDirection.INCOMING, peer_country=incoming.country,
                               remote_reference=incoming.reference,
                               status__in=[ReferralStatus.PENDING, ReferralStatus.ACCEPTED]).exists():
        return None
    team = routing.route(jurisdiction=incoming.jurisdiction, country_where=incoming.country_where,
                         grievances=incoming.grievances, respondent_roles=[e["role"] for e in incoming.respondents],
                         urgent=incoming.urgent)
    with transaction.atomic():
        now = timezone.now()
        case = Case.objects.create(
            reference=_new_reference(), status=S.RECEIVED, channel=Channel.REFERRAL, is_urgent=incoming.urgent,
            urgent_reasons=incoming.urgent_reasons, nationality_id=incoming.nationality,
            country_where_id=incoming.country_where, place=incoming.place, narrative=incoming.narrative,
            language=incoming.language, jurisdiction=incoming.jurisdiction, assigned_team=team,
            consent_referral=True, consent_referral_identity=incoming.complainant is not None,
            consent_share_identity=incoming.consent_share_identity,
            stage_due_at=sla.due_at(S.RECEIVED, urgent=incoming.urgent, since=now),
        )
        Grievance.objects.bulk_create([Grievance(case=case, kind=g) for g in dict.fromkeys(incoming.grievances)])
        for entry in incoming.respondents:
            _respondent_create(case, entry)
        CaseAnswer.objects.bulk_create([CaseAnswer(case=case, question=k, answer=v) for k, v in incoming.answers.items()])
        _store_findings(case, incoming.screen)
        if incoming.complainant is not None:
            Complainant.objects.create(case=case, **incoming.complainant)
        Referral.objects.create(case=case, direction=ReferralDirection.INCOMING, peer_country=incoming.country,
                                remote_reference=incoming.reference, include_identity=incoming.complainant is not None,
                                reason=incoming.reason[:5000])
        _system_note(case, _("Referred by the %(country)s node: %(reason)s")
                     % {"country": incoming.country, "reason": incoming.reason})
        _event(case, None, "referral_received", "", S.RECEIVED, reason=incoming.reason[:2000])
        audit.record(actor=None, action="case.referral_received", target=case, to_state=S.RECEIVED,
                     detail={"peer": incoming.country, "remote_reference": incoming.reference,
                             "identity": incoming.complainant is not None})
        _notify(case, _on_duty(team.pk if team else None, supervisor=False), NotificationKind.REFERRAL)
    return case


def referral_peer_answer(*, referral: Referral, status: str, remote_reference: str, reason: str, note: str) -> Referral:
    """The peer accepted, rejected or returned our referral."""
    if referral.direction != ReferralDirection.OUTGOING:
        raise ReferralNotAllowed()
    with transaction.atomic():
        referral.status = status
        referral.remote_reference = remote_reference[:16]
        referral.decided_at = timezone.now()
        referral.save(update_fields=["status", "remote_reference", "decided_at"])
        _event(referral.case, None, f"peer_{status}", reason=reason[:2000])
        _system_note(referral.case, note)
    return referral


def case_peer_update(*, case: Case, status: str, message: str, note: str) -> None:
    """Progress on a referred case, reported by the peer."""
    with transaction.atomic():
        _event(case, None, "peer_update", reason=f"{status} {message}".strip()[:2000])
        if message:
            _system_note(case, note)


def registry_record_link(*, record_id: int, watchlist_entry_id: int | None = None, sanction_id: int | None = None) -> None:
    """The registry made the watchlist entry or sanction notice a resolved case asked for: link it to the record."""
    with transaction.atomic():
        record = RegistryRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None:
            return
        if watchlist_entry_id:
            record.watchlist_entry_id = watchlist_entry_id
        if sanction_id:
            record.sanction_id = sanction_id
        record.save(update_fields=["watchlist_entry", "sanction"])
