"""Remittance costs: the shipped World Bank file, loading (whole or refused whole), the selectors against its rows."""

import csv
from decimal import Decimal

import pytest
from django.core.management import call_command

from corridor.core.models import AuditEntry
from corridor.guidance import errors, remittance, selectors, services
from corridor.guidance.models import RemittanceCost, RemittanceCostFile

pytestmark = pytest.mark.django_db

HEADER = "sending_country,sending_iso3,receiving_country,receiving_iso3,period,avg_total_cost_pct\n"
SHARED = "/work/shared/data/rpw_corridor_avg_total_cost_2011Q1_2020Q3.csv"


def _rows():
    with remittance.BUNDLED.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _load(text: str, name: str = "rpw.csv"):
    return services.remittance_costs_load(acting_user=None, data=text.encode(), filename=name)


@pytest.fixture
def bundled():
    return services.remittance_costs_load(acting_user=None, data=remittance.BUNDLED.read_bytes(), filename="rpw.csv")


def test_shipped_file_parses_whole():
    parsed = remittance.parse(remittance.BUNDLED.read_bytes())
    assert parsed.problems == []
    assert len(parsed.rows) == len(_rows()) == 10417
    # Kosovo and the Netherlands Antilles carry World Bank codes, kept under their ISO alpha-2 forms.
    assert {r.destination for r in parsed.rows if r.destination_iso3 == "KSV"} <= {"XK"}


def test_selectors_against_rows_of_the_file(bundled):
    rows = _rows()
    sau_npl = [r for r in rows if r["sending_iso3"] == "SAU" and r["receiving_iso3"] == "NPL"]
    series = selectors.remittance_costs("NP", "SA")
    assert [(q.period, q.cost_pct) for q in series] == [(r["period"], Decimal(r["avg_total_cost_pct"])) for r in sau_npl]
    latest = selectors.latest_remittance_cost("np", "sa")
    assert (latest.period, latest.cost_pct) == ("2020Q3", Decimal("4.1267"))  # SAU,NPL,2020Q3,4.1267 in the file
    assert latest.cost_usd == Decimal("8.25") and latest.above_sdg_target
    # Every row of the file is held, with its value, whichever corridor.
    for r in rows[::997]:
        held = RemittanceCost.objects.get(destination_iso3=r["sending_iso3"], origin_iso3=r["receiving_iso3"], period=r["period"])
        assert held.cost_pct == Decimal(r["avg_total_cost_pct"])
    # A negative FX margin in the raw data gives a negative cost (PROVENANCE: SAU corridor 2017Q4 = -11.36).
    assert RemittanceCost.objects.filter(cost_pct=Decimal("-11.36"), destination="SA").exists()
    assert selectors.latest_remittance_cost("NP", "FR") is None and selectors.remittance_costs("XX", "YY") == []


def test_summary_compares_with_a_year_before_and_the_sdg_target(bundled):
    summary = selectors.remittance_summary("BD", "SA")
    assert summary.latest.period == "2020Q3" and summary.latest.cost_pct == Decimal("4.0117")
    assert summary.earlier.period == "2019Q3" and summary.earlier.cost_pct == Decimal("3.5114")
    assert summary.change_pct == Decimal("0.5003") and summary.target_pct == 3
    assert selectors.remittance_summary("NP", "FR") is None


def test_same_file_twice_changes_nothing(bundled):
    assert bundled.created and bundled.file.added == 10417
    again = services.remittance_costs_load(acting_user=None, data=remittance.BUNDLED.read_bytes(), filename="copy.csv")
    assert not again.created and again.file.pk == bundled.file.pk
    assert RemittanceCostFile.objects.count() == 1 and RemittanceCost.objects.count() == 10417


def test_newer_file_revises_and_adds_keeps_the_rest():
    _load(HEADER + "Saudi Arabia,SAU,Nepal,NPL,2020Q2,3.88\nSaudi Arabia,SAU,Nepal,NPL,2020Q3,4.1267\n")
    result = _load(HEADER + "Saudi Arabia,SAU,Nepal,NPL,2020Q3,4.0000\nSaudi Arabia,SAU,Nepal,NPL,2020Q4,3.5\n", "newer.csv")
    assert (result.file.added, result.file.changed) == (1, 1)
    assert [(q.period, q.cost_pct) for q in selectors.remittance_costs("NP", "SA")] == [
        ("2020Q2", Decimal("3.88")), ("2020Q3", Decimal("4.0000")), ("2020Q4", Decimal("3.5"))]
    assert AuditEntry.objects.filter(action="remittance_costs.load").count() == 2


@pytest.mark.parametrize(("body", "problem"), [
    ("", "file: empty"),
    ("country,cost\nNepal,3\n", "line 1: the columns must be"),
    (HEADER, "file: no rows"),
    (HEADER + "Saudi Arabia,SAU,Nepal,NPL,2020Q5,3\n", "line 2: period '2020Q5' is not a quarter"),
    (HEADER + "Saudi Arabia,SAU,Nepal,NPL,2020Q3,..\n", "line 2: avg_total_cost_pct '..' is not a percentage"),
    (HEADER + "Saudi Arabia,SAU,Nepal,NPL,2020Q3,120\n", "line 2: avg_total_cost_pct '120' is not a percentage"),
    (HEADER + "Saudi Arabia,SAX,Nepal,NPL,2020Q3,3\n", "line 2: sending_iso3 'SAX' is not an ISO 3166-1 alpha-3 code"),
    (HEADER + "Saudi Arabia,SAU,Nepal,NPL,2020Q3\n", "line 2: 5 fields, expected 6"),
    (HEADER + "Saudi Arabia,SAU,Nepal,NPL,2020Q3,3\nSaudi Arabia,SAU,Nepal,NPL,2020Q3,4\n",
     "line 3: SAU→NPL 2020Q3 is already on line 2"),
])
def test_bad_file_refused_whole_with_specific_problem(body, problem):
    _load(HEADER + "Saudi Arabia,SAU,Nepal,NPL,2019Q1,4.5457\n", "good.csv")
    before = list(RemittanceCost.objects.values_list("period", "cost_pct"))
    bad = body + "Saudi Arabia,SAU,Nepal,NPL,2019Q1,9\n" if body.startswith(HEADER) and body != HEADER else body
    with pytest.raises(errors.RemittanceFileRefused) as refused:
        _load(bad, "bad.csv")
    assert refused.value.code == "guidance.remittance_file_refused"
    assert any(p.startswith(problem) for p in refused.value.fields["file"]), refused.value.fields
    assert list(RemittanceCost.objects.values_list("period", "cost_pct")) == before
    assert RemittanceCostFile.objects.count() == 1


def test_command_loads_refuses_with_exit_2_and_is_idempotent(tmp_path, capsys):
    good = tmp_path / "rpw.csv"
    good.write_text(HEADER + "Saudi Arabia,SAU,Bangladesh,BGD,2020Q3,4.0117\n")
    call_command("guidance", "load-remittance-costs", str(good))
    assert "1 row(s), 1 added, 0 changed" in capsys.readouterr().out
    call_command("guidance", "load-remittance-costs", str(good))
    assert "nothing changed" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Saudi Arabia,SAU,Bangladesh,BGD,2020Q4,4\nSaudi Arabia,SAU,Bangladesh,BGD,2021,4\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("guidance", "load-remittance-costs", str(bad))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "refused" in err and "line 3: period '2021' is not a quarter written YYYYQn" in err
    assert RemittanceCost.objects.count() == 1
    with pytest.raises(SystemExit):
        call_command("guidance", "load-remittance-costs", str(tmp_path / "missing.csv"))


def test_api_gives_the_corridor_by_quarter_against_rows_of_the_file(client):
    _load(HEADER + "Saudi Arabia,SAU,Philippines,PHL,2020Q2,4.014\nSaudi Arabia,SAU,Philippines,PHL,2020Q3,3.59\n")
    body = client.get("/api/v1/guidance/remittance-costs", {"origin": "ph", "destination": "SA"}).json()
    assert body["provider_level_data"] is False and body["sdg_target_pct"] == "3"
    assert [(q["period"], Decimal(q["cost_pct"]), Decimal(q["cost_usd"])) for q in body["quarters"]] == [
        ("2020Q2", Decimal("4.014"), Decimal("8.03")), ("2020Q3", Decimal("3.59"), Decimal("7.18"))]
    assert client.get("/api/v1/guidance/remittance-costs", {"origin": "PHL", "destination": "SA"}).status_code == 422
