"""Compile the message catalogues for the test run when they are missing or older than their .po files.

`make install` compiles them; a fresh checkout running pytest directly has none, and without a
catalogue Django treats Filipino (which it does not ship) as unavailable.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real


def ensure_compiled() -> None:
    stale = False
    for locale_path in settings.LOCALE_PATHS:
        for po in Path(locale_path).glob("*/LC_MESSAGES/*.po"):
            mo = po.with_suffix(".mo")
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                stale = True
    if not stale:
        return
    call_command("compilemessages", locale=None, verbosity=0, ignore_patterns=[".venv"])
    trans_real.translation_catalog_exists.cache_clear()
    trans_real.get_languages.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()
    trans_real._translations = {}
    trans_real._default = None
    translation.deactivate()
