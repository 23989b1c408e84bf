"""Contracts for the Django-side tests: the rule cases' base documents, changed where a test needs it."""

from __future__ import annotations

import copy
import json
from pathlib import Path

BASES = Path(__file__).resolve().parent.parent / "rules" / "cases" / "base"


def sample(name: str = "ph-sa-domestic.json", **changes) -> dict:
    """A valid base contract; keyword `wage__amount="700.00"` sets wage.amount (None deletes the term)."""
    doc = json.loads((BASES / name).read_text("utf-8"))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)
    return doc


def violating(name: str = "ph-sa-domestic.json") -> dict:
    """Below the Philippines' household worker minimum (USD 400 = SAR 1500) and the passport kept by the employer."""
    return sample(name, wage__amount="700.00", documents__worker_keeps_identity_documents=False)
