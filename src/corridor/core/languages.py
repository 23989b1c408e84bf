"""Language codes, once: which languages Corridor ships, how a code maps to one of them, which are written right to left.

Pure Python (no Django settings read at import), so that the rules engine, the PDF renderers and the API share it.
"""

from __future__ import annotations

from collections.abc import Iterable

# The languages with complete catalogues (settings.LANGUAGES and the rulesets' messages say the same; a test checks).
# The seven after Spanish are machine-drafted for the worker-facing pages (marked for native review in their .po).
SHIPPED = ("en", "ar", "fil", "ne", "es", "bn", "hi", "id", "si", "ta", "my", "am")
# ISO 639-1 codes that stand for a shipped language, and ISO 639-2/3 codes of the shipped ones
# ("in" is Indonesian's withdrawn ISO 639-1 code, still sent by old Android and Java locales).
ALIASES = {"tl": "fil", "tgl": "fil", "nep": "ne", "ara": "ar", "spa": "es", "eng": "en",
           "ben": "bn", "hin": "hi", "ind": "id", "in": "id", "sin": "si", "tam": "ta", "mya": "my", "bur": "my",
           "amh": "am"}
# Scripts written right to left, among the languages workers declare (ISO 639-1).
RTL = frozenset({"ar", "fa", "ur", "he", "ps", "dv", "ckb", "sd", "ug", "yi"})


def primary(code: str | None) -> str:
    """'es-MX' -> 'es', 'fil_PH' -> 'fil', 'TL' -> 'fil': the primary subtag, lower case, aliases resolved."""
    subtag = (code or "").strip().replace("_", "-").split("-")[0].lower()
    return ALIASES.get(subtag, subtag)


def normalise_language(code: str | None) -> str:
    """The shipped language a code stands for; anything unknown -> 'en'."""
    lang = primary(code)
    return lang if lang in SHIPPED else "en"


def shipped(code: str | None) -> str | None:
    """The shipped language a code stands for, or None when it stands for none (English only for an English code)."""
    lang = primary(code)
    return lang if lang in SHIPPED else None


def first_shipped(codes: Iterable[str], *, besides_english: bool = False) -> str | None:
    """The first code that stands for a shipped language (other than English when asked), or None."""
    for code in codes:
        lang = shipped(code)
        if lang and not (besides_english and lang == "en"):
            return lang
    return None


def is_rtl(code: str | None) -> bool:
    return primary(code) in RTL


def direction(code: str | None) -> str:
    """'rtl' or 'ltr', for an HTML dir attribute."""
    return "rtl" if is_rtl(code) else "ltr"
