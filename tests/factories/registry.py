"""Agencies (applied or licensed), employers (registered or verified) and job orders, through registry.services."""

import datetime as dt
import json
from pathlib import Path

import factory
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.registry import services
from corridor.registry.models import Agency, Employer, JobOrder
from tests.factories.accounts import OrganisationFactory, UserFactory, verified

TERMS_FILE = Path(__file__).resolve().parents[1] / "rules" / "cases" / "base" / "ph-sa-domestic.json"


def today() -> dt.date:
    return timezone.localdate()


def origin_officer():
    return verified(UserFactory(role=Role.ORIGIN_OFFICER))


def destination_officer():
    return verified(UserFactory(role=Role.DESTINATION_OFFICER))


class AgencyFactory(factory.Factory):
    """An agency of a recruitment-agency organisation (agency_apply), licensed from a month ago for a year
    (licence_grant by `officer`) unless `licensed=False`."""

    class Meta:
        model = Agency

    # passed to _create, not to agency_apply
    licensed = True
    officer = None
    number = None
    valid_from = factory.LazyFunction(lambda: today() - dt.timedelta(days=30))
    valid_until = factory.LazyFunction(lambda: today() + dt.timedelta(days=365))

    name = "Bayanihan Manpower Services Inc."
    organisation = factory.LazyAttribute(lambda o: OrganisationFactory(kind="recruitment_agency", name=o.name))
    address = "1 Rizal St, Manila"
    registration_number = factory.LazyAttribute(lambda o: f"CS{o.organisation.pk:06d}")
    owners = factory.LazyFunction(lambda: [{"full_name": "Owner One", "nationality": "PH"}])

    @classmethod
    def _create(cls, model_class, *, licensed, officer, number, valid_from, valid_until, **kwargs):
        licence = services.agency_apply(acting_user=None, **kwargs)
        if licensed:
            organisation = kwargs["organisation"]
            licence = services.licence_grant(acting_user=officer or origin_officer(), licence=licence,
                                             number=number or f"DMW-{organisation.pk:04d}-LB",
                                             valid_from=valid_from, valid_until=valid_until, conditions="")
        return licence.agency


class EmployerFactory(factory.Factory):
    """An employer abroad (employer_register), verified (employer_verify by `inspector`) unless `verify=False`."""

    class Meta:
        model = Employer

    verify = True  # passed to _create, not to employer_register
    inspector = None

    name = "Al Noor Home Services Co."
    country = "SA"
    registration_number = factory.Sequence(lambda n: f"10{n:08d}")
    address = "King Fahd Road, Riyadh"
    organisation = None

    @classmethod
    def _create(cls, model_class, *, verify, inspector, **kwargs):
        employer = services.employer_register(acting_user=None, **kwargs)
        if verify:
            employer = services.employer_verify(acting_user=inspector or destination_officer(), employer=employer,
                                                note="CR certificate seen")
        return employer


def offered_terms(employer: Employer | None = None) -> dict:
    """Valid offered terms (the interchange form without the worker) for a job order of the employer."""
    terms = json.loads(TERMS_FILE.read_text("utf-8"))
    terms.pop("worker")
    terms["employer"]["country"] = "SA"
    if employer is not None:
        terms["employer"].update({"name": employer.name, "country": employer.country_id,
                                  "registration_number": employer.registration_number})
        terms["corridor"]["destination"] = employer.country_id
    return terms


class JobOrderFactory(factory.Factory):
    """A job order (job_order_create), approved for the job board by `officer` when `approve=True`."""

    class Meta:
        model = JobOrder

    approve = False  # passed to _create, not to job_order_create
    officer = None
    acting_user = None

    agency = factory.SubFactory(AgencyFactory)
    employer = factory.SubFactory(EmployerFactory)
    occupation = "9111"
    title = "Household service worker"
    workers_needed = 5
    worksite = "Riyadh"
    offered_terms = factory.LazyAttribute(lambda o: offered_terms(o.employer))
    expires_on = factory.LazyFunction(lambda: today() + dt.timedelta(days=60))
    languages = factory.LazyFunction(lambda: ["en"])

    @classmethod
    def _create(cls, model_class, *, approve, officer, acting_user, **kwargs):
        order = services.job_order_create(acting_user=acting_user, **kwargs)
        if approve:
            order = services.job_order_approve(acting_user=officer or origin_officer(), job_order=order)
        return order
