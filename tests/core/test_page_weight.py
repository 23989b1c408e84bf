"""Page weight: what a worker's first visit to each page transfers, on a cheap phone's budget of 60 KB."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.catalogues import ensure_compiled


@pytest.fixture(scope="module", autouse=True)
def catalogues():
    ensure_compiled()


PAGE_WEIGHT_LIMIT = 60 * 1024
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def first_visit_bytes(client: Client, url: str) -> tuple[int, dict]:
    """Bytes a first visit transfers: the page as the node sends it (not compressed) and every static asset it
    references, gzipped as whitenoise serves them."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, url
    html = response.content
    sizes = {url: len(html)}
    for asset in sorted(set(ASSET.findall(html.decode()))):
        path = finders.find(asset.removeprefix("/static/"))
        assert path, f"{asset} is referenced but not found"
        with open(path, "rb") as handle:
            sizes[asset] = len(gzip.compress(handle.read(), 9))
    return sum(sizes.values()), sizes


WORKER_PAGES = ["/", "/accounts/sign-in/", "/recruiters/?q=manpower", "/jobs/", "/contracts/check/", "/complaints/new/",
                "/complaints/follow/", "/verify/"]


@pytest.mark.parametrize("url", ["/", "/accounts/sign-in/"])
@pytest.mark.parametrize("language", ["en", "ar", "ne"])
def test_a_first_visit_stays_under_60_kb(client, url, language):
    client.cookies["django_language"] = language
    total, sizes = first_visit_bytes(client, url)
    assert "/static/corridor/site.css" in sizes
    assert total < PAGE_WEIGHT_LIMIT, sizes


@pytest.mark.once("sqlite")  # the demo's snapshot is there already (tests/conftest.py); weight is not the database's
def test_every_page_a_worker_opens_stays_under_60_kb_with_a_national_registry_behind_it(demo_context, client):
    """With the demo data set loaded (agencies, job orders, rules, hotlines), in three scripts."""
    too_heavy = {}
    for language in ["en", "ar", "ne"]:
        client.cookies["django_language"] = language
        for url in WORKER_PAGES:
            total, sizes = first_visit_bytes(client, url)
            if total >= PAGE_WEIGHT_LIMIT:
                too_heavy[(language, url)] = sizes
    assert not too_heavy
