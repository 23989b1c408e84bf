"""The demo's statistics page shows a year of figures for the demo corridor, made through the real events and the
product's rebuild (the demo is loaded once for the module: tests/conftest.py `demo_context`)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from corridor.indicators import selectors
from corridor.indicators.models import CostSample
from corridor.indicators.suppression import THRESHOLD

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


def _past_twelve_months() -> list[str]:
    first = timezone.localdate().replace(day=1)
    months = []
    for _i in range(12):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(f"{first:%Y-%m}")
    return sorted(months)


def _published_figures(table: dict):
    for row in table["rows"]:
        yield from row["cells"].values()
        yield row["total"]
    yield from table["totals"].values()
    yield table["grand"]


def test_demo_indicators(demo_context):
    assert CostSample.objects.count() > 400
    returns = selectors.published(names=["returns_by_destination"])["returns_by_destination"]
    assert len(returns["months"]) >= 12
    sa = next(c for c in selectors.recruitment_costs() if c.destination == "SA" and c.basis == "debrief")
    assert sa.sample > 300 and sa.mean_pct is not None
    page = Client().get(reverse("indicators:public"))
    assert page.status_code == 200 and page.content.decode().count("<svg") >= 3


def test_the_demo_shows_twelve_months_of_deployments_and_publishes_no_small_cell(demo_context):
    tables = selectors.published()
    year = _past_twelve_months()
    by_destination = tables["deployments_by_destination"]
    assert set(year) <= set(by_destination["months"])
    sa = next(row for row in by_destination["rows"] if row["key"] == "SA")  # the demo corridor: PH to SA
    assert all(sa["cells"][month] is not None and sa["cells"][month] >= THRESHOLD for month in year)
    assert all(by_destination["totals"][month] >= THRESHOLD for month in year)
    for name in ("deployments_by_sex", "deployments_by_age", "deployments_by_occupation", "deployments_by_sector"):
        cells = [row["cells"].get(month) for row in tables[name]["rows"] for month in year]
        assert sum(1 for c in cells if c is not None and c >= THRESHOLD) >= 12, name  # a year of published cells
    assert tables["refusals_by_destination"]["grand"] >= THRESHOLD
    # nothing between 1 and the threshold leaves the node, in any table
    for name, table in tables.items():
        small = [v for v in _published_figures(table) if v is not None and 0 < v < THRESHOLD]
        assert small == [], name
    page = Client().get(reverse("indicators:public")).content.decode()
    assert all(month in page for month in year[-3:])


def test_the_demo_shows_a_year_of_complaints_and_of_the_welfare_fund(demo_context):
    """The backfilled year of the other apps (cases, welfare, reintegration, the destination's contract checks:
    docs/indicators.md, "The demo"): most of the twelve
    months published in every table that counts them, and no small figure (the test above)."""
    tables = selectors.published()
    year = _past_twelve_months()
    least = {"complaints_by_grievance": 12, "complaints_by_indicator": 12, "first_response_days": 12,
             "resolutions_by_country": 9, "resolution_days": 9, "claims_by_currency": 9, "recoveries_by_currency": 9,
             "welfare_claims_by_benefit": 9, "repatriations_by_destination": 9, "reintegration_outcomes": 11,
             "contract_checks_by_destination": 10}
    for name, months in least.items():
        published = [m for m in year if (tables[name]["totals"].get(m) or 0) >= THRESHOLD]
        assert len(published) >= months, (name, published)
    assert tables["complaints_by_grievance"]["grand"] > 500
    unpaid = next(row for row in tables["complaints_by_grievance"]["rows"] if row["key"] == "unpaid_wages")
    assert all((unpaid["cells"].get(m) or 0) >= THRESHOLD for m in year)
    assert tables["substitutions_by_destination"]["grand"] >= THRESHOLD  # the year's substituted contracts
    helped = next(row for row in tables["reintegration_outcomes"]["rows"] if row["key"] == "helped")
    assert sum(1 for m in year if (helped["cells"].get(m) or 0) >= THRESHOLD) >= 6
