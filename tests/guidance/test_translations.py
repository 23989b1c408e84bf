"""Every msgid of the worker-facing pages of guidance, orientation and reintegration is translated in all eleven
catalogues (scripts/untranslated.py lists what is not, per language)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "untranslated.py"


def _script():
    spec = importlib.util.spec_from_file_location("untranslated", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_worker_pages_translated_in_every_catalogue(capsys):
    script = _script()
    assert script.main([]) == 0, capsys.readouterr().out
    assert ("Take the short assessment" in {m for _c, m in script.template_msgids(
        script.ROOT / "orientation/templates/orientation/mine.html")})  # the extraction sees blocks and tags
