"""Demo contracts for the demo workers, in every state: submitted with a violation, returned, registered with
its PDF, an amendment awaiting the worker, an override by two officers. Each is under the registry demo's job
order of the demo agency for the demo employer (household service workers). All fictional."""

from __future__ import annotations

import copy
import datetime as dt

from django_otp.plugins.otp_totp.models import TOTPDevice

from corridor.accounts import services as accounts
from corridor.accounts.choices import Role
from corridor.contracts import services
from corridor.registry.selectors import job_board

ORIGIN_LANGUAGE = {"PH": "fil", "NP": "ne"}


def demo_job_order(ctx):
    """The registry demo's household service job order of the demo agency for the demo employer, on the board."""
    return (job_board().filter(agency__organisation=ctx.organisations["agency"],
                               employer__organisation=ctx.organisations["employer"], occupation_id="9111")
            .order_by("id").first())


def demo_contract(*, worker: dict, destination: str, employer, amount: str, currency: str, start: dt.date,
                  signed_on: dt.date, recruiters: list[dict] | None = None, worksite: str = "Riyadh",
                  languages: tuple[str, ...] = ("ar", "en"),
                  dispute_resolution: str = "The labour authorities and courts of the destination country.") -> dict:
    """A complete, compliant demo contract (interchange form) for household service work in `destination`; the
    worker's part, the recruiters, the dates and the wage are the caller's (this app's and clearance's demos)."""
    return {
        "schema": "corridor.contract/1",
        "corridor": {"origin": worker["nationality"], "destination": destination},
        "worker": worker,
        "employer": {"name": employer.name, "country": destination, "registration_number": employer.registration_number,
                     "address": employer.address, "principal_contractor": None},
        "recruiters": recruiters or [],
        "job": {"title": "Household service worker", "isco08": "9111", "sector": "domestic_work",
                "worksite": worksite, "live_in": True},
        "term": {"start_date": start.isoformat(), "duration_months": 24, "probation_days": 90},
        "wage": {"amount": amount, "currency": currency, "period": "month", "allowances": [],
                 "payment_frequency": "monthly", "payment_method": "bank_transfer", "paid_directly_to_worker": True},
        "hours": {"normal_daily": 8, "normal_weekly": 48, "overtime_premium_pct": 50},
        "rest": {"daily_rest_hours": 12, "weekly_rest_hours": 24, "annual_leave_days": 30},
        "accommodation": {"provided": True, "charge_to_worker": "0", "standard": "private lockable room"},
        "food": {"provided": True, "charge_to_worker": "0"},
        "deductions": [],
        "medical": {"care_paid_by_employer": True, "health_insurance": True},
        "safety": {"protective_equipment_free": True, "safety_training": True},
        "social_security": {"work_injury_insurance": True, "welfare_fund_member": True, "pension_portable": False},
        "documents": {"worker_keeps_identity_documents": True},
        "fees": {"paid_by_worker": []},
        "transport": {"outbound_paid_by": "employer", "return_paid_by": "employer"},
        "termination": {"notice_days": 30, "worker_may_change_employer": True, "end_of_service_benefit": True},
        "languages": {"contract": list(languages)},
        "dispute_resolution": dispute_resolution,
        "signatures": {"worker_signed_on": signed_on.isoformat(), "employer_signed_on": signed_on.isoformat()},
    }


def _contract(worker, destination: str, employer, agency: str, *, amount: str, currency: str) -> dict:
    origin = worker.nationality_id
    language = ORIGIN_LANGUAGE.get(origin, "en")
    return demo_contract(
        worker={"full_name": worker.full_name, "nationality": origin, "sex": worker.sex or "X",
                "date_of_birth": worker.date_of_birth.isoformat() if worker.date_of_birth else "1990-01-01",
                "languages": [language, "en"]},
        destination=destination, employer=employer, amount=amount, currency=currency,
        start=dt.date.today() + dt.timedelta(days=60), signed_on=dt.date.today(),
        recruiters=[{"name": agency, "country": origin, "licence_number": "DEMO-LIC-001", "role": "origin_agency"}],
        worksite="Riyadh" if destination == "SA" else "Doha", languages=("ar", "en", language),
        dispute_resolution="The labour authorities and courts of the destination; the labour attaché assists.",
    )


def _verified(user):
    user.is_verified = lambda: True  # demo data is loaded by the system, as if each officer had signed in
    return user


def load(ctx) -> None:
    agency_staff = _verified(ctx.users["agency"])
    officer = _verified(ctx.users["officer"])
    ministry = officer.organisation
    second = _verified(accounts.user_create(acting_user=None, username="officer2", password=ctx.password,
                                            role=Role.ORIGIN_OFFICER, organisation=ministry, first_name="Arturo",
                                            last_name="Bautista"))
    TOTPDevice.objects.create(user=second, name="Demo authenticator", confirmed=True)
    ctx.users["officer2"] = second
    ctx.accounts.append((Role.ORIGIN_OFFICER.label, "officer2", "second origin officer, confirms overrides"))

    job_order = demo_job_order(ctx)
    if job_order is None:
        print("contracts demo: no job order of the demo agency on the job board; no contracts made")
        return
    destination = job_order.employer.country_id
    currency = {"SA": "SAR", "QA": "QAR"}.get(destination, job_order.wage_currency_id)
    good = "1600.00" if destination == "SA" else "1500.00"
    employer = job_order.employer
    agency = ctx.organisations["agency"].name
    own = [w for w in ctx.workers if w.recorded_by_id == agency_staff.organisation_id]

    def submit(worker, **changes):
        doc = _contract(worker, destination, employer, agency, amount=good, currency=currency)
        for dotted, value in changes.items():
            section, key = dotted.split("__")
            doc[section][key] = value
        return services.contract_submit(acting_user=agency_staff, worker=worker, doc=doc, job_order=job_order)

    # 1. The signed-in demo worker: registered, with its PDF, and an amendment waiting for their answer.
    first = submit(ctx.workers[0])
    services.contract_approve(acting_user=officer, version=first.versions.get())
    doc = copy.deepcopy(first.versions.get().as_document())
    doc["wage"]["amount"] = "1700.00" if destination == "SA" else "1600.00"
    amendment = services.contract_amend(acting_user=agency_staff, contract=first, doc=doc)
    services.contract_approve(acting_user=officer, version=amendment)
    ctx.extra["contract_registered"] = first

    # 2. Submitted with violations (wage below the minimum, the passport kept by the employer): for the officer.
    if len(own) > 1:
        submit(own[1], wage__amount="700.00", documents__worker_keeps_identity_documents=False)
    # 3. Returned to the agency with a reason.
    if len(own) > 2:
        returned = submit(own[2], wage__amount="900.00")
        services.contract_return(acting_user=officer, version=returned.versions.get(),
                                 reason="The wage is below the minimum for household service workers.")
    # 4. Registered by a two-officer override, with the reason recorded.
    if len(own) > 3:
        override = submit(own[3], rest__weekly_rest_hours=20)
        version = override.versions.get()
        if version.check_record.violations:
            services.contract_override_request(acting_user=officer, version=version,
                                               reason="Demo: a 20-hour weekly rest agreed with the union, "
                                                      "with a compensating rest day each month.")
            services.contract_override_confirm(acting_user=second, version=version)
        else:
            services.contract_approve(acting_user=officer, version=version)
    # 5. Plain submitted, compliant, waiting for an officer.
    if len(own) > 4:
        submit(own[4])
