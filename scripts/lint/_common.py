"""What the house-rule checkers share: walking src/, finding the enclosing function, reading an allowlist."""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def python_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.py") if "migrations" not in p.parts))
        elif path.suffix == ".py":
            out.append(path)
    return out


def relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def qualname(node: ast.AST, parent_of: dict[ast.AST, ast.AST]) -> str:
    """Dotted names of the classes and functions around a node; '<module>' at the top level."""
    names = []
    current = parent_of.get(node)
    while current is not None:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(current.name)
        current = parent_of.get(current)
    return ".".join(reversed(names)) or "<module>"


@dataclass(frozen=True)
class Entry:
    path: str
    function: str
    what: str
    reason: str
    line: int


def read_allowlist(path: Path) -> tuple[list[Entry], list[str]]:
    """Lines `path | function | what | reason`; '#' starts a comment line. Returns (entries, problems)."""
    entries, problems = [], []
    if not path.exists():
        return entries, problems
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|", 3)]
        if len(parts) != 4 or not all(parts):
            problems.append(f"{relative(path)}:{number}: expected `path | function | what | reason` with a reason")
            continue
        entries.append(Entry(*parts, line=number))
    return entries, problems


def allowed(entries: list[Entry], path: str, function: str, what: str, used: set[Entry] | None = None) -> Entry | None:
    for entry in entries:
        if entry.path == path and entry.function in (function, "*") and entry.what in (what, "*"):
            if used is not None:
                used.add(entry)
            return entry
    return None


def run(check, argv: list[str], what: str) -> int:
    """A checker's command line: check the paths given (src/ by default), print each problem, exit 1 on any."""
    problems = check([Path(arg) for arg in argv] or [SRC])
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} {what}.", file=sys.stderr)
        return 1
    return 0


def report_unused(allowlist: Path, entries: list[Entry], used: set[Entry], scanned: set[str]) -> None:
    """Entries for scanned files that matched nothing: the code moved on; say so (a note, not a failure)."""
    for entry in entries:
        if entry not in used and entry.path in scanned:
            print(f"note: {relative(allowlist)}:{entry.line} matches nothing now; delete it", file=sys.stderr)
