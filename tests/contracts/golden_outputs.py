"""Every contract case of tests/ through `corridor contract check` and `compare`: the outputs a golden file holds.

The golden file (tests/contracts/golden/contract_outputs.jsonl) was generated from main BEFORE the contract
check was made fast (issue 12); tests/contracts/test_django_golden_outputs.py compares today's outputs with it,
byte for byte. Regenerate only when an output is meant to change:

    CORRIDOR_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/contracts/test_django_golden_outputs.py -q

The cases: every base contract and every rule case (tests/rules/cases), the spec's compare example, the
invalid documents of tests/contracts (parse refusals, schema problems), and deterministic mutations of one
base (each term deleted, nulled, set to text, a fraction, a negative number, a list) so that every schema
message and every parse path (numbers with a fraction, duplicate keys, escapes, big integers) is covered.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "rules" / "cases"
BASES = CASES / "base"
GOLDEN = Path(__file__).parent / "golden" / "contract_outputs.jsonl"
LANGS = ("en", "ar", "es", "fil", "ne")
_CHECKED_AT = re.compile(r'(?:(?<="checked_at": ")|(?<="checked_at":"))[0-9T:\-]+Z(?=")'
                         r'|(?<=: )[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z')


def _apply_patch(contract: dict, patch: dict) -> dict:
    # the same as tests/rules/conftest.apply_patch (kept here so this module imports nothing from another test)
    patched = copy.deepcopy(contract)
    for path, value in patch.items():
        *parents, last = path.split(".")
        node = patched
        for part in parents:
            if value == "__delete__" and part not in node:
                node = None
                break
            node = node.setdefault(part, {})
        if node is None:
            continue
        if value == "__delete__":
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)
    return patched


def _dump(doc) -> str:
    return json.dumps(doc, ensure_ascii=False)


def _leaf_paths(node, prefix=()) -> Iterator[tuple]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,)
            yield from _leaf_paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield prefix + (i,)
            yield from _leaf_paths(value, prefix + (i,))


def _set(doc, path, value):
    node = doc
    for part in path[:-1]:
        node = node[part]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value


_DELETE = object()


def documents() -> list[tuple[str, str]]:
    """(label, raw text) of every single-contract case, in a fixed order."""
    docs: list[tuple[str, str]] = []
    bases = {p.name: json.loads(p.read_text("utf-8")) for p in sorted(BASES.glob("*.json"))}
    for name in bases:
        docs.append((f"base/{name}", (BASES / name).read_text("utf-8")))
    for path in sorted(CASES.glob("*.toml")):
        for i, case in enumerate(tomllib.loads(path.read_text("utf-8")).get("cases", [])):
            docs.append((f"case/{path.stem}[{i}]", _dump(_apply_patch(bases[case["base"]], case.get("patch", {})))))
    # parse refusals and odd but valid JSON (tests/contracts/test_interchange.py, test_django_cli.py)
    good = bases["ph-qa-construction.json"]
    text = _dump(good)
    raws = {
        "not-json": "not json", "nan": '{"a": NaN}', "list": "[1, 2]", "empty-object": "{}",
        "duplicate-key": '{"a": 1, "a": 2}', "deep": '{"a":' + "[" * 40 + "]" * 40 + "}",
        "deep-200": "[" * 200 + "]" * 200, "brackets-in-string": _dump({"a": "[" * 100}),
        "long-number": '{"a": ' + "9" * 150 + "}", "big-int": text[:-1] + ', "x": ' + "7" * 30 + "}",
        "duplicate-in-contract": text[:-1] + ', "schema": "corridor.contract/1"}',
        "duplicate-nested": text.replace('"wage": {', '"wage": {"amount": "1.00", ', 1),
        "escaped": text.replace('"Construction', '"Con\\u0073truction\\n\\"quoted\\"', 1),
        "lone-surrogate": text[:-1] + ', "x": "\\ud800"}',
        "trailing-comma": text[:-1] + ",}", "truncated": text[: len(text) // 2],
        "exponent": text[:-1] + ', "x": 1e2}', "fraction-extra": text[:-1] + ', "x": 0.5}',
        "negative-zero": text[:-1] + ', "x": -0}', "true-false-null": text[:-1] + ', "x": [true, false, null]}',
        "colon-in-string": text.replace('"Construction', '"Con:struction \\":', 1),
        "whitespace": json.dumps(good, ensure_ascii=False, indent=4),
        "ascii-escaped": json.dumps(good, ensure_ascii=True),
        "bom": "\ufeff" + text, "infinity": '{"a": Infinity}', "control-char": '{"a": "x\ty"}',
    }
    for label, raw in raws.items():
        docs.append((f"raw/{label}", raw))
    # numbers with a fraction where the schema allows numbers (parsed as Decimal)
    fractional = copy.deepcopy(good)
    fractional["hours"]["normal_daily"] = 7.5
    fractional["hours"]["overtime_premium_pct"] = 25.0
    docs.append(("fraction/hours", _dump(fractional)))
    # mutations of one base: every term deleted, nulled, set to text, to a fraction, to a negative, to a list
    for path in _leaf_paths(good):
        label = ".".join(str(p) for p in path)
        for kind, value in (("delete", _DELETE), ("null", None), ("text", "x"), ("fraction", 12.5),
                            ("negative", -1), ("list", []), ("object", {}), ("true", True)):
            doc = copy.deepcopy(good)
            _set(doc, path, value)
            docs.append((f"mutate/{label}/{kind}", _dump(doc)))
    return docs


def compare_pairs() -> list[tuple[str, str, str]]:
    """(label, registered, presented): each rule case against its base, the spec's example, invalid inputs."""
    pairs = []
    bases = {p.name: json.loads(p.read_text("utf-8")) for p in sorted(BASES.glob("*.json"))}
    for name, doc in bases.items():
        pairs.append((f"same/{name}", _dump(doc), _dump(doc)))
    for path in sorted(CASES.glob("*.toml")):
        for i, case in enumerate(tomllib.loads(path.read_text("utf-8")).get("cases", [])):
            base = bases[case["base"]]
            pairs.append((f"case/{path.stem}[{i}]", _dump(base), _dump(_apply_patch(base, case.get("patch", {})))))
    registered, presented = copy.deepcopy(bases["ph-sa-domestic.json"]), copy.deepcopy(bases["ph-sa-domestic.json"])
    registered["wage"]["amount"], presented["wage"]["amount"] = "1500.00", "1100.00"
    presented["job"]["worksite"] = "Dammam"
    pairs.append(("spec-example", _dump(registered), _dump(presented)))
    good = bases["ph-qa-construction.json"]
    for label, raw in (("not-json", "not json"), ("duplicate", '{"a": 1, "a": 2}')):
        pairs.append((f"invalid-presented/{label}", _dump(good), raw))
    broken = copy.deepcopy(good)
    del broken["wage"]["amount"]
    broken["corridor"]["origin"] = "ph"
    pairs.append(("invalid-both", _dump(broken), _dump(broken)))
    return pairs


def _normalise(text: str) -> str:
    # the only thing that changes from run to run: when the check ran
    return _CHECKED_AT.sub("TIME", text)


def _run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("contract", *args, stdout=out, stderr=err)
    return exited.value.code, _normalise(out.getvalue()), _normalise(err.getvalue())


def _batch_stdout(path: Path, lang: str) -> tuple[int, str]:
    code, out, err = _run("check", "--batch", str(path), "--lang", lang)
    return code, out + err


def outputs(tmp: Path) -> Iterator[dict]:
    """One record per (case, mode): exit status and stdout+stderr (refusals in full, else its sha256)."""
    docs = documents()
    batch = tmp / "batch.jsonl"
    with batch.open("w", encoding="utf-8", errors="surrogatepass") as handle:
        for _, raw in docs:
            handle.write(raw.replace("\n", " ").replace("\r", " ") + "\n\n")  # blank lines are skipped
    for lang in LANGS:
        code, text = _batch_stdout(batch, lang)
        lines = text.splitlines()
        yield {"case": "batch", "mode": f"batch-{lang}", "exit": code, "lines": len(lines)}
        for (label, _), line in zip(docs, lines, strict=False):
            record = {"case": label, "mode": f"batch-{lang}"}
            if lang == "en" and line.startswith('{"line":'):  # refusals in full: their messages are the point
                record["out"] = line
            else:
                record["sha256"] = hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()
            yield record
    for label, raw in docs:
        path = tmp / "one.json"
        path.write_bytes(raw.encode("utf-8", "surrogatepass"))
        for fmt in ("json", "text"):
            code, out, err = _run("check", str(path), "--format", fmt)
            yield {"case": label, "mode": f"check-{fmt}", "exit": code,
                   "sha256": hashlib.sha256((out + "\x00" + err).encode("utf-8", "surrogatepass")).hexdigest()}
    for label, registered, presented in compare_pairs():
        reg, pre = tmp / "registered.json", tmp / "presented.json"
        reg.write_text(registered, "utf-8")
        pre.write_text(presented, "utf-8")
        for fmt in ("json", "text"):
            code, out, err = _run("compare", str(reg), str(pre), "--format", fmt)
            yield {"case": label, "mode": f"compare-{fmt}", "exit": code,
                   "sha256": hashlib.sha256((out + "\x00" + err).encode("utf-8")).hexdigest()}
