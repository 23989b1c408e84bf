"""Know before you go: every line traces to a rule, a data row, a record or a page of the node; the page in every
shipped language, without JavaScript."""

import csv
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from corridor.core import hotlines
from corridor.guidance import know, localise, remittance, selectors, services
from corridor.registry import selectors as registry_selectors
from corridor.rules.loader import default_catalogue
from tests.factories.accounts import WorkerUserFactory, signed_in_client
from tests.factories.registry import JobOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def costs():
    """The Saudi corridors of the shipped file (what these pages need), rows unchanged."""
    lines = remittance.BUNDLED.read_text(encoding="utf-8").splitlines()
    saudi = [line for line in lines[1:] if ",SAU," in line]
    services.remittance_costs_load(acting_user=None, data="\n".join([lines[0], *saudi]).encode(), filename="sa.csv")


def _resolve(source: dict, rule_ids: set[str]) -> bool:
    kind = source["kind"]
    if kind == "rule":
        return source["id"] in rule_ids
    if kind == "page":
        return source["url"].startswith("/")
    if kind == "data" and source["file"] == know.MINIMUM_WAGES.name:
        with know.MINIMUM_WAGES.open(encoding="utf-8") as handle:
            return 2 <= source["line"] <= len(handle.readlines())
    if kind == "data" and source["file"] == "hotlines.toml":
        return any(c["phone"] == source["phone"] for c in hotlines.for_country(source["country"]))
    if kind == "record" and source["model"] == "guidance.remittancecost":
        return any(q.period == source["period"] for q in selectors.remittance_costs(source["origin"], source["destination"]))
    if kind == "record" and source["model"] == "registry.agency":
        return registry_selectors.agency_by_id(source["pk"]) is not None
    return False


def test_every_line_traces_to_a_rule_or_a_data_row(costs):
    rule_ids = {rule.id for rule in default_catalogue().rules()}
    guide = selectors.guide_get(origin="NP", destination="SA", isco="9111")
    assert guide.sector == "domestic_work"
    assert guide.rights and guide.fees and guide.documents and guide.contacts and guide.remittance and guide.complain
    for line in guide.lines():
        assert line["text"] and _resolve(line["source"], rule_ids), line
    # rights come from rules of the rulesets that apply to Nepal -> Saudi Arabia for domestic work, with citations
    applied = {s["id"] for s in (line["source"] for line in guide.rights)}
    assert any(rid.startswith("sa.") for rid in applied) and any(rid.startswith("ilo.") for rid in applied)
    assert not any(rid == "sa.hours-daily" for rid in applied)  # the Labor Law excludes domestic work (Art. 7)
    assert all(line["cite"]["instrument"] for line in guide.rights)


def test_minimum_wage_from_ilostat_only_where_no_rule_gives_one(costs):
    guide = selectors.guide_get(origin="NP", destination="SA", isco="9111")
    rule_wages = [line for line in guide.wages if line["source"]["kind"] == "rule"]
    ilostat = [line for line in guide.wages if line["source"]["kind"] == "data"]
    assert bool(rule_wages) != bool(ilostat)
    if ilostat:
        with know.MINIMUM_WAGES.open(encoding="utf-8") as handle:
            row = list(csv.DictReader(handle))[ilostat[0]["source"]["line"] - 2]
        assert row["iso3"] == "SAU" and localise.number(row["minimum_wage_monthly_local"]) in ilostat[0]["text"]
        assert "ILOSTAT" in ilostat[0]["text"]


def test_remittance_lines_against_the_data_file(costs):
    guide = selectors.guide_get(origin="NP", destination="SA", isco="9111")
    # SAU -> NPL 2020Q3 = 4.1267 and 2019Q3 = 4.5957 in the file
    assert "4.13%" in guide.remittance[0]["text"] and "2020Q3" in guide.remittance[0]["text"]
    assert "above the 3%" in guide.remittance[1]["text"] and "%%" not in guide.remittance[1]["text"]
    assert "2019Q3" in guide.remittance[2]["text"] and "4.6%" in guide.remittance[2]["text"]


def test_remittance_lines_write_every_figure_in_the_readers_digits(costs):
    with translation.override("bn"):
        lines = selectors.guide_get(origin="NP", destination="SA", isco="9111").remittance
    assert lines and not any(re.search(r"[0-9]", line["text"]) for line in lines), lines
    assert "২০০" in lines[0]["text"] and "২০২০" in lines[0]["text"]  # USD 200, 2020Q3


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["4,000", "1,234.50", "December 4, 2026"]),
    ("hi", ["4,000", "1,234.50", "4 दिसंबर 2026"]),  # CLDR: hi writes Latin digits by default, Indian grouping
    ("id", ["4.000", "1.234,50", "4 Desember 2026"]),
    ("bn", ["৪,০০০", "১,২৩৪.৫০", "৪ ডিসেম্বর, ২০২৬"]),  # CLDR default numbering system: beng
    ("ne", ["४,०००", "१,२३४.५०", "२०२६ डिसेम्बर ४"]),  # deva
    ("my", ["၄,၀၀၀", "၁,၂၃၄.၅၀", "၂၀၂၆ ဒီဇင်ဘာ ၄"]),  # mymr
])
def test_numbers_and_dates_in_the_readers_locale(lang, expected):
    import datetime as dt

    assert [localise.number(4000, lang), localise.number("1234.5", lang, places=2),
            localise.date(dt.date(2026, 12, 4), lang)] == expected
    assert localise.number("1234567.5", "hi", places=2) == "12,34,567.50"
    assert localise.year(2024, "bn") == "২০২৪"


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_page_in_every_shipped_language_without_javascript(client, costs, lang):
    response = client.get(reverse("guidance:guide", args=["SA", "9111"]), {"lang": lang})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html and response["Content-Language"] == lang
    assert "<script" not in html
    assert len(response.content) < 60_000
    assert html.count('data-source="') >= 10
    if lang in ("bn", "ne", "my"):  # CLDR's default numbering system there is not Latin: the guide's figures follow it
        assert not re.search(r"[0-9]\.[0-9]+%", html) and re.search(localise.digits("[0-9]", lang) + "%", html)


def test_unknown_destination_or_occupation_is_not_found(client):
    assert client.get(reverse("guidance:guide", args=["ZZ", "9111"])).status_code == 404
    assert client.get(reverse("guidance:guide", args=["SA", "0000"])).status_code == 404
    assert client.get(reverse("guidance:guide", args=[settings.CORRIDOR_COUNTRY, "9111"])).status_code == 404


def test_index_offers_destinations_and_sends_to_the_guide(client):
    page = client.get(reverse("guidance:index"))
    assert page.status_code == 200 and 'value="SA"' in page.content.decode()
    chosen = client.get(reverse("guidance:index"), {"destination": "sa", "occupation": "9111"})
    assert chosen.status_code == 302 and chosen["Location"] == reverse("guidance:guide", args=["SA", "9111"])


def test_home_links_the_index(client):
    assert reverse("guidance:index") in client.get(reverse("core:home")).content.decode()


def test_agencies_recruiting_for_the_destination_and_occupation_come_from_the_job_board():
    order = JobOrderFactory(approve=True)  # a licensed agency, a verified Saudi employer, 9111, approved
    guide = selectors.guide_get(origin="PH", destination=order.country_id, isco="9111")
    records = [line for line in guide.agencies if line["source"]["kind"] == "record"]
    assert [line["source"]["pk"] for line in records] == [order.agency_id]
    assert records[0]["text"] == order.agency.name
    assert guide.agencies[-1]["source"] == {"kind": "page", "url": reverse("registry:verify")}
    other = selectors.guide_get(origin="PH", destination=order.country_id, isco="7112")
    assert not [line for line in other.agencies if line["source"]["kind"] == "record"]


def test_worker_page_shows_the_cost_on_their_corridor(costs, monkeypatch):
    client = signed_in_client(WorkerUserFactory())
    page = client.get(reverse("guidance:mine")).content.decode()
    assert reverse("guidance:index") in page  # no granted clearance yet: the guide's index instead
    # the corridor comes from the worker's granted clearance (clearance selectors); here stood in for
    monkeypatch.setattr(selectors, "my_corridor", lambda *, user: ("PH", "SA", "9111"))
    page = client.get(reverse("guidance:mine")).content.decode()
    assert "3.59%" in page and "2020Q3" in page  # SAU,PHL,2020Q3,3.59 in the data file
    assert "above the 3%" in page and "Costs by provider are not in this data set" in page
    assert reverse("guidance:guide", args=["SA", "9111"]) in page


def test_contacts_are_the_checked_list_with_their_caveats(client):
    """Every contact shown is a row of the curated hotlines file (nothing invented, no crowd-sourced number), each
    one not read on an official page says so, and the page carries the list's caveat and the attaché advice."""
    guide = selectors.guide_get(origin="NP", destination="SA", isco="9111")
    held = {(c["country"], c["phone"]): c for country in ("SA", "NP") for c in hotlines.for_country(country)}
    assert {(line["country"], line["note"]) for line in guide.contacts} == set(held)
    for line in guide.contacts:
        assert bool(line["caveat"]) == (held[(line["country"], line["note"])].get("confidence") != "official")
    assert any(line["caveat"] for line in guide.contacts) and guide.contacts_note
    html = client.get(reverse("guidance:guide", args=["SA", "9111"]), {"lang": "en"}).content.decode()
    assert "Reported by the press quoting the agency" in html and "check them again when you arrive" in html
    assert "ask your agency or the labour office for the attach" in html
