"""The interchange form: schema identity, parsing limits, validation by JSON path, canonical JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from corridor.contracts import errors
from corridor.contracts.interchange import (
    InterchangeError,
    canonical_json,
    content_hash,
    parse,
    schema_text,
    validate,
)

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests/rules/cases/base/ph-qa-construction.json"


def good() -> dict:
    return json.loads(BASE.read_text("utf-8"))


def test_schema_is_the_shared_one_byte_for_byte():
    shared = REPO.parent / "shared" / "spec" / "contract.schema.json"
    if not shared.exists():
        pytest.skip("no ../shared/spec beside this repository")
    assert schema_text().encode("utf-8") == shared.read_bytes()


def paths(doc) -> dict[str, str]:
    return {p.path: p.code for p in validate(doc)}


def test_a_good_contract_has_no_problems():
    assert validate(good()) == []


@pytest.mark.parametrize(("change", "path", "code"), [
    (lambda d: d["wage"].pop("amount"), "$.wage.amount", "required"),
    (lambda d: d.pop("worker"), "$.worker", "required"),
    (lambda d: d["corridor"].update(origin="Philippines"), "$.corridor.origin", "pattern"),
    (lambda d: d["wage"].update(currency="qar"), "$.wage.currency", "pattern"),
    (lambda d: d["term"].update(start_date="2026-02-30"), "$.term.start_date", "format"),
    (lambda d: d["wage"].update(amount="12.345678"), "$.wage.amount", "pattern"),
    (lambda d: d.update(schema="corridor.contract/2"), "$.schema", "const"),
    (lambda d: d["recruiters"][0].update(role="boss"), "$.recruiters[0].role", "enum"),
])
def test_each_problem_names_its_path(change, path, code):
    doc = good()
    change(doc)
    found = paths(doc)
    assert found.get(path) == code, found
    assert all(p.message for p in validate(doc))


def test_parse_keeps_money_exact():
    doc = parse(b'{"hours": {"normal_daily": 8.5}, "n": 3}')
    assert doc["hours"]["normal_daily"] == Decimal("8.5") and isinstance(doc["n"], int)


@pytest.mark.parametrize(("raw", "code"), [
    (b"not json", errors.INVALID_JSON),
    (b'{"a": NaN}', errors.INVALID_JSON),
    (b"\xff\xfe", errors.INVALID_ENCODING),
    (b"[1, 2]", errors.NOT_OBJECT),
    (b'{"a": 1, "a": 2}', errors.DUPLICATE_KEY),
    (b'{"a":' + b"[" * 40 + b"]" * 40 + b"}", errors.TOO_DEEP),
    (b'{"a": "' + b"x" * (1024 * 1024) + b'"}', errors.TOO_LARGE),
])
def test_parse_refuses_with_a_specific_code(raw, code):
    with pytest.raises(InterchangeError) as caught:
        parse(raw)
    assert caught.value.code == code


def test_brackets_inside_strings_do_not_count_as_depth():
    assert parse(json.dumps({"a": "[" * 100}))["a"] == "[" * 100


def test_canonical_json_is_sorted_compact_utf8():
    assert canonical_json({"b": [1, Decimal("2.50")], "a": "é\n", "c": None, "d": True}) == \
        '{"a":"é\\n","b":[1,2.5],"c":null,"d":true}'.encode()
    assert content_hash({"x": 1, "y": 2}) == content_hash({"y": 2, "x": 1})
    assert len(content_hash(good())) == 64
