"""`corridor rules settlement|transfer FILE.json`: JSON out, exit 0 answered, 2 invalid input (fields named)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

SETTLEMENT = {"country": "SA", "sector": "general", "start_date": "2018-03-01", "end_date": "2025-02-28",
              "end_reason": "employer_termination", "basic_wage_monthly": "3000.00", "total_wage_monthly": 4000,
              "currency": "SAR", "unpaid_wages": "1000", "annual_leave_days_taken": 100,
              "return_ticket_provided": False, "return_ticket_cost": "1200.00"}
TRANSFER = {"country": "QA", "sector": "general", "ground": "none", "contract_start": "2021-01-01",
            "request_date": "2023-01-02", "contract_end": None, "employer_consents": None}


def run(*args, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("rules", *args)
    out = capsys.readouterr()
    return exited.value.code, out.out, out.err


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), "utf-8")
    return str(path)


def test_settlement_prints_the_lines_and_total(tmp_path, capsys):
    # 1000 unpaid + 18000 award (Art. 84) + 65 days' leave 8666.67 (Arts. 109, 111) + 1200 ticket (Art. 40).
    code, out, _ = run("settlement", write(tmp_path, "s.json", SETTLEMENT), capsys=capsys)
    assert code == 0
    result = json.loads(out)
    assert result["total"] == "28866.67" and result["currency"] == "SAR"
    assert [line["kind"] for line in result["lines"]] == ["unpaid_wages", "end_of_service", "accrued_leave",
                                                          "return_ticket"]
    assert result["lines"][1]["citation"]["article"] == "Arts. 2 and 84"


def test_settlement_explanations_in_the_language_asked(tmp_path, capsys):
    code, out, _ = run("settlement", write(tmp_path, "s.json", SETTLEMENT), "--lang", "es", capsys=capsys)
    assert code == 0
    line = json.loads(out)["lines"][1]
    assert line["explanation"] != line["explanation_msgid"] % line["params"]


def test_transfer_prints_the_decision(tmp_path, capsys):
    code, out, _ = run("transfer", write(tmp_path, "t.json", TRANSFER), capsys=capsys)
    assert code == 0
    result = json.loads(out)
    assert (result["allowed"], result["notice_days"], result["earliest_date"]) == (True, 59, "2023-03-02")


@pytest.mark.parametrize(("action", "doc", "fields"), [
    ("settlement", {**SETTLEMENT, "country": "sa", "end_reason": "quit"}, {"country", "end_reason"}),
    ("settlement", {**SETTLEMENT, "start_date": "1 March 2018", "colour": 1}, {"start_date", "colour"}),
    ("settlement", {k: v for k, v in SETTLEMENT.items() if k != "currency"}, {"currency"}),
    ("settlement", {**SETTLEMENT, "basic_wage_monthly": "lots"}, {"basic_wage_monthly"}),
    ("settlement", {**SETTLEMENT, "unpaid_wages": True}, {"unpaid_wages"}),
    ("transfer", {**TRANSFER, "ground": "bored", "request_date": "2020-13-01"}, {"request_date"}),
    ("transfer", {**TRANSFER, "request_date": "2020-01-01"}, {"request_date"}),
    ("transfer", {**TRANSFER, "employer_consents": "yes"}, {"employer_consents"}),
])
def test_invalid_input_exits_2_naming_every_field(tmp_path, capsys, action, doc, fields):
    code, out, err = run(action, write(tmp_path, "bad.json", doc), capsys=capsys)
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == f"rules.{action}_invalid"
    assert set(error["fields"]) == fields
    for name in fields:
        assert name in err


@pytest.mark.parametrize("content", ["not json", "[]", '{"a": 1, "a": 2}', "[" * 5000 + "]" * 5000])
def test_not_a_json_object_exits_2(tmp_path, capsys, content):
    code, out, _ = run("settlement", write(tmp_path, "bad.json", content), capsys=capsys)
    assert code == 2 and json.loads(out)["error"]["code"] == "rules.settlement_invalid"


def test_missing_file_exits_2(tmp_path, capsys):
    code, out, _ = run("transfer", str(tmp_path / "absent.json"), capsys=capsys)
    assert code == 2 and json.loads(out)["error"]["code"] == "rules.unreadable_file"


def test_the_corridor_command_line(tmp_path):
    path = write(tmp_path, "s.json", SETTLEMENT)
    done = subprocess.run([sys.executable, "-m", "corridor.cli", "rules", "settlement", path],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"),
                                                                         "DJANGO_SETTINGS_MODULE": "tests.settings",
                                                                         "PATH": "/usr/bin:/bin"},
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == "28866.67"
