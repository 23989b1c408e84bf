"""The public statistics page, its downloads and API: aggregates only, suppressed; charts with their tables; the
SDG 10.7.1 figure with its sample size and method; Arabic right to left."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from corridor.indicators import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def returns(db):
    """Twelve debriefed returns from Saudi Arabia in March (costs 0 to 1100 SAR on 1500 SAR a month), three from Qatar."""
    for i in range(12):
        services.debrief_record(reference=f"RD-SA-{i}", origin="PH", destination="SA", recruitment_cost=str(100 * i),
                                cost_currency="SAR", monthly_earnings="1500", earnings_currency="SAR",
                                returned_on="2026-03-10")
    for i in range(3):
        services.debrief_record(reference=f"RD-QA-{i}", origin="PH", destination="QA", recruitment_cost="900",
                                cost_currency="QAR", monthly_earnings="1200", earnings_currency="QAR",
                                returned_on="2026-04-02")


def test_the_public_page_shows_charts_with_their_tables_and_suppresses_small_cells(returns):
    page = Client().get(reverse("indicators:public"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") >= 2 and "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in html and "<caption>" in html  # each chart has its data table
    assert "×" in html  # Qatar's three returns are hidden
    # SDG 10.7.1 for PH→SA: mean of 0/1500 .. 1100/1500 = 550/1500 = 36.7 %; twelve debriefs; Qatar suppressed
    assert "36.7 %" in html and "ILO and World Bank" in html


def test_the_downloads_hold_aggregates_only_with_the_suppressed_cells_empty(returns):
    rows = list(csv.DictReader(io.StringIO(Client().get(reverse("indicators:download-csv")).content.decode())))
    returned = [r for r in rows if r["table"] == "returns_by_destination"]
    by = {(r["key"], r["period"]): r["count"] for r in returned}
    assert by[("SA", "2026-03")] == "12"
    assert by[("QA", "2026-04")] == ""  # suppressed: three people
    assert set(rows[0]) == {"node", "table", "key", "period", "count", "amount"}
    body = Client().get(reverse("indicators:download-json")).json()
    assert {r["count"] for r in body["rows"] if r["key"] == "QA"} == {None}
    dictionary = Client().get(reverse("indicators:dictionary")).json()
    assert dictionary["threshold"] == 10 and "returns_by_destination" in dictionary["tables"]


def test_the_api_serves_the_same_published_tables(returns):
    client = Client()
    table = client.get("/api/v1/indicators/tables/returns_by_destination").json()
    qa = next(r for r in table["rows"] if r["key"] == "QA")
    assert qa["total"] is None and table["threshold"] == 10
    assert client.get("/api/v1/indicators/tables/no_such_table").status_code == 404
    sdg = client.get("/api/v1/indicators/sdg").json()
    corridor = next(c for c in sdg["sdg_10_7_1"] if c["destination"] == "SA" and c["basis"] == "debrief")
    assert corridor["sample"] == 12 and corridor["mean_pct"] == "36.7"
    assert next(c for c in sdg["sdg_10_7_1"] if c["destination"] == "QA" and c["basis"] == "debrief")["mean_pct"] is None


def test_the_page_reads_right_to_left_in_arabic(returns):
    with translation.override("ar"):
        page = Client(headers={"accept-language": "ar"}).get(reverse("indicators:public"), HTTP_ACCEPT_LANGUAGE="ar")
    html = page.content.decode()
    assert 'dir="rtl"' in html
    assert '<figure dir="ltr">' in html  # the chart's axes keep their reading order
