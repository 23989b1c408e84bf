"""Sub-agents registered under a licensed agency."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.core import audit
from corridor.core.lifecycle import require as _require
from corridor.registry import errors, names, screening
from corridor.registry.choices import (
    ScreeningTrigger,
    SubAgentStatus,
    SubjectKind,
)
from corridor.registry.models import (
    Agency,
    SubAgent,
)
from corridor.registry.services._common import _index_recruiter, _own_agency, _text
from corridor.registry.services.screenings import screen_subject


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
