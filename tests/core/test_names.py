"""Reference names in the reader's language: countries and languages (CLDR), hotlines, numbers, money and dates."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from corridor.core import hotlines, names
from corridor.core.models import Country, Language


@pytest.mark.parametrize(("lang", "expected"), [("en", "Saudi Arabia"), ("es", "Arabia Saudí"),
                                               ("ar", "المملكة العربية السعودية"), ("ne", "साउदी अरब")])
def test_country_names_come_from_cldr_in_the_language_asked(lang, expected):
    assert names.country_name("SA", lang) == expected


@pytest.mark.django_db
def test_a_country_and_a_language_read_in_the_active_language():
    with translation.override("ne"):
        assert str(Country.objects.get(code="PH")) == "फिलिपिन्स"
        assert str(Language.objects.get(code="ne")) == "नेपाली"
    with translation.override("en"):
        assert "macrolanguage" not in str(Language.objects.get(code="ne"))


def test_arabic_dates_are_not_month_first_english():
    text = names.date(dt.date(2027, 3, 5), "ar")
    assert "March" not in text and "مارس" in text
    assert text.index("٥") < text.index("مارس") if "٥" in text else text.index("5") < text.index("مارس")


def test_money_is_written_the_languages_way():
    assert names.money("1500", "SAR", "en") == "SAR\u00a01,500.00"
    assert names.money("1500", "SAR", "es") != names.money("1500", "SAR", "en")


def test_hotlines_carry_a_translated_label_and_international_tel_targets():
    ph = hotlines.for_country("PH")
    dmw = next(c for c in ph if c["kind"] == "migrant_workers")
    assert dmw["tel"] == "1348" and dmw["tel_international"] == "+6321348"
    with translation.override("es"):
        assert str(dmw["label"]) == "Ayuda para trabajadores migrantes"


@pytest.mark.django_db
def test_the_arabic_home_page_isolates_numbers_and_translates_the_node_country(client, settings):
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("core:home")).content.decode()
    assert "الفلبين" in html  # the node's country (tests run as PH)
    assert '<a href="tel:+6321348"><bdi dir="ltr">+63 2 1348</bdi></a>' in html
    assert 'lang="en">DMW-OWWA' in html  # the agency's official name, marked as English


@pytest.mark.django_db
def test_localised_choices_are_sorted_by_the_translated_name():
    from corridor.registry.forms import EmployerForm

    with translation.override("es"):
        labels = [str(label) for value, label in EmployerForm().fields["country"].choices if value]
    assert labels == sorted(labels, key=str.casefold)
    assert "Alemania" in labels
