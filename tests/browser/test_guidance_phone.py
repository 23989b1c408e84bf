"""Know before you go on a phone: a domestic worker going to Saudi Arabia reads the page in Nepali and in Bengali,
under 60 KB on a first visit, with JavaScript turned off."""

import importlib
import re

import pytest

from corridor.core.languages import SHIPPED
from corridor.guidance import localise, remittance, services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}
BUDGET = 60_000  # bytes on a first visit: the page and everything it loads


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test empties every table when it ends: put back what the data migrations load."""
    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead

    importlib.import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})
    lines = remittance.BUNDLED.read_text(encoding="utf-8").splitlines()
    saudi = [line for line in lines[1:] if ",SAU," in line]  # the Saudi corridors only: what the page needs
    services.remittance_costs_load(acting_user=None, data="\n".join([lines[0], *saudi]).encode(), filename="sa.csv")


@pytest.mark.parametrize("lang", [
    "ne",
    pytest.param("bn", marks=pytest.mark.skipif("bn" not in SHIPPED, reason="Bengali is not a shipped language on this branch")),
])
def test_domestic_worker_reads_the_saudi_guide_on_a_phone_without_javascript(browser, live_server, lang):
    url = f"{live_server.url}/know-before-you-go/SA/9111/?lang={lang}"
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    sizes = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]))
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    assert sum(sizes.values()) < BUDGET, sizes
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    text = re.sub(r"\s+", " ", page.locator("main").inner_text())
    # every section is there and in the reader's script (Devanagari for Nepali, Bengali script for Bengali)
    script = {"ne": r"[\u0900-\u097F]", "bn": r"[\u0980-\u09FF]"}[lang]
    for section in ("rights", "wage", "fees", "documents", "agencies", "contacts", "remittance", "complain"):
        heading = page.locator(f"h2#{section}")
        assert heading.is_visible() and re.search(script, heading.inner_text()), section
    # SAU,PHL,2020Q3,3.59 in the data file (the node is PH), in the locale's digits (CLDR: Devanagari, Bengali)
    assert localise.digits("USD 200", lang) in text and localise.digits("2020Q3", lang) in text and "2020Q3" not in text
    assert localise.number("3.59", lang) + "%" in text and "3.59" not in text
    assert page.locator("li[data-source^='rule:']").count() >= 10  # rights traced to rules of the rulesets
    assert page.locator("main script, main noscript").count() == 0
    context.close()
