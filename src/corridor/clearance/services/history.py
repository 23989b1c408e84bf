"""Demo only: a year of past deployments loaded in bulk (`clearances_backfill`), so that the demo's statistics show
months of figures. It is a backfill, as a node taking over the past records of an earlier system would load them:
the records are written with the dates they happened on, in a few INSERTs per table, and NO domain event is
published for them (no message to the destination, no notice, no tally): the statistics count them when the
indicators' own rebuild runs (`indicators_rebuild`, which the indicators demo calls once at the end), from the same
fact queries the events use.

What each past deployment gets is what the services would have written: the worker (sensitive fields encrypted by
their fields, passport blind index), a contract with one registered version (the demo's real contract terms for that
worker, canonical JSON, content hash, the rules engine's check of the same terms, the node's signature), its
`submit` and `approve` events, the clearance with its facts, its certificate (signed by the node, issued on the day
of the grant) and its events `apply`, then `grant` (and `depart`), `refuse` or `halt`, each dated on its day. For a
deployment that departed, what the destination's node would have reported through the exchange, as the origin keeps
it: the worker's arrival (`arrival.recorded`, the clearance's `arrived_on`) and the check of the contract presented
at the workplace (`contract.checked`: the presented terms compared with the registered ones by the real
`contracts.compare`, the message body as the destination sends it). One audit entry records the backfill. Only the system may call it (the demo loader): no page, API or command does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from corridor.accounts.models import Worker
from corridor.accounts.selectors import name_key
from corridor.clearance import certificate
from corridor.clearance.choices import ClearanceStatus, FactKind
from corridor.clearance.models import Clearance, ClearanceEvent, ClearanceFact, DestinationReport
from corridor.clearance.services._common import GRACE
from corridor.contracts import interchange
from corridor.contracts.choices import CheckSource, ContractStatus, VersionStatus
from corridor.contracts.compare import compare
from corridor.contracts.models import CheckRecord, Contract, ContractEvent, ContractVersion
from corridor.contracts.services import SIGNATURE_TYPE, contract_check, terms_of
from corridor.core import audit, crypto, node
from corridor.core.errors import PermissionDenied
from corridor.core.signing import jws_sign

OUTCOMES = ("grant", "depart", "refuse", "halt")


@dataclass(frozen=True)
class PastDeployment:
    """One worker's past clearance: who, on which contract terms (a contract document of the interchange format,
    the worker's own details in it), decided how and when. `outcome`: grant (still granted), depart (granted, then
    departed `departed_at`), refuse or halt (granted, then halted `halted_at`), with `reason`."""

    full_name: str
    sex: str
    date_of_birth: dt.date
    passport_number: str
    document: dict
    job_order_id: int | None
    employer_id: int | None
    applied_at: dt.datetime
    decided_at: dt.datetime
    outcome: str
    reason: str = ""
    later_at: dt.datetime | None = None  # departed or halted
    # departed only: the destination's reports (its arrival record; its check of the contract presented there, with
    # the presented document: the registered one unless it was substituted)
    arrived_on: dt.date | None = None
    checked_at: dt.datetime | None = None
    presented: dict | None = None


@contextmanager
def _dated(*models) -> Iterator[None]:
    """Let bulk_create keep the `created_at`/`applied_at` given (auto_now_add would write today's time). It changes
    the model fields for the whole process while it lasts: fine for the demo loader, which runs alone in its process
    (a command or a test's fixture); never call it from a request."""
    fields = [f for m in models for f in m._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def _events(model, rows: list[dict]) -> None:
    model.objects.bulk_create([model(**row) for row in rows], batch_size=500)


def clearances_backfill(*, acting_user, agency_user, officer, past: list[PastDeployment]) -> int:
    """Write `past` in bulk (see the module's docstring); returns the number of clearances written."""
    if acting_user is not None:  # the demo loader only (the system); no page, API or command reaches it
        raise PermissionDenied()
    if any(p.outcome not in OUTCOMES for p in past):
        raise ValueError(f"outcome must be one of {OUTCOMES}")
    for p in past:
        _check_reports(p)
    if not past:
        return 0
    country = node.identity().country
    agency = agency_user.organisation
    checked: dict = {}  # one real check of the terms per job order, its result kept for each worker's version
    with transaction.atomic(), _dated(Worker, Contract, Clearance, ClearanceEvent, ContractEvent, ClearanceFact,
                                      DestinationReport):
        workers = Worker.objects.bulk_create([Worker(
            full_name=p.full_name, name_key=name_key(p.full_name), date_of_birth=p.date_of_birth, sex=p.sex,
            nationality_id=country, passport_number=crypto.normalise_identifier(p.passport_number),
            passport_index=crypto.blind_index(p.passport_number, purpose="passport"),
            passport_expiry=p.decided_at.date() + dt.timedelta(days=3650), recorded_by=agency,
            created_at=p.applied_at - dt.timedelta(days=40)) for p in past], batch_size=500)
        batch = uuid.uuid4().hex[:12]
        contracts = Contract.objects.bulk_create([Contract(
            reference=f"tmp-{batch}-{i}", worker=w, agency=agency, job_order_id=p.job_order_id, status=ContractStatus.REGISTERED,
            submitted_by=agency_user, created_at=p.applied_at - dt.timedelta(days=30),
            registered_at=p.applied_at - dt.timedelta(days=28)) for i, (w, p) in enumerate(zip(workers, past, strict=True))],
            batch_size=500)
        for c in contracts:
            c.reference = f"{country}-CTR-{c.registered_at:%Y}-{c.pk:07d}"
        Contract.objects.bulk_update(contracts, ["reference"], batch_size=500)
        records, versions = [], []
        for c, p in zip(contracts, past, strict=True):
            terms = terms_of(p.document)
            shape = p.job_order_id  # the job order's terms; the worker, the dates and signatures are the worker's
            if shape not in checked:
                checked[shape] = contract_check(acting_user=None, doc=terms, source=CheckSource.REGISTER)
            _result, template = checked[shape]
            text = interchange.canonical_json(terms).decode("utf-8")
            digest = interchange.content_hash(terms)
            records.append(CheckRecord(
                content_hash=digest, rulesets=template.rulesets, findings=template.findings,
                compliant=template.compliant, violations=template.violations, not_checked=template.not_checked,
                lang=template.lang, source=CheckSource.REGISTER, checked_at=c.created_at, checked_by=agency_user))
            versions.append(ContractVersion(
                contract=c, number=1, document=text, content_hash=digest, status=VersionStatus.REGISTERED,
                submitted_by=agency_user, submitted_at=c.created_at, decided_by=officer, decided_at=c.registered_at,
                registered_at=c.registered_at, signature=jws_sign({
                    "reference": c.reference, "version": 1, "content_hash": digest,
                    "registered_at": c.registered_at.isoformat().replace("+00:00", "Z"), "node": country,
                    "contract": text}, typ=SIGNATURE_TYPE)))
        for record, version in zip(CheckRecord.objects.bulk_create(records, batch_size=500), versions, strict=True):
            version.check_record = record
        versions = ContractVersion.objects.bulk_create(versions, batch_size=500)
        _events(ContractEvent, [
            row for v in versions for row in (
                {"contract": v.contract, "version": v, "actor": agency_user, "action": "submit",
                 "to_status": VersionStatus.SUBMITTED, "created_at": v.submitted_at},
                {"contract": v.contract, "version": v, "actor": officer, "action": "approve",
                 "from_status": VersionStatus.SUBMITTED, "to_status": VersionStatus.REGISTERED,
                 "created_at": v.registered_at})])

        public = crypto.node_private_key().public_key()
        key_id = crypto.key_id(public)
        clearances = []
        for c, w, p in zip(contracts, workers, past, strict=True):
            granted = p.outcome != "refuse"
            status = {"grant": ClearanceStatus.GRANTED, "depart": ClearanceStatus.DEPARTED,
                      "refuse": ClearanceStatus.REFUSED, "halt": ClearanceStatus.HALTED}[p.outcome]
            departure = p.decided_at.date() + dt.timedelta(days=30)
            clearances.append(Clearance(
                reference=f"tmp-{c.pk}", contract=c, worker=w, agency=agency, employer_id=p.employer_id,
                employer_name=(p.document.get("employer") or {}).get("name", "")[:200],
                destination_id=p.document["corridor"]["destination"], departure_date=departure, status=status,
                status_reason=p.reason, applied_by=agency_user, applied_at=p.applied_at, decided_by=officer,
                decided_at=p.decided_at, issued_at=p.decided_at if granted else None,
                expires_at=(dt.datetime.combine(departure, dt.time.min, tzinfo=dt.UTC) + GRACE) if granted else None,
                key_id=key_id if granted else "", token="(signed below)" if granted else "",
                halted_at=p.later_at if p.outcome == "halt" else None,
                departed_at=p.later_at if p.outcome == "depart" else None))
        clearances = Clearance.objects.bulk_create(clearances, batch_size=500)
        for clearance, c, v, w in zip(clearances, contracts, versions, workers, strict=True):
            clearance.reference = f"{country}-CLR-{clearance.applied_at:%Y}-{clearance.pk:07d}"
            if clearance.issued_at is not None:
                clearance.token = certificate.sign(certificate.claims(
                    issuer=country, key_id=key_id, reference=clearance.reference, worker_name=w.full_name,
                    passport_number=w.passport_number or "", nationality=country,
                    destination=clearance.destination_id, employer=clearance.employer_name,
                    contract_reference=c.reference, content_hash=v.content_hash,
                    departure_by=clearance.departure_date, issued_at=clearance.issued_at.replace(microsecond=0),
                    expires_at=clearance.expires_at))
        Clearance.objects.bulk_update(clearances, ["reference", "token"], batch_size=500)
        facts = {FactKind.ORIENTATION: ("PDOS-H-%06d", None), FactKind.WELFARE_FUND: ("OWWA-H-%06d", 730),
                 FactKind.INSURANCE: ("POL-H-%06d", 760)}
        ClearanceFact.objects.bulk_create([ClearanceFact(
            clearance=cl, kind=kind, document_reference=pattern % cl.pk, recorded_by=agency_user,
            recorded_by_organisation=agency, recorded_at=cl.applied_at + dt.timedelta(hours=2),
            valid_until=cl.applied_at.date() + dt.timedelta(days=days) if days else None)
            for cl in clearances for kind, (pattern, days) in facts.items()], batch_size=500)
        rows = []
        for cl, p in zip(clearances, past, strict=True):
            def row(action, before, after, at, actor, reason="", cl=cl):
                return {"clearance": cl, "actor": actor, "action": action, "from_status": before, "to_status": after,
                        "reason": reason, "created_at": at, "effective_date": at.date()}
            rows.append(row("apply", "", ClearanceStatus.APPLIED, p.applied_at, agency_user))
            if p.outcome == "refuse":
                rows.append(row("refuse", ClearanceStatus.APPLIED, ClearanceStatus.REFUSED, p.decided_at, officer,
                                p.reason))
                continue
            rows.append(row("grant", ClearanceStatus.APPLIED, ClearanceStatus.GRANTED, p.decided_at, officer))
            if p.outcome == "depart":
                rows.append(row("depart", ClearanceStatus.GRANTED, ClearanceStatus.DEPARTED, p.later_at, officer))
            if p.outcome == "halt":
                rows.append(row("halt", ClearanceStatus.GRANTED, ClearanceStatus.HALTED, p.later_at, officer,
                                p.reason))
        _events(ClearanceEvent, rows)
        reports = _reports(clearances, contracts, versions, past)
        audit.record(actor=acting_user, action="clearance.backfill", object_type="clearance.Clearance",
                     detail={"clearances": len(clearances), "demo": True, "destination_reports": reports,
                             "from": min(p.applied_at for p in past).date().isoformat(),
                             "until": max(p.decided_at for p in past).date().isoformat()})
    return len(clearances)


def _check_reports(p: PastDeployment) -> None:
    """ValueError when the destination's reports could not have been so: only for a departure, in order, not later
    than now."""
    if p.arrived_on is None:
        if p.checked_at is not None or p.presented is not None:
            raise ValueError("a contract check needs the arrival")
        return
    if p.outcome != "depart" or p.later_at is None or p.arrived_on < p.later_at.date():
        raise ValueError("an arrival follows the departure")
    now = timezone.now()
    if p.arrived_on > now.date() or (p.checked_at is not None and not p.arrived_on <= p.checked_at.date() <= now.date()):
        raise ValueError("a contract check follows the arrival, and neither is in the future")
    if (p.checked_at is None) != (p.presented is None):
        raise ValueError("a contract check has the presented document, and only a check has one")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11, 0), tzinfo=dt.UTC)


def _reports(clearances, contracts, versions, past) -> int:
    """The destination's reports of the departed deployments, as `reports.py` keeps them when they arrive."""
    rows, arrived = [], []
    for cl, c, v, p in zip(clearances, contracts, versions, past, strict=True):
        if p.arrived_on is None:
            continue
        destination = cl.destination_id
        at = _at(p.arrived_on)
        rows.append(DestinationReport(
            clearance=cl, kind="arrival.recorded", peer_country=destination, reported_at=at, received_at=at,
            body={"clearance_reference": cl.reference, "arrived_on": p.arrived_on.isoformat(), "at": _z(at)}))
        cl.arrived_on = p.arrived_on
        arrived.append(cl)
        if p.checked_at is None:
            continue
        presented = terms_of(p.presented)
        result = compare(terms_of(p.document), presented)
        rows.append(DestinationReport(
            clearance=cl, kind="contract.checked", peer_country=destination, substituted=result["substituted"],
            changes=result["changes"], reported_at=p.checked_at, received_at=p.checked_at, body={
                "clearance_reference": cl.reference, "contract_reference": c.reference,
                "registered_hash": v.content_hash, "presented_hash": interchange.content_hash(presented),
                "substituted": result["substituted"], "changes": result["changes"], "at": _z(p.checked_at)}))
    DestinationReport.objects.bulk_create(rows, batch_size=500)
    Clearance.objects.bulk_update(arrived, ["arrived_on"], batch_size=500)
    return len(rows)


def _z(at: dt.datetime) -> str:
    return at.replace(microsecond=0).isoformat().replace("+00:00", "Z")
