#!/usr/bin/env python3
"""House rule: imports sit at the top of the module. Fails on an import inside a function without a reason.

An import inside a function (or a method) is allowed when its line carries a `# why: ...` comment saying
why it cannot be at the top (a heavy optional library loaded only by one command, the app registry not
ready yet), or when scripts/lint/function_imports_allowlist.txt lists it (the ones in files that other
changes are rewriting now). An import to dodge an import cycle is not a reason: fix the cycle
(lint-imports checks that there is none).

Usage: function_imports.py [PATH ...]   (default: src/, migrations excluded); exit status 1 on a finding.
       function_imports.py --list [PATH ...]   every function-level import with its reason, and their count.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    SRC,
    allowed,
    parents,
    python_files,
    qualname,
    read_allowlist,
    relative,
    report_unused,
    run,
)

ALLOWLIST = Path(__file__).resolve().parent / "function_imports_allowlist.txt"
MARK = "# why:"


def _comments(source: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            out[token.start[0]] = token.string
    return out


def _imported(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.ImportFrom):
        return "." * node.level + (node.module or "")
    return node.names[0].name


def _in_function(node: ast.AST, parent_of: dict[ast.AST, ast.AST]) -> bool:
    current = parent_of.get(node)
    while current is not None:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return True
        current = parent_of.get(current)
    return False


def findings(paths: list[Path], listing: list[str] | None = None) -> list[str]:
    entries, problems = read_allowlist(ALLOWLIST)
    used: set = set()
    scanned: set[str] = set()
    for path in python_files(paths):
        source = path.read_text("utf-8")
        tree = ast.parse(source, filename=str(path))
        parent_of = parents(tree)
        comments = _comments(source)
        rel = relative(path)
        scanned.add(rel)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or not _in_function(node, parent_of):
                continue
            lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
            if listing is not None:
                reason = next((comments[line] for line in lines if comments.get(line, "").startswith(MARK)), "")
                listing.append(f"{rel}:{node.lineno}: {_imported(node)} in {qualname(node, parent_of)}  {reason}")
            if any(comments.get(line, "").startswith(MARK) and comments[line][len(MARK):].strip() for line in lines):
                continue
            function = qualname(node, parent_of)
            module = _imported(node)
            if allowed(entries, rel, function, module, used):
                continue
            problems.append(f"{rel}:{node.lineno}: import of {module} inside {function}: move it to the top of the "
                            f"module, or say why on its line (`{MARK} ...`)")
    report_unused(ALLOWLIST, entries, used, scanned)
    return problems


def list_all(argv: list[str]) -> int:
    listing: list[str] = []
    findings([Path(arg) for arg in argv] or [SRC], listing)
    print("\n".join(listing))
    print(f"{len(listing)} function-level import(s).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--list"]:
        sys.exit(list_all(sys.argv[2:]))
    sys.exit(run(findings, sys.argv[1:], "function-level import(s) without a reason"))
