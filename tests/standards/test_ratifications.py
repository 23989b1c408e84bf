"""Ratifications against rows of the shared files; unknown is never "not ratified"; the gap analysis reuses the
rules engine's own binding decision; a bad file is refused whole."""

import datetime as dt
import shutil

import pytest
from django.core.management import CommandError, call_command

from corridor.rules import ratification_files, ratifications
from corridor.standards import selectors, services
from corridor.standards.errors import RatificationFileInvalid
from corridor.standards.models import Ratification, RatificationLoad

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(shared_data):
    return services.ratifications_load(acting_user=None, directory=shared_data)


def _line(country, instrument):
    return next(line for line in selectors.country_ratifications(country) if line["instrument"] == instrument)


def test_rows_of_the_files(loaded):
    # icrmw_ratification_status_un_members.csv: "PH,Philippines,1,1995,0,0,state party," and "SA,...,0,,0,1,no action,"
    assert (_line("PH", "ICRMW")["status"], _line("PH", "ICRMW")["year"]) == ("ratified", 1995)
    assert _line("SA", "ICRMW")["status"] == "not_ratified"
    # normlex: "Philippines,PHL,P029,Forced labour,,,0,,04-06-2026" and "Philippines,PHL,C029,...,2005,,1,..."
    assert _line("PH", "P029")["status"] == "not_ratified"
    assert (_line("PH", "C029")["status"], _line("PH", "C029")["year"]) == ("ratified", 2005)
    # partial: "C189,Philippines,PHL,Philippinen,2012-09-05,2012,,2013-09-05,..."
    assert _line("PH", "C189")["in_force_on"] == dt.date(2013, 9, 5)
    # Saudi Arabia is in no row of the partial file: unknown, never "not ratified"
    assert _line("SA", "C189")["status"] == "unknown" and _line("SA", "C181")["status"] == "unknown"
    assert not Ratification.objects.filter(country="SA", instrument__in=ratification_files.MIGRANT_INSTRUMENTS).exists()
    assert loaded.rows == Ratification.objects.count()


def test_the_engine_table_agrees_with_the_files(shared_data):
    """ratifications.toml (what the engine reads) says nothing the files do not: one source, checked."""
    rows = {(r.instrument, r.country): r for r in ratification_files.read(shared_data)}
    table = ratifications._table()
    for instrument, entry in table.items():
        for bound in entry["bound"]:
            row = rows[(instrument, bound["country"])]
            assert row.status == "ratified", (instrument, bound)
            if "in_force" in bound:
                assert row.in_force_on == dt.date.fromisoformat(bound["in_force"]), (instrument, bound)
            else:
                assert row.year == bound["year"], (instrument, bound)
        if entry["coverage"] == "fundamental":
            for (inst, country), row in rows.items():
                if inst == instrument and row.status == "ratified" and country in {"PH", "NP", "SA", "AE", "QA", "MY", "BD", "SG"}:
                    assert country in {b["country"] for b in entry["bound"]}, (instrument, country)


def test_gap_analysis_rules_bind_or_guide(loaded):
    gap = selectors.corridor_gap(origin="PH", destination="SA", on=dt.date(2026, 6, 1))
    assert "ICRMW" in {line["instrument"] for line in gap["destination"]["not_ratified"]}
    assert "C189" in {line["instrument"] for line in gap["destination"]["unknown"]}
    assert "ICRMW" not in {line["instrument"] for line in gap["origin"]["not_ratified"]}
    c189 = [r for r in gap["rules"] if r["convention"] == "C189" and r["bound_by"] == "destination"]
    assert c189 and all(not r["binding"] and r["status"] == "unknown" for r in c189)
    for r in gap["rules"]:  # the same decision as the engine's
        assert (r["binding"], r["status"]) == ratifications.binding(r["convention"], r["bound_by"], "PH", "SA",
                                                                    dt.date(2026, 6, 1))


def test_a_bad_file_is_refused_whole_with_exit_2(loaded, shared_data, tmp_path):
    for name in ratification_files.FILES:
        shutil.copy(shared_data / name, tmp_path / name)
    path = tmp_path / ratification_files.FUNDAMENTAL
    text = path.read_text(encoding="utf-8").replace("Philippines,PHL,C029,Forced labour,2005,,1,",
                                                    "Philippines,PHL,C029,Forced labour,2005,,maybe,")
    path.write_text(text, encoding="utf-8")
    before = (Ratification.objects.count(), RatificationLoad.objects.count())
    with pytest.raises(CommandError) as caught:
        call_command("standards", "load-ratifications", str(tmp_path))
    assert caught.value.returncode == 2 and "line" in str(caught.value)
    with pytest.raises(RatificationFileInvalid):
        services.ratifications_load(acting_user=None, directory=tmp_path)
    assert (Ratification.objects.count(), RatificationLoad.objects.count()) == before
    assert _line("PH", "C029")["status"] == "ratified"


def test_the_command_loads(shared_data, capsys):
    call_command("standards", "load-ratifications", str(shared_data))
    assert "ratification rows loaded" in capsys.readouterr().out
    assert Ratification.objects.filter(instrument="ICRMW").count() == 193


def test_country_page_is_public_and_says_unknown(client, loaded):
    page = client.get("/standards/countries/sa/")
    assert page.status_code == 200
    assert "partial data" in page.content.decode()
    assert client.get("/standards/countries/zz/").status_code == 404
