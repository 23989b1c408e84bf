"""Every page a worker opens, on a 360-pixel phone, in every shipped language: no horizontal overflow, no English
left in the visible text (a catalogue's English message shown untranslated), and no axe-core violation (WCAG 2.2 AA).
"""

import importlib
import re
from functools import cache
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po

from corridor.core.languages import SHIPPED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = list(SHIPPED)
WORKER_PAGES = ["/", "/accounts/sign-in/", "/recruiters/?q=manpower", "/jobs/", "/contracts/check/",
                "/complaints/new/", "/complaints/follow/", "/verify/"]
PHONE = {"width": 360, "height": 740}
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
LOCALE = Path(__file__).resolve().parents[2] / "src" / "corridor" / "locale"


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """A transactional test empties every table when it ends: put back what the data migrations load."""
    from django.apps import apps

    from corridor.core.audit import GENESIS
    from corridor.core.models import AuditHead

    importlib.import_module("corridor.core.migrations.0002_reference_data").load(apps, None)
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "entry_hash": GENESIS})


@cache
def english_messages(lang: str) -> frozenset[str]:
    """The catalogue's English messages that the language translates differently or leaves untranslated (an empty
    msgstr shows the English): seeing one means it was missed. Short ones (a word such as "Email") and ones with
    placeholders are left out: they are not sentences to find."""
    with (LOCALE / lang / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalogue = read_po(handle)
    found = set()
    for message in catalogue:
        if not message.id or not isinstance(message.id, str):
            continue
        if message.string != message.id and len(message.id) >= 20 and "%" not in message.id and "{" not in message.id:
            found.add(message.id)
    return frozenset(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_worker_page_fits_a_phone_is_translated_and_has_no_axe_violation(browser, live_server, lang):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    axe = Axe()
    problems = []
    for url in WORKER_PAGES:
        page.goto(f"{live_server.url}{url}")
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            problems.append((url, "overflow", page.evaluate("document.documentElement.scrollWidth")))
        if lang != "en":
            text = re.sub(r"\s+", " ", page.locator("body").inner_text())
            left = sorted(m for m in english_messages(lang) if m in text)
            if left:
                problems.append((url, "english", left[:5]))
        results = axe.run(page, options=WCAG)
        if results.violations_count:
            problems.append((url, "axe", [v["id"] for v in results.response["violations"]]))
    context.close()
    assert not problems, problems
