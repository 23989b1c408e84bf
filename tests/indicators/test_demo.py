"""The demo's statistics page shows a year of figures for the demo corridor, made through the real events."""

import pytest
from django.test import Client
from django.urls import reverse

from corridor.core import demo
from corridor.indicators import selectors
from corridor.indicators.models import CostSample

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


def test_demo_indicators(settings):
    settings.CORRIDOR_RECEIPT_SCRYPT_N = 2**10
    demo.load()
    assert CostSample.objects.count() > 400
    returns = selectors.published(names=["returns_by_destination"])["returns_by_destination"]
    assert len(returns["months"]) >= 12
    sa = next(c for c in selectors.recruitment_costs() if c.destination == "SA" and c.basis == "debrief")
    assert sa.sample > 300 and sa.mean_pct is not None
    page = Client().get(reverse("indicators:public"))
    assert page.status_code == 200 and page.content.decode().count("<svg") >= 3
