"""`corridor contract check|compare`: exit 0/1/2, JSON and text, every problem with its JSON path."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from .django_helpers import sample, violating

ROOT = Path(__file__).resolve().parents[2]


def run(*args, capsys):
    with pytest.raises(SystemExit) as exited:
        call_command("contract", *args)
    out = capsys.readouterr()
    return exited.value.code, out.out, out.err


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), "utf-8")
    return str(path)


def test_compliant_exits_0(tmp_path, capsys):
    code, out, _ = run("check", write(tmp_path, "ok.json", sample()), "--format", "json", capsys=capsys)
    assert code == 0
    assert json.loads(out)["compliant"] is True


def test_violation_exits_1_with_messages_in_the_language_asked(tmp_path, capsys):
    path = write(tmp_path, "bad.json", violating())
    code, out, _ = run("check", path, "--format", "json", "--lang", "ne", capsys=capsys)
    assert code == 1
    result = json.loads(out)
    assert result["compliant"] is False
    assert any("न्यूनतम" in f["message"] for f in result["findings"])
    code, text, _ = run("check", path, capsys=capsys)
    assert code == 1
    assert "wage.below_minimum" in text and "ph.hsw-minimum-wage" in text and "poea.gov.ph" in text


def test_invalid_exits_2_and_names_every_problem_by_path(tmp_path, capsys):
    doc = sample(wage__amount=700, hours=None)
    doc["corridor"]["origin"] = "ph"
    path = write(tmp_path, "invalid.json", doc)
    for fmt in ("text", "json"):
        code, out, err = run("check", path, "--format", fmt, capsys=capsys)
        assert code == 2
        for where in ("$.wage.amount", "$.hours", "$.corridor.origin"):
            assert where in err
        if fmt == "json":
            assert set(json.loads(out)["error"]["fields"]) == {"$.wage.amount", "$.hours", "$.corridor.origin"}


@pytest.mark.parametrize("content", ["not json", "[" * 200 + "]" * 200, '{"a": 1, "a": 2}', "[]"])
def test_garbage_exits_2(tmp_path, capsys, content):
    code, _, err = run("check", write(tmp_path, "garbage.json", content), capsys=capsys)
    assert code == 2 and err.startswith("contract.")


def test_a_missing_file_exits_2(tmp_path, capsys):
    code, _, err = run("check", str(tmp_path / "nowhere.json"), capsys=capsys)
    assert code == 2 and "nowhere.json" in err


def test_batch_writes_one_result_per_line(tmp_path, capsys):
    lines = [json.dumps(sample()), json.dumps(violating()), "garbage", "", json.dumps(sample())]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    code, out, _ = run("check", "--batch", path, capsys=capsys)
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 4
    assert results[0]["compliant"] is True and results[1]["compliant"] is False
    assert results[2]["line"] == 3 and results[2]["error"]["code"] == "contract.invalid_json"
    assert code == 2  # the worst line decides


def test_batch_of_compliant_contracts_exits_0(tmp_path, capsys):
    path = write(tmp_path, "batch.jsonl", "\n".join(json.dumps(sample()) for _ in range(3)))
    code, out, _ = run("check", "--batch", path, capsys=capsys)
    assert code == 0 and len(out.splitlines()) == 3


def test_compare_exit_codes(tmp_path, capsys):
    registered = write(tmp_path, "registered.json", sample(wage__amount="1500.00"))
    same = write(tmp_path, "same.json", sample(wage__amount="1500.00"))
    worse = write(tmp_path, "worse.json", sample(wage__amount="1100.00"))
    better = write(tmp_path, "better.json", sample(wage__amount="1600.00"))
    invalid = write(tmp_path, "invalid.json", sample(wage__amount=1100))
    assert run("compare", registered, same, capsys=capsys)[0] == 0
    assert run("compare", registered, better, capsys=capsys)[0] == 0
    code, out, _ = run("compare", registered, worse, "--format", "json", capsys=capsys)
    assert code == 1
    assert json.loads(out)["changes"] == [{"term": "wage.amount", "registered": "1500.00", "presented": "1100.00",
                                           "less_favourable": True}]
    code, text, _ = run("compare", registered, worse, capsys=capsys)
    assert code == 1 and "wage.amount: 1500.00 -> 1100.00" in text
    code, _, err = run("compare", registered, invalid, capsys=capsys)
    assert code == 2 and "$.presented.wage.amount" in err


def test_the_corridor_command_line_exits_with_the_status(tmp_path):
    """The real process, as an operator runs it: the exit status is the contract's, not Django's."""
    env = {"PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"}
    for doc, status in ((sample(), 0), (violating(), 1), ("{", 2)):
        path = write(tmp_path, f"c{status}.json", doc)
        done = subprocess.run([sys.executable, "-m", "corridor.cli", "contract", "check", path, "--format", "json"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == status, done.stderr


def test_a_5001_digit_integer_exits_2_without_a_traceback(tmp_path, capsys):
    """Issue 13, fault 8: the parser's own digit limit used to escape as a traceback with exit 1."""
    text = json.dumps(sample()).replace('"amount": ', '"amount": ' + "1" * 5001 + ", \"x\": ", 1)
    code, out, err = run("check", write(tmp_path, "long.json", text), capsys=capsys)
    assert code == 2 and "Traceback" not in out + err and "5001 digits" in out + err


def test_a_contract_nothing_could_be_checked_against_exits_1_and_says_what_was_not_checked(tmp_path, capsys):
    doc = sample()
    doc["corridor"]["destination"] = "DE"
    doc["employer"]["country"] = "DE"
    path = write(tmp_path, "unchecked.json", doc)
    code, out, _ = run("check", path, "--format", "json", capsys=capsys)
    assert code == 1
    result = json.loads(out)
    assert result["compliant"] is False
    assert any(n["blocking"] and n["subject"] == "DE" for n in result["not_checked"])
    code, text, _ = run("check", path, capsys=capsys)
    assert code == 1
    assert "could not be fully checked" in text and "DE" in text
