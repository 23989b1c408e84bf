"""The fast reading of a contract (orjson, the compiled schema; issue 12) gives exactly what the standard one gives."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.contracts import errors
from corridor.contracts.interchange import InterchangeError, load, parse, validate
from corridor.rules import interchange as fast

from .golden_outputs import documents

DOCUMENTS = documents()


def slow_parse(raw: str):
    """The standard parser alone (the fast path switched off)."""
    original = fast._fast_parse
    fast._fast_parse = lambda text, max_depth: None
    try:
        return parse(raw)
    except InterchangeError as exc:
        return exc.code
    finally:
        fast._fast_parse = original


def fast_parse(raw: str):
    try:
        return parse(raw)
    except InterchangeError as exc:
        return exc.code


@pytest.mark.parametrize(("label", "raw"), DOCUMENTS, ids=[label for label, _ in DOCUMENTS])
def test_the_fast_parse_and_validation_agree_with_the_standard_ones(label, raw):
    expected, found = slow_parse(raw), fast_parse(raw)
    assert found == expected
    assert [type(v) for v in _leaves(found)] == [type(v) for v in _leaves(expected)]  # Decimal stays Decimal
    if isinstance(expected, dict):
        doc, read_fast = fast._parse(raw)
        if read_fast:  # the compiled validator says valid exactly when the detailed validation finds nothing
            assert fast._compiled_validator().is_valid(doc) == (validate(doc) == [])


def _leaves(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)
    else:
        yield node


@pytest.mark.parametrize("raw", [
    '{"a": "x:y", "a": 1}',                      # a colon in a string must not hide a duplicate key
    '{"a": "x\\u003ay", "b": 1, "b": 2}',        # nor an escaped one
    '{"a:": 1, "a:": 2}',
    '{"a": {"b": 1, "b": 1}}',
])
def test_a_duplicate_key_is_refused_whatever_the_colons_in_strings(raw):
    with pytest.raises(InterchangeError) as caught:
        parse(raw)
    assert caught.value.code == errors.DUPLICATE_KEY


def test_colons_in_strings_are_not_duplicates():
    assert parse('{"a": "x:y", "b:": "\\u003a:"}') == {"a": "x:y", "b:": "::"}


def test_a_document_with_colons_in_its_strings_is_still_read_the_fast_way():
    raw = '{"a": "https://example.org", "b": {"c:d": ["10:00", "x"]}, "e": 1}'
    assert fast._parse(raw) == ({"a": "https://example.org", "b": {"c:d": ["10:00", "x"]}, "e": 1}, True)


def test_numbers_with_a_fraction_and_big_integers_read_as_before():
    doc = parse('{"a": 1.50, "b": 1e2, "c": 9223372036854775808, "d": -9223372036854775809, "e": 7}')
    assert json.dumps(doc, default=str) == '{"a": "1.50", "b": "1E+2", "c": 9223372036854775808, ' \
                                          '"d": -9223372036854775809, "e": 7}'


def test_a_value_the_compiled_validator_refuses_but_today_accepts_stays_accepted():
    # Python's "$" matches before a final newline: "PH\n" matched ^[A-Z]{2}$ before issue 12; it still does
    base = json.loads(DOCUMENTS[0][1])
    base["corridor"]["origin"] = "PH\n"
    assert validate(base) == []
    assert load(json.dumps(base))["corridor"]["origin"] == "PH\n"


def _load(raw):
    try:
        return load(raw)
    except InterchangeError as exc:
        return exc.as_dict()


def test_the_compiled_path_and_the_detailed_one_give_the_same_errors(monkeypatch):
    """Every case of tests/ loaded the fast way (orjson, compiled schema) and the detailed way alone: the same
    document, or the same error with the same problems at the same paths in the same words."""
    fast_results = [_load(raw) for _, raw in DOCUMENTS]
    monkeypatch.setattr(fast, "_fast_parse", lambda text, max_depth: None)
    detailed = [_load(raw) for _, raw in DOCUMENTS]
    refused = [result for result in detailed if "problems" in result]
    assert any(result["problems"] for result in refused)  # the cases include documents with located problems
    assert fast_results == detailed


_PIECES = st.sampled_from(["a", "b", ":", "\\u003a", " ", "x:y", "é"])
_TEXTS = st.lists(_PIECES, max_size=3).map("".join)
_VALUES = st.recursive(st.one_of(_TEXTS.map(lambda t: f'"{t}"'), st.integers(-5, 5).map(str)),
                       lambda inner: st.lists(st.tuples(_TEXTS, inner), max_size=3).map(
                           lambda pairs: "{" + ", ".join(f'"{k}": {v}' for k, v in pairs) + "}"),
                       max_leaves=6)


@settings(max_examples=300)
@given(st.lists(st.tuples(_TEXTS, _VALUES), max_size=4))
def test_keys_and_colons_in_any_mix_read_as_the_standard_parser_reads_them(pairs):
    """Duplicate keys, colons and escaped colons in keys and values, nested: the fast reading agrees with the
    standard parser (a duplicate key refused, the rest the same document)."""
    raw = "{" + ", ".join(f'"{key}": {value}' for key, value in pairs) + "}"
    assert fast_parse(raw) == slow_parse(raw)
