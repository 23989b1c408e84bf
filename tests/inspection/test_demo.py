"""The demo: on a destination node, plans, a finished visit with findings and a sanction; on an origin, a notice."""

import pytest

from corridor.inspection.models import Plan, RiskScore, Sanction, SanctionNotice, Visit

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


@pytest.mark.parametrize("demo_context", ["SA"], indirect=True)
def test_destination_demo(demo_context):
    ctx = demo_context
    assert Plan.objects.count() == 2 and Visit.objects.filter(plan__isnull=False).exists()
    visit = ctx.extra["inspection_visit"]
    assert visit.status == "completed" and visit.findings.count() == 3 and visit.interviews.count() == 1
    assert Sanction.objects.filter(visit=visit, kind="fine").exists()
    # the cases demo's complaints reached the scores through the domain events, beside the demo's own signals
    assert RiskScore.objects.filter(worksite__isnull=False, score__gt=0).count() == 5
    assert RiskScore.objects.filter(breakdown__case_grievance__points__gt="0.00").exists()


def test_origin_demo(demo_context):
    assert SanctionNotice.objects.filter(source_country="SA").count() == 1
    assert not Visit.objects.exists()
