"""Clearance fixtures: a licensed agency, a verified employer, a worker with a registered contract, an open application
(records made with tests/factories/)."""

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
    from tests.factories.registry import AgencyFactory

    return AgencyFactory(name="Bayanihan Manpower Services Inc.", registration_number="CS000001", number="DMW-0001-LB",
                         officer=officer)


@pytest.fixture
def agency_user(make_user, agency):
    return verified(make_user(Role.AGENCY_STAFF, organisation=agency.organisation))


@pytest.fixture
def employer(db, inspector):
    from tests.factories.registry import EmployerFactory

    return EmployerFactory(registration_number=EMPLOYER_REG, inspector=inspector)


@pytest.fixture
def job_order(db, officer, agency, employer, contract_doc):
    """The agency's approved job order for the employer (household service workers), with room for many."""
    from tests.factories.registry import JobOrderFactory

    terms = json.loads(json.dumps(contract_doc))
    terms.pop("worker")
    return JobOrderFactory(employer=employer, agency=agency, workers_needed=50, offered_terms=terms,
                           expires_on=today() + timedelta(days=90), approve=True, officer=officer)


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
    from tests.factories.accounts import WorkerFactory, WorkerUserFactory

    def make(name="Maria Luisa Santos", born=date(1990, 4, 12), passport="P1234567A", username=None):
        worker = WorkerFactory(full_name=name, nationality="PH", sex="F", date_of_birth=born, passport_number=passport,
                               recorded_by=agency.organisation, languages=["tl", "en"])
        if username:
            WorkerUserFactory(worker=worker, username=username)
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
