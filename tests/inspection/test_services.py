"""A visit from checklist to sanction: findings, evidence, confidential interviews, orders that escalate, sanctions
that reach the registry and the origin through the exchange."""

import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command
from django.utils import timezone

from corridor.core.errors import InvalidInput, NotFound
from corridor.core.models import AuditEntry, Notification
from corridor.exchange.models import OutboundMessage, Peer, PeerGrant
from corridor.inspection import messages, selectors, services
from corridor.inspection.choices import OrderStatus, RiskFactor, VisitStatus
from corridor.inspection.errors import (
    ChecklistIncomplete,
    ChecklistItemUnknown,
    DeadlineInvalid,
    EvidenceRejected,
    NotAnInspector,
    OrderTransitionNotAllowed,
    SanctionInvalid,
    VisitNotInProgress,
    VisitTransitionNotAllowed,
)
from corridor.inspection.models import Finding, Order, RiskSignal, SanctionNotice
from corridor.registry.models import WatchlistEntry
from tests.factories.accounts import OrganisationFactory, UserFactory, WorkerFactory, verified
from tests.factories.inspection import VisitFactory, WorksiteFactory, answer_all, inspector
from tests.factories.registry import EmployerFactory

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def officer():
    return inspector()


@pytest.fixture
def visit(officer):
    return VisitFactory(acting_user=officer, start=True)


def test_an_answer_is_saved_step_by_step_and_a_no_opens_a_finding(officer, visit):
    services.checklist_answer(acting_user=officer, visit=visit, item="doc.held", answer="no", note="Passports in a safe")
    services.checklist_answer(acting_user=officer, visit=visit, item="doc.held", answer="no", note="Passports in a safe")
    finding = Finding.objects.get(visit=visit)
    assert (finding.topic, finding.severity, finding.description) == ("documents", "critical", "Passports in a safe")
    services.checklist_answer(acting_user=officer, visit=visit, item="doc.held", answer="yes")
    assert not Finding.objects.filter(visit=visit).exists()
    assert visit.answers.get(item="doc.held").answer == "yes"


def test_a_question_off_the_sectors_checklist_is_refused(officer):
    visit = VisitFactory(acting_user=officer, start=True, worksite=WorksiteFactory(sector="hospitality"))
    with pytest.raises(ChecklistItemUnknown):
        services.checklist_answer(acting_user=officer, visit=visit, item="fd.adequate", answer="yes")
    with pytest.raises(ChecklistItemUnknown):
        services.checklist_answer(acting_user=officer, visit=visit, item="no.such", answer="yes")
    assert not visit.answers.exists()


def test_answers_only_while_in_progress_and_complete_needs_every_answer(officer):
    visit = VisitFactory(acting_user=officer)
    with pytest.raises(VisitNotInProgress):
        services.checklist_answer(acting_user=officer, visit=visit, item="wt.hours", answer="yes")
    visit = services.visit_start(acting_user=officer, visit=visit)
    services.checklist_answer(acting_user=officer, visit=visit, item="wt.hours", answer="yes")
    with pytest.raises(ChecklistIncomplete):
        services.visit_complete(acting_user=officer, visit=visit)
    answer_all(visit, officer)
    visit = services.visit_complete(acting_user=officer, visit=visit, summary="All well")
    assert visit.status == VisitStatus.COMPLETED and visit.completed_at is not None
    with pytest.raises(VisitTransitionNotAllowed):
        services.visit_start(acting_user=officer, visit=visit)


def test_only_an_inspectorate_officer_inspects(visit):
    ministry = verified(UserFactory(role="destination_officer", organisation=OrganisationFactory(kind="ministry", country="SA")))
    with pytest.raises(NotAnInspector):
        services.checklist_answer(acting_user=ministry, visit=visit, item="wt.hours", answer="yes")
    with pytest.raises(NotFound):  # the lifecycle's scope: another organisation's officer does not find it
        services.visit_close(acting_user=ministry, visit=visit)


def test_evidence_is_typed_by_content_and_stored_encrypted(officer, visit):
    finding = services.finding_add(acting_user=officer, visit=visit, topic="housing", severity="serious",
                                   description="Twelve beds in one room")
    evidence = services.evidence_add(acting_user=officer, finding=finding, name="room.png", data=PNG)
    assert evidence.content_type == "image/png"
    raw = (services.EVIDENCE.root() / evidence.storage_name).read_bytes()
    assert PNG not in raw and services.EVIDENCE.load(evidence.storage_name) == PNG
    with pytest.raises(EvidenceRejected):
        services.evidence_add(acting_user=officer, finding=finding, name="room.png", data=b"MZ\x90\x00 not a picture")
    with pytest.raises(EvidenceRejected):
        services.evidence_add(acting_user=officer, finding=finding, name="room.pdf", data=PNG)
    assert finding.evidence.count() == 1


def test_interviews_are_for_inspectors_only_and_every_read_is_logged(officer, visit):
    worker = WorkerFactory(full_name="Maria Interviewed Santos")
    services.interview_record(acting_user=officer, visit=visit, worker=worker, interviewee="Maria Interviewed Santos",
                              notes="Works 14 hours a day")
    assert "Maria" not in str(AuditEntry.objects.filter(action="interview.record").get().detail)
    assert [i.notes for i in selectors.interview_list(user=officer, visit=visit)] == ["Works 14 hours a day"]
    assert AuditEntry.objects.filter(action="interview.view", is_read=True).count() == 1
    auditor = verified(UserFactory(role="auditor", organisation=OrganisationFactory(kind="ministry", country="SA")))
    with pytest.raises(NotFound):
        selectors.interview_list(user=auditor, visit=visit)


def _completed(officer, **kw):
    visit = VisitFactory(acting_user=officer, start=True, **kw)
    answer_all(visit, officer, no={"wg.paid_on_time"})
    return services.visit_complete(acting_user=officer, visit=visit)


def test_completion_turns_findings_into_risk_signals(officer):
    visit = _completed(officer)
    signal = RiskSignal.objects.get(factor=RiskFactor.FINDING)
    assert (signal.employer_id, signal.worksite_id, signal.magnitude) == (visit.employer_id, visit.worksite_id, 3)


def test_orders_have_deadlines_and_escalate_when_missed(officer):
    visit = _completed(officer)
    with pytest.raises(DeadlineInvalid):
        services.order_issue(acting_user=officer, visit=visit, requirement="Pay", due_on=timezone.localdate())
    order = services.order_issue(acting_user=officer, visit=visit, requirement="Pay the arrears",
                                 due_on=timezone.localdate() + timedelta(days=14), finding=visit.findings.first())
    assert order.status == OrderStatus.OPEN
    assert services.order_escalate_overdue() == []
    later = timezone.now() + timedelta(days=20)
    [escalated] = services.order_escalate_overdue(now=later)
    assert escalated.status == OrderStatus.ESCALATED and escalated.escalated_at == later
    assert services.order_escalate_overdue(now=later) == []
    assert RiskSignal.objects.filter(factor=RiskFactor.ORDER_OVERDUE, source_ref=f"order:{order.pk}").exists()
    assert Notification.objects.filter(kind="inspection.escalation", about=order.reference).exists()
    follow_up = services.order_follow_up(acting_user=officer, order=escalated)
    assert follow_up.follow_up_of_id == order.pk and follow_up.kind == "follow_up"
    verified_order = services.order_verify(acting_user=officer, order=escalated, reason="Paid, payslips seen")
    assert verified_order.status == OrderStatus.COMPLIED
    with pytest.raises(OrderTransitionNotAllowed):
        services.order_withdraw(acting_user=officer, order=verified_order, reason="x")


def test_the_employer_is_notified_of_an_order(officer):
    organisation = OrganisationFactory(kind="employer", country="SA", name="Builder Co")
    employer = EmployerFactory(name="Builder Co", organisation=organisation)
    visit = _completed(officer, worksite=WorksiteFactory(employer=employer))
    order = services.order_issue(acting_user=officer, visit=visit, requirement="Return the passports",
                                 due_on=timezone.localdate() + timedelta(days=7))
    assert Notification.objects.filter(organisation=organisation, kind="inspection.order", about=order.reference).exists()


def test_sanctions_follow_the_scale(officer):
    visit = _completed(officer)
    with pytest.raises(SanctionInvalid):
        services.sanction_issue(acting_user=officer, visit=visit, kind="fine", amount="100001", reason="Arrears")
    with pytest.raises(SanctionInvalid):
        services.sanction_issue(acting_user=officer, visit=visit, kind="closure", days=31, reason="Unsafe")
    with pytest.raises(SanctionInvalid):
        services.sanction_issue(acting_user=officer, visit=visit, kind="flogging", reason="x")
    fine = services.sanction_issue(acting_user=officer, visit=visit, kind="fine", amount="150000", workers_concerned=2,
                                   reason="Wages unpaid for two workers")
    assert fine.amount == Decimal("150000") and fine.currency == "SAR" and "229" in fine.legal_basis


@pytest.mark.django_db(transaction=True)
def test_a_sanction_reaches_the_registry_as_the_officer_decided():
    officer = inspector()
    visit = _completed(officer)
    services.sanction_issue(acting_user=officer, visit=visit, kind="closure", days=30, reason="Locked dormitory",
                            watchlist=True, reject_employer=True)
    entry = WatchlistEntry.objects.get(employer=visit.employer)
    assert entry.evidence_reference.startswith("inspection:S-")
    visit.employer.refresh_from_db()
    assert visit.employer.status == "rejected"
    # and the registry's own event came back as a risk signal of the employer
    assert RiskSignal.objects.filter(employer=visit.employer, factor=RiskFactor.WATCHLIST,
                                     source_ref=f"watchlist:{entry.pk}").exists()


@pytest.mark.django_db(transaction=True)
def test_a_warning_leaves_the_registry_alone():
    officer = inspector()
    visit = _completed(officer)
    services.sanction_issue(acting_user=officer, visit=visit, kind="warning", reason="Payslips missing")
    assert not WatchlistEntry.objects.filter(employer=visit.employer).exists()
    visit.employer.refresh_from_db()
    assert visit.employer.status == "verified"


def test_a_sanction_goes_to_the_origin_nodes_and_the_origin_keeps_it(officer, monkeypatch):
    from corridor.inspection.services import sanctions

    peer = Peer.objects.create(country_id="PH", url="http://ph.invalid", name="PH")
    PeerGrant.objects.create(peer=peer, direction="send", kind="inspection.sanction")
    monkeypatch.setattr(sanctions, "origins_of_workers", lambda **kw: {"PH": 3, "NP": 1})  # NP: no peer
    visit = _completed(officer)
    sanction = services.sanction_issue(acting_user=officer, visit=visit, kind="fine", amount="5000", reason="Arrears")
    assert sanction.notified_countries == ["PH"]
    message = OutboundMessage.objects.get(kind="inspection.sanction")
    body = sanctions._body(sanction, 3)
    assert message.peer == peer
    # what the origin does with it (the handler registered for the kind)
    schema = json.loads((Path(__file__).resolve().parents[2] / "spec" / "exchange" / "kinds"
                         / "inspection.sanction.schema.json").read_text())
    jsonschema.validate(body, schema)  # the message keeps its published schema
    messages.handle_sanction(peer, body)
    messages.handle_sanction(peer, body)
    notice = SanctionNotice.objects.get()
    assert (notice.source_country, notice.kind, notice.amount, notice.our_workers) == ("PH", "fine", Decimal("5000"), 3)
    with pytest.raises(InvalidInput):
        messages.handle_sanction(peer, {**body, "reference": "S-X", "kind": "nonsense"})


def test_the_escalate_and_scores_commands(officer):
    visit = _completed(officer)
    order = services.order_issue(acting_user=officer, visit=visit, requirement="Pay",
                                 due_on=timezone.localdate() + timedelta(days=1))
    Order.objects.filter(pk=order.pk).update(due_on=timezone.localdate() - timedelta(days=1))  # test-only: time passes
    out = StringIO()
    call_command("inspection", "escalate", stdout=out)
    assert f"escalated {order.reference}" in out.getvalue()
    call_command("inspection", "scores", stdout=out)
    assert "score(s) computed." in out.getvalue()


def test_the_uae_scale_cites_its_fines_and_leaves_the_rest_to_the_officer(officer):
    from corridor.inspection.services.sanctions import scale_for

    scale = scale_for("AE")
    assert scale["currency"] == "AED" and "63" in scale["fine"]["legal_basis"]
    assert scale["warning"]["legal_basis"] == "" and scale["closure"]["legal_basis"] == ""  # not verified: no citation
    assert scale_for("QA") is scale_for("XX")  # Qatar: not verified, the default scale
    employer = EmployerFactory(name="Emirates Build", country="AE")
    visit = _completed(officer, worksite=WorksiteFactory(employer=employer))
    with pytest.raises(SanctionInvalid):  # below art. 63's least
        services.sanction_issue(acting_user=officer, visit=visit, kind="fine", amount="4999", reason="Payslips")
    with pytest.raises(SanctionInvalid):  # above the most, which the number of workers does not multiply here
        services.sanction_issue(acting_user=officer, visit=visit, kind="fine", amount="1000001", workers_concerned=3,
                                reason="Payslips")
    fine = services.sanction_issue(acting_user=officer, visit=visit, kind="fine", amount="5000", reason="Payslips")
    assert fine.currency == "AED" and "art. 63" in fine.legal_basis
    closure = services.sanction_issue(acting_user=officer, visit=visit, kind="closure", days=10, reason="Unsafe",
                                      legal_basis="Typed by the officer")
    assert closure.legal_basis == "Typed by the officer"


def test_a_death_or_injury_found_on_a_visit_is_published_and_checked(officer, visit):
    from corridor.core.models import DomainEvent

    worker = WorkerFactory()
    with pytest.raises(InvalidInput):  # a death is a critical finding
        services.finding_add(acting_user=officer, visit=visit, topic="safety", severity="serious",
                             description="Fall from scaffolding", casualty="death", worker=worker)
    with pytest.raises(InvalidInput):
        services.finding_add(acting_user=officer, visit=visit, topic="safety", severity="critical",
                             description="Fall", casualty="drowned")
    with pytest.raises(InvalidInput):  # a worker named without a death or an injury
        services.finding_add(acting_user=officer, visit=visit, topic="safety", severity="critical",
                             description="Fall", worker=worker)
    with pytest.raises(InvalidInput):
        services.finding_add(acting_user=officer, visit=visit, topic="safety", severity="critical", description="Fall",
                             casualty="injury", occurred_on=timezone.localdate() + timedelta(days=1))
    assert not DomainEvent.objects.filter(name="inspection.death_or_injury_found").exists()
    ordinary = services.finding_add(acting_user=officer, visit=visit, topic="safety", severity="serious",
                                    description="No harness")
    assert ordinary.casualty == "" and not DomainEvent.objects.filter(name="inspection.death_or_injury_found").exists()
    day = timezone.localdate() - timedelta(days=2)
    found = services.finding_add(acting_user=officer, visit=visit, topic="safety", severity="critical",
                                 description="A worker fell from the scaffolding", casualty="accidental_death",
                                 worker=worker, occurred_on=day)
    event = DomainEvent.objects.get(name="inspection.death_or_injury_found")
    assert event.payload == {"pk": found.pk, "worker_id": worker.pk, "employer_id": visit.employer_id,
                             "kind": "accidental_death", "on": day.isoformat()}
    entry = AuditEntry.objects.filter(action="finding.add").latest("seq")
    assert entry.detail["casualty"] == "accidental_death" and worker.full_name not in str(entry.detail)
