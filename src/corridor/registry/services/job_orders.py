"""Job orders: creation, approval and delisting."""

from __future__ import annotations

import copy
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.choices import Role
from corridor.core import audit, lifecycle
from corridor.core.errors import InvalidInput, NotFound
from corridor.core.lifecycle import require as _require
from corridor.core.models import Currency, Language, Occupation
from corridor.registry import errors, screening
from corridor.registry.choices import (
    EmployerStatus,
    JobOrderStatus,
    LicenceStatus,
    ScreeningTrigger,
    SubjectKind,
)
from corridor.registry.lifecycles import JOB_ORDER
from corridor.registry.models import (
    Agency,
    Employer,
    JobOrder,
)
from corridor.registry.services._common import (
    _agency_banned,
    _job_order_step,
    _own_agency,
    _text,
    _today,
    _user,
    is_watchlisted,
)
from corridor.registry.services.screenings import screen_subject
from corridor.rules import interchange


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
