"""The house rules are checks: each checker fails on a deliberate violation and passes on the tree as it is."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT = REPO / "scripts" / "lint"
BIN = Path(sys.executable).parent


def _run(*args, cwd=REPO, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([*args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _scratch(tmp_path: Path, relative: str, source: str) -> Path:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source), "utf-8")
    return path


# --- model writes only in services -------------------------------------------------------------------------


def test_the_tree_writes_models_only_in_services():
    result = _run(sys.executable, str(LINT / "writes_in_services.py"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("write", [
    "Case.objects.create(title='x')",
    "case.save()",
    "case.delete()",
    "Case.objects.filter(pk=1).update(title='x')",
    "Case.objects.filter(pk=1).delete()",
    "Case.objects.get_or_create(title='x')",
    "Case.objects.update_or_create(title='x')",
    "Case.objects.bulk_create([])",
    "Case.objects.bulk_update([], ['title'])",
    "case.notes_set.update(text='x')",
])
def test_a_write_in_a_view_fails(tmp_path, write):
    view = _scratch(tmp_path, "corridor/scratch/views.py", f"""\
        def mark(request, case):
            {write}
        """)
    result = _run(sys.executable, str(LINT / "writes_in_services.py"), str(view))
    assert result.returncode == 1
    assert "views.py:2:" in result.stdout and "mark" in result.stdout


def test_the_same_write_in_services_and_harmless_updates_pass(tmp_path):
    service = _scratch(tmp_path, "corridor/scratch/services.py", """\
        def case_mark(*, acting_user, case):
            case.save(update_fields=["title"])
        """)
    package = _scratch(tmp_path, "corridor/scratch/services/cases.py", "def f(c):\n    c.delete()\n")
    harmless = _scratch(tmp_path, "corridor/scratch/views.py", """\
        class Thing(Model):
            def save(self, *args, **kwargs):
                super().save(*args, **kwargs)

        def merge(a, b):
            a.update(b)  # a dict
            return {**a}
        """)
    for path in (service, package, harmless):
        result = _run(sys.executable, str(LINT / "writes_in_services.py"), str(path))
        assert result.returncode == 0, result.stdout


# --- function-level imports --------------------------------------------------------------------------------


def test_the_tree_has_no_unexplained_function_level_import():
    result = _run(sys.executable, str(LINT / "function_imports.py"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_function_level_import_without_a_reason_fails_and_with_one_passes(tmp_path):
    bad = _scratch(tmp_path, "corridor/scratch/views.py", """\
        import json

        def page(request):
            from corridor.scratch import services
            return services

        class View:
            def get(self):
                from corridor.scratch import (
                    models,
                )
                return models
        """)
    result = _run(sys.executable, str(LINT / "function_imports.py"), str(bad))
    assert result.returncode == 1
    assert "views.py:4: import of corridor.scratch inside page" in result.stdout
    assert "views.py:9: import of corridor.scratch inside View.get" in result.stdout
    good = _scratch(tmp_path, "corridor/scratch/pdf.py", """\
        def render():
            from weasyprint import HTML  # why: loads Pango; only PDFs need it
            return HTML
        """)
    assert _run(sys.executable, str(LINT / "function_imports.py"), str(good)).returncode == 0
    empty_reason = _scratch(tmp_path, "corridor/scratch/other.py", "def f():\n    import json  # why:\n    return json\n")
    assert _run(sys.executable, str(LINT / "function_imports.py"), str(empty_reason)).returncode == 1


def test_every_allowlist_entry_gives_a_reason():
    sys.path.insert(0, str(LINT))
    try:
        from _common import read_allowlist
    finally:
        sys.path.remove(str(LINT))
    for name in ("writes_allowlist.txt", "function_imports_allowlist.txt"):
        entries, problems = read_allowlist(LINT / name)
        assert not problems
        assert all(len(entry.reason) > 10 for entry in entries)
    # Every function-level import was moved up or says why on its line: the allowlist is empty.
    assert read_allowlist(LINT / "function_imports_allowlist.txt")[0] == []


# --- import-linter: layers and cycles ----------------------------------------------------------------------


def _copy_of_src(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "src" / "corridor", root / "src" / "corridor",
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates", "data", "*.mo"))
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return _run(str(BIN / "lint-imports"), "--no-cache", cwd=root, env=env)


@pytest.fixture(scope="module")
def lint_imports_on_the_tree():
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return _run(str(BIN / "lint-imports"), "--no-cache", env=env)


def test_the_tree_keeps_the_layers_and_has_no_cycle(lint_imports_on_the_tree):
    result = lint_imports_on_the_tree
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "source", "broken"), [
    ("core/scratch.py", "from corridor.accounts import models\n", "corridor.core is not allowed to import corridor.accounts"),
    ("exchange/scratch.py", "from corridor.cases import services\n", "corridor.exchange is not allowed to import corridor.cases"),
    ("rules/scratch.py", "from corridor.contracts import services\n", "corridor.rules is not allowed to import corridor.contracts"),
    ("registry/scratch.py", "def f():\n    from corridor.contracts import selectors\n",
     "corridor.registry is not allowed to import corridor.contracts"),
])
def test_an_import_up_the_layers_breaks_the_contract(tmp_path, module, source, broken):
    root = _copy_of_src(tmp_path)
    (root / "src" / "corridor" / module).write_text(source, "utf-8")
    result = _lint_imports(root)
    assert result.returncode == 1
    assert broken in " ".join(result.stdout.split())


def test_a_module_cycle_breaks_the_contract(tmp_path):
    root = _copy_of_src(tmp_path)
    (root / "src" / "corridor" / "rules" / "scratch_a.py").write_text("from corridor.rules import scratch_b\n", "utf-8")
    (root / "src" / "corridor" / "rules" / "scratch_b.py").write_text("from corridor.rules import scratch_a\n", "utf-8")
    result = _lint_imports(root)
    assert result.returncode == 1
    assert "No cycles are allowed in corridor.rules" in result.stdout
