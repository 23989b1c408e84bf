"""The demo data set loads with the registry in it."""

import pytest

from corridor.registry import selectors
from corridor.registry.models import Agency, Employer, JobOrder, ScreeningHit, WatchlistEntry

pytestmark = [pytest.mark.django_db, pytest.mark.once("sqlite")]  # as `make demo` runs it


def test_demo_loads_agencies_in_every_state(demo_context):
    ctx = demo_context
    agency = Agency.objects.get(organisation=ctx.organisations["agency"])
    assert agency.current_licence.is_in_force
    states = {selectors.licence_status(a.current_licence).code for a in Agency.objects.all()}
    assert {"licensed", "applied", "expired", "suspended", "cancelled", "banned"} <= states
    assert Agency.objects.filter(name__regex=r"[\u0600-\u06FF]").exists()
    assert Agency.objects.filter(name__regex=r"[\u0900-\u097F]").exists()
    assert Employer.objects.get(organisation=ctx.organisations["employer"]).status == "verified"
    titles = set(selectors.job_board().values_list("title", flat=True))  # later demos may open more orders
    assert {"Household service worker", "Bricklayer", "Heavy equipment operator", "Office cleaner"} <= titles
    assert JobOrder.objects.filter(status="delisted").exists()
    assert WatchlistEntry.objects.filter(peer_entry_id__isnull=False).exists()
    assert ScreeningHit.objects.filter(status="pending").exists()
