"""Foreign employers: registration and verification."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts import services as account_services
from corridor.accounts.choices import OrganisationKind, Role
from corridor.accounts.models import Organisation
from corridor.core import audit, lifecycle
from corridor.core.errors import InvalidInput
from corridor.core.lifecycle import require as _require
from corridor.core.models import Country
from corridor.registry import errors, names, screening
from corridor.registry.choices import (
    EmployerStatus,
    ScreeningTrigger,
    SubjectKind,
    VerifiedBy,
)
from corridor.registry.lifecycles import EMPLOYER
from corridor.registry.models import (
    Employer,
)
from corridor.registry.services._common import _job_orders_delist_for, _text, _user
from corridor.registry.services.screenings import screen_subject


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
