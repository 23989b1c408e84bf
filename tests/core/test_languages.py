"""Language helpers live once, in core: shipped languages, codes, right-to-left scripts."""

from django.conf import settings

from corridor.core import languages
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


def test_right_to_left_follows_django_for_shipped_languages():
    for code in languages.SHIPPED:
        assert languages.is_rtl(code) == settings.LANG_INFO[code]["bidi"]
    assert languages.direction("ar-SA") == "rtl" and languages.direction("fil") == "ltr" and languages.is_rtl("ur")
