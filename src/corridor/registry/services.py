"""Every write of the registry: licences and sanctions, sub-agents, employers, job orders, watchlists, screening."""

from __future__ import annotations

import copy
import secrets
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts import services as account_services
from corridor.accounts.choices import OrganisationKind, Role
from corridor.accounts.models import Organisation
from corridor.core import audit, events, lifecycle, node
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.core.lifecycle import require as _require
from corridor.core.models import Country, Currency, Language, Occupation
from corridor.registry import errors, names, screening
from corridor.registry.choices import (
    EmployerStatus,
    HitStatus,
    JobOrderStatus,
    LicenceStatus,
    SanctionOutcome,
    SanctionPenalty,
    SanctionStatus,
    ScreeningTrigger,
    SubAgentStatus,
    SubjectKind,
    VerifiedBy,
)
from corridor.registry.lifecycles import EMPLOYER, JOB_ORDER, LICENCE
from corridor.registry.models import (
    Agency,
    AgencyOwner,
    Branch,
    Employer,
    ImportRun,
    JobOrder,
    Licence,
    LicenceEvent,
    RecruiterBlock,
    SanctionProceeding,
    ScreeningHit,
    SubAgent,
    WatchlistBlock,
    WatchlistEntry,
    active_watchlist_q,
)
from corridor.rules import interchange


def _own_agency(user, agency: Agency) -> None:
    if user is not None and user.role == Role.AGENCY_STAFF and user.organisation_id != agency.organisation_id:
        raise NotFound()


def _today() -> date:
    return timezone.localdate()


def _text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(fields={field: [_("%(label)s is required.") % {"label": label}]})
    return value


# --- name index --------------------------------------------------------------------------------


def _index_recruiter(*, agency: Agency | None = None, subagent: SubAgent | None = None) -> None:
    owner = {"agency": agency} if agency is not None else {"subagent": subagent}
    RecruiterBlock.objects.filter(**owner).delete()
    name = agency.name if agency is not None else subagent.full_name
    keys = names.block_keys(names.name_key(name))
    RecruiterBlock.objects.bulk_create([RecruiterBlock(key=k[:16], **owner) for k in sorted(keys)])


def _index_watchlist(entry: WatchlistEntry) -> None:
    WatchlistBlock.objects.filter(entry=entry).delete()
    keys = names.block_keys(names.name_key(entry.name))
    WatchlistBlock.objects.bulk_create([WatchlistBlock(key=k[:16], entry=entry) for k in sorted(keys)])


# --- agencies and licences ----------------------------------------------------------------------


def _agency_banned(agency: Agency) -> bool:
    return agency.licences.filter(status=LicenceStatus.BANNED).exists()


def agency_apply(
    *,
    acting_user,
    name: str,
    address: str,
    organisation: Organisation | None = None,
    registration_number: str = "",
    email: str = "",
    phone: str = "",
    owners: list[dict] | None = None,
    branches: list[dict] | None = None,
    bond_amount: Decimal | None = None,
    bond_currency: str | None = None,
    bond_reference: str = "",
    screen: bool = True,
) -> Licence:
    """An agency applies for a licence; its record is made (or updated) and the application opened."""
    _require(acting_user, "agency.apply")
    name = _text(name, "name", _("The registered name"))
    address = _text(address, "address", _("The address"))
    if acting_user is not None and acting_user.role == Role.AGENCY_STAFF:
        organisation = acting_user.organisation
    problems: dict[str, list[str]] = {}
    if bond_amount is not None and (bond_amount < 0 or not bond_currency or not Currency.objects.filter(code=bond_currency).exists()):
        problems["bond_amount"] = [_("A bond needs a positive amount and a known currency.")]
    for owner in owners or []:
        if not str(owner.get("full_name", "")).strip() or not Country.objects.filter(code=owner.get("nationality")).exists():
            problems.setdefault("owners", []).append(_("Each owner needs a name and a known nationality."))
            break
    if problems:
        raise InvalidInput(fields=problems)
    with transaction.atomic():
        if organisation is None:
            organisation = account_services.organisation_create(
                acting_user=None, name=name, kind=OrganisationKind.RECRUITMENT_AGENCY, country=node.identity().country)
        elif organisation.kind != OrganisationKind.RECRUITMENT_AGENCY:
            raise InvalidInput(fields={"organisation": [_("The organisation is not a recruitment agency.")]})
        agency = Agency.objects.filter(organisation=organisation).first()
        if agency is not None:
            if _agency_banned(agency):
                raise errors.AgencyBanned()
            if agency.licences.filter(status__in=[LicenceStatus.APPLIED, LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED]).exists():
                raise errors.LicenceTransitionNotAllowed(_("This agency already has a licence or an open application."))
        else:
            agency = Agency(organisation=organisation)
        agency.name = name
        agency.name_key = names.name_key(name).key[:200]
        agency.address = address
        agency.registration_number = registration_number.strip()
        agency.email = email.strip()
        agency.phone = phone.strip()
        agency.bond_amount = bond_amount
        agency.bond_currency_id = bond_currency if bond_amount is not None else None
        agency.bond_reference = bond_reference.strip()
        agency.save()
        if owners is not None:
            agency.owners.all().delete()
            AgencyOwner.objects.bulk_create([
                AgencyOwner(agency=agency, full_name=o["full_name"].strip(), nationality_id=o["nationality"],
                            share_percent=o.get("share_percent")) for o in owners
            ])
        if branches is not None:
            agency.branches.all().delete()
            Branch.objects.bulk_create([Branch(agency=agency, name=b["name"], address=b["address"]) for b in branches])
        _index_recruiter(agency=agency)
        licence = Licence.objects.create(agency=agency, status=LicenceStatus.APPLIED)
        lifecycle.event(LICENCE, licence, "apply", acting_user=acting_user, to_status=LicenceStatus.APPLIED,
                        effective_date=_today())
        audit.record(actor=acting_user, action="licence.apply", target=licence, to_state=LicenceStatus.APPLIED,
                     detail={"agency": agency.pk, "name": name})
        if screen:
            screen_subject(trigger=ScreeningTrigger.REGISTRATION, subject_kind=SubjectKind.AGENCY, agency=agency,
                           subject=screening.Subject(name=name, country=organisation.country_id,
                                                     registration_number=registration_number))
    return licence


def _user(acting_user):
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _actor_id(acting_user) -> int | None:
    user = _user(acting_user)
    return user.pk if user is not None else None


def _licence_step(*, acting_user, licence: Licence, action: str, to_status: str, reason: str, effective_date: date | None,
                  detail: dict | None = None, **changes) -> Licence:
    """One licence transition through the lifecycle kit (registry.lifecycles.LICENCE)."""
    effective_date = effective_date or _today()
    reason = (reason or "").strip()

    def banned(locked: Licence) -> None:
        if action in {"grant", "renew"} and _agency_banned(locked.agency):
            raise errors.AgencyBanned()

    def check(locked: Licence) -> None:
        if action not in {"grant"} and not reason:
            raise InvalidInput(fields={"reason": [_("Give the reason.")]})

    return lifecycle.transition(
        LICENCE, licence, action, acting_user=acting_user, to_status=to_status, reason=reason, precheck=banned, check=check,
        changes={"status_date": effective_date, "status_reason": reason, **changes},
        detail=detail, event_fields={"effective_date": effective_date},
        audit_detail={"reason": reason, "effective_date": effective_date, **(detail or {})})


def licence_grant(*, acting_user, licence: Licence, number: str, valid_from: date, valid_until: date,
                  conditions: str = "", reason: str = "") -> Licence:
    number = _text(number, "number", _("The licence number"))
    if valid_until < valid_from:
        raise InvalidInput(fields={"valid_until": [_("The end of validity must be after its start.")]})
    key = names.normalise_identifier(number)
    if Licence.objects.filter(Q(number=number) | Q(number_key=key)).exclude(pk=licence.pk).exists():
        raise errors.DuplicateRegistration(fields={"number": [_("This licence number is in use.")]})
    with transaction.atomic():
        return _licence_step(acting_user=acting_user, licence=licence, action="grant", to_status=LicenceStatus.ACTIVE,
                             reason=reason, effective_date=valid_from, number=number, number_key=key,
                             valid_from=valid_from, valid_until=valid_until, conditions=conditions.strip(),
                             detail={"number": number, "valid_until": valid_until})


def licence_refuse(*, acting_user, licence: Licence, reason: str) -> Licence:
    with transaction.atomic():
        return _licence_step(acting_user=acting_user, licence=licence, action="refuse", to_status=LicenceStatus.REFUSED,
                             reason=reason, effective_date=None)


def licence_renew(*, acting_user, licence: Licence, valid_until: date, reason: str, conditions: str | None = None,
                  effective_date: date | None = None) -> Licence:
    if licence.valid_until and valid_until <= licence.valid_until:
        raise InvalidInput(fields={"valid_until": [_("A renewal must extend the validity.")]})
    changes = {"valid_until": valid_until}
    if conditions is not None:
        changes["conditions"] = conditions.strip()
    with transaction.atomic():
        return _licence_step(acting_user=acting_user, licence=licence, action="renew", to_status=LicenceStatus.ACTIVE,
                             reason=reason, effective_date=effective_date, detail={"valid_until": valid_until}, **changes)


def licence_reinstate(*, acting_user, licence: Licence, reason: str, effective_date: date | None = None) -> Licence:
    """End a suspension (at its end date, or earlier on review)."""
    with transaction.atomic():
        return _licence_step(acting_user=acting_user, licence=licence, action="reinstate", to_status=LicenceStatus.ACTIVE,
                             reason=reason, effective_date=effective_date, suspended_until=None)


def licence_suspensions_end(*, today: date | None = None) -> list[Licence]:
    """Reinstate every licence whose suspension has reached its end date (run daily: `corridor registry
    end-suspensions`). A licence that has also expired in the meantime is reinstated and shows as expired."""
    today = today or _today()
    due = Licence.objects.filter(status=LicenceStatus.SUSPENDED, suspended_until__lte=today).order_by("pk")
    ended = []
    for licence in due:
        with transaction.atomic():
            ended.append(licence_reinstate(acting_user=None, licence=licence, effective_date=licence.suspended_until,
                                           reason=_("The suspension ended on its end date.")))
    return ended


def _check_due_process(proceeding: SanctionProceeding, licence: Licence) -> None:
    ready = proceeding.status == SanctionStatus.ANSWERED or (
        proceeding.status == SanctionStatus.NOTIFIED and proceeding.answer_due < _today()
    )
    if proceeding.licence_id != licence.pk or not ready:
        raise errors.DueProcessIncomplete()


def _sanction(*, acting_user, proceeding: SanctionProceeding, penalty: str, reason: str, effective_date: date | None,
              suspended_until: date | None = None) -> Licence:
    licence = proceeding.licence
    _check_due_process(proceeding, licence)
    to_status = {SanctionPenalty.SUSPEND: LicenceStatus.SUSPENDED, SanctionPenalty.CANCEL: LicenceStatus.CANCELLED,
                 SanctionPenalty.BAN: LicenceStatus.BANNED}[penalty]
    changes = {}
    if penalty == SanctionPenalty.SUSPEND:
        if suspended_until is None or suspended_until <= (effective_date or _today()):
            raise InvalidInput(fields={"suspended_until": [_("A suspension needs an end date after it starts.")]})
        changes["suspended_until"] = suspended_until
    licence = _licence_step(acting_user=acting_user, licence=licence, action=str(penalty), to_status=to_status, reason=reason,
                            effective_date=effective_date, detail={"proceeding": proceeding.pk}, **changes)
    _job_orders_delist_for(acting_user=acting_user, agency=licence.agency,
                           reason=_("The agency's licence was %(status)s: %(reason)s") % {
                               "status": licence.get_status_display().lower(), "reason": reason})
    return licence


def licence_suspend(*, acting_user, proceeding: SanctionProceeding, reason: str, suspended_until: date,
                    effective_date: date | None = None) -> Licence:
    return sanction_decide(acting_user=acting_user, proceeding=proceeding, outcome=SanctionOutcome.SANCTIONED,
                           penalty=SanctionPenalty.SUSPEND, decision=reason, effective_date=effective_date,
                           suspended_until=suspended_until).licence


def licence_cancel(*, acting_user, proceeding: SanctionProceeding, reason: str, effective_date: date | None = None) -> Licence:
    return sanction_decide(acting_user=acting_user, proceeding=proceeding, outcome=SanctionOutcome.SANCTIONED,
                           penalty=SanctionPenalty.CANCEL, decision=reason, effective_date=effective_date).licence


def licence_ban(*, acting_user, proceeding: SanctionProceeding, reason: str, effective_date: date | None = None) -> Licence:
    return sanction_decide(acting_user=acting_user, proceeding=proceeding, outcome=SanctionOutcome.SANCTIONED,
                           penalty=SanctionPenalty.BAN, decision=reason, effective_date=effective_date).licence


def sanction_notify(*, acting_user, licence: Licence, charge: str, proposed_penalty: str, answer_due: date) -> SanctionProceeding:
    """Notice of the charge to the agency: the first step of due process."""
    _require(acting_user, "licence.decide")
    charge = _text(charge, "charge", _("The charge"))
    if proposed_penalty not in SanctionPenalty.values:
        raise InvalidInput(fields={"proposed_penalty": [_("Unknown penalty.")]})
    if answer_due < _today():
        raise InvalidInput(fields={"answer_due": [_("The agency must have time to answer.")]})
    lifecycle.check_allowed(LICENCE, licence, proposed_penalty)
    with transaction.atomic():
        proceeding = SanctionProceeding.objects.create(licence=licence, charge=charge, proposed_penalty=proposed_penalty,
                                                       answer_due=answer_due, notified_by=_user(acting_user))
        audit.record(actor=acting_user, action="sanction.notify", target=proceeding, to_state=SanctionStatus.NOTIFIED,
                     detail={"licence": licence.pk, "proposed_penalty": proposed_penalty, "answer_due": answer_due})
    return proceeding


def sanction_answer(*, acting_user, proceeding: SanctionProceeding, answer: str) -> SanctionProceeding:
    """The agency answers the charge."""
    _require(acting_user, "sanction.answer")
    _own_agency(acting_user, proceeding.licence.agency)
    answer = _text(answer, "answer", _("The answer"))
    if proceeding.status != SanctionStatus.NOTIFIED:
        raise errors.LicenceTransitionNotAllowed(_("This charge has been answered or decided already."))
    with transaction.atomic():
        proceeding.answer = answer
        proceeding.answered_at = timezone.now()
        proceeding.status = SanctionStatus.ANSWERED
        proceeding.save()
        audit.record(actor=acting_user, action="sanction.answer", target=proceeding, from_state=SanctionStatus.NOTIFIED,
                     to_state=SanctionStatus.ANSWERED)
    return proceeding


def sanction_decide(*, acting_user, proceeding: SanctionProceeding, outcome: str, decision: str, penalty: str | None = None,
                    effective_date: date | None = None, suspended_until: date | None = None) -> SanctionProceeding:
    """The officer decides: dismiss the charge, or impose a penalty (suspension, cancellation or ban)."""
    _require(acting_user, "licence.decide")
    decision = _text(decision, "decision", _("The decision"))
    if outcome not in SanctionOutcome.values:
        raise InvalidInput(fields={"outcome": [_("Unknown outcome.")]})
    with transaction.atomic():
        proceeding = SanctionProceeding.objects.select_for_update().select_related("licence__agency").get(pk=proceeding.pk)
        _check_due_process(proceeding, proceeding.licence)
        if outcome == SanctionOutcome.SANCTIONED:
            penalty = penalty or proceeding.proposed_penalty
            if penalty not in SanctionPenalty.values:
                raise InvalidInput(fields={"penalty": [_("Unknown penalty.")]})
            _sanction(acting_user=acting_user, proceeding=proceeding, penalty=penalty, reason=decision,
                      effective_date=effective_date, suspended_until=suspended_until)
        from_status = proceeding.status
        proceeding.status = SanctionStatus.DECIDED
        proceeding.outcome = outcome
        proceeding.decision = decision
        proceeding.decided_by = _user(acting_user)
        proceeding.decided_at = timezone.now()
        proceeding.save()
        audit.record(actor=acting_user, action="sanction.decide", target=proceeding, from_state=from_status,
                     to_state=SanctionStatus.DECIDED, detail={"outcome": outcome, "penalty": penalty})
        proceeding.licence.refresh_from_db()
    return proceeding


# --- sub-agents --------------------------------------------------------------------------------


def subagent_register(*, acting_user, agency: Agency, full_name: str, locality: str, phone: str = "",
                      registration_number: str = "", screen: bool = True) -> SubAgent:
    _require(acting_user, "subagent.register")
    _own_agency(acting_user, agency)
    full_name = _text(full_name, "full_name", _("The name"))
    locality = _text(locality, "locality", _("The locality"))
    registration_number = registration_number.strip() or f"SA-{agency.pk}-{secrets.token_hex(3).upper()}"
    if SubAgent.objects.filter(registration_number=registration_number).exists():
        raise errors.DuplicateRegistration(fields={"registration_number": [str(errors.DuplicateRegistration.default_message)]})
    with transaction.atomic():
        subagent = SubAgent.objects.create(
            agency=agency, full_name=full_name, name_key=names.name_key(full_name).key[:200], locality=locality,
            phone=phone.strip(), registration_number=registration_number,
            registration_key=names.normalise_identifier(registration_number),
        )
        _index_recruiter(subagent=subagent)
        audit.record(actor=acting_user, action="subagent.register", target=subagent, to_state=SubAgentStatus.ACTIVE,
                     detail={"agency": agency.pk})
        if screen:
            screen_subject(trigger=ScreeningTrigger.REGISTRATION, subject_kind=SubjectKind.PERSON, subagent=subagent,
                           subject=screening.Subject(name=full_name, country=agency.organisation.country_id))
    return subagent


def subagent_revoke(*, acting_user, subagent: SubAgent, reason: str) -> SubAgent:
    _require(acting_user, "subagent.register")
    _own_agency(acting_user, subagent.agency)
    reason = _text(reason, "reason", _("The reason"))
    if subagent.status != SubAgentStatus.ACTIVE:
        raise errors.LicenceTransitionNotAllowed(_("This sub-agent is no longer active."))
    with transaction.atomic():
        subagent.status = SubAgentStatus.REVOKED
        subagent.save(update_fields=["status"])
        audit.record(actor=acting_user, action="subagent.revoke", target=subagent, from_state=SubAgentStatus.ACTIVE,
                     to_state=SubAgentStatus.REVOKED, detail={"reason": reason})
    return subagent


# --- employers ---------------------------------------------------------------------------------


def employer_register(*, acting_user, name: str, country: str, registration_number: str, address: str,
                      principal: Employer | None = None, organisation: Organisation | None = None,
                      screen: bool = True) -> Employer:
    _require(acting_user, "employer.register")
    name = _text(name, "name", _("The name"))
    address = _text(address, "address", _("The address"))
    registration_number = _text(registration_number, "registration_number", _("The registration number"))
    if not Country.objects.filter(code=country).exists():
        raise InvalidInput(fields={"country": [_("Unknown country code.")]})
    if acting_user is not None and acting_user.role == Role.EMPLOYER_STAFF:
        organisation = acting_user.organisation
    key = names.normalise_identifier(registration_number)
    if Employer.objects.filter(country_id=country, registration_key=key).exists():
        raise errors.DuplicateRegistration(fields={"registration_number": [str(errors.DuplicateRegistration.default_message)]})
    with transaction.atomic():
        if organisation is None:
            organisation = account_services.organisation_create(
                acting_user=None, name=name, kind=OrganisationKind.EMPLOYER, country=country)
        elif organisation.kind != OrganisationKind.EMPLOYER:
            raise InvalidInput(fields={"organisation": [_("The organisation is not an employer.")]})
        elif hasattr(organisation, "employer"):
            raise errors.DuplicateRegistration(fields={"organisation": [_("This organisation is registered already.")]})
        employer = Employer.objects.create(
            organisation=organisation, name=name, name_key=names.name_key(name).key[:200], country_id=country,
            registration_number=registration_number, registration_key=key, address=address, principal=principal,
        )
        audit.record(actor=acting_user, action="employer.register", target=employer, to_state=EmployerStatus.PENDING,
                     detail={"country": country, "registration_number": registration_number})
        if screen:
            screen_subject(trigger=ScreeningTrigger.REGISTRATION, subject_kind=SubjectKind.EMPLOYER, employer=employer,
                           subject=screening.Subject(name=name, country=country, registration_number=registration_number))
    return employer


def _employer_step(*, acting_user, employer: Employer, action: str, to_status: str, note: str, **changes) -> Employer:
    def after(locked: Employer) -> None:
        if to_status != EmployerStatus.VERIFIED:
            _job_orders_delist_for(acting_user=acting_user, employer=locked,
                                   reason=_("The employer is no longer verified: %(note)s") % {"note": note})

    return lifecycle.transition(EMPLOYER, employer, action, acting_user=acting_user, to_status=to_status, reason=note,
                                changes={"verification_note": note, **changes}, audit_detail={"note": note}, after=after)


def employer_verify(*, acting_user, employer: Employer, note: str) -> Employer:
    """Verified on documents or a visit, by the destination's authority or by the origin's consulate."""
    note = _text(note, "note", _("What was checked"))
    kind = VerifiedBy.CONSULATE if acting_user is not None and acting_user.role == Role.CONSULAR_ATTACHE else VerifiedBy.DESTINATION_NODE
    return _employer_step(acting_user=acting_user, employer=employer, action="verify", to_status=EmployerStatus.VERIFIED,
                          note=note, verified_by_kind=kind, verified_by=_user(acting_user), verified_at=timezone.now())


def employer_reject(*, acting_user, employer: Employer, note: str) -> Employer:
    note = _text(note, "note", _("The reason"))
    return _employer_step(acting_user=acting_user, employer=employer, action="reject", to_status=EmployerStatus.REJECTED, note=note)


# --- job orders --------------------------------------------------------------------------------


def agency_licence_in_force(agency: Agency) -> bool:
    today = _today()
    return agency.licences.filter(status=LicenceStatus.ACTIVE, valid_from__lte=today, valid_until__gte=today).exists()


def offered_terms_problems(terms, *, employer: Employer, occupation: Occupation, origin: str) -> list[dict]:
    """Problems of offered terms: the interchange schema (a worker is not named yet) and consistency with the order."""
    if not isinstance(terms, dict):
        return [{"path": "$", "code": "contract.not_object", "message": "the offered terms must be a JSON object"}]
    doc = copy.deepcopy(terms)
    # A job order names no worker yet: validate with a placeholder and drop what concerns it.
    doc["worker"] = {"full_name": "-", "nationality": origin, "languages": ["en"]}
    problems = [p.as_dict() for p in interchange.validate(doc) if not p.path.startswith("$.worker")]
    if problems:
        return problems
    if doc["corridor"]["destination"] != employer.country_id:
        problems.append({"path": "$.corridor.destination", "code": "registry.mismatch",
                         "message": f"must be the employer's country, {employer.country_id}"})
    if doc["corridor"]["origin"] != origin:
        problems.append({"path": "$.corridor.origin", "code": "registry.mismatch", "message": f"must be {origin}"})
    if doc["employer"]["country"] != employer.country_id:
        problems.append({"path": "$.employer.country", "code": "registry.mismatch", "message": "must be the employer's country"})
    if doc["job"].get("isco08") not in (None, occupation.code):
        problems.append({"path": "$.job.isco08", "code": "registry.mismatch", "message": f"must be {occupation.code}"})
    return problems


def job_order_create(*, acting_user, employer: Employer, agency: Agency, occupation: str, title: str, workers_needed: int,
                     worksite: str, offered_terms, expires_on: date, languages: list[str] | None = None) -> JobOrder:
    """An employer's job order, placed through a licensed agency."""
    _require(acting_user, "job_order.create")
    _own_agency(acting_user, agency)
    if acting_user is not None and acting_user.role == Role.EMPLOYER_STAFF and acting_user.organisation_id != employer.organisation_id:
        raise NotFound()
    if _agency_banned(agency) or not agency_licence_in_force(agency):
        raise errors.LicenceNotInForce()
    problems: dict[str, list[str]] = {}
    occupation_obj = Occupation.objects.filter(code=occupation, level=4).first()
    if occupation_obj is None:
        problems["occupation"] = [_("Choose a four-digit ISCO-08 unit group.")]
    if not title.strip():
        problems["title"] = [_("A job title is required.")]
    if not worksite.strip():
        problems["worksite"] = [_("The worksite is required.")]
    if workers_needed is None or workers_needed < 1:
        problems["workers_needed"] = [_("At least one worker.")]
    if expires_on <= _today():
        problems["expires_on"] = [_("The job order must be open until a future date.")]
    languages = languages or []
    unknown = set(languages) - set(Language.objects.filter(code__in=languages).values_list("code", flat=True))
    if unknown:
        problems["languages"] = [_("Unknown language codes: %(codes)s") % {"codes": ", ".join(sorted(unknown))}]
    if problems:
        raise InvalidInput(fields=problems)
    term_problems = offered_terms_problems(offered_terms, employer=employer, occupation=occupation_obj,
                                           origin=agency.organisation.country_id)
    if term_problems:
        raise errors.InvalidOfferedTerms(fields={"offered_terms": [f"{p['path']}: {p['message']}" for p in term_problems]})
    terms = dict(offered_terms)
    terms.pop("worker", None)
    terms["job"] = {**terms["job"], "isco08": occupation}
    wage = terms["wage"]
    try:
        wage_amount = Decimal(str(wage["amount"]))
    except InvalidOperation as exc:  # the schema's pattern makes this unreachable; kept as a guard
        raise errors.InvalidOfferedTerms() from exc
    if not Currency.objects.filter(code=wage["currency"]).exists():
        raise errors.InvalidOfferedTerms(fields={"offered_terms": [f"$.wage.currency: unknown currency {wage['currency']}"]})
    with transaction.atomic():
        order = JobOrder.objects.create(
            reference=f"JO-{_today():%Y}-{secrets.token_hex(4).upper()}", employer=employer, agency=agency,
            occupation=occupation_obj, title=title.strip(), workers_needed=workers_needed, worksite=worksite.strip(),
            country_id=employer.country_id, offered_terms=terms, terms_hash=interchange.content_hash(terms),
            wage_amount=wage_amount, wage_currency_id=wage["currency"], wage_period=wage["period"], expires_on=expires_on,
            created_by=_user(acting_user),
        )
        order.languages.set(languages)
        lifecycle.event(JOB_ORDER, order, "submit", acting_user=acting_user, to_status=JobOrderStatus.SUBMITTED)
        audit.record(actor=acting_user, action="job_order.create", target=order, to_state=JobOrderStatus.SUBMITTED,
                     detail={"employer": employer.pk, "agency": agency.pk, "terms_hash": order.terms_hash})
    return order


def _job_order_step(*, acting_user, job_order: JobOrder, action: str, to_status: str, reason: str,
                    cascade: bool = False) -> JobOrder:
    """One job order transition through the lifecycle kit (registry.lifecycles.JOB_ORDER). `cascade`: a step the
    system takes because of another decision (a licence sanctioned, an employer no longer verified)."""
    return lifecycle.transition(JOB_ORDER, job_order, action, acting_user=acting_user, to_status=to_status, reason=reason,
                                changes={"status_reason": reason, "decided_at": timezone.now()},
                                audit_detail={"reason": reason}, enforce_permission=not cascade)


def job_order_approve(*, acting_user, job_order: JobOrder, reason: str = "") -> JobOrder:
    """Approve for the job board: licensed agency, verified employer, neither on a watchlist (screened now)."""
    _require(acting_user, "job_order.decide")
    with transaction.atomic():
        if job_order.status != JobOrderStatus.SUBMITTED:
            raise errors.JobOrderTransitionNotAllowed()
        agency, employer = job_order.agency, job_order.employer
        if not agency_licence_in_force(agency):
            raise errors.LicenceNotInForce()
        if employer.status != EmployerStatus.VERIFIED:
            raise errors.EmployerNotVerified()
        results = [
            screen_subject(trigger=ScreeningTrigger.JOB_ORDER, subject_kind=SubjectKind.EMPLOYER, employer=employer,
                           job_order=job_order, subject=screening.Subject(
                               name=employer.name, country=employer.country_id, registration_number=employer.registration_number)),
            screen_subject(trigger=ScreeningTrigger.JOB_ORDER, subject_kind=SubjectKind.AGENCY, agency=agency, job_order=job_order,
                           subject=screening.Subject(name=agency.name, country=agency.organisation.country_id,
                                                     registration_number=agency.registration_number)),
        ]
    # The screening hits are kept even when approval is refused: they are the officer's to review.
    if is_watchlisted(employer=employer) or is_watchlisted(agency=agency):
        raise errors.Watchlisted()
    if any(r["pending"] for r in results):
        raise errors.ScreeningPending()
    with transaction.atomic():
        return _job_order_step(acting_user=acting_user, job_order=job_order, action="approve",
                               to_status=JobOrderStatus.APPROVED, reason=reason.strip())


def job_order_reject(*, acting_user, job_order: JobOrder, reason: str) -> JobOrder:
    _require(acting_user, "job_order.decide")
    reason = _text(reason, "reason", _("The reason"))
    with transaction.atomic():
        return _job_order_step(acting_user=acting_user, job_order=job_order, action="reject",
                               to_status=JobOrderStatus.REJECTED, reason=reason)


def job_order_withdraw(*, acting_user, job_order: JobOrder, reason: str) -> JobOrder:
    _require(acting_user, "job_order.create")
    _own_agency(acting_user, job_order.agency)
    if acting_user is not None and acting_user.role == Role.EMPLOYER_STAFF and acting_user.organisation_id != job_order.employer.organisation_id:
        raise NotFound()
    reason = _text(reason, "reason", _("The reason"))
    with transaction.atomic():
        return _job_order_step(acting_user=acting_user, job_order=job_order, action="withdraw",
                               to_status=JobOrderStatus.WITHDRAWN, reason=reason)


def job_order_delist(*, acting_user, job_order: JobOrder, reason: str) -> JobOrder:
    _require(acting_user, "job_order.decide")
    reason = _text(reason, "reason", _("The reason"))
    with transaction.atomic():
        return _job_order_step(acting_user=acting_user, job_order=job_order, action="delist",
                               to_status=JobOrderStatus.DELISTED, reason=reason)


def _job_orders_delist_for(*, acting_user, reason: str, agency: Agency | None = None, employer: Employer | None = None) -> int:
    """Take an agency's or employer's open orders off the board at once, each with the reason (system step)."""
    orders = JobOrder.objects.filter(status__in=[JobOrderStatus.APPROVED, JobOrderStatus.SUBMITTED])
    orders = orders.filter(agency=agency) if agency is not None else orders.filter(employer=employer)
    count = 0
    for order in orders:
        action, to_status = ("delist", JobOrderStatus.DELISTED) if order.status == JobOrderStatus.APPROVED else (
            "reject", JobOrderStatus.REJECTED)
        _job_order_step(acting_user=acting_user, job_order=order, action=action, to_status=to_status, reason=str(reason),
                        cascade=True)
        count += 1
    return count


# --- watchlists --------------------------------------------------------------------------------


def is_watchlisted(*, employer: Employer | None = None, agency: Agency | None = None) -> bool:
    """On an active watchlist entry: named directly, or by a confirmed screening match."""
    owner = {"employer": employer} if employer is not None else {"agency": agency}
    active = active_watchlist_q()
    if WatchlistEntry.objects.filter(active, **owner).exists():
        return True
    return ScreeningHit.objects.filter(status=HitStatus.CONFIRMED, **owner).filter(
        entry__in=WatchlistEntry.objects.filter(active)).exists()


def _entry_fields(*, subject_kind, name, country, registration_number, date_of_birth, starts_on, ends_on, reason,
                  evidence_reference) -> dict:
    problems: dict[str, list[str]] = {}
    if subject_kind not in SubjectKind.values:
        problems["subject_kind"] = [_("Unknown kind.")]
    for field, value in (("name", name), ("reason", reason), ("evidence_reference", evidence_reference)):
        if not str(value or "").strip():
            problems[field] = [_("This field is required.")]
    if country and not Country.objects.filter(code=country).exists():
        problems["country"] = [_("Unknown country code.")]
    if starts_on is None:
        problems["starts_on"] = [_("This field is required.")]
    elif ends_on is not None and ends_on < starts_on:
        problems["ends_on"] = [_("The end must be after the start.")]
    if problems:
        raise InvalidInput(fields=problems)
    return {
        "subject_kind": subject_kind, "name": name.strip(), "name_key": names.name_key(name).key[:200], "country_id": country or None,
        "registration_number": (registration_number or "").strip(),
        "registration_key": names.normalise_identifier(registration_number or ""), "date_of_birth": date_of_birth,
        "starts_on": starts_on, "ends_on": ends_on, "reason": reason.strip(), "evidence_reference": evidence_reference.strip(),
    }


def _delist_for_entry(acting_user, entry: WatchlistEntry) -> None:
    if not entry.is_active:
        return
    reason = _("Placed on a watchlist: %(reason)s") % {"reason": entry.reason}
    if entry.employer_id:
        _job_orders_delist_for(acting_user=acting_user, employer=entry.employer, reason=reason)
    if entry.agency_id:
        _job_orders_delist_for(acting_user=acting_user, agency=entry.agency, reason=reason)


def _publish_entry(entry: WatchlistEntry) -> None:
    """Other apps react to an active entry naming a party registered here (clearance halts its clearances)."""
    if entry.is_active:
        events.publish("watchlist.entry_added", pk=entry.pk, employer_id=entry.employer_id, agency_id=entry.agency_id,
                       source_country=entry.source_country, reason=entry.reason)


def _publish_hit(hit: ScreeningHit) -> None:
    events.publish("screening.hit_recorded", pk=hit.pk, status=hit.status, entry_id=hit.entry_id,
                   employer_id=hit.employer_id, agency_id=hit.agency_id)


def watchlist_entry_add(*, acting_user, subject_kind: str, name: str, reason: str, evidence_reference: str,
                        starts_on: date | None = None, ends_on: date | None = None, country: str = "",
                        registration_number: str = "", date_of_birth: date | None = None,
                        employer: Employer | None = None, agency: Agency | None = None) -> WatchlistEntry:
    """This node's own entry; an employer's or agency's open job orders leave the board at once."""
    _require(acting_user, "watchlist.manage")
    fields = _entry_fields(subject_kind=subject_kind, name=name, country=country, registration_number=registration_number,
                           date_of_birth=date_of_birth, starts_on=starts_on or _today(), ends_on=ends_on, reason=reason,
                           evidence_reference=evidence_reference)
    with transaction.atomic():
        entry = WatchlistEntry.objects.create(**fields, employer=employer, agency=agency, entered_by=_user(acting_user),
                                              source_country=node.identity().country)
        _index_watchlist(entry)
        audit.record(actor=acting_user, action="watchlist.add", target=entry, to_state="active",
                     detail={"subject_kind": subject_kind, "name": entry.name, "employer": employer and employer.pk,
                             "agency": agency and agency.pk})
        _publish_entry(entry)
        _delist_for_entry(acting_user, entry)
    return entry


def _peer_identity(peer) -> tuple[str, str]:
    if isinstance(peer, dict):
        return str(peer.get("country", "")).upper(), str(peer.get("key_id", ""))
    return str(getattr(peer, "country", "") or getattr(peer, "country_id", "")).upper(), str(getattr(peer, "key_id", ""))


def _parse_date(value, field):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(fields={field: [_("Not a date (YYYY-MM-DD).")]}) from exc


def watchlist_entry_receive(*, peer, payload: dict) -> WatchlistEntry:
    """A peer node's entry, stored as the peer's (its country, key id and own entry id), never re-entered as ours.

    The exchange calls this for each verified message; a repeat updates the same row, and a payload with
    `lifted_at` lifts it. An entry naming an employer or agency registered here by registration number is
    linked to it, and that party's job orders leave the board.
    """
    country, key_id = _peer_identity(peer)
    if not country or not key_id:
        raise InvalidInput(fields={"peer": [_("The peer's country and key id are required.")]})
    if not isinstance(payload, dict) or not str(payload.get("id", "")).strip():
        raise InvalidInput(fields={"id": [_("The peer's entry id is required.")]})
    fields = _entry_fields(
        subject_kind=payload.get("subject_kind"), name=str(payload.get("name", "")), country=payload.get("country") or "",
        registration_number=str(payload.get("registration_number") or ""),
        date_of_birth=_parse_date(payload.get("date_of_birth"), "date_of_birth"),
        starts_on=_parse_date(payload.get("starts_on"), "starts_on"), ends_on=_parse_date(payload.get("ends_on"), "ends_on"),
        reason=str(payload.get("reason", "")), evidence_reference=str(payload.get("evidence_reference", "")),
    )
    lifted_at = payload.get("lifted_at")
    peer_entry_id = str(payload["id"]).strip()
    with transaction.atomic():
        employer = agency = None
        if fields["registration_key"]:
            if fields["subject_kind"] == SubjectKind.EMPLOYER:
                employer = Employer.objects.filter(registration_key=fields["registration_key"],
                                                   country_id=fields["country_id"]).first()
            elif fields["subject_kind"] == SubjectKind.AGENCY:
                agency = Agency.objects.filter(licences__number_key=fields["registration_key"]).first()
        entry, created = WatchlistEntry.objects.update_or_create(
            source_country=country, source_key_id=key_id, peer_entry_id=peer_entry_id,
            defaults={**fields, "employer": employer, "agency": agency},
        )
        if lifted_at and entry.lifted_at is None:
            entry.lifted_at = timezone.now()
            entry.lift_reason = str(payload.get("lift_reason") or _("Lifted by the peer node."))
            entry.save(update_fields=["lifted_at", "lift_reason"])
        _index_watchlist(entry)
        audit.record(actor=None, action="watchlist.receive", target=entry, to_state="lifted" if entry.lifted_at else "active",
                     detail={"peer": country, "key_id": key_id, "peer_entry_id": peer_entry_id, "created": created})
        _publish_entry(entry)
        _delist_for_entry(None, entry)
    return entry


def _owns_watchlist_entry(user, entry: WatchlistEntry) -> bool:
    """The owner of an entry is the office that entered it: an officer of the same role and organisation (issue 13)."""
    owner = entry.entered_by
    if user is None or owner is None:  # a command, or an entry made by one: no office to compare
        return True
    return user.role == owner.role and user.organisation_id == owner.organisation_id


def watchlist_entry_lift(*, acting_user, entry: WatchlistEntry, reason: str) -> WatchlistEntry:
    """Lift this node's own entry; a peer's entry is lifted only by the peer."""
    _require(acting_user, "watchlist.manage")
    reason = _text(reason, "reason", _("The reason"))
    with transaction.atomic():
        entry = WatchlistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.is_from_peer:
            raise PermissionDenied(_("Only the node that entered it can lift a peer's entry."))
        if not _owns_watchlist_entry(acting_user, entry):
            raise PermissionDenied(_("Only the office that entered this watchlist entry can lift it."))
        if entry.lifted_at is not None:
            raise errors.WatchlistAlreadyLifted()
        entry.lifted_at = timezone.now()
        entry.lifted_by = _user(acting_user)
        entry.lift_reason = reason
        entry.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit.record(actor=acting_user, action="watchlist.lift", target=entry, from_state="active", to_state="lifted",
                     detail={"reason": reason})
    return entry


# --- screening ---------------------------------------------------------------------------------


def screen_subject(*, trigger: str, subject_kind: str, subject: screening.Subject, employer: Employer | None = None,
                   agency: Agency | None = None, subagent: SubAgent | None = None, job_order: JobOrder | None = None) -> dict:
    """Screen one party; a certain match is confirmed at once, a likely one waits in the review queue.

    A party's earlier review of the same entry stands: a dismissed match is not raised again.
    """
    owner = {"employer": employer, "agency": agency, "subagent": subagent}
    owner = {k: v for k, v in owner.items() if v is not None}
    candidates = screening.screen(subject)
    blocked = pending = 0
    with transaction.atomic():
        for candidate in candidates:
            earlier = ScreeningHit.objects.filter(entry_id=candidate.entry_id, **owner).first() if owner else None
            if earlier is not None:
                blocked += earlier.status == HitStatus.CONFIRMED
                pending += earlier.status == HitStatus.PENDING
                continue
            status = HitStatus.CONFIRMED if candidate.certain else HitStatus.PENDING
            hit = ScreeningHit.objects.create(
                entry_id=candidate.entry_id, trigger=trigger, subject_kind=subject_kind, subject_name=subject.name[:200],
                score=Decimal(str(candidate.score)), reasons=candidate.reasons, status=status, job_order=job_order,
                review_note=_("Certain match on identifiers.") if candidate.certain else "", **owner,
            )
            audit.record(actor=None, action="screening.hit", target=hit, to_state=status,
                         detail={"entry": candidate.entry_id, "score": candidate.score, "trigger": trigger})
            _publish_hit(hit)
            blocked += candidate.certain
            pending += not candidate.certain
    return {"blocked": blocked, "pending": pending, "candidates": candidates}


def screening_hit_review(*, acting_user, hit: ScreeningHit, confirm: bool, note: str) -> ScreeningHit:
    """An officer decides whether a possible match is the same party; a confirmed match delists its job orders."""
    _require(acting_user, "screening.review")
    note = _text(note, "note", _("The note"))
    with transaction.atomic():
        hit = ScreeningHit.objects.select_for_update().get(pk=hit.pk)
        if hit.status != HitStatus.PENDING:
            raise errors.HitAlreadyReviewed()
        hit.status = HitStatus.CONFIRMED if confirm else HitStatus.DISMISSED
        hit.reviewed_by = _user(acting_user)
        hit.reviewed_at = timezone.now()
        hit.review_note = note
        hit.save()
        audit.record(actor=acting_user, action="screening.review", target=hit, from_state=HitStatus.PENDING,
                     to_state=hit.status, detail={"note": note})
        _publish_hit(hit)
        if confirm:
            reason = _("Confirmed watchlist match: %(reason)s") % {"reason": hit.entry.reason}
            if hit.employer_id:
                _job_orders_delist_for(acting_user=acting_user, employer=hit.employer, reason=reason)
            if hit.agency_id:
                _job_orders_delist_for(acting_user=acting_user, agency=hit.agency, reason=reason)
    return hit


# --- bulk import -------------------------------------------------------------------------------


def registry_import(*, acting_user, kind: str, rows: list[dict], batch_size: int = 1000, progress=None) -> dict[str, int]:
    """Write rows that `registry.transfer.check_rows` has passed, all or nothing, without holding the write lock long.

    An `ImportRun` is opened; the rows go in as that run's, *staged* (the default managers of agencies, sub-agents and
    employers hide them, so no page, search or API sees them), `batch_size` rows (with their organisations, name keys,
    licences and licence events) per short transaction, so other writers of the node go on between batches. When every
    batch is in, one short transaction publishes the run (an UPDATE of the `staged` flag by run) and writes its one
    audit entry. If a batch fails, the run's rows are deleted (also in short transactions) and the error goes up; if the
    process dies, `registry_import_cleanup` (run at the start of every import and by `corridor registry
    import-cleanup`) deletes them later. Returns the counts.
    """
    for action in {"agencies": ["agency.apply", "licence.decide"], "subagents": ["subagent.register"],
                   "employers": ["employer.register", "employer.verify"]}[kind]:
        _require(acting_user, action)
    actor = _user(acting_user)
    registry_import_cleanup()
    run = ImportRun.objects.create(kind=kind, rows=len(rows), actor=actor)
    counts: dict[str, int] = {}
    ids: dict[str, list[int]] = {}
    try:
        employer_keys: dict[str, int] = {}
        linked: list[Employer] = []
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            plan, chunk_linked = _import_plan(kind, chunk, actor=actor, run=run)
            with transaction.atomic():
                for table, model, objects in plan:
                    if model in (RecruiterBlock, LicenceEvent):  # nothing refers to these rows: a plain executemany
                        _insert(model, objects, batch_size)
                    else:
                        _bulk(model, objects, batch_size)
                    counts[table] = counts.get(table, 0) + len(objects)
                    if objects:
                        ids.setdefault(table, [objects[0].pk, objects[-1].pk])[1] = objects[-1].pk
                ImportRun.objects.filter(pk=run.pk).update(written=start + len(chunk), heartbeat_at=timezone.now())
            if kind == "employers":
                employer_keys.update({e.registration_key: e.pk for e in plan[1][2]})
                linked += chunk_linked
            if progress:
                progress(len(chunk))
        # Principals: one earlier in the file (staged with this run), or one already in the registry.
        for start in range(0, len(linked), batch_size):
            chunk = linked[start:start + batch_size]
            for employer in chunk:
                employer.principal_id = employer_keys.get(employer._principal_key) or Employer.objects.filter(
                    registration_key=employer._principal_key).values_list("pk", flat=True).first()
            with transaction.atomic():
                Employer._base_manager.bulk_update(chunk, ["principal"], batch_size=batch_size)
        with transaction.atomic():  # the publication: short whatever the size of the run
            for model in _IMPORT_ROOTS[kind]:
                model._base_manager.filter(import_run=run, staged=True).update(staged=False)
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.PUBLISHED, counts=counts, finished_at=timezone.now())
            audit.record(actor=acting_user, action="registry.import", object_type="registry.import", object_id=run.pk,
                         to_state="imported", detail={"kind": kind, "run": run.pk, "counts": counts, "ids": ids})
    except BaseException as exc:
        ImportRun.objects.filter(pk=run.pk, status=ImportRun.STAGED).update(
            status=ImportRun.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        _import_discard(run.pk, batch_size)
        raise
    return counts


_IMPORT_ROOTS = {"agencies": [Agency], "subagents": [SubAgent], "employers": [Employer]}
IMPORT_STALE_AFTER = timedelta(minutes=15)  # a staged run with no batch written for this long has died


def registry_import_cleanup(*, stale_after=None, batch_size: int = 1000) -> list[int]:
    """Delete the rows of every import run that failed, or that died (staged, no batch written for `stale_after`),
    in short transactions, and mark those runs aborted. A run that is still writing is left alone. Returns the runs."""
    cutoff = timezone.now() - (IMPORT_STALE_AFTER if stale_after is None else stale_after)
    runs = list(ImportRun.objects.filter(Q(status=ImportRun.FAILED) | Q(status=ImportRun.STAGED, heartbeat_at__lte=cutoff))
                .exclude(finished_at__isnull=False, status=ImportRun.ABORTED).values_list("pk", flat=True))
    for run_id in runs:
        _import_discard(run_id, batch_size)
    return runs


def _import_discard(run_id: int, batch_size: int = 1000) -> None:
    """Delete a run's staged rows (never a published one's), a batch per transaction, then mark the run aborted."""
    while True:
        with transaction.atomic():
            agencies = list(Agency._base_manager.filter(import_run_id=run_id, staged=True)
                            .values_list("pk", "organisation_id")[:batch_size])
            if not agencies:
                break
            agency_ids = [a for a, _o in agencies]
            LicenceEvent.objects.filter(licence__agency_id__in=agency_ids)._raw_delete(LicenceEvent.objects.db)
            Licence.objects.filter(agency_id__in=agency_ids)._raw_delete(Licence.objects.db)
            RecruiterBlock.objects.filter(agency_id__in=agency_ids)._raw_delete(RecruiterBlock.objects.db)
            Agency._base_manager.filter(pk__in=agency_ids)._raw_delete(Agency.objects.db)
            Organisation.objects.filter(pk__in=[o for _a, o in agencies])._raw_delete(Organisation.objects.db)
    while True:
        with transaction.atomic():
            sub_ids = list(SubAgent._base_manager.filter(import_run_id=run_id, staged=True).values_list("pk", flat=True)[:batch_size])
            if not sub_ids:
                break
            RecruiterBlock.objects.filter(subagent_id__in=sub_ids)._raw_delete(RecruiterBlock.objects.db)
            SubAgent._base_manager.filter(pk__in=sub_ids)._raw_delete(SubAgent.objects.db)
    with transaction.atomic():  # staged employers may name each other as principal: unlink first
        Employer._base_manager.filter(import_run_id=run_id, staged=True).update(principal=None)
    while True:
        with transaction.atomic():
            employers = list(Employer._base_manager.filter(import_run_id=run_id, staged=True)
                             .values_list("pk", "organisation_id")[:batch_size])
            if not employers:
                break
            Employer._base_manager.filter(pk__in=[e for e, _o in employers])._raw_delete(Employer.objects.db)
            Organisation.objects.filter(pk__in=[o for _e, o in employers])._raw_delete(Organisation.objects.db)
    ImportRun.objects.filter(pk=run_id).exclude(status=ImportRun.PUBLISHED).update(
        status=ImportRun.ABORTED, finished_at=timezone.now())


def _import_plan(kind: str, rows: list[dict], *, actor, run) -> tuple[list[tuple[str, type, list]], list]:
    """The records of some rows (and their name keys, the slow part), built in memory with no lock held, staged in
    `run`; in the order they are inserted. Also the employers whose principal is linked after every batch is in."""
    today = _today()
    staged = {"import_run": run, "staged": True}
    if kind == "agencies":
        country = node.identity().country
        orgs = [Organisation(name=r["name"], kind=OrganisationKind.RECRUITMENT_AGENCY, country_id=country) for r in rows]
        agencies = [Agency(organisation=o, name=r["name"], name_key=names.name_key(r["name"]).key[:200],
                           address=r["address"], registration_number=r.get("registration_number", ""),
                           email=r.get("email", ""), phone=r.get("phone", ""),
                           bond_amount=Decimal(r["bond_amount"]) if r.get("bond_amount") else None,
                           bond_currency_id=(r.get("bond_currency", "").upper() or None) if r.get("bond_amount") else None,
                           **staged)
                    for o, r in zip(orgs, rows, strict=True)]
        blocks = [RecruiterBlock(key=k[:16], agency=a) for a in agencies for k in sorted(names.block_keys(names.name_key(a.name)))]
        licences, licence_events = [], []
        for agency, r in zip(agencies, rows, strict=True):
            if r.get("licence_number"):
                valid_from, valid_until = date.fromisoformat(r["valid_from"]), date.fromisoformat(r["valid_until"])
                licence = Licence(agency=agency, status=LicenceStatus.ACTIVE, number=r["licence_number"],
                                  number_key=names.normalise_identifier(r["licence_number"]), valid_from=valid_from,
                                  valid_until=valid_until, conditions=r.get("conditions", ""), status_date=valid_from,
                                  status_reason="Imported from the national registry")
            else:
                licence = Licence(agency=agency, status=LicenceStatus.APPLIED)
            licences.append(licence)
            licence_events.append(LicenceEvent(licence=licence, action="apply", to_status=LicenceStatus.APPLIED,
                                       effective_date=today, actor=actor))
            if licence.status == LicenceStatus.ACTIVE:
                licence_events.append(LicenceEvent(licence=licence, action="grant", from_status=LicenceStatus.APPLIED,
                                           to_status=LicenceStatus.ACTIVE, reason=licence.status_reason,
                                           effective_date=licence.valid_from, actor=actor,
                                           detail={"number": licence.number, "valid_until": str(licence.valid_until)}))
        return [("organisations", Organisation, orgs), ("agencies", Agency, agencies), ("recruiter_index", RecruiterBlock, blocks),
                ("licences", Licence, licences), ("licence_events", LicenceEvent, licence_events)], []
    if kind == "subagents":
        numbers = {names.normalise_identifier(r["agency_licence_number"]) for r in rows}
        agency_of = dict(Licence.objects.filter(number_key__in=numbers).values_list("number_key", "agency_id"))
        subagents = []
        for r in rows:
            agency_id = agency_of[names.normalise_identifier(r["agency_licence_number"])]
            number = r.get("registration_number") or f"SA-{agency_id}-{secrets.token_hex(3).upper()}"
            subagents.append(SubAgent(agency_id=agency_id, full_name=r["full_name"], name_key=names.name_key(r["full_name"]).key[:200],
                                      locality=r["locality"], phone=r.get("phone", ""), registration_number=number,
                                      registration_key=names.normalise_identifier(number), **staged))
        blocks = [RecruiterBlock(key=k[:16], subagent=s) for s in subagents
                  for k in sorted(names.block_keys(names.name_key(s.full_name)))]
        return [("subagents", SubAgent, subagents), ("recruiter_index", RecruiterBlock, blocks)], []
    now = timezone.now()
    orgs = [Organisation(name=r["name"], kind=OrganisationKind.EMPLOYER, country_id=r["country"].upper()) for r in rows]
    employers, linked = [], []
    for org, r in zip(orgs, rows, strict=True):
        verified = r.get("verified", "").lower() in {"1", "yes", "true", "verified"}
        employer = Employer(
            organisation=org, name=r["name"], name_key=names.name_key(r["name"]).key[:200], country_id=r["country"].upper(),
            registration_number=r["registration_number"], registration_key=names.normalise_identifier(r["registration_number"]),
            address=r["address"], status=EmployerStatus.VERIFIED if verified else EmployerStatus.PENDING, **staged,
            **({"verification_note": "Verified before import into Corridor", "verified_at": now,
                "verified_by_kind": VerifiedBy.DESTINATION_NODE, "verified_by": actor} if verified else {}))
        employers.append(employer)
        key = names.normalise_identifier(r.get("principal_registration_number", ""))
        if key:
            employer._principal_key = key
            linked.append(employer)
    return [("organisations", Organisation, orgs), ("employers", Employer, employers)], linked


def _insert(model, objects: list, batch_size: int) -> None:
    """Insert rows whose primary keys nobody needs, without the ORM's per-object machinery (several times faster)."""

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objects:
        for field in fields:
            if field.is_relation and field.is_cached(obj):
                setattr(obj, field.attname, getattr(obj, field.name).pk if getattr(obj, field.name) else None)
            elif getattr(field, "auto_now_add", False) and getattr(obj, field.attname) is None:
                setattr(obj, field.attname, now)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            cursor.executemany(sql, [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                                     for obj in objects[start:start + batch_size]])


def _bulk(model, objects: list, batch_size: int, progress=None) -> list:
    """bulk_create in batches (primary keys are set on the objects: SQLite and PostgreSQL return them)."""
    for start in range(0, len(objects), batch_size):
        chunk = objects[start:start + batch_size]
        for obj in chunk:  # bulk_create does not copy the related objects' new keys onto the foreign key columns
            for field in model._meta.concrete_fields:
                if field.is_relation and field.is_cached(obj):
                    setattr(obj, field.attname, getattr(obj, field.name).pk if getattr(obj, field.name) else None)
        model.objects.bulk_create(chunk, batch_size=batch_size)
        if progress:
            progress(len(chunk))
    return objects
