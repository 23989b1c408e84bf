"""Every read of the contracts app, scoped to what the acting user may see."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from corridor.accounts.choices import Role
from corridor.accounts.models import Worker
from corridor.accounts.permissions import has_perm
from corridor.accounts.selectors import party_scope
from corridor.contracts.choices import ContractStatus, VersionStatus
from corridor.contracts.models import CheckRecord, Contract, ContractVersion
from corridor.core import audit
from corridor.core.errors import NotFound
from corridor.registry.models import JobOrder
from corridor.registry.selectors import job_board
from corridor.rules import engine


def contract_scope(user) -> QuerySet[Contract]:
    """Officers and auditors see every contract, an agency its own, a worker theirs; anyone else none."""
    return party_scope(Contract.objects.all(), user, permission="contract.view", everyone={Role.ORIGIN_OFFICER, Role.AUDITOR})


# --- an employer's workers ---------------------------------------------------------------------------

HOLDING = (ContractStatus.SUBMITTED, ContractStatus.REGISTERED)


def employer_contracts(user) -> QuerySet[Contract]:
    """Submitted and registered contracts under the job orders of the user's employer; none for anyone else."""
    if not has_perm(user, "employer.view_workers") or not user.organisation_id:
        return Contract.objects.none()
    return Contract.objects.filter(job_order__employer__organisation_id=user.organisation_id, status__in=HOLDING)


def employer_worker_list(*, user) -> QuerySet[Worker]:
    """The employer's workers: those with a submitted or registered contract under one of its job orders."""
    contracts = employer_contracts(user).select_related("job_order").order_by("-created_at", "-id")
    return (Worker.objects.filter(pk__in=contracts.values("worker_id")).select_related("nationality")
            .prefetch_related(Prefetch("contracts", queryset=contracts, to_attr="employer_contracts"))
            .order_by("full_name", "id"))


def employer_worker_get(*, user, worker_id: int) -> Worker:
    """One of the employer's workers with its contracts under the employer's job orders; the read is audited."""
    worker = employer_worker_list(user=user).filter(pk=worker_id).first()
    if worker is None:
        raise NotFound()
    audit.record(actor=user, action="worker.view", target=worker, is_read=True, detail={"as": "employer"})
    return worker


def submittable_job_orders(*, user) -> QuerySet[JobOrder]:
    """The job orders this agency user may submit contracts under: its agency's, on the job board today."""
    if not has_perm(user, "contract.submit") or not user.organisation_id:
        return JobOrder.objects.none()
    return job_board().filter(agency__organisation_id=user.organisation_id).order_by("reference")


def contract_list(*, user, status: str = "") -> QuerySet[Contract]:
    contracts = contract_scope(user).select_related("worker", "agency", "job_order")
    if status:
        contracts = contracts.filter(status=status)
    return contracts


def contract_get(*, user, contract_id: int) -> Contract:
    """One contract with its versions and their checks; the read is written to the audit trail."""
    versions = ContractVersion.objects.select_related(
        "check_record", "submitted_by", "decided_by", "override_requested_by", "override_confirmed_by",
    ).order_by("number")
    contract = (contract_scope(user).select_related("worker", "worker__nationality", "agency", "submitted_by",
                                                    "job_order", "job_order__employer")
                .prefetch_related(Prefetch("versions", queryset=versions), "events", "events__actor")
                .filter(pk=contract_id).first())
    if contract is None:
        raise NotFound()
    audit.record(actor=user, action="contract.view", target=contract, is_read=True)
    return contract


def version_get(*, user, version_id: int) -> ContractVersion:
    version = (ContractVersion.objects.select_related("contract", "contract__worker", "check_record")
               .filter(contract__in=contract_scope(user), pk=version_id).first())
    if version is None:
        raise NotFound()
    return version


def registered_version(*, user, contract_id: int, number: int | None = None) -> ContractVersion:
    """The registered text (or, by number, an earlier registered one) for the PDF; NotFound if none."""
    versions = ContractVersion.objects.select_related("contract", "contract__worker").filter(
        contract__in=contract_scope(user), contract_id=contract_id,
        status__in=[VersionStatus.REGISTERED, VersionStatus.SUPERSEDED],
    )
    version = (versions.filter(number=number) if number else versions.filter(status=VersionStatus.REGISTERED)).first()
    if version is None:
        raise NotFound()
    audit.record(actor=user, action="contract.download", target=version.contract, is_read=True,
                 detail={"version": version.number})
    return version


def register_lookup(*, reference: str, content_hash: str) -> ContractVersion | None:
    """Public: the registered (or superseded) version with this reference and hash, for matching a document."""
    return (ContractVersion.objects.select_related("contract")
            .filter(contract__reference=reference.strip(), content_hash=content_hash.strip().lower(),
                    status__in=[VersionStatus.REGISTERED, VersionStatus.SUPERSEDED]).first())


def check_records(*, user, content_hash: str = "") -> QuerySet[CheckRecord]:
    if not has_perm(user, "rules.view"):
        return CheckRecord.objects.none()
    records = CheckRecord.objects.all()
    if content_hash:
        records = records.filter(content_hash=content_hash.strip().lower())
    return records


# --- the contract check as a read, for other apps (voice's matching) ---------------------------------------


def terms_pass_check(doc: dict, *, on=None) -> bool:
    """Whether a contract or a job order's offered terms pass the contract check (every applicable ruleset, no
    violation), as `contract_check` decides it, without keeping a check record (this is a read)."""
    try:
        return bool(engine.check(doc, on=on)["compliant"])
    except (engine.UncheckableContract, KeyError, TypeError, ValueError):
        return False


def registered_cost_terms(version_id: int) -> dict | None:
    """For the indicators app (SDG 10.7.1): the recruitment costs the worker pays under one registered contract text
    and the monthly wage it promises, with no name: the contract's reference, corridor, fees paid by the worker
    (amount and currency each), wage, wage period, occupation, the worker's sex, the agency's name, registration date.
    None when the version is not registered."""
    version = (ContractVersion.objects.select_related("contract__agency")
               .filter(pk=version_id, status=VersionStatus.REGISTERED).first())
    if version is None:
        return None
    doc = version.as_document()
    wage = doc.get("wage") or {}
    return {
        "reference": f"{version.contract.reference}/{version.number}",
        "origin": (doc.get("corridor") or {}).get("origin", ""),
        "destination": (doc.get("corridor") or {}).get("destination", ""),
        "fees": [(str(f.get("amount", "")), str(f.get("currency", ""))) for f in
                 ((doc.get("fees") or {}).get("paid_by_worker") or [])],
        "wage": str(wage.get("amount", "")), "wage_currency": str(wage.get("currency", "")),
        "wage_period": str(wage.get("period", "")),
        "occupation": str((doc.get("job") or {}).get("isco08", ""))[:4],
        "sex": str((doc.get("worker") or {}).get("sex", ""))[:1],
        "agency": version.contract.agency.name if version.contract.agency_id else "",
        "registered_on": (version.registered_at or version.contract.registered_at).date().isoformat()
        if (version.registered_at or version.contract.registered_at) else "",
    }
