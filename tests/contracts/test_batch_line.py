"""A batch result line written by orjson (issue 12) is the line json.dumps wrote, and falls back where orjson refuses."""

from __future__ import annotations

import json

import pytest

from corridor.contracts.management.commands.contract import batch_line

ALL_KINDS = "".join(chr(i) for i in range(0x80)) + "\u2028\u2029\ufeff\x85 é 日本 😀 \"\\ "


@pytest.mark.parametrize("out", [
    {"compliant": False, "findings": [{"message": ALL_KINDS, "binding": True, "prevails_over": []}], "n": -3},
    {"line": 7, "error": {"code": "contract.invalid", "fields": {"$.wage": [ALL_KINDS]}}},
    {"line": 1, "error": {"message": "a lone surrogate \ud800"}},  # orjson refuses: json.dumps writes it
    {"line": 10**20},  # beyond 64 bits: json.dumps
])
def test_a_batch_line_is_what_json_dumps_writes(out):
    assert batch_line(out) == json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"
