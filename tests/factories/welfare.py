"""Welfare fund records, made through the welfare services."""

import datetime as dt

import factory

from corridor.welfare import services
from corridor.welfare.models import Membership
from tests.factories.accounts import WorkerFactory


class MembershipFactory(factory.Factory):
    """A membership with its contribution paid and posted. Defaults: the Philippines' OWWA, US$25 paid by the employer
    at a recorded rate (the fund keeps pesos)."""

    class Meta:
        model = Membership

    acting_user = None
    worker = factory.SubFactory(WorkerFactory)
    fund_id = "ph-owwa"
    contract_months = 24
    starts_on = factory.LazyFunction(lambda: dt.date(2026, 1, 15))
    payer = "employer"
    amount = "25.00"
    currency = "USD"
    exchange_rate = "58.25"
    rate_source = "BSP reference rate (test)"
    destination = "SA"
    receipt = factory.Sequence(lambda n: f"OR-{n:06d}")
    source = "clearance"
    clearance_reference = ""

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.membership_start(**kwargs)
