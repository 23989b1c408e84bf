"""Contracts for the Django-side tests: the rule cases' base documents, changed where a test needs it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

BASES = Path(__file__).resolve().parent.parent / "rules" / "cases" / "base"


def sample(name: str = "ph-sa-domestic.json", **changes) -> dict:
    """A valid base contract; keyword `wage__amount="700.00"` sets wage.amount (None deletes the term)."""
    doc = json.loads((BASES / name).read_text("utf-8"))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)
    return doc


def violating(name: str = "ph-sa-domestic.json") -> dict:
    """Below the Philippines' household worker minimum (USD 400 = SAR 1500) and the passport kept by the employer."""
    return sample(name, wage__amount="700.00", documents__worker_keeps_identity_documents=False)


def licensed_agency(organisation, officer):
    """The registry's agency for an accounts organisation, licensed from a month ago for a year."""
    from tests.factories.registry import AgencyFactory

    return AgencyFactory(organisation=organisation, name=organisation.name, owners=None, screen=False, officer=officer)


def verified_employer(make_org, make_user, *, name="Al Noor Home Services Co.", country="SA"):
    """A verified employer abroad with its own organisation (so that its staff can sign in)."""
    from corridor.accounts.choices import Role
    from tests.conftest import verified
    from tests.factories.registry import EmployerFactory

    organisation = make_org(kind="employer", name=name, country=country)
    return EmployerFactory(name=name, country=country, organisation=organisation, screen=False,
                           registration_number=f"10{organisation.pk:08d}",
                           inspector=verified(make_user(Role.DESTINATION_OFFICER)))


def approved_job_order(*, agency, employer, officer, occupation="9111", workers_needed=5, approve=True):
    """A job order of the agency for the employer, approved by the origin officer (on the job board)."""
    from tests.factories.registry import JobOrderFactory

    terms = sample(f"ph-{employer.country_id.lower()}-domestic.json")
    terms.pop("worker")
    terms["employer"].update({"name": employer.name, "country": employer.country_id,
                              "registration_number": employer.registration_number})
    terms["corridor"]["destination"] = employer.country_id
    return JobOrderFactory(agency=agency, employer=employer, occupation=occupation, workers_needed=workers_needed,
                           offered_terms=terms, approve=approve, officer=officer)


def registration_parties(make_org, make_user, *, employer_country="SA"):
    """An agency with a staff member, a worker it recorded (with a sign-in), two origin officers, a verified
    employer with a staff member, and an approved job order of the agency for that employer (5 workers)."""
    from corridor.accounts import services as accounts
    from corridor.accounts.choices import Role
    from tests.conftest import verified

    agency = make_org(kind="recruitment_agency", name="Agency")
    staff = verified(make_user(Role.AGENCY_STAFF, organisation=agency))
    worker = accounts.worker_create(acting_user=None, full_name="Maria Luisa Santos", nationality="PH",
                                    recorded_by=agency, languages=["en"])
    worker_user = accounts.worker_link_user(worker=worker, username=f"w{worker.pk}", password="a-long-pass-2026-x")
    ministry = make_org(kind="ministry", name="Ministry")
    officer = verified(make_user(Role.ORIGIN_OFFICER, organisation=ministry))
    second = verified(make_user(Role.ORIGIN_OFFICER, organisation=ministry))
    registry_agency = licensed_agency(agency, officer)
    employer = verified_employer(make_org, make_user, country=employer_country)
    employer_staff = verified(make_user(Role.EMPLOYER_STAFF, organisation=employer.organisation))
    job_order = approved_job_order(agency=registry_agency, employer=employer, officer=officer)
    return {"agency": agency, "staff": staff, "worker": worker, "worker_user": worker_user,
            "officer": officer, "second": second, "registry_agency": registry_agency, "employer": employer,
            "employer_staff": employer_staff, "job_order": job_order}
