"""Intake: a complaint filed (anonymous or not), screened for forced labour, made urgent."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.accounts.models import Organisation, Worker
from corridor.cases import receipts, registry_link, routing, sla, storage, triage
from corridor.cases.choices import (
    Channel,
    GrievanceType,
    Jurisdiction,
    NoteAuthorKind,
    NotificationKind,
    RespondentRole,
)
from corridor.cases.errors import (
    NoJurisdiction,
)
from corridor.cases.models import (
    Case,
    CaseAnswer,
    Complainant,
    Evidence,
    Grievance,
    IndicatorFinding,
)
from corridor.cases.scope import can_work
from corridor.cases.services._common import (
    MAX_NARRATIVE,
    S,
    _actor_id,
    _countries_exist,
    _event,
    _lock,
    _new_reference,
    _notify,
    _on_duty,
    _require,
    _user_or_none,
)
from corridor.cases.services.remedies import RESPONDENT_ORG_KINDS, _respondent_create
from corridor.core import audit, events, hotlines
from corridor.core.errors import InvalidInput, NotFound


@dataclass
class Filed:
    case: Case
    receipt_code: str | None
    urgent: bool
    hotlines: list


def _validate_intake(*, grievances, respondents, nationality, country_where, narrative, answers, since, partner,
                     consent_partner) -> dict:
    errors: dict[str, list[str]] = {}
    if not grievances:
        errors["grievances"] = [_("Say what happened: choose at least one.")]
    elif set(grievances) - set(GrievanceType.values):
        errors["grievances"] = [_("Unknown kind of grievance.")]
    if not respondents:
        errors["respondents"] = [_("Name at least one party the complaint is against.")]
    for r in respondents:
        if r.get("role") not in RespondentRole.values:
            errors.setdefault("respondents", []).append(_("Unknown role of a party."))
        elif not (r.get("name") or "").strip() and not r.get("organisation"):
            errors.setdefault("respondents", []).append(_("Each party needs a name."))
        elif r.get("organisation") is not None and r["organisation"].kind not in RESPONDENT_ORG_KINDS[r["role"]]:
            errors.setdefault("respondents", []).append(_("This organisation cannot be a party in that role."))
    if not _countries_exist(nationality, country_where):
        errors["country_where"] = [_("Unknown country code.")]
    if len(narrative) > MAX_NARRATIVE:
        errors["narrative"] = [_("Tell us in at most %(n)d characters.") % {"n": MAX_NARRATIVE}]
    for key, value in answers.items():
        question = triage.QUESTIONS_BY_KEY.get(key)
        if question is None or value not in {c[0] for c in question.choices}:
            errors.setdefault("answers", []).append(_("Unknown question or answer: %(key)s") % {"key": key})
    if since and since > timezone.now().date():
        errors["since"] = [_("This date is in the future.")]
    if partner is not None and (partner.kind not in routing.PARTNER_KINDS or not consent_partner):
        errors["partner"] = [_("Choose a partner organisation and agree that it may help.")]
    return errors


def complaint_file(
    *,
    acting_user,
    grievances: list[str],
    respondents: list[dict],
    nationality: str,
    country_where: str,
    place: str = "",
    since: date | None = None,
    narrative: str = "",
    language: str = "",
    answers: dict | None = None,
    complainant: dict | None = None,
    worker: Worker | None = None,
    consent_share_identity: bool = False,
    consent_referral: bool = False,
    consent_referral_identity: bool = False,
    consent_partner: bool = False,
    partner: Organisation | None = None,
    files: list[tuple[str, bytes]] | None = None,
) -> Filed:
    """File a complaint: anonymously (no user), as a signed-in worker, or by staff on a worker's behalf.

    `respondents`: [{"role": RespondentRole, "name": str, "organisation": Organisation | None}].
    Nothing about the request (address, browser) is taken or stored.
    """
    answers = dict(answers or {})
    user = _user_or_none(acting_user)
    acting_user = acting_user if user else AnonymousUser()  # recorded as "complainant", never as a person
    if user is None:
        channel = Channel.ANONYMOUS
        complainant = None
        worker = None
    elif user.role == Role.WORKER:
        channel = Channel.WORKER
        worker = Worker.objects.filter(user=user).first()
        complainant = {**(complainant or {}), "full_name": worker.full_name if worker else user.get_full_name()}
    else:
        _require(user, "case.file")
        channel = Channel.STAFF
    nationality = (nationality or "").upper()
    country_where = (country_where or "").upper()
    narrative = (narrative or "").strip()
    errors = _validate_intake(grievances=grievances, respondents=respondents, nationality=nationality,
                              country_where=country_where, narrative=narrative, answers=answers, since=since,
                              partner=partner, consent_partner=consent_partner)
    if errors:
        raise InvalidInput(fields=errors)
    where = routing.jurisdiction(nationality=nationality, country_where=country_where)
    if where == Jurisdiction.OTHER:
        raise NoJurisdiction(fields={"country_where": [str(NoJurisdiction.default_message)]})
    checked_files = [(name, data) for name, data in (files or [])]
    for name, data in checked_files:
        storage.check(name, data)
    result = triage.screen(grievances=grievances, answers=answers, narrative=narrative, language=language)
    respondents = [registry_link.resolve(r) for r in respondents]
    respondents += registry_link.chain_extras(respondents)
    team = routing.route(jurisdiction=where, country_where=country_where, grievances=grievances,
                         respondent_roles=[r["role"] for r in respondents], urgent=result.urgent)
    stored = []
    try:
        with transaction.atomic():
            now = timezone.now()
            case = Case.objects.create(
                reference=_new_reference(), status=S.RECEIVED, channel=channel, is_urgent=result.urgent,
                urgent_reasons=",".join(result.urgent_reasons), nationality_id=nationality, country_where_id=country_where,
                place=place.strip()[:200], since=since, narrative=narrative, language=language[:8], jurisdiction=where,
                assigned_team=team, partner=partner if consent_partner else None, filed_by=user,
                filed_by_organisation=user.organisation if user and channel == Channel.STAFF else None,
                consent_share_identity=consent_share_identity, consent_referral=consent_referral,
                consent_referral_identity=consent_referral and consent_referral_identity, consent_partner=consent_partner,
                stage_due_at=sla.due_at(S.RECEIVED, urgent=result.urgent, since=now),
            )
            Grievance.objects.bulk_create([Grievance(case=case, kind=g) for g in dict.fromkeys(grievances)])
            for r in respondents:
                _respondent_create(case, r)
            CaseAnswer.objects.bulk_create([CaseAnswer(case=case, question=k, answer=v) for k, v in answers.items()])
            _store_findings(case, result)
            if channel != Channel.ANONYMOUS:
                c = complainant or {}
                Complainant.objects.create(
                    case=case, worker=worker, user=user if channel == Channel.WORKER else None,
                    full_name=(c.get("full_name") or (worker.full_name if worker else "")).strip(),
                    phone=(c.get("phone") or "").strip(), email=(c.get("email") or "").strip(),
                    passport_number=(c.get("passport_number") or "").strip(),
                    contact_notes=(c.get("contact_notes") or "").strip(),
                )
            code = receipts.issue(case) if channel == Channel.ANONYMOUS else None
            for name, data in checked_files:
                saved = storage.save(name, data)
                stored.append(saved.storage_name)
                Evidence.objects.create(case=case, storage_name=saved.storage_name, original_name=name[:200],
                                        content_type=saved.content_type, size=saved.size, sha256=saved.sha256,
                                        added_by=user, added_by_kind=NoteAuthorKind.COMPLAINANT
                                        if channel != Channel.STAFF else NoteAuthorKind.STAFF)
            _event(case, acting_user, "file", "", S.RECEIVED)
            events.publish("case.filed", pk=case.pk, reference=case.reference)  # counted by indicators
            audit.record(actor=acting_user, action="case.file", target=case, to_state=S.RECEIVED, detail={
                "reference": case.reference, "channel": channel, "urgent": result.urgent,
                "grievances": sorted(set(grievances)), "team": team.pk if team else None, "files": len(checked_files),
            })
            if result.urgent:
                _notify(case, _on_duty(team.pk if team else None, supervisor=False), NotificationKind.URGENT)
                _halt_departure(case, acting_user)
    except Exception:
        for name in stored:
            storage.delete(name)
        raise
    return Filed(case=case, receipt_code=code, urgent=result.urgent,
                 hotlines=hotlines.for_country(country_where) if result.urgent else [])


def _store_findings(case: Case, result: triage.Screen) -> None:
    IndicatorFinding.objects.filter(case=case).delete()
    IndicatorFinding.objects.bulk_create([
        IndicatorFinding(case=case, indicator=f.indicator, source=f.source, evidence=f.evidence, language=f.language)
        for f in result.findings
    ])


def case_rescreen(*, acting_user, case: Case) -> triage.Screen:
    """Screen again after new answers or a corrected narrative; urgency only ever goes up here."""
    with transaction.atomic():
        case = _lock(case)
        answers = dict(case.answers.values_list("question", "answer"))
        grievances = list(case.grievances.values_list("kind", flat=True))
        result = triage.screen(grievances=grievances, answers=answers, narrative=case.narrative, language=case.language)
        before = sorted(set(case.findings.values_list("indicator", flat=True)))
        _store_findings(case, result)
        events.publish("case.rescreened", pk=case.pk, indicators_before=before,  # counted by indicators
                       filed_month=f"{timezone.localtime(case.created_at):%Y-%m}")
        if result.urgent and not case.is_urgent:
            _make_urgent(case, acting_user, ",".join(result.urgent_reasons))
        audit.record(actor=acting_user, action="case.rescreen", target=case,
                     detail={"indicators": result.indicators, "urgent": case.is_urgent})
    return result


def _make_urgent(case: Case, actor, reasons: str) -> None:
    case.is_urgent = True
    case.urgent_reasons = reasons[:300]
    due = sla.due_at(case.status, urgent=True, since=timezone.now())
    if due and (case.stage_due_at is None or due < case.stage_due_at):
        case.stage_due_at = due
    case.save()
    _event(case, actor, "mark_urgent", reason=reasons)
    _notify(case, _on_duty(case.assigned_team_id, supervisor=False), NotificationKind.URGENT)
    _halt_departure(case, actor)


def _halt_departure(case: Case, actor) -> None:
    """Announce an urgent case; clearance halts the complainant's departure (it subscribes to `case.marked_urgent`)."""
    worker_id = (Complainant.objects.filter(case=case, worker__isnull=False).values_list("worker_id", flat=True)
                 .first())
    events.publish("case.marked_urgent", pk=case.pk, reference=case.reference, worker_id=worker_id,
                   actor_id=_actor_id(actor))


def answers_set(*, acting_user, case: Case, answers: dict) -> Case:
    """The complainant (by receipt code or signed in) or staff on the case answer the structured questions."""
    acting_user = acting_user or AnonymousUser()
    if _user_or_none(acting_user) is not None and acting_user.role != Role.WORKER and not can_work(acting_user, case):
        raise NotFound()
    errors = _validate_intake(grievances=["other"], respondents=[{"role": "other", "name": "-"}],
                              nationality=case.nationality_id, country_where=case.country_where_id, narrative="",
                              answers=answers, since=None, partner=None, consent_partner=False)
    if errors:
        raise InvalidInput(fields=errors)
    with transaction.atomic():
        for key, value in answers.items():
            CaseAnswer.objects.update_or_create(case=case, question=key, defaults={"answer": value})
        _event(case, acting_user, "answer", reason=", ".join(sorted(answers)))
        audit.record(actor=acting_user, action="case.answer", target=case, detail={"questions": sorted(answers)})
        case_rescreen(acting_user=acting_user, case=case)
    return case
