"""Deployments a worker can review (a departed clearance through an agency, to an employer, with a sub-agent in the
contract's recruitment chain) and workers' job profiles, through the services of contracts, clearance and voice."""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.clearance import services as clearance_services
from corridor.clearance.choices import FactKind
from corridor.contracts import services as contract_services
from corridor.core.models import Country, Language, Occupation
from corridor.registry import services as registry_services
from corridor.voice import services as voice_services
from tests.factories.accounts import UserFactory, WorkerFactory, WorkerUserFactory, verified
from tests.factories.registry import AgencyFactory, EmployerFactory, JobOrderFactory, origin_officer

CONTRACT_FILE = Path(__file__).resolve().parents[1] / "rules" / "cases" / "base" / "ph-sa-domestic.json"


def today() -> dt.date:
    return timezone.localdate()


@dataclass
class Corridor:
    """One licensed agency with its staff and a sub-agent, a verified employer, an approved job order."""

    officer: object
    agency: object
    agency_user: object
    fund_user: object
    subagent: object
    employer: object
    job_order: object

    def contract_doc(self, worker) -> dict:
        doc = json.loads(CONTRACT_FILE.read_text("utf-8"))
        doc["employer"].update({"name": self.employer.name, "registration_number": self.employer.registration_number})
        doc["worker"].update({"full_name": worker.full_name, "passport_number": worker.passport_number or "P0000000"})
        doc["recruiters"] = [
            {"name": self.agency.name, "country": "PH", "role": "origin_agency",
             "licence_number": self.agency.current_licence.number},
            {"name": self.subagent.full_name, "country": "PH", "role": "sub_agent",
             "licence_number": self.subagent.registration_number},
        ]
        return doc

    def deploy(self, *, username=None, depart=True):
        """A worker (with a sign-in) whose registered contract was cleared and who departed; returns (user, clearance)."""
        worker = WorkerFactory(recorded_by=self.agency.organisation, sex="F", date_of_birth=dt.date(1990, 4, 12),
                               languages=["tl", "en"])
        user = WorkerUserFactory(worker=worker, **({"username": username} if username else {}))
        contract = contract_services.contract_submit(acting_user=self.agency_user, worker=worker,
                                                     doc=self.contract_doc(worker), job_order=self.job_order)
        contract_services.contract_approve(acting_user=self.officer, version=contract.versions.get())
        contract.refresh_from_db()
        clearance = clearance_services.clearance_apply(acting_user=self.agency_user, contract=contract,
                                                       departure_date=today() + dt.timedelta(days=20))
        for kind, by, until in ((FactKind.ORIENTATION, self.agency_user, None),
                                (FactKind.WELFARE_FUND, self.fund_user, today() + dt.timedelta(days=700)),
                                (FactKind.INSURANCE, self.agency_user, today() + dt.timedelta(days=700))):
            clearance_services.clearance_fact_record(acting_user=by, clearance=clearance, kind=kind,
                                                     document_reference=f"DOC-{kind}", valid_until=until)
        clearance = clearance_services.clearance_grant(acting_user=self.officer, clearance=clearance)
        if depart:
            clearance = clearance_services.clearance_depart(acting_user=self.officer, clearance=clearance)
        return user, clearance


def corridor(*, name="Bayanihan Manpower Services Inc.", places=50) -> Corridor:
    officer = origin_officer()
    agency = AgencyFactory(name=name, officer=officer)
    agency_user = verified(UserFactory(role=Role.AGENCY_STAFF, organisation=agency.organisation))
    fund_user = verified(UserFactory(role=Role.FUND_OFFICER))
    subagent = registry_services.subagent_register(acting_user=agency_user, agency=agency, full_name="Pedro Reyes Cruz",
                                                   locality="Tarlac City")
    employer = EmployerFactory()
    terms = json.loads(CONTRACT_FILE.read_text("utf-8"))
    terms.pop("worker")
    terms["employer"].update({"name": employer.name, "registration_number": employer.registration_number})
    order = JobOrderFactory(agency=agency, employer=employer, workers_needed=places, offered_terms=terms,
                            expires_on=today() + dt.timedelta(days=90), approve=True, officer=officer)
    return Corridor(officer, agency, agency_user, fund_user, subagent, employer, order)


RATINGS = {"no_fees": 4, "truthful": 5, "contract_matched": 3, "documents_kept": 5, "helped": 2}


def review(user, clearance, *, party_id, kind="agency", stage="departure", comment="", language="", **ratings):
    return voice_services.review_write(acting_user=user, reference=clearance.reference, stage=stage, kind=kind,
                                       party_id=party_id, ratings={**RATINGS, **ratings}, comment=comment,
                                       language=language)


def profile(user, *, occupations=("9111",), languages=("en", "tl"), destinations=("SA",), earliest=None, skills="cooking",
            consent=True, experience_years=3):
    return voice_services.profile_save(
        acting_user=user, occupations=list(Occupation.objects.filter(code__in=occupations)),
        languages=list(Language.objects.filter(code__in=languages)),
        destinations=list(Country.objects.filter(code__in=destinations)),
        earliest_start=earliest or today(), skills=skills, experience_years=experience_years, consent=consent)
