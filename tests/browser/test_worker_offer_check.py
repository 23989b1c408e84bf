"""In Chromium on a 360-pixel phone: the worker's offer check gives a verdict first, in every shipped language."""

import importlib

import pytest
from playwright.sync_api import expect

from tests.contracts.test_django_views import FAIR_OFFER

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SIGN = {"en": "You can sign this offer.", "ar": "يمكنك توقيع هذا العرض.", "es": "Puede firmar esta oferta.",
        "fil": "Maaari mong pirmahan ang alok na ito.", "ne": "तपाईं यो प्रस्तावमा हस्ताक्षर गर्न सक्नुहुन्छ।"}


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test empties every table when it ends: put back what the data migrations load."""
    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead

    importlib.import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


def fill(page, answers: dict[str, str]) -> None:
    for name, value in answers.items():
        selector = f"#id_{name}"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
    page.locator("button[value=terms]").click()


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("lang", ["en", "ar", "fil", "ne", "es"])
def test_the_fair_offer_is_told_it_can_be_signed_in_every_language(browser, live_server, lang):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/contracts/check/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    fill(page, FAIR_OFFER)
    verdict = page.locator("#result h2")
    expect(verdict).to_have_text(SIGN[lang])
    assert no_horizontal_overflow(page)
    context.close()


def test_a_bad_offers_verdict_fits_one_phone_screen(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/contracts/check/")
    bad = {**FAIR_OFFER, "terms-wage_amount": "700", "terms-hours_per_day": "12", "terms-hours_per_week": "84",
           "terms-weekly_rest_hours": "0", "terms-fees_paid": "90000", "terms-fees_currency": "PHP",
           "terms-passport_kept_by": "employer"}
    fill(page, bad)
    result = page.locator("#result")
    expect(result.locator("h2")).to_have_text("Do not sign this offer.")
    assert 1 <= result.locator("ol.plain > li").count() <= 5
    # the verdict, its sentences and the disclosure's summary all end within the first screen
    summary = result.locator("details.all-findings > summary")
    bottom = page.evaluate("(e) => e.getBoundingClientRect().bottom + window.scrollY",
                           summary.element_handle())
    top = page.evaluate("(e) => e.getBoundingClientRect().top + window.scrollY", result.element_handle())
    page.screenshot(path="/tmp/ux/bad.png", full_page=True)
    assert bottom - top <= PHONE["height"], (top, bottom)
    expect(result.locator("details.all-findings")).not_to_have_attribute("open", "")
    assert no_horizontal_overflow(page)
    context.close()
