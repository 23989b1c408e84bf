#!/usr/bin/env python3
"""House rule: models are written only in services (STYLE.md). Fails on a model write anywhere else.

A write is a call of .save(, .delete(, .create(, .bulk_create(, .bulk_update(, .get_or_create(,
.update_or_create(, or .update( on something that reads as a queryset or manager (`X.objects...`,
`.filter(...)`, `.exclude(...)`, `.all()`, `.select_for_update()`, `x_set`). Where it may stand:
`services.py` and `services/` packages, migrations (not scanned) and tests (not scanned). Anything
else needs an entry in scripts/lint/writes_allowlist.txt with its reason (the audit trail's own writer,
a framework hook that must write); management commands and demo loaders should call services.

Usage: writes_in_services.py [PATH ...]   (default: src/); exit status 1 when a write is out of place.
In the spirit of Zulip's tools/linter_lib/custom_check.py, but on the syntax tree rather than on lines.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    allowed,
    parents,
    python_files,
    qualname,
    read_allowlist,
    relative,
    report_unused,
    run,
)

ALLOWLIST = Path(__file__).resolve().parent / "writes_allowlist.txt"
ALWAYS = {"save", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
QUERYSET_MARKS = {"objects", "filter", "exclude", "all", "select_for_update", "select_related", "only", "defer"}


def in_services(path: Path) -> bool:
    return path.name == "services.py" or "services" in path.parent.parts[-1:] or any(
        part == "services" for part in path.parts[:-1])


def _receiver_names(node: ast.AST) -> list[str]:
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.append(node.id)
            return names


def _is_super_hook(call: ast.Call, function: str) -> bool:
    """`super().save(...)` inside an overridden `save`: the model's own hook, the write is its caller's."""
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    return (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "super"
            and function.rsplit(".", 1)[-1] == call.func.attr)


def write_of(call: ast.Call) -> str | None:
    if not isinstance(call.func, ast.Attribute):
        return None
    method = call.func.attr
    if method in ALWAYS:
        return method
    if method == "update":
        names = _receiver_names(call.func.value)
        if any(name in QUERYSET_MARKS or name.endswith("_set") for name in names):
            return method
    return None


def check(paths: list[Path]) -> list[str]:
    entries, problems = read_allowlist(ALLOWLIST)
    used: set = set()
    scanned: set[str] = set()
    for path in python_files(paths):
        if in_services(path):
            continue
        rel = relative(path)
        scanned.add(rel)
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        parent_of = parents(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            method = write_of(node)
            if method is None:
                continue
            function = qualname(node, parent_of)
            if _is_super_hook(node, function) or allowed(entries, rel, function, method, used):
                continue
            problems.append(f"{rel}:{node.lineno}: .{method}() in {function}: model writes belong in services "
                            f"(or add `{rel} | {function} | {method} | <reason>` to {relative(ALLOWLIST)})")
    report_unused(ALLOWLIST, entries, used, scanned)
    return problems


if __name__ == "__main__":
    sys.exit(run(check, sys.argv[1:], "write(s) outside services"))
