"""The salary file parsers: every published SIF sample reads; each refusal names its line and field."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from corridor.wages import parsing
from tests.wages.conftest import csv_file

SAMPLES = Path(__file__).parent / "samples"  # verbatim copies of the banks' published samples (docs/wages.md)

DIB = (b"EDR,00915012345663,802420101,AE160240043520123456701,2016-01-01,2016-01-31,31,4000.00,2500.00,0\n"
       b"EVP,00915012345663,802420101,500.00,200.00,300.00,0.00,400.00,1100.00,0.00\n"
       b"SCR,0000000123456,802420101,2016-01-26,1130,012016,01,6500.00,AED,abc company only 35 characters\n")


def fields(exc) -> set[tuple[int, str]]:
    return {(p.line, p.field) for p in exc.value.problems}


@pytest.mark.parametrize("name", ["sample_sif_wps_reference_guide_2009.sif", "sample_sif_dib_2016.sif",
                                  "sample_sif_businessonline_2016.sif"])
def test_every_published_sif_sample_reads(name):
    data = (SAMPLES / name).read_bytes()
    parsed = parsing.parse(data, filename=name)
    assert parsed.control_record and parsed.lines
    assert parsed.total == sum((ln.basic + ln.variable for ln in parsed.lines), Decimal(0))


def test_reference_guide_sample_figures():
    parsed = parsing.parse((SAMPLES / "sample_sif_wps_reference_guide_2009.sif").read_bytes(), format="sif")
    assert parsed.employer_ref == "9103" and parsed.period == dt.date(2009, 6, 1)
    assert [(ln.worker_id, ln.paid_amount) for ln in parsed.lines] == [("10001016594125", Decimal("1221.92")),
                                                                       ("30305106000500", Decimal("1000"))]
    assert parsed.created_on == dt.date(2009, 7, 16)


def test_dib_sample_keeps_the_variable_pay_by_kind():
    parsed = parsing.parse(DIB, format="sif")
    assert parsed.lines[0].components["other_allowances"] == "1100.00"
    assert parsed.reference == "abc company only 35 characters"


def test_mashreq_edr_lines_read_with_employer_and_month_given():
    data = (SAMPLES / "sample_edr_lines_mashreq_2015.txt").read_bytes()
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(data, format="sif")
    assert (3, "record_type") in fields(exc)
    parsed = parsing.parse(data, format="sif", employer_ref="77", period=dt.date(2015, 4, 1))
    assert not parsed.control_record and [ln.worker_id for ln in parsed.lines] == ["10003128177364", "200220128829070"]


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d.replace(b",01,6500.00", b",02,6500.00"), (3, "edr_count")),
    (lambda d: d.replace(b",01,6500.00", b",01,6400.00"), (3, "total_salary")),
    (lambda d: d.replace(b"1100.00,0.00", b"1000.00,0.00"), (2, "income_variable")),
    (lambda d: d.replace(b"2016-01-31,31", b"2016-01-31,30"), (1, "days_in_period")),
    (lambda d: d.replace(b"2016-01-01,2016-01-31", b"2016-02-01,2016-01-31"), (1, "pay_end_date")),
    (lambda d: d.replace(b"2016-01-31,31,4000.00,2500.00,0", b"2016-01-31,31,4000.00,2500.00,40"), (1, "days_on_leave")),
    (lambda d: d.replace(b",AED,", b",USD,"), (3, "payment_currency")),
    (lambda d: d.replace(b"802420101,AE16", b"80242010,AE16"), (1, "agent_routing_code")),
    (lambda d: d.replace(b"4000.00", b"4000.001"), (1, "income_fixed")),
    (lambda d: d.replace(b"2016-01-26", b"2016-13-26"), (3, "file_creation_date")),
    (lambda d: d.replace(b",012016,", b",132016,"), (3, "salary_month")),
    (lambda d: d.replace(b"EVP,00915012345663", b"EVP,00915012345664"), (2, "employee_unique_id")),
    (lambda d: d.split(b"\n", 2)[2] + d.split(b"\n", 2)[0] + b"\n", (1, "record_type")),
    (lambda d: b"XYZ,1\n" + d, (1, "record_type")),
    (lambda d: d.replace(b"EVP,", b"EDR,", 1), (2, "employee_unique_id")),  # a second EDR for the worker
])
def test_each_sif_refusal_names_line_and_field(mutate, where):
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(mutate(DIB), format="sif")
    assert where in fields(exc)


def test_one_edr_per_worker_and_every_problem_listed():
    data = parsing_two = (b"EDR,1,640110101,4551902459,2009-06-01,2009-06-30,30,1000,0,0\n"
                          b"EDR,0001,640110101,155481121,2009-06-01,2009-06-30,31,1000,0,0\n"
                          b"SCR,9103,302210101,2009-07-16,1107,062009,2,2000,AED\n")
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(parsing_two, format="sif")
    assert {(2, "employee_unique_id"), (2, "days_in_period")} <= fields(exc)
    assert data


def test_variable_pay_needs_its_evp():
    data = DIB.replace(DIB.split(b"\n")[1] + b"\n", b"")
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(data, format="sif")
    assert (1, "income_variable") in fields(exc)


def test_csv_reads_and_checks_its_arithmetic():
    parsed = parsing.parse(csv_file([{"deductions": "accommodation=100.00", "paid_amount": "1400.00"}]), format="csv")
    line = parsed.lines[0]
    assert line.deductions_total == Decimal("100.00") and line.own_account is True and parsed.currency == "SAR"
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(csv_file([{"paid_amount": "1400.00"}]), format="csv")
    assert (2, "paid_amount") in fields(exc)


@pytest.mark.parametrize("row, where", [
    ({"worker_id": "A-1"}, (2, "worker_id")),
    ({"period": "2026-13"}, (2, "period")),
    ({"pay_start": "2026-11-01"}, (2, "days_in_period")),
    ({"own_account": "maybe"}, (2, "own_account")),
    ({"deductions": "no-amount"}, (2, "deductions")),
    ({"currency": "S1"}, (2, "currency")),
])
def test_each_csv_refusal(row, where):
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(csv_file([row]), format="csv")
    assert where in fields(exc)


def test_csv_one_employer_one_month_one_line_per_worker():
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(csv_file([{}, {"employer_id": "99"}, {}]), format="csv")
    assert {(0, "employer_id"), (4, "worker_id")} <= fields(exc)
    with pytest.raises(parsing.SalaryFileRefused) as exc:
        parsing.parse(b"worker_id,basic\n1,2\n", format="csv")
    assert (1, "employer_id") in fields(exc)
