"""`corridor cases triage`: one narrative or a JSON Lines batch in, one JSON object a line out, nothing stored."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from corridor.cases.models import Case


def run(*args):
    out = StringIO()
    call_command("cases", "triage", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_text_gives_indicators_urgency_and_the_words():
    [result] = run("--text", "They took my passport and locked me in the room.")
    assert set(result) == {"indicators", "urgent", "urgent_reasons", "evidence"}
    assert {"retention_of_documents", "restriction_of_movement"} <= set(result["indicators"])
    assert result["urgent"] and "confinement" in result["urgent_reasons"]
    assert {"indicator": "retention_of_documents", "words": "took my passport", "source": "narrative"} in result["evidence"]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_batch_answers_line_by_line_in_order_and_detects_the_language(tmp_path):
    batch = tmp_path / "in.jsonl"
    lines = [{"text": "No me pagan desde hace tres meses."},
             {"text": "How do I renew my passport?", "language": "en"},
             {"text": "أنا ضحية اتجار بالبشر"},
             {"text": "Kinuha ng amo ang pasaporte ko."}]
    batch.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    results = run("--batch", str(batch))
    assert len(results) == 4
    assert results[0]["indicators"] == ["withholding_of_wages"]
    assert results[1] == {"indicators": [], "urgent": False, "urgent_reasons": [], "evidence": []}
    assert results[2]["urgent"] and results[2]["urgent_reasons"] == ["trafficking"]
    assert results[3]["indicators"] == ["retention_of_documents"]


@pytest.mark.parametrize(("content", "message"), [
    ('{"text": "fine"}\nnot json\n', "line 2: not JSON"),
    ('{"text": "fine"}\n{"language": "en"}\n', 'line 2: "text" is missing'),
    ('["a list"]\n', "line 1: a JSON object is needed"),
    ('{"text": "x", "language": "fr"}\n', 'line 1: "language" must be one of'),
    ('{"text": "x"}\n\n{"text": "y"}\n', "line 2: empty line"),
])
def test_bad_input_names_the_line_exits_2_and_writes_nothing(tmp_path, content, message):
    batch = tmp_path / "bad.jsonl"
    batch.write_text(content, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("cases", "triage", "--batch", str(batch), stdout=out)
    assert error.value.returncode == 2
    assert message in str(error.value) and "nothing was written" in str(error.value)
    assert out.getvalue() == ""


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("cases", "triage", "--batch", str(tmp_path / "absent.jsonl"), stdout=StringIO())
    assert error.value.returncode == 2 and "cannot read" in str(error.value)


def test_the_command_line_exits_2_on_bad_input(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    batch = tmp_path / "bad.jsonl"
    batch.write_text("{oops\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "corridor.cli", "cases", "triage", "--batch", str(batch)],
                          capture_output=True, text=True, cwd=root, timeout=120,
                          env={"PYTHONPATH": str(root / "src"), "DJANGO_SETTINGS_MODULE": "tests.settings",
                               "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 2 and done.stdout == "" and "line 1" in done.stderr
