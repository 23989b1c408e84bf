"""Bulk import of agencies, sub-agents and employers, staged so that it is all or nothing."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from corridor.accounts.choices import OrganisationKind
from corridor.accounts.models import Organisation
from corridor.core import audit, node
from corridor.core.lifecycle import require as _require
from corridor.registry import names
from corridor.registry.choices import (
    EmployerStatus,
    LicenceStatus,
    VerifiedBy,
)
from corridor.registry.models import (
    Agency,
    Employer,
    ImportRun,
    Licence,
    LicenceEvent,
    RecruiterBlock,
    SubAgent,
)
from corridor.registry.services._common import _today, _user


def registry_import(*, acting_user, kind: str, rows: list[dict], batch_size: int = 1000, progress=None) -> dict[str, int]:
    """Write rows that `registry.transfer.check_rows` has passed, all or nothing, without holding the write lock long.

    An `ImportRun` is opened; the rows go in as that run's, *staged* (the default managers of agencies, sub-agents and
    employers hide them, so no page, search or API sees them), `batch_size` rows (with their organisations, name keys,
    licences and licence events) per short transaction, so other writers of the node go on between batches. When every
    batch is in, one short transaction publishes the run (an UPDATE of the `staged` flag by run) and writes its one
    audit entry. If a batch fails, the run's rows are deleted (also in short transactions) and the error goes up; if the
    process dies, `registry_import_cleanup` (run at the start of every import and by `corridor registry
    import-cleanup`) deletes them later. Returns the counts.
    """
    for action in {"agencies": ["agency.apply", "licence.decide"], "subagents": ["subagent.register"],
                   "employers": ["employer.register", "employer.verify"]}[kind]:
        _require(acting_user, action)
    actor = _user(acting_user)
    registry_import_cleanup()
    run = ImportRun.objects.create(kind=kind, rows=len(rows), actor=actor)
    counts: dict[str, int] = {}
    ids: dict[str, list[int]] = {}
    try:
        employer_keys: dict[str, int] = {}
        linked: list[Employer] = []
        for start in range(0, len(rows), batch_size):
            chunk = rows[start:start + batch_size]
            plan, chunk_linked = _import_plan(kind, chunk, actor=actor, run=run)
            with transaction.atomic():
                for table, model, objects in plan:
                    if model in (RecruiterBlock, LicenceEvent):  # nothing refers to these rows: a plain executemany
                        _insert(model, objects, batch_size)
                    else:
                        _bulk(model, objects, batch_size)
                    counts[table] = counts.get(table, 0) + len(objects)
                    if objects:
                        ids.setdefault(table, [objects[0].pk, objects[-1].pk])[1] = objects[-1].pk
                ImportRun.objects.filter(pk=run.pk).update(written=start + len(chunk), heartbeat_at=timezone.now())
            if kind == "employers":
                employer_keys.update({e.registration_key: e.pk for e in plan[1][2]})
                linked += chunk_linked
            if progress:
                progress(len(chunk))
        # Principals: one earlier in the file (staged with this run), or one already in the registry.
        for start in range(0, len(linked), batch_size):
            chunk = linked[start:start + batch_size]
            for employer in chunk:
                employer.principal_id = employer_keys.get(employer._principal_key) or Employer.objects.filter(
                    registration_key=employer._principal_key).values_list("pk", flat=True).first()
            with transaction.atomic():
                Employer._base_manager.bulk_update(chunk, ["principal"], batch_size=batch_size)
        with transaction.atomic():  # the publication: short whatever the size of the run
            for model in _IMPORT_ROOTS[kind]:
                model._base_manager.filter(import_run=run, staged=True).update(staged=False)
            ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.PUBLISHED, counts=counts, finished_at=timezone.now())
            audit.record(actor=acting_user, action="registry.import", object_type="registry.import", object_id=run.pk,
                         to_state="imported", detail={"kind": kind, "run": run.pk, "counts": counts, "ids": ids})
    except BaseException as exc:
        ImportRun.objects.filter(pk=run.pk, status=ImportRun.STAGED).update(
            status=ImportRun.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        _import_discard(run.pk, batch_size)
        raise
    return counts


_IMPORT_ROOTS = {"agencies": [Agency], "subagents": [SubAgent], "employers": [Employer]}


IMPORT_STALE_AFTER = timedelta(minutes=15)  # a staged run with no batch written for this long has died


def registry_import_cleanup(*, stale_after=None, batch_size: int = 1000) -> list[int]:
    """Delete the rows of every import run that failed, or that died (staged, no batch written for `stale_after`),
    in short transactions, and mark those runs aborted. A run that is still writing is left alone. Returns the runs."""
    cutoff = timezone.now() - (IMPORT_STALE_AFTER if stale_after is None else stale_after)
    runs = list(ImportRun.objects.filter(Q(status=ImportRun.FAILED) | Q(status=ImportRun.STAGED, heartbeat_at__lte=cutoff))
                .exclude(finished_at__isnull=False, status=ImportRun.ABORTED).values_list("pk", flat=True))
    for run_id in runs:
        _import_discard(run_id, batch_size)
    return runs


def _import_discard(run_id: int, batch_size: int = 1000) -> None:
    """Delete a run's staged rows (never a published one's), a batch per transaction, then mark the run aborted."""
    while True:
        with transaction.atomic():
            agencies = list(Agency._base_manager.filter(import_run_id=run_id, staged=True)
                            .values_list("pk", "organisation_id")[:batch_size])
            if not agencies:
                break
            agency_ids = [a for a, _o in agencies]
            LicenceEvent.objects.filter(licence__agency_id__in=agency_ids)._raw_delete(LicenceEvent.objects.db)
            Licence.objects.filter(agency_id__in=agency_ids)._raw_delete(Licence.objects.db)
            RecruiterBlock.objects.filter(agency_id__in=agency_ids)._raw_delete(RecruiterBlock.objects.db)
            Agency._base_manager.filter(pk__in=agency_ids)._raw_delete(Agency.objects.db)
            Organisation.objects.filter(pk__in=[o for _a, o in agencies])._raw_delete(Organisation.objects.db)
    while True:
        with transaction.atomic():
            sub_ids = list(SubAgent._base_manager.filter(import_run_id=run_id, staged=True).values_list("pk", flat=True)[:batch_size])
            if not sub_ids:
                break
            RecruiterBlock.objects.filter(subagent_id__in=sub_ids)._raw_delete(RecruiterBlock.objects.db)
            SubAgent._base_manager.filter(pk__in=sub_ids)._raw_delete(SubAgent.objects.db)
    with transaction.atomic():  # staged employers may name each other as principal: unlink first
        Employer._base_manager.filter(import_run_id=run_id, staged=True).update(principal=None)
    while True:
        with transaction.atomic():
            employers = list(Employer._base_manager.filter(import_run_id=run_id, staged=True)
                             .values_list("pk", "organisation_id")[:batch_size])
            if not employers:
                break
            Employer._base_manager.filter(pk__in=[e for e, _o in employers])._raw_delete(Employer.objects.db)
            Organisation.objects.filter(pk__in=[o for _e, o in employers])._raw_delete(Organisation.objects.db)
    ImportRun.objects.filter(pk=run_id).exclude(status=ImportRun.PUBLISHED).update(
        status=ImportRun.ABORTED, finished_at=timezone.now())


def _import_plan(kind: str, rows: list[dict], *, actor, run) -> tuple[list[tuple[str, type, list]], list]:
    """The records of some rows (and their name keys, the slow part), built in memory with no lock held, staged in
    `run`; in the order they are inserted. Also the employers whose principal is linked after every batch is in."""
    today = _today()
    staged = {"import_run": run, "staged": True}
    if kind == "agencies":
        country = node.identity().country
        orgs = [Organisation(name=r["name"], kind=OrganisationKind.RECRUITMENT_AGENCY, country_id=country) for r in rows]
        agencies = [Agency(organisation=o, name=r["name"], name_key=names.name_key(r["name"]).key[:200],
                           address=r["address"], registration_number=r.get("registration_number", ""),
                           email=r.get("email", ""), phone=r.get("phone", ""),
                           bond_amount=Decimal(r["bond_amount"]) if r.get("bond_amount") else None,
                           bond_currency_id=(r.get("bond_currency", "").upper() or None) if r.get("bond_amount") else None,
                           **staged)
                    for o, r in zip(orgs, rows, strict=True)]
        blocks = [RecruiterBlock(key=key, agency=a) for a in agencies for key in names.filed_keys(a.name)]
        licences, licence_events = [], []
        for agency, r in zip(agencies, rows, strict=True):
            if r.get("licence_number"):
                valid_from, valid_until = date.fromisoformat(r["valid_from"]), date.fromisoformat(r["valid_until"])
                licence = Licence(agency=agency, status=LicenceStatus.ACTIVE, number=r["licence_number"],
                                  number_key=names.normalise_identifier(r["licence_number"]), valid_from=valid_from,
                                  valid_until=valid_until, conditions=r.get("conditions", ""), status_date=valid_from,
                                  status_reason="Imported from the national registry")
            else:
                licence = Licence(agency=agency, status=LicenceStatus.APPLIED)
            licences.append(licence)
            licence_events.append(LicenceEvent(licence=licence, action="apply", to_status=LicenceStatus.APPLIED,
                                       effective_date=today, actor=actor))
            if licence.status == LicenceStatus.ACTIVE:
                licence_events.append(LicenceEvent(licence=licence, action="grant", from_status=LicenceStatus.APPLIED,
                                           to_status=LicenceStatus.ACTIVE, reason=licence.status_reason,
                                           effective_date=licence.valid_from, actor=actor,
                                           detail={"number": licence.number, "valid_until": str(licence.valid_until)}))
        return [("organisations", Organisation, orgs), ("agencies", Agency, agencies), ("recruiter_index", RecruiterBlock, blocks),
                ("licences", Licence, licences), ("licence_events", LicenceEvent, licence_events)], []
    if kind == "subagents":
        numbers = {names.normalise_identifier(r["agency_licence_number"]) for r in rows}
        agency_of = dict(Licence.objects.filter(number_key__in=numbers).values_list("number_key", "agency_id"))
        subagents = []
        for r in rows:
            agency_id = agency_of[names.normalise_identifier(r["agency_licence_number"])]
            number = r.get("registration_number") or f"SA-{agency_id}-{secrets.token_hex(3).upper()}"
            subagents.append(SubAgent(agency_id=agency_id, full_name=r["full_name"], name_key=names.name_key(r["full_name"]).key[:200],
                                      locality=r["locality"], phone=r.get("phone", ""), registration_number=number,
                                      registration_key=names.normalise_identifier(number), **staged))
        blocks = [RecruiterBlock(key=key, subagent=s) for s in subagents for key in names.filed_keys(s.full_name)]
        return [("subagents", SubAgent, subagents), ("recruiter_index", RecruiterBlock, blocks)], []
    now = timezone.now()
    orgs = [Organisation(name=r["name"], kind=OrganisationKind.EMPLOYER, country_id=r["country"].upper()) for r in rows]
    employers, linked = [], []
    for org, r in zip(orgs, rows, strict=True):
        verified = r.get("verified", "").lower() in {"1", "yes", "true", "verified"}
        employer = Employer(
            organisation=org, name=r["name"], name_key=names.name_key(r["name"]).key[:200], country_id=r["country"].upper(),
            registration_number=r["registration_number"], registration_key=names.normalise_identifier(r["registration_number"]),
            address=r["address"], status=EmployerStatus.VERIFIED if verified else EmployerStatus.PENDING, **staged,
            **({"verification_note": "Verified before import into Corridor", "verified_at": now,
                "verified_by_kind": VerifiedBy.DESTINATION_NODE, "verified_by": actor} if verified else {}))
        employers.append(employer)
        key = names.normalise_identifier(r.get("principal_registration_number", ""))
        if key:
            employer._principal_key = key
            linked.append(employer)
    return [("organisations", Organisation, orgs), ("employers", Employer, employers)], linked


def _insert(model, objects: list, batch_size: int) -> None:
    """Insert rows whose primary keys nobody needs, without the ORM's per-object machinery (several times faster)."""

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objects:
        for field in fields:
            if field.is_relation and field.is_cached(obj):
                setattr(obj, field.attname, getattr(obj, field.name).pk if getattr(obj, field.name) else None)
            elif getattr(field, "auto_now_add", False) and getattr(obj, field.attname) is None:
                setattr(obj, field.attname, now)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch_size):
            cursor.executemany(sql, [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                                     for obj in objects[start:start + batch_size]])


def _bulk(model, objects: list, batch_size: int, progress=None) -> list:
    """bulk_create in batches (primary keys are set on the objects: SQLite and PostgreSQL return them)."""
    for start in range(0, len(objects), batch_size):
        chunk = objects[start:start + batch_size]
        for obj in chunk:  # bulk_create does not copy the related objects' new keys onto the foreign key columns
            for field in model._meta.concrete_fields:
                if field.is_relation and field.is_cached(obj):
                    setattr(obj, field.attname, getattr(obj, field.name).pk if getattr(obj, field.name) else None)
        model.objects.bulk_create(chunk, batch_size=batch_size)
        if progress:
            progress(len(chunk))
    return objects
