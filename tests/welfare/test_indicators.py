"""The statistics' welfare tables on hand-counted records: claims filed with the fund by month of filing and benefit
(two burial claims and a natural-death claim), and repatriations by month of the worker's return and the destination
left (one completed, one still on its way: not counted); the rebuild from the records gives the same cells."""

import datetime as dt

import pytest
from django.utils import timezone

from corridor.indicators import services as indicators
from corridor.indicators.models import Tally
from corridor.welfare import services
from tests.factories.welfare import MembershipFactory

pytestmark = pytest.mark.django_db
TABLES = ("welfare_claims_by_benefit", "repatriations_by_destination")


def cells():
    return {(t, p, k): n for t, p, k, n in Tally.objects.filter(table__in=TABLES)
            .values_list("table", "period", "key", "count")}


def test_claims_and_repatriations_are_counted(fund_officer, attache):
    members = [MembershipFactory(acting_user=fund_officer) for _i in range(3)]
    for member, benefit in zip(members, ["burial", "burial", "death_natural"], strict=True):
        services.claim_file(acting_user=fund_officer, membership=member, benefit=benefit, claimant_kind="next_of_kin",
                            event_date=member.starts_on + dt.timedelta(days=30),
                            filed_on=member.starts_on + dt.timedelta(days=40))
    home, away = (services.repatriation_request(acting_user=attache, membership=m, reason="Stranded.")
                  for m in members[:2])
    for repatriation in (home, away):
        repatriation = services.repatriation_approve(acting_user=fund_officer, repatriation=repatriation,
                                                     travel_on=timezone.localdate())
    services.repatriation_record_return(acting_user=fund_officer, repatriation=home, returned_on=timezone.localdate())
    month = f"{timezone.now():%Y-%m}"  # the month the claims were filed and the return recorded
    got = cells()
    assert got == {("welfare_claims_by_benefit", month, "burial"): 2,
                   ("welfare_claims_by_benefit", month, "death_natural"): 1,
                   ("repatriations_by_destination", month, "SA"): 1}
    Tally.objects.all().delete()
    indicators.indicators_rebuild(acting_user=None)
    assert cells() == got
