"""Clearance fixtures: a licensed agency, a verified employer, a worker with a registered contract, an open application."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from corridor.accounts.choices import Role
from tests.conftest import verified

CONTRACT_FILE = Path(__file__).resolve().parents[1] / "rules" / "cases" / "base" / "ph-sa-domestic.json"
EMPLOYER_REG = "1010123456"


def today():
    return timezone.localdate()


@pytest.fixture
def officer(make_user):
    return verified(make_user(Role.ORIGIN_OFFICER))


@pytest.fixture
def inspector(make_user):
    return verified(make_user(Role.DESTINATION_OFFICER))


@pytest.fixture
def fund_officer(make_user):
    return verified(make_user(Role.FUND_OFFICER))


@pytest.fixture
def agency(db, officer, make_org):
    from corridor.registry import services

    organisation = make_org(kind="recruitment_agency", name="Bayanihan Manpower Services Inc.")
    licence = services.agency_apply(acting_user=None, organisation=organisation, name=organisation.name, address="1 Rizal St, Manila",
                                    registration_number="CS000001", owners=[{"full_name": "Owner One", "nationality": "PH"}])
    services.licence_grant(acting_user=officer, licence=licence, number="DMW-0001-LB", valid_from=today() - timedelta(days=30),
                           valid_until=today() + timedelta(days=365), conditions="")
    return licence.agency


@pytest.fixture
def agency_user(make_user, agency):
    return verified(make_user(Role.AGENCY_STAFF, organisation=agency.organisation))


@pytest.fixture
def employer(db, inspector):
    from corridor.registry import services

    employer = services.employer_register(acting_user=None, name="Al Noor Home Services Co.", country="SA",
                                          registration_number=EMPLOYER_REG, address="King Fahd Road, Riyadh")
    return services.employer_verify(acting_user=inspector, employer=employer, note="CR certificate seen")


@pytest.fixture
def job_order(db, officer, agency, employer, contract_doc):
    """The agency's approved job order for the employer (household service workers), with room for many."""
    from corridor.registry import services

    terms = json.loads(json.dumps(contract_doc))
    terms.pop("worker")
    order = services.job_order_create(acting_user=None, employer=employer, agency=agency, occupation="9111",
                                      title="Household service worker", workers_needed=50, worksite="Riyadh",
                                      offered_terms=terms, expires_on=today() + timedelta(days=90), languages=["en"])
    return services.job_order_approve(acting_user=officer, job_order=order)


@pytest.fixture
def contract_doc():
    doc = json.loads(CONTRACT_FILE.read_text())
    doc["employer"]["name"] = "Al Noor Home Services Co."
    doc["employer"]["registration_number"] = EMPLOYER_REG
    doc["worker"]["full_name"] = "Maria Luisa Santos"
    doc["worker"]["passport_number"] = "P1234567A"
    return doc


@pytest.fixture
def make_worker(db, agency):
    from corridor.accounts import services

    def make(name="Maria Luisa Santos", born=date(1990, 4, 12), passport="P1234567A", username=None):
        worker = services.worker_create(acting_user=None, full_name=name, nationality="PH", sex="F", date_of_birth=born,
                                        passport_number=passport, recorded_by=agency.organisation, languages=["tl", "en"])
        if username:
            services.worker_link_user(worker=worker, username=username, password="a-long-test-password-2026")
        return worker

    return make


@pytest.fixture
def make_contract(db, officer, agency_user, contract_doc, make_worker, employer, job_order):
    """A registered contract for a (new) worker under the job order; `legacy=True` takes the job order off it
    afterwards, as on a contract submitted before contracts named their job order."""
    from corridor.contracts import services
    from corridor.contracts.models import Contract

    def make(worker=None, doc=None, legacy=False, **worker_kwargs):
        worker = worker or make_worker(**worker_kwargs)
        doc = json.loads(json.dumps(doc or contract_doc))
        doc["worker"]["full_name"] = worker.full_name
        if worker.date_of_birth:
            doc["worker"]["date_of_birth"] = worker.date_of_birth.isoformat()
        contract = services.contract_submit(acting_user=agency_user, worker=worker, doc=doc, job_order=job_order)
        services.contract_approve(acting_user=officer, version=contract.versions.get())
        if legacy:
            Contract.objects.filter(pk=contract.pk).update(job_order=None)
        contract.refresh_from_db()
        return contract

    return make


@pytest.fixture
def make_clearance(db, agency_user, fund_officer, make_contract):
    """An application with every fact recorded (unless facts=False)."""
    from corridor.clearance import services
    from corridor.clearance.choices import FactKind

    def make(contract=None, facts=True, departure=None, **kwargs):
        contract = contract or make_contract(**kwargs)
        clearance = services.clearance_apply(acting_user=agency_user, contract=contract,
                                             departure_date=departure or today() + timedelta(days=20))
        if facts:
            services.clearance_fact_record(acting_user=agency_user, clearance=clearance, kind=FactKind.ORIENTATION,
                                           document_reference="PDOS-2026-0001")
            services.clearance_fact_record(acting_user=fund_officer, clearance=clearance, kind=FactKind.WELFARE_FUND,
                                           document_reference="OWWA-778899", valid_until=today() + timedelta(days=700))
            services.clearance_fact_record(acting_user=agency_user, clearance=clearance, kind=FactKind.INSURANCE,
                                           document_reference="POL-55-1200", valid_until=today() + timedelta(days=730))
        return clearance

    return make


@pytest.fixture
def clearance(make_clearance):
    return make_clearance()


@pytest.fixture
def granted(clearance, officer):
    from corridor.clearance import services

    return services.clearance_grant(acting_user=officer, clearance=clearance)
