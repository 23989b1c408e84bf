"""In Chromium on a phone-sized screen (360x740): a worker reviews the agency that sent them, in Filipino; a worker
finds a job that matches their profile and applies through the agency, in Nepali."""

import importlib

import pytest
from django.test import Client
from playwright.sync_api import expect

from corridor.voice.models import Application, Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test empties every table when it ends: put back what the data migrations load."""
    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead

    importlib.import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


def _phone(browser, live_server, user, lang):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url},
                         {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context, context.new_page()


def _fits(page) -> bool:
    return not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_a_worker_reviews_the_agency_that_sent_them_in_filipino(browser, live_server):
    from tests.factories.voice import corridor

    chain = corridor()
    user, _clearance = chain.deploy()
    context, page = _phone(browser, live_server, user, "fil")
    page.goto(f"{live_server.url}/voice/reviews/")
    expect(page.locator("h1")).to_have_text("Suriin ang iyong recruiter")
    agency_item = page.locator("li.result", has_text=chain.agency.name).filter(has_text="Pagkaalis")
    agency_item.get_by_role("link", name="Sumulat ng review").click()
    expect(page.locator("h1")).to_contain_text(chain.agency.name)
    for name, value in (("no_fees", "5"), ("truthful", "4"), ("contract_matched", "4"), ("documents_kept", "5"),
                        ("helped", "3")):
        page.locator(f'input[name="{name}"][value="{value}"]').check()
    page.get_by_label("Sarili mong salita (anumang wika, opsyonal)").fill(
        "Maayos ang ahensya at malinaw ang impormasyon bago ako umalis.")
    assert _fits(page)
    page.get_by_role("button", name="Ipadala ang aking review").click()
    expect(page.locator("h1")).to_have_text("Salamat sa iyong review")
    expect(page.get_by_text("Maaaring krimen ang isinulat mo")).to_have_count(0)  # nothing in it alleges a crime
    assert _fits(page)
    review = Review.objects.get()
    assert (review.agency_id, review.no_fees, review.helped) == (chain.agency.pk, 5, 3)
    assert review.comment.language == "fil"
    context.close()


def test_a_worker_finds_and_applies_to_a_job_in_nepali_on_a_phone(browser, live_server):
    from tests.factories.accounts import WorkerUserFactory
    from tests.factories.voice import corridor, profile

    chain = corridor()
    user = WorkerUserFactory()
    profile(user, languages=("ne", "en"), skills="household, cleaning")
    context, page = _phone(browser, live_server, user, "ne")
    fee_ban = "आवेदन दिन कुनै शुल्क लाग्दैन।"
    page.goto(f"{live_server.url}/voice/jobs/")
    expect(page.locator("h1")).to_have_text("तपाईंका लागि कामहरू")
    expect(page.get_by_text(fee_ban)).to_be_visible()
    job = page.locator("li.result", has_text=chain.job_order.title)
    expect(job.locator("li.met").first).to_contain_text("तपाईंको पेशा")
    assert _fits(page)
    job.locator('a[href$="/apply/"]').click()
    expect(page.get_by_text(fee_ban)).to_be_visible()
    assert _fits(page)
    page.get_by_role("button", name="मेरो आवेदन पठाउनुहोस्").click()
    expect(page.locator("h1")).to_have_text("आवेदन पठाइयो")
    expect(page.get_by_text(fee_ban)).to_be_visible()
    assert _fits(page)
    application = Application.objects.get()
    assert (application.job_order_id, application.agency_id) == (chain.job_order.pk, chain.agency.pk)
    context.close()
