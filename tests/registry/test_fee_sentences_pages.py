"""Worker-facing pages never say that every fee is forbidden: what a job allows comes from the rules (issue 10)."""

import pytest
from django.urls import reverse

from corridor.registry import selectors
from corridor.registry.models import JobOrder

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # pages and rules, not the database

BLANKET = ("must not charge you fees", "must never ask you for a fee", "must not pay any fee",
           "must not charge you any fee")


def test_home_verify_and_job_board_make_no_blanket_fee_claim(client, demo_context):
    ctx = demo_context
    licensed = ctx.organisations["agency"].name
    for url in (reverse("core:home"), reverse("registry:verify") + "?q=nobody-by-this-name",
                reverse("registry:verify") + "?q=" + licensed,
                reverse("registry:job-board")):
        html = client.get(url).content.decode()
        assert not any(claim in html for claim in BLANKET), url
    assert "may charge you only what the rules allow" in client.get(reverse("registry:verify") + "?q=" + licensed).content.decode()
    html = client.get(reverse("core:home")).content.decode()
    assert "depends on your country, the country of work and your kind of work" in html


def move(order, country, sector):
    terms = dict(order.offered_terms)
    terms["job"] = {**terms.get("job", {}), "sector": sector}
    JobOrder.objects.filter(pk=order.pk).update(country_id=country, offered_terms=terms)


def test_a_philippine_worker_outside_household_work_sees_the_one_month_cap_where_fees_are_not_forbidden(client, demo_context):
    order = selectors.job_board().first()
    move(order, "MY", "construction")
    html = client.get(reverse("registry:job-board-detail", args=[order.reference])).content.decode()
    assert "at most 1 month&#x27;s basic wage" in html and "POEA Memorandum Circular No. 14" in html


def test_where_the_destination_forbids_every_fee_the_page_says_so_and_shows_no_cap(client, demo_context):
    order = selectors.job_board().first()
    move(order, "QA", "construction")
    html = client.get(reverse("registry:job-board-detail", args=[order.reference])).content.decode()
    assert "No one may make you pay any recruitment fee" in html and "Law No. 14 of 2004" in html
    assert "at most 1 month" not in html


@pytest.mark.parametrize("lang", ["ar", "es", "fil", "ne", "bn"])  # the others: tests/rules/test_guidance.py
def test_the_job_page_fee_sentences_in_every_shipped_language(client, lang, demo_context):
    order = selectors.job_board().first()
    move(order, "MY", "construction")
    client.cookies["django_language"] = lang
    response = client.get(reverse("registry:job-board-detail", args=[order.reference]))
    assert response.status_code == 200 and response.context["fee_lines"]
    assert "An agency may charge you at most" not in response.content.decode()
