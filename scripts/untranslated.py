"""List the msgids that worker-facing templates use and a catalogue does not translate.

    .venv/bin/python scripts/untranslated.py [--langs bn,hi,...] [TEMPLATE ...]

Without templates it checks the worker-facing pages of guidance, orientation and reintegration (WORKER_TEMPLATES).
Exit 1 when any msgid is untranslated (missing, empty or fuzzy) in any catalogue; prints them per language."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent / "src" / "corridor"
LANGS = ("ar", "es", "fil", "ne", "bn", "hi", "id", "si", "ta", "my", "am")
WORKER_TEMPLATES = (
    "guidance/templates/guidance/index.html", "guidance/templates/guidance/guide.html",
    "guidance/templates/guidance/_lines.html", "guidance/templates/guidance/_remittance.html",
    "guidance/templates/guidance/mine.html", "guidance/templates/guidance/centres.html",
    "orientation/templates/orientation/courses.html", "orientation/templates/orientation/session.html",
    "orientation/templates/orientation/assessment.html", "orientation/templates/orientation/mine.html",
    "reintegration/templates/reintegration/mine.html", "reintegration/templates/reintegration/certificate.html",
    "reintegration/templates/reintegration/verify.html",
)
KEYWORDS = {"gettext": None, "_": None, "pgettext": ((1, "c"), 2), "ngettext": (1, 2), "npgettext": ((1, "c"), 2, 3),
            "gettext_noop": None}


def template_msgids(path: Path) -> set[tuple[str | None, str]]:
    """(context, msgid) of every message of a Django template (the singular of a plural)."""
    source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for _line, _func, message, _comments in extract_python(io.BytesIO(source.encode("utf-8")), KEYWORDS.keys(), [], {}):
        context = None
        if _func in ("pgettext", "npgettext"):
            context, message = message[0], message[1]
        elif isinstance(message, tuple):
            message = message[0]
        if message:
            found.add((context, message))
    return found


def untranslated(msgids: set, lang: str) -> list[str]:
    with (ROOT / "locale" / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    missing = []
    for context, msgid in sorted(msgids, key=lambda m: m[1]):
        message = catalogue.get(msgid, context=context)
        strings = [] if message is None else (message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None or message.fuzzy or not all(strings):
            missing.append(msgid)
    return missing


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("templates", nargs="*", help="template paths relative to src/corridor")
    parser.add_argument("--langs", default=",".join(LANGS))
    args = parser.parse_args(argv)
    msgids = set()
    for name in args.templates or WORKER_TEMPLATES:
        msgids |= template_msgids(ROOT / name)
    total = 0
    for lang in args.langs.split(","):
        missing = untranslated(msgids, lang)
        total += len(missing)
        print(f"{lang}: {len(msgids) - len(missing)}/{len(msgids)} translated")
        for msgid in missing:
            print(f"  {msgid!r}")
    return 1 if total else 0


if __name__ == "__main__":
    import django
    from django.conf import settings

    settings.configure()  # templatize needs no project settings, only a configured Django
    django.setup()
    sys.exit(main())
