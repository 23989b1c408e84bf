"""Resource centres in the directory, and referrals of workers to them (with the worker's consent)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from corridor.accounts import services as accounts_services
from corridor.accounts.choices import ROLE_ORGANISATION_KINDS, OrganisationKind, Role
from corridor.accounts.permissions import has_perm
from corridor.cases import selectors as cases_selectors
from corridor.core import audit, lifecycle, notifications
from corridor.core.errors import InvalidInput, NotFound, PermissionDenied
from corridor.guidance import errors
from corridor.guidance.choices import CentreKind, ReferralOutcome, ReferralSubject
from corridor.guidance.lifecycles import REFERRAL
from corridor.guidance.models import Referral, ResourceCentre
from corridor.inspection import selectors as inspection_selectors

CENTRE_FIELDS = ("name", "kind", "city", "serves", "hours", "phone", "email", "address", "accepts_referrals", "is_active")
STAFF_ORGANISATION_KINDS = ROLE_ORGANISATION_KINDS[Role.RESOURCE_CENTRE_STAFF]


def _centre_problems(values: dict) -> dict:
    problems = {}
    for required, message in (("name", _("A name is required.")), ("city", _("Say in which city the centre is.")),
                              ("serves", _("Say whom the centre serves.")), ("hours", _("Give the opening hours."))):
        if not str(values.get(required, "")).strip():
            problems[required] = [message]
    if values.get("kind") not in CentreKind.values:
        problems["kind"] = [_("Choose a kind of centre from the list.")]
    if not any(str(values.get(way, "")).strip() for way in ("phone", "email", "address")):
        problems["phone"] = [_("Give at least one way to reach the centre: phone, email or address.")]
    return problems


def _organisation_check(organisation, centre: ResourceCentre | None) -> None:
    """A centre's accounts belong to an organisation of a kind its staff role allows, held by no other centre."""
    if organisation is None:
        return
    taken = ResourceCentre.objects.filter(organisation=organisation).exclude(pk=getattr(centre, "pk", None)).exists()
    if organisation.kind not in STAFF_ORGANISATION_KINDS or taken:
        raise InvalidInput(fields={"organisation": [
            _("Choose a resource centre, trade union or NGO organisation that no other centre uses.")]})


def resource_centre_register(*, acting_user, name: str, kind: str, country: str, city: str, serves: str, hours: str,
                             phone: str = "", email: str = "", address: str = "", languages=(), organisation=None,
                             accepts_referrals: bool = True) -> ResourceCentre:
    """List a centre in the directory (a destination officer or an administrator; the system for the demo)."""
    if acting_user is not None and not has_perm(acting_user, "centre.manage"):
        raise PermissionDenied()
    problems = _centre_problems({"name": name, "kind": kind, "city": city or "-", "serves": serves or "-",
                                 "hours": hours or "-", "phone": phone, "email": email, "address": address})
    if problems:
        raise InvalidInput(fields=problems)
    _organisation_check(organisation, None)
    with transaction.atomic():
        centre = ResourceCentre.objects.create(
            name=name.strip(), kind=kind, country_id=country, city=city.strip(), serves=serves.strip(), hours=hours.strip(),
            phone=phone.strip(), email=email.strip(), address=address.strip(), organisation=organisation,
            accepts_referrals=accepts_referrals)
        if languages:
            centre.languages.set(languages)
        audit.record(actor=acting_user, action="resource_centre.register", target=centre)
    return centre


def resource_centre_update(*, acting_user, centre: ResourceCentre, languages=None, organisation=None,
                           open_account: bool = False, **changes) -> ResourceCentre:
    """Change what the directory says of a centre (who it serves, languages, hours, contact, whether it is listed and
    takes referrals), and give it a restricted account: link an organisation, or open one in its name, to which an
    administrator then adds the centre's staff (role `resource_centre_staff`: they see only their own referrals).
    A refused change changes nothing."""
    if acting_user is None or not has_perm(acting_user, "centre.manage"):
        raise PermissionDenied()
    unknown = set(changes) - set(CENTRE_FIELDS)
    if unknown:
        raise InvalidInput(fields={field: [_("This field cannot be changed.")] for field in sorted(unknown)})
    values = {field: getattr(centre, field) for field in CENTRE_FIELDS} | changes
    problems = _centre_problems(values)
    if problems:
        raise InvalidInput(fields=problems)
    if organisation is not None and centre.organisation_id not in (None, organisation.pk):
        raise InvalidInput(fields={"organisation": [_("This centre already has an organisation for its accounts.")]})
    _organisation_check(organisation, centre)
    with transaction.atomic():
        centre = ResourceCentre.objects.select_for_update().get(pk=centre.pk)
        before = {field: getattr(centre, field) for field in CENTRE_FIELDS}
        for field in CENTRE_FIELDS:
            value = values[field]
            setattr(centre, field, value.strip() if isinstance(value, str) else bool(value))
        if organisation is not None:
            centre.organisation = organisation
        elif open_account and centre.organisation_id is None:
            # why acting_user=None: the officer may list a centre's account (centre.manage), not any organisation
            centre.organisation = accounts_services.organisation_create(
                acting_user=None, name=centre.name, kind=OrganisationKind.RESOURCE_CENTRE, country=centre.country_id)
        centre.save()
        if languages is not None:
            centre.languages.set(languages)
        changed = {field: [str(before[field]), str(getattr(centre, field))] for field in CENTRE_FIELDS
                   if before[field] != getattr(centre, field)}
        audit.record(actor=acting_user, action="resource_centre.update", target=centre,
                     detail={"changed": changed, "languages": sorted(lang.pk for lang in centre.languages.all()),
                             "organisation": centre.organisation_id})
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
        if centre.organisation_id:
            notifications.notification_send(
                kind="referral.proposed", message=gettext_noop("A worker is referred to your centre: %(ref)s"),
                params={"ref": referral.reference}, link=reverse("guidance:referral", args=[referral.reference]),
                about=f"referral:{referral.reference}", organisation=centre.organisation,
                role=Role.RESOURCE_CENTRE_STAFF, email=True)
    return referral


def _tell_referrer(referral: Referral, message: str) -> None:
    """The person who made the referral hears when the centre takes it up or closes it."""
    notifications.notification_send(
        kind=f"referral.{referral.status}", message=message, params={"ref": referral.reference,
                                                                   "centre": referral.centre.name},
        link=reverse("guidance:referral", args=[referral.reference]), about=f"referral:{referral.reference}",
        users=[referral.referred_by], email=True)


def referral_accept(*, acting_user, referral: Referral) -> Referral:
    with transaction.atomic():
        referral = lifecycle.transition(REFERRAL, referral, "accept", acting_user=acting_user)
        _tell_referrer(referral, gettext_noop("%(centre)s accepted the referral %(ref)s"))
    return referral


def referral_close(*, acting_user, referral: Referral, outcome: str, note: str = "") -> Referral:
    if outcome not in ReferralOutcome.values:
        raise InvalidInput(fields={"outcome": [_("Choose the outcome from the list.")]})

    def changes(record):
        record.outcome, record.outcome_note = outcome, note.strip()
        return ["outcome", "outcome_note"]

    with transaction.atomic():
        referral = lifecycle.transition(REFERRAL, referral, "close", acting_user=acting_user, reason=note.strip(),
                                        changes=changes, detail={"outcome": outcome})
        _tell_referrer(referral, gettext_noop("%(centre)s closed the referral %(ref)s"))
    return referral
