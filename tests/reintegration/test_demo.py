"""The demo has returned workers with plans (an overdue follow-up, a skills certificate), a year of past returns with
their follow-ups (for the statistics), and a hometown association with an approved project under way and a rejected
proposal; every lifecycle record agrees with its events."""

import pytest

from corridor.core import lifecycle
from corridor.reintegration import selectors, services
from corridor.reintegration.models import Proposal, Return, SkillCertificate
from corridor.welfare import selectors as welfare_selectors

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


def test_demo_reintegration(demo_context):
    ctx = demo_context
    backfilled = Return.objects.filter(events__detail__backfill=True)  # the statistics' year (indicators demo)
    assert backfilled.count() > 400
    current = Return.objects.exclude(pk__in=backfilled.values("pk"))
    assert current.count() == 3 and current.filter(plan__isnull=False).count() == 2
    assert Return.objects.filter(clearance_reference__gt="", status="supported").exists()
    assert SkillCertificate.objects.count() == 1
    assert selectors.all_follow_ups_due(until=ctx.extra["reintegration_return"].returned_on.replace(year=2100)).exists()
    assert Proposal.objects.filter(status="approved").count() == 1
    assert Proposal.objects.get(status="rejected").decision_reason
    ledger = services.ledger_for(ctx.extra["reintegration_project"].currency).id
    assert welfare_selectors.unbalanced_transactions(fund=ledger) == []
    assert welfare_selectors.trial_balance(fund=ledger)["total"] == 0
    for spec in lifecycle.registered():
        if spec.model.startswith("reintegration."):
            assert list(lifecycle.verify(spec)) == []
