"""Resource centres in the directory, and referrals of workers to them (with the worker's consent)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.permissions import has_perm
from corridor.cases import selectors as cases_selectors
from corridor.core import audit, lifecycle
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.guidance import errors
from corridor.guidance.choices import CentreKind, ReferralOutcome, ReferralSubject
from corridor.guidance.lifecycles import REFERRAL
from corridor.guidance.models import Referral, ResourceCentre
from corridor.inspection import selectors as inspection_selectors


def resource_centre_register(*, acting_user, name: str, kind: str, country: str, city: str, serves: str, hours: str,
                             phone: str = "", email: str = "", address: str = "", languages=(), organisation=None,
                             accepts_referrals: bool = True) -> ResourceCentre:
    """List a centre in the directory (a destination officer or an administrator; the system for the demo)."""
    if acting_user is not None and not has_perm(acting_user, "centre.manage"):
        raise PermissionDenied()
    problems = {}
    if not name.strip():
        problems["name"] = [_("A name is required.")]
    if kind not in CentreKind.values:
        problems["kind"] = [_("Choose a kind of centre from the list.")]
    if not (phone.strip() or email.strip() or address.strip()):
        problems["phone"] = [_("Give at least one way to reach the centre: phone, email or address.")]
    if problems:
        raise InvalidInput(fields=problems)
    with transaction.atomic():
        centre = ResourceCentre.objects.create(
            name=name.strip(), kind=kind, country_id=country, city=city.strip(), serves=serves.strip(), hours=hours.strip(),
            phone=phone.strip(), email=email.strip(), address=address.strip(), organisation=organisation,
            accepts_referrals=accepts_referrals)
        if languages:
            centre.languages.set(languages)
        audit.record(actor=acting_user, action="resource_centre.register", target=centre)
    return centre


def _subject_visible(user, kind: str, reference: str) -> bool:
    try:
        if kind == ReferralSubject.CASE:
            cases_selectors.case_get(user=user, reference=reference)
        elif kind == ReferralSubject.INSPECTION:
            inspection_selectors.visit_get(user=user, reference=reference)
        else:
            return False
    except NotFound:
        return False
    return True


def referral_propose(*, acting_user, centre: ResourceCentre, subject_kind: str, subject_reference: str, need: str,
                     contact: str = "", worker_consents: bool) -> Referral:
    """Refer a worker from a case or an inspection visit the referrer can see, only with the worker's consent."""
    lifecycle.check_permission(REFERRAL, "propose", acting_user)
    if not worker_consents:
        raise errors.ConsentRequired()
    if not centre.is_active or not centre.accepts_referrals:
        raise errors.CentreNotAccepting()
    subject_reference = subject_reference.strip()
    if not _subject_visible(acting_user, subject_kind, subject_reference):
        raise errors.ReferralSubjectUnknown()
    if not need.strip():
        raise InvalidInput(fields={"need": [_("Say what the worker needs from the centre.")]})
    with transaction.atomic():
        referral = Referral.objects.create(
            reference=f"REF-{timezone.now():%Y}-{secrets.token_hex(4).upper()}", centre=centre, subject_kind=subject_kind,
            subject_reference=subject_reference, need=need.strip(), contact=contact.strip(),
            consent_given_at=timezone.now(), referred_by=acting_user,
            referred_by_organisation=getattr(acting_user, "organisation", None))
        lifecycle.create(REFERRAL, referral, "propose", acting_user=acting_user,
                         detail={"centre": centre.pk, "subject_kind": subject_kind, "subject_reference": subject_reference})
    return referral


def referral_accept(*, acting_user, referral: Referral) -> Referral:
    with transaction.atomic():
        return lifecycle.transition(REFERRAL, referral, "accept", acting_user=acting_user)


def referral_close(*, acting_user, referral: Referral, outcome: str, note: str = "") -> Referral:
    if outcome not in ReferralOutcome.values:
        raise InvalidInput(fields={"outcome": [_("Choose the outcome from the list.")]})

    def changes(record):
        record.outcome, record.outcome_note = outcome, note.strip()
        return ["outcome", "outcome_note"]

    with transaction.atomic():
        return lifecycle.transition(REFERRAL, referral, "close", acting_user=acting_user, reason=note.strip(),
                                    changes=changes, detail={"outcome": outcome})
