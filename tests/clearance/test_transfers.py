"""A way out (issue 16): a worker asks to change employer at the destination; the law (rules/transfer.toml) decides
what it can, the employer is asked only when that law needs its consent, refusals are appealable, every step has a
time limit, and the new employment is checked before the worker's record moves on. The origin is told.

One database plays the destination (as in test_exchange.py): the origin's signed records are received as a peer's.
"""

import copy
import datetime as dt

import pytest
from django.utils import timezone

from corridor.accounts.choices import Role
from corridor.clearance import selectors, services
from corridor.clearance.errors import (
    NewEmploymentInvalid,
    StayRightOpen,
    TransferAppealLate,
    TransferConsentPending,
    TransferInvalid,
    TransferLawRefuses,
    TransferOpen,
)
from corridor.clearance.lifecycles import TRANSFER
from corridor.clearance.models import Employment, StayRight, TransferRequest
from corridor.clearance.services._common import _contract_registered_body
from corridor.core import crypto, lifecycle, node
from corridor.core.errors import NotFound, PermissionDenied, TransitionNotAllowed
from corridor.core.models import DomainEvent, Notification
from tests.conftest import verified

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def as_destination(monkeypatch):
    from corridor.exchange.models import Peer, PeerGrant, PeerKey

    public = crypto.node_private_key().public_key()
    ph = Peer.objects.create(country_id="PH", url="http://ph.invalid")
    PeerKey.objects.create(peer=ph, key_id=crypto.key_id(public), public_key=crypto.b64url(crypto.public_key_raw(public)))
    PeerGrant.objects.create(peer=ph, direction="send", kind="transfer.decided")
    real = node.identity()
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity("SA", "Saudi Arabia", "SA node", real.url))
    return ph


def destination(monkeypatch, country):
    real = node.identity()
    monkeypatch.setattr(node, "identity", lambda: node.NodeIdentity(country, country, f"{country} node", real.url))


@pytest.fixture
def worker_user(make_user):
    return make_user(Role.WORKER)


@pytest.fixture
def arrival(granted, as_destination, inspector, worker_user):
    from tests.factories.accounts import WorkerFactory

    services.peer_contract_receive(peer=as_destination, body=_contract_registered_body(granted))
    record = services.peer_clearance_receive(peer=as_destination, body={"reference": granted.reference, "token": granted.token})
    arrival = services.arrival_record(acting_user=inspector, clearance=record, arrived_on=D(2023, 1, 1))
    worker = WorkerFactory(full_name="Maria Luisa Santos", nationality="PH", sex="F", passport_number="P7654321B")
    worker.user = worker_user
    worker.save(update_fields=["user"])
    return services.arrival_worker_link(acting_user=inspector, arrival=arrival, worker=worker)


@pytest.fixture
def employer_user(make_user, employer):
    from corridor.accounts.models import Organisation

    organisation = employer.organisation or Organisation.objects.create(name=employer.name, kind="employer", country_id="SA")
    if employer.organisation_id is None:
        type(employer).objects.filter(pk=employer.pk).update(organisation=organisation)
    return verified(make_user(Role.EMPLOYER_STAFF, organisation=organisation))


def ask(arrival, user, **kw):
    values = {"ground": "none", "sector": "general", "contract_start": D(2023, 1, 1), "request_date": D(2024, 6, 1)}
    values.update(kw)
    return services.transfer_request(acting_user=user, arrival=arrival, **values)


def assert_valid(kind, body):
    """The body validates against spec/exchange/kinds/<kind>.schema.json (tests/exchange/payloads.py does the same on
    the protocol branch)."""
    import json
    from pathlib import Path

    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[2] / "spec" / "exchange" / "kinds" / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(body)


def sent_bodies(kind):
    """The bodies of the queued messages of `kind`, read from their signed form."""
    from corridor.core import signing
    from corridor.exchange.models import OutboundMessage

    own = crypto.node_private_key().public_key()
    return [signing.jws_verify(m.token, {crypto.key_id(own): own})[1]["body"]
            for m in OutboundMessage.objects.filter(kind=kind).order_by("created_at", "sequence")]


def rules(transfer):
    return [r["rule"] for r in transfer.decision["reasons"]]


def published(name):
    return [e.payload for e in DomainEvent.objects.filter(name=name).order_by("id")]


# --- the law applied per destination, with the law's own examples (tests/rules/test_transfer.py) ----------------


def test_sa_after_twelve_months_no_consent_ninety_days_notice(arrival, worker_user):
    t = ask(arrival, worker_user)
    assert (t.allowed, t.needs_employer_consent, t.notice_days, t.earliest_date) == (True, False, 90, D(2024, 8, 30))
    assert rules(t) == ["sa.transfer-first-year", "sa.transfer-notice"] and t.law_version
    assert t.status == "requested" and t.reference.startswith("TR-SA-2024-")
    assert t.old_employer_name == arrival.clearance.employer_name
    assert published("transfer.requested")[0]["ground"] == "none"


def test_sa_first_year_needs_consent_and_listed_grounds_waive_it(arrival, worker_user, inspector):
    t = ask(arrival, worker_user, request_date=D(2023, 6, 1))
    assert t.allowed is None and t.needs_employer_consent is True
    with pytest.raises(TransferConsentPending):
        services.transfer_accept(acting_user=inspector, transfer=t)
    services.transfer_withdraw(acting_user=worker_user, transfer=t, reason="Another ground")
    waived = ask(arrival, worker_user, request_date=D(2023, 2, 1), ground="unpaid_wages")
    assert (waived.allowed, waived.needs_employer_consent, waived.notice_days) == (True, False, 0)
    assert rules(waived) == ["sa.transfer-unpaid-wages"]


def test_sa_domestic_worker_is_not_settled_and_says_so(arrival, worker_user, inspector):
    t = ask(arrival, worker_user, sector="domestic")
    assert t.allowed is None and [g["reason"] for g in t.decision["not_checked"]] == ["no_law"]
    with pytest.raises(TransferInvalid) as exc:  # decided by hand only with a reason
        services.transfer_accept(acting_user=inspector, transfer=t)
    assert "reason" in exc.value.fields
    accepted = services.transfer_accept(acting_user=inspector, transfer=t, reason="Checked with the Ministry by hand")
    assert accepted.status == "accepted"


def test_qa_no_consent_one_month_notice_and_employer_breach_waives_it(arrival, worker_user, monkeypatch):
    destination(monkeypatch, "QA")
    t = ask(arrival, worker_user, contract_start=D(2023, 1, 1), request_date=D(2024, 6, 1))
    assert (t.allowed, t.needs_employer_consent, t.notice_days, t.earliest_date) == (True, False, 30, D(2024, 7, 1))
    assert rules(t) == ["qa.transfer-no-consent", "qa.transfer-notice"]
    assert not services.consent_needed(t)
    TransferRequest.objects.filter(pk=t.pk).update(status="withdrawn")
    breach = ask(arrival, worker_user, ground="abuse", case_reference="SA-CASE-2024-0001")
    assert (breach.allowed, breach.notice_days) == (True, 0) and rules(breach) == ["qa.transfer-employer-breach"]


def test_ae_consent_not_decided_notice_thirty_days_and_agreement(arrival, worker_user, employer_user, inspector, monkeypatch):
    destination(monkeypatch, "AE")
    t = ask(arrival, worker_user, contract_start=D(2023, 1, 1), request_date=D(2024, 6, 1))
    assert (t.allowed, t.needs_employer_consent, t.notice_days) == (None, None, 30)
    assert "consent" in {g["subject"] for g in t.decision["not_checked"]}
    services.transfer_withdraw(acting_user=worker_user, transfer=t)
    agreed = ask(arrival, worker_user, ground="mutual_agreement")
    with pytest.raises(TransferConsentPending):
        services.transfer_accept(acting_user=inspector, transfer=agreed, reason="x")
    services.transfer_ask_consent(acting_user=inspector, transfer=agreed)
    agreed = services.transfer_consent_answer(acting_user=employer_user, transfer=agreed, consents=True)
    assert (agreed.allowed, agreed.notice_days) == (True, 0) and rules(agreed) == ["ae.transfer-agreement"]


def test_the_law_explained_in_the_workers_language(arrival, worker_user, client):
    from django.utils import translation

    from corridor.clearance.transfer_explain import explain

    t = ask(arrival, worker_user)
    with translation.override("en"):
        english = explain(t.decision)["reasons"][1]["text"]
    assert english == "The worker gives the current employer 90 days' notice."
    with translation.override("es"):
        spanish = explain(t.decision)["reasons"][1]["text"]
    assert spanish != english and "90" in spanish


# --- consent: the employer's staff never see a request before the law requires them to be asked -----------------


def test_employer_sees_nothing_until_asked_and_only_when_the_law_needs_it(arrival, worker_user, employer_user, inspector):
    t = ask(arrival, worker_user, ground="unpaid_wages", request_date=D(2023, 2, 1))
    assert not selectors.transfer_list(user=employer_user).exists()
    with pytest.raises(TransferInvalid):  # the law does not need its consent: it is never asked
        services.transfer_ask_consent(acting_user=inspector, transfer=t)
    with pytest.raises(NotFound):
        selectors.transfer_get(user=employer_user, reference=t.reference)
    services.transfer_withdraw(acting_user=worker_user, transfer=t)

    needs = ask(arrival, worker_user, request_date=D(2023, 6, 1))
    assert not selectors.transfer_list(user=employer_user).exists()
    assert not Notification.objects.filter(about=f"transfer:{needs.reference}", organisation__isnull=False).exists()
    with pytest.raises(NotFound):  # the employer cannot answer before it is asked
        services.transfer_consent_answer(acting_user=employer_user, transfer=needs, consents=True)
    services.transfer_ask_consent(acting_user=inspector, transfer=needs)
    assert list(selectors.transfer_list(user=employer_user)) == [needs]
    assert Notification.objects.filter(about=f"transfer:{needs.reference}", kind="transfer.consent_asked").exists()
    answered = services.transfer_consent_answer(acting_user=employer_user, transfer=needs, consents=False)
    assert answered.status == "requested" and answered.allowed is False
    with pytest.raises(TransferLawRefuses):
        services.transfer_accept(acting_user=inspector, transfer=answered)


# --- refusal, appeal, acceptance, completion ------------------------------------------------------------------------


def test_refusal_appeal_and_reconsideration(arrival, worker_user, inspector, as_destination):
    t = ask(arrival, worker_user)
    assert lifecycle.available_actions(TRANSFER, t, worker_user) == ["withdraw"]
    with pytest.raises(PermissionDenied):
        services.transfer_accept(acting_user=worker_user, transfer=t)
    with pytest.raises(TransitionNotAllowed):
        services.transfer_appeal(acting_user=worker_user, transfer=t, reason="Not refused yet")
    refused = services.transfer_refuse(acting_user=inspector, transfer=t, reason="Papers missing")
    assert refused.appeal_by == timezone.localdate() + dt.timedelta(days=30)
    assert "appeal" in lifecycle.available_actions(TRANSFER, refused, worker_user)
    appealed = services.transfer_appeal(acting_user=worker_user, transfer=refused, reason="Here are the papers")
    assert appealed.status == "appealed" and appealed.due_at is not None
    accepted = services.transfer_reconsider(acting_user=inspector, transfer=appealed, accept=True, reason="Papers seen")
    assert accepted.status == "accepted" and accepted.old_employment_ends == D(2024, 8, 30)
    assert [e.action for e in accepted.events.all()] == ["request", "refuse", "appeal", "reconsider"]
    payload = published("transfer.accepted")[0]
    assert set(payload) == {"pk", "arrival_id", "old_employer_id", "new_employer_id", "end_date", "ground", "actor_id"}
    assert payload["end_date"] == "2024-08-30" and published("transfer.refused")
    assert lifecycle.verify(TRANSFER) == []  # the stored status agrees with the event log
    bodies = sent_bodies("transfer.decided")
    assert [b["outcome"] for b in bodies] == ["refused", "accepted"]
    for body in bodies:
        assert_valid("transfer.decided", body)


def test_a_second_refusal_cannot_be_appealed_and_late_appeals_are_refused(arrival, worker_user, inspector):
    t = services.transfer_refuse(acting_user=inspector, transfer=ask(arrival, worker_user), reason="No")
    TransferRequest.objects.filter(pk=t.pk).update(appeal_by=timezone.localdate() - dt.timedelta(days=1))
    t.refresh_from_db()
    with pytest.raises(TransferAppealLate):
        services.transfer_appeal(acting_user=worker_user, transfer=t, reason="Late")
    TransferRequest.objects.filter(pk=t.pk).update(appeal_by=timezone.localdate())
    t.refresh_from_db()
    t = services.transfer_appeal(acting_user=worker_user, transfer=t, reason="In time")
    t = services.transfer_reconsider(acting_user=inspector, transfer=t, accept=False, reason="Still no")
    assert t.status == "refused" and t.appeal_by is None
    with pytest.raises(TransferAppealLate):
        services.transfer_appeal(acting_user=worker_user, transfer=t, reason="Again")


def test_one_open_request_per_worker(arrival, worker_user):
    ask(arrival, worker_user)
    with pytest.raises(TransferOpen):
        ask(arrival, worker_user)


def test_abuse_needs_the_case_reference(arrival, worker_user):
    with pytest.raises(TransferInvalid) as exc:
        ask(arrival, worker_user, ground="abuse")
    assert "case_reference" in exc.value.fields and not TransferRequest.objects.exists()


@pytest.fixture
def new_order(officer, agency, inspector, job_order):
    from tests.factories.registry import EmployerFactory, JobOrderFactory

    other = EmployerFactory(name="Riyadh Care Services Co.", registration_number="1010555555", inspector=inspector)
    terms = copy.deepcopy(job_order.offered_terms)
    terms["employer"].update({"name": other.name, "registration_number": "1010555555"})
    return JobOrderFactory(employer=other, agency=agency, workers_needed=5, offered_terms=terms,
                           expires_on=timezone.localdate() + dt.timedelta(days=90), approve=True, officer=officer)


def test_completion_needs_a_job_order_and_a_contract_that_passes_the_check(arrival, worker_user, inspector, new_order,
                                                                            contract_doc, as_destination):
    t = services.transfer_accept(acting_user=inspector, transfer=ask(arrival, worker_user))
    doc = copy.deepcopy(contract_doc)
    doc["employer"].update({"name": new_order.employer.name, "registration_number": "1010555555"})
    with pytest.raises(NewEmploymentInvalid) as exc:
        services.transfer_complete(acting_user=inspector, transfer=t, job_order_reference="JO-NONE", document=doc)
    assert "job_order_reference" in exc.value.fields
    bad = copy.deepcopy(doc)
    bad["wage"]["amount"] = "100.00"
    with pytest.raises(NewEmploymentInvalid) as exc:
        services.transfer_complete(acting_user=inspector, transfer=t, job_order_reference=new_order.reference, document=bad)
    assert any(k.startswith("rule:") for k in exc.value.fields)
    other = copy.deepcopy(doc)
    other["employer"]["registration_number"] = "999"
    with pytest.raises(NewEmploymentInvalid):
        services.transfer_complete(acting_user=inspector, transfer=t, job_order_reference=new_order.reference, document=other)
    assert TransferRequest.objects.get(pk=t.pk).status == "accepted" and not Employment.objects.exists()

    done = services.transfer_complete(acting_user=inspector, transfer=t, job_order_reference=new_order.reference,
                                      document=doc, starts_on=D(2024, 9, 1))
    assert done.status == "completed" and done.new_employer == new_order.employer and done.new_contract_hash
    history = list(Employment.objects.filter(arrival=arrival).order_by("started_on"))
    assert [(e.employer_name, e.ended_on) for e in history] == [(arrival.clearance.employer_name, D(2024, 8, 30)),
                                                                (new_order.employer.name, None)]
    assert services.current_employment(arrival).employer == new_order.employer
    assert published("transfer.completed")[0]["new_employer_id"] == new_order.employer_id
    last = sent_bodies("transfer.decided")[-1]
    assert last["outcome"] == "completed" and last["new_employer_name"] == new_order.employer.name
    assert_valid("transfer.decided", last)


def _accepted_with_doc(arrival, user, inspector, new_order, contract_doc):
    t = services.transfer_accept(acting_user=inspector, transfer=ask(arrival, user))
    doc = copy.deepcopy(contract_doc)
    doc["employer"].update({"name": new_order.employer.name, "registration_number": "1010555555"})
    return t, doc


def test_completion_registers_the_new_contract_and_tells_both_employers(arrival, worker_user, inspector, new_order,
                                                                       contract_doc, employer_user, as_destination):
    from corridor.accounts.models import Organisation
    from corridor.contracts.models import Contract, ContractEvent

    new_staff = Organisation.objects.create(name=new_order.employer.name, kind="employer", country_id="SA")
    type(new_order.employer).objects.filter(pk=new_order.employer_id).update(organisation=new_staff)
    t, doc = _accepted_with_doc(arrival, worker_user, inspector, new_order, contract_doc)
    done = services.transfer_complete(acting_user=inspector, transfer=t, job_order_reference=new_order.reference,
                                      document=doc, starts_on=D(2024, 9, 1))
    reference = TransferRequest.objects.get(pk=done.pk).new_contract_check["contract_reference"]
    contract = Contract.objects.get(reference=reference)
    assert reference.startswith("SA-CTR-") and contract.status == "registered"
    assert contract.worker == arrival.worker and contract.job_order == new_order
    assert contract.agency == new_order.agency.organisation
    version = contract.versions.get()
    assert version.status == "registered" and version.signature and version.content_hash == done.new_contract_hash
    assert list(ContractEvent.objects.filter(contract=contract).order_by("id").values_list("action", flat=True)) == [
        "transfer_submit", "transfer_register"]
    assert published("transfer.completed")[-1]["contract_reference"] == reference

    left = Notification.objects.get(kind="transfer.employer_left")
    joined = Notification.objects.get(kind="transfer.employer_joined")
    assert (left.organisation, left.role, left.params["day"]) == (employer_user.organisation, Role.EMPLOYER_STAFF,
                                                                  "2024-08-30")
    assert (joined.organisation, joined.params["day"], joined.params["contract"]) == (new_staff, "2024-09-01", reference)
    assert joined.params["order"] == new_order.reference
    for note in (left, joined):  # the employers are told the outcome, never who the worker is
        assert arrival.clearance.worker_name not in str(note.params) and not note.link


def test_a_contract_that_fails_registration_completes_nothing(arrival, worker_user, inspector, new_order,
                                                               contract_doc, monkeypatch):
    from corridor.clearance.services import transfers
    from corridor.contracts.models import Contract
    from corridor.contracts.service_errors import ViolationsStand

    t, doc = _accepted_with_doc(arrival, worker_user, inspector, new_order, contract_doc)

    def refuse(**_kw):
        raise ViolationsStand()

    monkeypatch.setattr(transfers, "contract_register_transfer", refuse)
    with pytest.raises(ViolationsStand):
        services.transfer_complete(acting_user=inspector, transfer=t, job_order_reference=new_order.reference,
                                   document=doc)
    assert TransferRequest.objects.get(pk=t.pk).status == "accepted"
    assert not Employment.objects.exists() and not Contract.objects.filter(job_order=new_order).exists()
    assert not Notification.objects.filter(kind__startswith="transfer.employer_").exists()


def test_a_worker_not_linked_here_has_no_contract_to_register_and_it_says_so(arrival, worker_user, inspector,
                                                                              new_order, contract_doc):
    from corridor.clearance.models import Arrival
    from corridor.contracts.models import Contract

    t, doc = _accepted_with_doc(arrival, inspector, inspector, new_order, contract_doc)
    Arrival.objects.filter(pk=arrival.pk).update(worker=None)
    done = services.transfer_complete(acting_user=inspector, transfer=TransferRequest.objects.get(pk=t.pk),
                                      job_order_reference=new_order.reference, document=doc)
    check = TransferRequest.objects.get(pk=done.pk).new_contract_check
    assert done.status == "completed" and check["contract_reference"] is None
    assert check["contract_not_registered"] == "worker_not_linked"
    assert not Contract.objects.filter(job_order=new_order).exists()


# --- time limits ---------------------------------------------------------------------------------------------------------


def test_every_step_has_a_time_limit_and_is_escalated_once(arrival, worker_user, inspector):
    t = ask(arrival, worker_user)
    assert t.due_at is not None
    assert services.transfer_escalate_overdue(now=t.due_at - dt.timedelta(minutes=1)) == []
    late = services.transfer_escalate_overdue(now=t.due_at + dt.timedelta(hours=5))
    assert [x.pk for x in late] == [t.pk]
    assert services.transfer_escalate_overdue(now=t.due_at + dt.timedelta(days=5)) == []
    t.refresh_from_db()
    assert t.escalated_at is not None and t.status == "requested"
    assert Notification.objects.filter(kind="transfer.escalated", recipient=inspector).exists()
    t = services.transfer_accept(acting_user=inspector, transfer=t)  # the next step has its own limit
    assert t.escalated_at is None and t.due_at > timezone.now()


def test_the_command_escalates(arrival, worker_user):
    from io import StringIO

    from django.core.management import call_command

    t = ask(arrival, worker_user)
    TransferRequest.objects.filter(pk=t.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    out = StringIO()
    call_command("clearance", "transfers-escalate", stdout=out)
    assert f"escalated {t.reference}" in out.getvalue() and "1 transfer request(s) escalated." in out.getvalue()


def test_the_periodic_task_escalates(arrival, worker_user):
    from corridor.clearance.tasks import escalate_overdue_transfers

    t = ask(arrival, worker_user)
    TransferRequest.objects.filter(pk=t.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    assert escalate_overdue_transfers.call() == 1


# --- the right to stay while a claim is open --------------------------------------------------------------------------


def test_right_to_stay_recorded_shown_and_ended_when_the_case_is_resolved(arrival, inspector, worker_user):
    from django.db import transaction

    from corridor.core import events

    stay = services.stay_right_record(acting_user=inspector, arrival=arrival, case_reference="SA-CASE-2024-0007",
                                      reason="Unpaid wages claim before the labour court")
    with pytest.raises(StayRightOpen):
        services.stay_right_record(acting_user=inspector, arrival=arrival, case_reference="SA-CASE-2024-0007", reason="x")
    with pytest.raises(PermissionDenied):
        services.stay_right_record(acting_user=worker_user, arrival=arrival, case_reference="X", reason="x")
    assert list(selectors.stay_rights_open(arrival=arrival)) == [stay]
    with transaction.atomic():  # the cases app resolves the claim; its event reaches clearance on commit
        events.publish("case.resolved", pk=1, reference="SA-CASE-2024-0007", nationality="PH", summary="", actor_id=None,
                       parties=[])
    assert StayRight.objects.get(pk=stay.pk).ended_at is not None


# --- the origin stores what the destination decided ---------------------------------------------------------------


def test_origin_stores_transfer_decided_on_the_clearance(granted, signed_in, officer):
    from django.urls import reverse

    from corridor.clearance.errors import PeerRecordInvalid
    from corridor.exchange.models import Peer

    sa = Peer.objects.create(country_id="SA", url="http://sa.invalid")
    body = {"clearance_reference": granted.reference, "transfer_reference": "TR-SA-2026-000001", "outcome": "accepted",
            "ground": "unpaid_wages", "law_allows": True, "law_version": "2026-12-04", "reason": "",
            "old_employment_ends": "2026-12-04", "new_employer_name": None, "at": "2026-12-04T09:00:00Z"}
    report = services.transfer_decided_report_receive(peer=sa, body=body)
    assert report.kind == "transfer.decided" and granted.destination_reports.filter(kind="transfer.decided").exists()
    assert Notification.objects.filter(kind="clearance.transfer", about=f"clearance:{granted.reference}").exists()
    with pytest.raises(PeerRecordInvalid):
        services.transfer_decided_report_receive(peer=sa, body={**body, "outcome": "maybe"})
    page = signed_in(officer).get(reverse("clearance:detail", args=[granted.reference])).content.decode()
    assert "Change of employer accepted" in page and "TR-SA-2026-000001" in page
