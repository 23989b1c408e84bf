"""Every write about cases: intake, triage, the lifecycle, notes, tasks, evidence, escalation, remedies."""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corridor.accounts.choices import OrganisationKind as K
from corridor.accounts.choices import Role
from corridor.accounts.models import Organisation, User, Worker
from corridor.cases import receipts, registry_link, routing, sla, storage, triage
from corridor.cases.choices import (
    CaseStatus,
    Channel,
    ClaimKind,
    GrievanceType,
    Jurisdiction,
    LiabilityStatus,
    NoteAuthorKind,
    NoteVisibility,
    NotificationKind,
    ReferralDirection,
    ReferralStatus,
    RespondentRole,
)
from corridor.cases.errors import (
    ClaimError,
    ConsentRequired,
    NoJurisdiction,
    NoTeam,
    OfficerNotInTeam,
    ReferralNotAllowed,
)
from corridor.cases.lifecycles import CASE
from corridor.cases.models import (
    Case,
    CaseAnswer,
    CaseEvent,
    CaseTask,
    Claim,
    Complainant,
    DutyShift,
    Evidence,
    Grievance,
    IndicatorFinding,
    Liability,
    Note,
    Recovery,
    Referral,
    RegistryRecord,
    Respondent,
)
from corridor.cases.scope import OFFICER_ROLES, can_decide, can_work
from corridor.cases.selectors import owed_by_party, respondent_case_scope
from corridor.core import audit, events, hotlines, lifecycle, notifications
from corridor.core.errors import InvalidInput, NotFound
from corridor.core.lifecycle import require
from corridor.core.models import Country, Currency

S = CaseStatus
# Which actions each state allows: the declared lifecycle (cases.lifecycles.CASE). One service per action below.
ALLOWED: dict[str, frozenset[str]] = CASE.table()
OPEN_STATUSES = frozenset(ALLOWED) - {S.RESOLVED, S.CLOSED}
MAX_NARRATIVE = 10_000
RESPONDENT_ORG_KINDS = {
    RespondentRole.EMPLOYER: {K.EMPLOYER}, RespondentRole.PRINCIPAL_CONTRACTOR: {K.EMPLOYER},
    RespondentRole.AGENCY: {K.RECRUITMENT_AGENCY}, RespondentRole.SUB_AGENT: {K.RECRUITMENT_AGENCY},
    RespondentRole.OTHER: {K.EMPLOYER, K.RECRUITMENT_AGENCY},
}
# Who answers first for each kind of claim; a claim unpaid by one falls to the next.
CHAIN_ORDER: dict[str, tuple[str, ...]] = {
    ClaimKind.WAGES: ("employer", "principal_contractor", "agency", "sub_agent", "other"),
    ClaimKind.COMPENSATION: ("employer", "principal_contractor", "agency", "sub_agent", "other"),
    ClaimKind.FEES: ("agency", "sub_agent", "employer", "principal_contractor", "other"),
    ClaimKind.DOCUMENTS: ("employer", "agency", "sub_agent", "principal_contractor", "other"),
    ClaimKind.REPATRIATION: ("agency", "employer", "principal_contractor", "sub_agent", "other"),
    ClaimKind.OTHER: ("employer", "principal_contractor", "agency", "sub_agent", "other"),
}


# --- helpers ---------------------------------------------------------------------------------------


def _require(user, permission: str) -> None:
    require(user, permission, system=False)  # every write here has a person behind it


def _actor_label(user) -> str:
    if user is None:
        return "system"
    if not getattr(user, "is_authenticated", False):
        return "complainant"
    return user.get_username()


def _user_or_none(user):
    return user if getattr(user, "is_authenticated", False) else None


def _actor_id(user) -> int | None:
    user = _user_or_none(user)
    return user.pk if user is not None else None


def _event(case: Case, actor, action: str, from_status: str = "", to_status: str = "", reason: str = "",
           effective_date: date | None = None) -> CaseEvent:
    """A notable act on the case, in its event log (the lifecycle kit's event row, with the case's extras)."""
    return lifecycle.event(CASE, case, action, acting_user=actor, from_status=from_status, to_status=to_status,
                           reason=reason, **_event_extras(actor, effective_date))


def _event_extras(actor, effective_date: date | None = None) -> dict:
    return {"actor_label": _actor_label(actor), "effective_date": effective_date or timezone.now().date()}


def _new_reference() -> str:
    while True:
        reference = "C-" + "".join(secrets.choice(receipts.ALPHABET) for _i in range(8))
        if not Case.objects.filter(reference=reference).exists():
            return reference


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _set_status(case: Case, status: str) -> None:
    case.status = status
    case.stage_due_at = sla.due_at(status, urgent=case.is_urgent, since=timezone.now())
    case.escalated_at = None


def _transition(*, acting_user, case: Case, action: str, to_status: str, reason: str = "", detail: dict | None = None,
                effective_date: date | None = None, decide: bool = True, update=None) -> Case:
    """Every transition, through the lifecycle kit: scope (cases.scope.can_decide), the table, event, audit,
    and the new time limit."""
    def change(locked: Case) -> list[str]:
        before = {f.attname: getattr(locked, f.attname) for f in locked._meta.concrete_fields}
        if update:
            update(locked)
        _set_status(locked, to_status)
        return [name for name, value in before.items() if getattr(locked, name) != value] + ["stage_due_at", "escalated_at"]

    if decide and acting_user is not None and not can_decide(acting_user, case):
        raise NotFound()
    return lifecycle.transition(
        CASE, case, action, acting_user=acting_user, to_status=to_status, reason=reason, changes=change,
        event_fields=_event_extras(acting_user, effective_date), enforce_permission=decide,
        audit_detail={"reference": case.reference, **(detail or {})})  # the kit publishes case.transitioned; referral subscribes


def _countries_exist(*codes: str) -> bool:
    return Country.objects.filter(code__in=set(codes)).count() == len(set(codes))


# --- notifications and the roster ---------------------------------------------------------------------


def duty_shift_add(*, acting_user, user: User, starts_at, ends_at, is_supervisor: bool = False) -> DutyShift:
    """Put a member of the acting officer's own organisation on the roster."""
    if acting_user is not None:
        _require(acting_user, "case.roster")
        if user.organisation_id != acting_user.organisation_id:
            raise NotFound()
    if ends_at <= starts_at:
        raise InvalidInput(fields={"ends_at": [_("A shift must end after it starts.")]})
    with transaction.atomic():
        shift = DutyShift.objects.create(organisation_id=user.organisation_id, user=user, starts_at=starts_at,
                                         ends_at=ends_at, is_supervisor=is_supervisor)
        audit.record(actor=acting_user, action="case.roster_add", target=shift,
                     detail={"user": user.pk, "supervisor": is_supervisor})
    return shift


def _on_duty(organisation_id: int | None, *, supervisor: bool) -> list[User]:
    if organisation_id is None:
        return []
    now = timezone.now()
    users = list(User.objects.filter(is_active=True, duty_shifts__organisation_id=organisation_id,
                                     duty_shifts__starts_at__lte=now, duty_shifts__ends_at__gt=now,
                                     duty_shifts__is_supervisor=supervisor).distinct())
    if users:
        return users
    # Nobody on the roster: every officer of the team hears it rather than nobody.
    return list(User.objects.filter(is_active=True, organisation_id=organisation_id, role__in=OFFICER_ROLES))


CASE_MESSAGES = {  # the English message ids, rendered in each reader's language when read
    NotificationKind.URGENT: gettext_noop("Urgent case %(ref)s"),
    NotificationKind.ESCALATION: gettext_noop("Case %(ref)s missed its time limit"),
    NotificationKind.REFERRAL: gettext_noop("Case %(ref)s referred to you"),
    NotificationKind.ASSIGNED: gettext_noop("Case %(ref)s assigned to you"),
}


def _notify(case: Case, users, kind: str) -> list:
    """Alert officers about a case (mailed where they have an address; no identity in the mail)."""
    return notifications.notification_send(
        kind=f"case.{kind}", message=CASE_MESSAGES[kind], params={"ref": case.reference},
        link=reverse("cases:detail", args=[case.reference]), about=f"case:{case.reference}", users=users, email=True)


# --- intake --------------------------------------------------------------------------------------------


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


def _respondent_create(case: Case, r: dict) -> Respondent:
    return Respondent.objects.create(
        case=case, role=r["role"], organisation=r.get("organisation"), name=(r.get("name") or "").strip()[:200],
        employer=r.get("employer"), agency=r.get("agency"), subagent=r.get("subagent"),
        added_from_registry=bool(r.get("from_registry")))


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
        _store_findings(case, result)
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


# --- notes, tasks, evidence ---------------------------------------------------------------------------------


def note_add(*, acting_user, case: Case, body: str, visibility: str = NoteVisibility.INTERNAL,
             is_question: bool = False) -> Note:
    """Staff on the case add a note: internal, shared with the complainant (a question, maybe) or with the other party."""
    if not can_work(acting_user, case):
        raise NotFound()
    if visibility not in NoteVisibility.values:
        raise InvalidInput(fields={"visibility": [_("Unknown choice.")]})
    return _note(case, acting_user, NoteAuthorKind.STAFF, body, visibility, is_question and visibility == NoteVisibility.SHARED)


def complainant_message(*, case: Case, body: str, acting_user=None) -> Note:
    """The complainant writes to the case (anonymously by receipt code, or as the signed-in worker)."""
    user = _user_or_none(acting_user)
    acting_user = acting_user or AnonymousUser()
    if user is not None and not (case.filed_by_id == user.pk or Complainant.objects.filter(case=case, user=user).exists()):
        raise NotFound()
    return _note(case, acting_user, NoteAuthorKind.COMPLAINANT, body, NoteVisibility.SHARED, False)


def respondent_reply(*, acting_user, case: Case, body: str) -> Note:
    _require(acting_user, "case.respond")
    if not respondent_case_scope(acting_user).filter(pk=case.pk).exists():
        raise NotFound()
    return _note(case, acting_user, NoteAuthorKind.RESPONDENT, body, NoteVisibility.RESPONDENT, False)


def _note(case, actor, kind, body, visibility, is_question) -> Note:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(fields={"body": [_("Write something.")]})
    if len(body) > MAX_NARRATIVE:
        raise InvalidInput(fields={"body": [_("Too long.")]})
    with transaction.atomic():
        note = Note.objects.create(case=case, author=_user_or_none(actor), author_kind=kind, visibility=visibility,
                                   is_question=is_question, body=body)
        _event(case, actor, f"note_{kind}")
        audit.record(actor=actor, action="case.note", target=case,
                     detail={"note": note.pk, "visibility": visibility, "by": kind})
    return note


def evidence_add(*, case: Case, name: str, data: bytes, acting_user=None, by_complainant: bool = False) -> Evidence:
    user = _user_or_none(acting_user)
    if by_complainant:
        acting_user = acting_user or AnonymousUser()
    if not by_complainant and not can_work(acting_user, case):
        raise NotFound()
    if by_complainant and user is not None and not (
            case.filed_by_id == user.pk or Complainant.objects.filter(case=case, user=user).exists()):
        raise NotFound()
    saved = storage.save(name, data)
    try:
        with transaction.atomic():
            evidence = Evidence.objects.create(
                case=case, storage_name=saved.storage_name, original_name=(name or "file")[:200],
                content_type=saved.content_type, size=saved.size, sha256=saved.sha256, added_by=user,
                added_by_kind=NoteAuthorKind.COMPLAINANT if by_complainant else NoteAuthorKind.STAFF)
            _event(case, acting_user, "evidence")
            audit.record(actor=acting_user, action="case.evidence_add", target=case,
                         detail={"evidence": evidence.pk, "type": saved.content_type, "size": saved.size})
    except Exception:
        storage.delete(saved.storage_name)
        raise
    return evidence


def task_add(*, acting_user, case: Case, title: str, due_date: date, assignee: User | None = None) -> CaseTask:
    if not can_work(acting_user, case):
        raise NotFound()
    if not title.strip():
        raise InvalidInput(fields={"title": [_("A task needs a title.")]})
    if assignee is not None and assignee.organisation_id != case.assigned_team_id:
        raise OfficerNotInTeam(fields={"assignee": [str(OfficerNotInTeam.default_message)]})
    with transaction.atomic():
        task = CaseTask.objects.create(case=case, title=title.strip()[:200], due_date=due_date, assignee=assignee)
        _event(case, acting_user, "task_add", reason=task.title)
        audit.record(actor=acting_user, action="case.task_add", target=case, detail={"task": task.pk, "due": due_date})
    return task


def task_complete(*, acting_user, task: CaseTask) -> CaseTask:
    if not can_work(acting_user, task.case):
        raise NotFound()
    if task.done_at:
        raise InvalidInput(fields={"task": [_("This task is already done.")]}, code="cases.task_already_done")
    with transaction.atomic():
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        _event(task.case, acting_user, "task_done", reason=task.title)
        audit.record(actor=acting_user, action="case.task_complete", target=task.case, detail={"task": task.pk})
    return task


# --- the lifecycle --------------------------------------------------------------------------------------


def case_triage(*, acting_user, case: Case, urgent: bool | None = None, reason: str = "") -> Case:
    """An officer of the team confirms the screen (and may raise or lower urgency, with a reason)."""
    def update(c):
        if urgent is True and not c.is_urgent:
            _make_urgent(c, acting_user, reason or "officer")
        elif urgent is False and c.is_urgent:
            if not reason.strip():
                raise InvalidInput(fields={"reason": [_("Say why the case is not urgent.")]})
            c.is_urgent = False
            c.urgent_reasons = ""

    return _transition(acting_user=acting_user, case=case, action="triage", to_status=S.TRIAGED, reason=reason,
                       update=update, detail={"urgent": urgent})


def case_assign(*, acting_user, case: Case, team: Organisation | None = None, officer: User | None = None,
                reason: str = "") -> Case:
    """Give the case to a team (an organisation) and, within it, to an officer."""
    team = team or case.assigned_team
    if team is None:
        raise NoTeam()
    if team.kind not in {K.CONSULATE, K.LABOUR_INSPECTORATE, K.LICENSING_AUTHORITY, K.MINISTRY, *routing.PARTNER_KINDS}:
        raise InvalidInput(fields={"team": [_("This organisation cannot hold cases.")]})
    if officer is not None and (officer.organisation_id != team.pk or not officer.is_active):
        raise OfficerNotInTeam(fields={"officer": [str(OfficerNotInTeam.default_message)]})

    def update(c):
        c.assigned_team = team
        c.assigned_officer = officer

    case = _transition(acting_user=acting_user, case=case, action="assign", to_status=S.ASSIGNED, reason=reason,
                       update=update, detail={"team": team.pk, "officer": officer.pk if officer else None})
    if officer is not None and officer != acting_user:
        with transaction.atomic():
            _notify(case, [officer], NotificationKind.ASSIGNED)
    return case


def case_start(*, acting_user, case: Case, reason: str = "") -> Case:
    return _transition(acting_user=acting_user, case=case, action="start", to_status=S.IN_PROGRESS, reason=reason)


def case_await_party(*, acting_user, case: Case, reason: str) -> Case:
    """Ask the other party to answer: from now its staff see the case (never who complained, without consent)."""
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say what the other party must answer.")]})

    def update(c):
        _note(c, acting_user, NoteAuthorKind.STAFF, reason, NoteVisibility.RESPONDENT, False)

    return _transition(acting_user=acting_user, case=case, action="await_party", to_status=S.AWAITING_PARTY,
                       reason=reason, update=update)


def case_resume(*, acting_user, case: Case, reason: str = "") -> Case:
    return _transition(acting_user=acting_user, case=case, action="resume", to_status=S.IN_PROGRESS, reason=reason)


def case_resolve(*, acting_user, case: Case, resolution: str, effective_date: date | None = None,
                 upheld: set[int] | None = None, watchlist: set[int] | None = None, sanction: set[int] | None = None) -> Case:
    """Record the outcome. A case against an employer, agency or sub-agent on the registry adds to its record:
    `upheld` names the respondents the complaint was upheld against (all, by default); `watchlist` and `sanction`
    those the officer puts on the watchlist or serves a sanction notice (agencies), through the registry's services."""
    if not resolution.strip():
        raise InvalidInput(fields={"resolution": [_("Record the outcome.")]})

    def update(c):
        c.resolution = resolution.strip()
        respondents = list(c.respondents.select_related("employer", "agency__organisation", "subagent", "organisation"))
        ids = {r.pk for r in respondents}
        chosen_upheld = ids if upheld is None else set(upheld) & ids
        records, actions = registry_link.feed(case=c, respondents=respondents, upheld=chosen_upheld,
                                              watchlist=set(watchlist or ()) & ids, sanction=set(sanction or ()) & ids,
                                              summary=resolution.strip(), owed=owed_by_party(c))
        # The registry acts on the officer's choices when it hears `case.resolved`; refuse here what it would refuse.
        if any(a["watchlist"] for a in actions):
            _require(acting_user, "watchlist.manage")
        if any(a["sanction"] for a in actions):
            _require(acting_user, "licence.decide")
        if records:
            c.registry_fed_at = timezone.now()
        events.publish("case.resolved", pk=c.pk, reference=c.reference, nationality=c.nationality_id,
                       summary=resolution.strip(), actor_id=_actor_id(acting_user), parties=actions)

    return _transition(acting_user=acting_user, case=case, action="resolve", to_status=S.RESOLVED, reason=resolution,
                       update=update, effective_date=effective_date,
                       detail={"upheld": sorted(upheld) if upheld is not None else "all",
                               "watchlist": sorted(watchlist or ()), "sanction": sorted(sanction or ())})


def case_close(*, acting_user, case: Case, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say why the case is closed.")]})
    return _transition(acting_user=acting_user, case=case, action="close", to_status=S.CLOSED, reason=reason)


def case_reopen(*, acting_user, case: Case, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say why the case is reopened.")]})
    return _transition(acting_user=acting_user, case=case, action="reopen", to_status=S.REOPENED, reason=reason)


TRANSITIONS = {
    "triage": case_triage, "assign": case_assign, "start": case_start, "await_party": case_await_party,
    "resume": case_resume, "resolve": case_resolve, "close": case_close, "reopen": case_reopen,
}


def allowed_actions(case: Case, user=None) -> list[str]:
    """The transitions the table allows in the case's status (and, given a user, that the user may take)."""
    if user is not None:
        return lifecycle.available_actions(CASE, case, user)
    return [a for a in TRANSITIONS if a in ALLOWED.get(case.status, frozenset())]


# --- escalation ------------------------------------------------------------------------------------------


def case_escalate_overdue(*, now=None) -> list[Case]:
    """Every open case past its stage's time limit, not yet escalated, goes to its team's supervisor."""
    now = now or timezone.now()
    escalated = []
    overdue = (Case.objects.filter(stage_due_at__lt=now, escalated_at__isnull=True)
               .exclude(status__in=[S.RESOLVED, S.CLOSED]).order_by("stage_due_at").values_list("pk", flat=True))
    for pk in list(overdue[:1000]):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=pk)
            if case.escalated_at is not None or case.stage_due_at is None or case.stage_due_at >= now:
                continue
            case.escalated_at = now
            case.save(update_fields=["escalated_at", "updated_at"])
            late = now - case.stage_due_at
            _event(case, None, "escalate", case.status, case.status,
                   reason=_("Missed the time limit of the stage '%(stage)s' by %(hours)d hours.")
                   % {"stage": case.get_status_display(), "hours": late.total_seconds() // 3600})
            _notify(case, _on_duty(case.assigned_team_id, supervisor=True), NotificationKind.ESCALATION)
            audit.record(actor=None, action="case.escalate", target=case, from_state=case.status, to_state=case.status,
                         detail={"reference": case.reference, "due": case.stage_due_at.isoformat()})
            escalated.append(case)
    return escalated


# --- remedies and liability ----------------------------------------------------------------------------------


def _money(amount) -> Decimal:
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ClaimError(fields={"amount": [_("Not an amount.")]}) from exc
    if not value.is_finite() or value < 0 or value >= Decimal("1e12"):
        raise ClaimError(fields={"amount": [_("Not an amount.")]})
    return value


def respondent_add(*, acting_user, case: Case, role: str, name: str = "", organisation: Organisation | None = None,
                   employer=None, agency=None, subagent=None) -> Respondent:
    """Add a party to the case (linked to the registry where it can be), with the parties the registry says answer too."""
    if not can_decide(acting_user, case):
        raise NotFound()
    if role not in RespondentRole.values or (not name.strip() and organisation is None and employer is None
                                               and agency is None and subagent is None):
        raise InvalidInput(fields={"name": [_("Each party needs a name.")]})
    if organisation is not None and organisation.kind not in RESPONDENT_ORG_KINDS[role]:
        raise InvalidInput(fields={"organisation": [_("This organisation cannot be a party in that role.")]})
    entry = registry_link.resolve({"role": role, "name": name, "organisation": organisation, "employer": employer,
                                   "agency": agency, "subagent": subagent})
    existing = [{"employer": r.employer, "agency": r.agency} for r in case.respondents.select_related("employer", "agency")]
    with transaction.atomic():
        respondent = _respondent_create(case, entry)
        for extra in registry_link.chain_extras([*existing, entry])[:2]:
            if (extra.get("employer") and case.respondents.filter(employer=extra["employer"]).exists()) or (
                    extra.get("agency") and case.respondents.filter(agency=extra["agency"]).exists()):
                continue
            _respondent_create(case, extra)
        _event(case, acting_user, "respondent_add", reason=str(respondent))
        audit.record(actor=acting_user, action="case.respondent_add", target=case,
                     detail={"respondent": respondent.pk, "role": role, "employer": respondent.employer_id,
                             "agency": respondent.agency_id, "subagent": respondent.subagent_id})
    return respondent


def chain_for(case: Case, kind: str) -> list[Respondent]:
    order = CHAIN_ORDER.get(kind, CHAIN_ORDER[ClaimKind.OTHER])
    parties = list(case.respondents.all())
    return sorted(parties, key=lambda r: (order.index(r.role) if r.role in order else len(order), r.pk))


def claim_add(*, acting_user, case: Case, kind: str, amount=None, currency: str = "", description: str = "",
              chain: list[Respondent] | None = None) -> Claim:
    """Record what is owed: money (Decimal + currency) or, for identity documents, the documents themselves.
    The chain of who answers for it defaults to the parties of the case in the order the law makes them answer."""
    if not can_decide(acting_user, case):
        raise NotFound()
    _require(acting_user, "case.remedy")
    if kind not in ClaimKind.values:
        raise ClaimError(fields={"kind": [_("Unknown choice.")]})
    if kind == ClaimKind.DOCUMENTS:
        value, currency_code = Decimal("0.00"), None
    else:
        value = _money(amount)
        currency_code = (currency or "").upper()
        if value <= 0:
            raise ClaimError(fields={"amount": [_("Not an amount.")]})
        if not Currency.objects.filter(code=currency_code).exists():
            raise ClaimError(fields={"currency": [_("Unknown currency.")]})
    chain = chain if chain is not None else chain_for(case, kind)
    if not chain or any(r.case_id != case.pk for r in chain):
        raise ClaimError(fields={"chain": [_("A claim needs at least one party of this case to answer for it.")]})
    with transaction.atomic():
        claim = Claim.objects.create(case=case, kind=kind, amount=value, currency_id=currency_code,
                                     description=description.strip()[:300])
        Liability.objects.bulk_create([
            Liability(claim=claim, respondent=r, rank=i + 1,
                      status=LiabilityStatus.CURRENT if i == 0 else LiabilityStatus.LIABLE)
            for i, r in enumerate(chain)
        ])
        _event(case, acting_user, "claim_add", reason=f"{kind} {value} {currency_code or ''}".strip())
        audit.record(actor=acting_user, action="case.claim_add", target=case,
                     detail={"claim": claim.pk, "kind": kind, "amount": str(value), "currency": currency_code,
                             "chain": [r.pk for r in chain]})
    return claim


def claim_recovered(claim: Claim) -> Decimal:
    return claim.recoveries.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def recovery_record(*, acting_user, claim: Claim, amount=None, respondent: Respondent | None = None,
                    recovered_on: date | None = None, note: str = "") -> Recovery:
    """What was recovered for a claim and from whom: money (never more than is owed), or the documents returned."""
    case = claim.case
    if not can_decide(acting_user, case):
        raise NotFound()
    _require(acting_user, "case.remedy")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        if claim.settled_on is not None:
            raise ClaimError(fields={"claim": [_("This claim is settled.")]}, code="cases.claim_settled")
        if claim.kind == ClaimKind.DOCUMENTS:
            value = Decimal("0.00")
        else:
            value = _money(amount)
            outstanding = claim.amount - claim_recovered(claim)
            if value <= 0 or value > outstanding:
                raise ClaimError(fields={"amount": [_("More than what is still owed (%(owed)s).") % {"owed": outstanding}]})
        if respondent is not None and not claim.liabilities.filter(respondent=respondent).exists():
            raise ClaimError(fields={"respondent": [_("This party is not in the claim's chain.")]})
        day = recovered_on or timezone.now().date()
        recovery = Recovery.objects.create(claim=claim, respondent=respondent, amount=value, recovered_on=day,
                                           note=note[:300])
        if claim.kind == ClaimKind.DOCUMENTS or claim.amount - claim_recovered(claim) <= 0:
            claim.settled_on = day
            claim.save(update_fields=["settled_on"])
            claim.liabilities.filter(status=LiabilityStatus.CURRENT).update(status=LiabilityStatus.DISCHARGED)
        _event(case, acting_user, "recovery", reason=f"{claim.kind} {value} {claim.currency_id or ''}".strip())
        audit.record(actor=acting_user, action="case.recovery", target=case,
                     detail={"claim": claim.pk, "amount": str(value), "respondent": respondent.pk if respondent else None})
    return recovery


def claim_default(*, acting_user, claim: Claim, reason: str) -> Liability | None:
    """The party asked to pay did not: the claim falls to the next party in the chain. Returns the new one."""
    case = claim.case
    if not can_decide(acting_user, case):
        raise NotFound()
    _require(acting_user, "case.remedy")
    if not reason.strip():
        raise InvalidInput(fields={"reason": [_("Say what happened.")]})
    with transaction.atomic():
        current = claim.liabilities.select_for_update().filter(status=LiabilityStatus.CURRENT).first()
        if current is None:
            raise ClaimError(fields={"claim": [_("Nobody is being asked to pay this claim now.")]}, code="cases.claim_no_current_party")
        current.status = LiabilityStatus.DEFAULTED
        current.save(update_fields=["status"])
        nxt = claim.liabilities.filter(status=LiabilityStatus.LIABLE, rank__gt=current.rank).order_by("rank").first()
        if nxt is not None:
            nxt.status = LiabilityStatus.CURRENT
            nxt.save(update_fields=["status"])
        _event(case, acting_user, "claim_default", reason=reason)
        audit.record(actor=acting_user, action="case.claim_default", target=case,
                     detail={"claim": claim.pk, "defaulted": current.respondent_id, "next": nxt.respondent_id if nxt else None})
    return nxt


# --- referral across the corridor: the writes (cases/referral.py builds and reads the messages) ---------------

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
