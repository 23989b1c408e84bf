"""An urgent complaint from a worker halts their departure clearance; an ordinary one does not."""

from corridor.cases import services as case_services
from corridor.clearance.choices import ClearanceStatus


def _file(officer, worker, grievances):
    return case_services.complaint_file(
        acting_user=officer, grievances=grievances, respondents=[{"role": "employer", "name": "Al Noor Home Services"}],
        nationality="PH", country_where="PH", narrative="The agency keeps me in a house and I cannot leave.",
        worker=worker, complainant={"full_name": worker.full_name},
    )


def test_an_urgent_complaint_halts_the_workers_clearance(granted, officer):
    _file(officer, granted.worker, ["confinement"])
    granted.refresh_from_db()
    assert granted.status == ClearanceStatus.HALTED
    assert "urgent complaint" in granted.events.last().reason


def test_a_complaint_that_is_not_urgent_leaves_the_clearance_alone(granted, officer):
    case_services.complaint_file(
        acting_user=officer, grievances=["unfair_dismissal"], respondents=[{"role": "employer", "name": "Al Noor"}],
        nationality="PH", country_where="PH", narrative="I was told to go home.", worker=granted.worker,
        complainant={"full_name": granted.worker.full_name},
    )
    granted.refresh_from_db()
    assert granted.status == ClearanceStatus.GRANTED


def test_a_halt_that_failed_is_made_by_the_sweep_and_the_complaint_stands(granted, officer, monkeypatch):
    """The complaint is filed even if clearance cannot react at once; the stored event halts the clearance later."""
    from datetime import timedelta

    from corridor.clearance import services as clearance_services
    from corridor.core import events
    from corridor.core.models import DomainEvent

    real = clearance_services.clearance_halt_for
    monkeypatch.setattr(clearance_services, "clearance_halt_for", lambda **kw: (_ for _ in ()).throw(RuntimeError("db busy")))
    filed = _file(officer, granted.worker, ["confinement"])
    granted.refresh_from_db()
    assert filed.case.pk and granted.status == ClearanceStatus.GRANTED
    event = DomainEvent.objects.get(name="case.marked_urgent")
    assert event.done_at is None and event.attempts == 1
    monkeypatch.setattr(clearance_services, "clearance_halt_for", real)
    events.sweep(now=event.next_attempt_at + timedelta(seconds=1))
    granted.refresh_from_db()
    assert granted.status == ClearanceStatus.HALTED
    event.refresh_from_db()
    assert event.done_at is not None
