"""Agencies, their licences and sanctions with due process."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts import services as account_services
from corridor.accounts.choices import OrganisationKind, Role
from corridor.accounts.models import Organisation
from corridor.core import audit, lifecycle, node
from corridor.core.errors import InvalidInput
from corridor.core.lifecycle import require as _require
from corridor.core.models import Country, Currency
from corridor.registry import errors, names, screening
from corridor.registry.choices import (
    LicenceStatus,
    SanctionOutcome,
    SanctionPenalty,
    SanctionStatus,
    ScreeningTrigger,
    SubjectKind,
)
from corridor.registry.lifecycles import LICENCE
from corridor.registry.models import (
    Agency,
    AgencyOwner,
    Branch,
    Licence,
    SanctionProceeding,
)
from corridor.registry.services._common import (
    _agency_banned,
    _index_recruiter,
    _job_orders_delist_for,
    _own_agency,
    _text,
    _today,
    _user,
)
from corridor.registry.services.screenings import screen_subject


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
        if action == "grant":
            _check_number(changes["number"])
            _check_validity(changes["valid_from"], changes["valid_until"])
        if action == "renew":
            _check_validity(_today(), changes["valid_until"], renewal=True)

    return lifecycle.transition(
        LICENCE, licence, action, acting_user=acting_user, to_status=to_status, reason=reason, precheck=banned, check=check,
        changes={"status_date": effective_date, "status_reason": reason, **changes},
        detail=detail, event_fields={"effective_date": effective_date},
        audit_detail={"reason": reason, "effective_date": effective_date, **(detail or {})})


def _check_number(number: str) -> None:
    """A licence number in the registry's format (settings.CORRIDOR_LICENCE_NUMBER_PATTERN), never free text."""
    if not re.fullmatch(settings.CORRIDOR_LICENCE_NUMBER_PATTERN, number):
        raise errors.LicenceNumberInvalid(fields={"number": [
            _("Write the licence number as the registry issues it, for example %(example)s.")
            % {"example": settings.CORRIDOR_LICENCE_NUMBER_EXAMPLE}]})


def _check_validity(valid_from: date, valid_until: date, *, renewal: bool = False) -> None:
    """At least CORRIDOR_LICENCE_MIN_DAYS, at most CORRIDOR_LICENCE_MAX_DAYS (the node's law, else ten years)."""
    days = (valid_until - valid_from).days
    if days < settings.CORRIDOR_LICENCE_MIN_DAYS and not renewal:
        raise errors.LicenceValidityOutOfBounds(fields={"valid_until": [
            _("A licence is valid for at least %(days)d days.") % {"days": settings.CORRIDOR_LICENCE_MIN_DAYS}]})
    if days > settings.CORRIDOR_LICENCE_MAX_DAYS:
        raise errors.LicenceValidityOutOfBounds(fields={"valid_until": [
            _("A licence is valid for at most %(days)d days.") % {"days": settings.CORRIDOR_LICENCE_MAX_DAYS}]})


def licence_grant(*, acting_user, licence: Licence, number: str, valid_from: date, valid_until: date,
                  conditions: str = "", reason: str = "") -> Licence:
    number = _text(number, "number", _("The licence number")).upper()
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
