"""Dates on every page as the page's language writes them, isolated for right-to-left text (no database)."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src/corridor"
# the apps whose staff pages were moved to the locale filters (the others keep ISO dates for now)
CONVERTED = ("accounts", "clearance", "contracts", "core", "exchange", "orientation", "registry", "standards", "wages")


def render(text: str, lang: str, **context) -> str:
    with translation.override(lang):
        return Template("{% load corridor_names %}" + text).render(Context(context))


def test_arabic_reads_day_first_and_is_isolated():
    html = render('{{ d|ldate:"medium" }}', "ar", d=dt.date(2026, 12, 4))
    assert re.fullmatch(r"<bdi>0?4\u200f/12\u200f/2026</bdi>", html)
    assert render('{{ d|ldate }}', "es", d=dt.date(2026, 12, 4)) == "<bdi>4 de diciembre de 2026</bdi>"


def test_times_strings_and_nothing():
    at = dt.datetime(2026, 12, 4, 9, 5, tzinfo=dt.UTC)
    assert "9:05" in render('{{ at|ldatetime:"short" }}', "es", at=at)
    assert render("{{ s|ldate }}", "en", s="2026-01-02") == "<bdi>January 2, 2026</bdi>"
    assert render("{{ s|ldate }}", "en", s=None) == ""


@pytest.mark.parametrize("app", CONVERTED)
def test_pages_shown_to_people_use_the_locale_filters(app):
    """A |date left in visible text would read month first in Arabic; only attributes (datetime=, value=) and
    PDF templates (their own fonts) keep machine formats."""
    for path in (SRC / app).rglob("*.html"):
        if path.name.endswith("_pdf.html"):
            continue
        for line in path.read_text().splitlines():
            for match in re.finditer(r"\{\{[^}]*\|date(?::[\"']([^\"']*)[\"'])?[^}]*\}\}", line):
                inside_attribute = line[:match.start()].endswith(('="', "='"))
                assert inside_attribute or match.group(1) == "Y-m", f"{path.relative_to(SRC)}: {match.group(0)}"


class _Occupation:
    code, title = "9111", "Domestic cleaners and helpers"


def test_occupations_in_english_are_marked_as_english_where_no_official_title_is_published():
    english = render("{{ o|occupation }}", "en", o=_Occupation())
    assert english == '<bdi dir="ltr">9111</bdi> Domestic cleaners and helpers'
    arabic = render("{{ o|occupation }}", "ar", o=_Occupation())
    assert '<span lang="en">Domestic cleaners and helpers</span>' in arabic
    with translation.override("ar"):
        assert arabic.endswith(translation.gettext("(English)"))
