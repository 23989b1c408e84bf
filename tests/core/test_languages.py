"""Language helpers live once, in core: shipped languages, codes, right-to-left scripts."""

import datetime as dt

from babel import Locale
from babel.messages.plurals import get_plural
from django.conf import settings

from corridor.core import languages, names
from corridor.rules import loader


def test_the_shipped_languages_are_the_settings_and_the_rulesets_ones():
    assert set(languages.SHIPPED) == {code for code, _name in settings.LANGUAGES}
    assert loader.LANGUAGES == languages.SHIPPED


def test_codes_map_to_shipped_languages():
    assert [languages.normalise_language(x) for x in ("es-MX", "fil_PH", "tl", "NE", None, "xx", "ara")] == \
        ["es", "fil", "fil", "ne", "en", "en", "ar"]
    assert languages.shipped("xx") is None and languages.shipped("en-GB") == "en"
    assert languages.first_shipped(["xx", "en", "tl"]) == "en"
    assert languages.first_shipped(["xx", "en", "tl"], besides_english=True) == "fil"
    assert languages.first_shipped(["xx"]) is None
    assert [languages.shipped(x) for x in ("bn-BD", "hi_IN", "in", "ind", "si-LK", "ta-LK", "my-MM", "bur", "am-ET")] == \
        ["bn", "hi", "id", "id", "si", "ta", "my", "my", "am"]


def test_every_shipped_language_has_a_catalogue_and_cldr_data_for_numbers_dates_and_money():
    locale = settings.LOCALE_PATHS[0]
    for code in languages.SHIPPED:
        assert settings.LANG_INFO[code]["name_local"], code
        assert Locale.parse(code).number_symbols, code
        if code == "en":
            continue
        header = (locale / code / "LC_MESSAGES" / "django.po").read_text("utf-8").split("\n\n", 1)[0]
        assert f'"Plural-Forms: {get_plural(code).plural_forms}' in header or code in {"ar", "fil", "ne", "es"}, code
    assert names.number(1234567, "hi") == "12,34,567" and names.number(1234567, "id") == "1.234.567"
    assert names.date(dt.date(2026, 12, 4), "bn") == "4 ডিসেম্বর, 2026"
    assert names.money(1500, "USD", "id") == "US$1.500,00" and names.date(dt.date(2026, 12, 4), "am") == "4 ዲሴምበር 2026"


def test_right_to_left_follows_django_for_shipped_languages():
    for code in languages.SHIPPED:
        assert languages.is_rtl(code) == settings.LANG_INFO[code]["bidi"]
    assert languages.direction("ar-SA") == "rtl" and languages.direction("fil") == "ltr" and languages.is_rtl("ur")
