"""Shared helpers for the rule tests: base contracts and patches as the ruleset format describes them."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
BASES = CASES / "base"
DELETE = "__delete__"


def load_base(name: str) -> dict:
    return json.loads((BASES / name).read_text("utf-8"))


def apply_patch(contract: dict, patch: dict) -> dict:
    """A copy of the contract with each dotted path set to its value ("__delete__" removes it)."""
    patched = copy.deepcopy(contract)
    for path, value in patch.items():
        *parents, last = path.split(".")
        node = patched
        for part in parents:
            if value == DELETE and part not in node:
                node = None
                break
            node = node.setdefault(part, {})
        if node is None:
            continue
        if value == DELETE:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)
    return patched


def load_cases() -> list[tuple[str, int, dict]]:
    found = []
    for path in sorted(CASES.glob("*.toml")):
        for i, case in enumerate(tomllib.loads(path.read_text("utf-8")).get("cases", [])):
            found.append((path.stem, i, case))
    return found


@pytest.fixture
def base():
    return load_base
