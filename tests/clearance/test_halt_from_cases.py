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
